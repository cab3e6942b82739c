"""Helpers shared by test modules."""

from __future__ import annotations

from l10n.cli import main


def run(*args: str) -> int:
    """Run the `l10n` command in-process and return its exit code."""
    try:
        main(list(args))
    except SystemExit as exit:
        return int(exit.code or 0)
    return 0
