"""Which modules a fresh interpreter holds after some imports: what a process pays for at start."""

from __future__ import annotations

import json
import subprocess
import sys


def loaded_after(imports: str, watched: tuple[str, ...]) -> list[str]:
    """The `watched` modules in sys.modules of a new interpreter after `import <imports>`."""
    code = (
        f"import json, sys, {imports}; print(json.dumps(sorted(m for m in {watched!r} if m in sys.modules)))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    loaded: list[str] = json.loads(run.stdout)
    return loaded
