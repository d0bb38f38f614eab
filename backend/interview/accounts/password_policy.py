"""Which new passwords are refused: the ones attackers try first.

The list is zxcvbn's (the PyPI package `zxcvbn`, a port of Dropbox's estimator): the 30,000 most
frequent passwords of public breach corpora, ranked. A maintained list beats rules about character
classes, which push people to "Password1!" (NIST SP 800-63B, 5.1.1.2).

The list lives in the table `common_passwords`, filled by the migration that creates it: importing
zxcvbn's lists costs a process 12.5 MB (all its word lists load at once; only the passwords are
used), and an indexed lookup per new password costs the database nothing.
"""

from __future__ import annotations

from interview.db.tables import CommonPassword


async def is_common_password(password: str) -> bool:
    """Whether the password (in any letter case, ignoring surrounding spaces) is on the list."""
    found: bool = await CommonPassword.exists().where(CommonPassword.password == password.strip().lower())
    return found
