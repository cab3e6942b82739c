"""What the benchmarks of the `l10n` command need: the project as pip installs it.

pip byte-compiles a package when it installs it, so a user's `l10n` never compiles its own
source at start-up. A checkout run with PYTHONDONTWRITEBYTECODE set (as on this machine) would
compile every module it imports on every run (≈ 40 ms for `l10n update`); the benchmarks
byte-compile `l10n/` and `webui/` first so that the command is timed as users run it.
"""

from __future__ import annotations

import compileall
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def compile_project() -> None:
    """Write the `.pyc` files of `l10n/` and `webui/` (up-to-date ones are left alone)."""
    for package in ("l10n", "webui"):
        compileall.compile_dir(REPO / package, quiet=1)
