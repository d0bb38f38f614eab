"""Which new passwords are refused: the ones attackers try first.

The list is zxcvbn's (the PyPI package `zxcvbn`, a port of Dropbox's estimator): the 30,000 most
frequent passwords of public breach corpora, ranked. A maintained list beats rules about character
classes, which push people to "Password1!" (NIST SP 800-63B, 5.1.1.2).
"""

from __future__ import annotations

from functools import cache

from zxcvbn.frequency_lists import FREQUENCY_LISTS


@cache
def _common_passwords() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])


def is_common_password(password: str) -> bool:
    """Whether the password (in any letter case, ignoring surrounding spaces) is on the list."""
    return password.strip().lower() in _common_passwords()
