"""Errors users can act on, and the exit codes the CLI maps them to.

Exit codes (documented in the README):
    0  success
    1  the work ran but its result is a failure (check failed, export refused)
    2  usage error or unreadable input (bad file, bad PO syntax, bad config)
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INPUT = 2


class L10nError(Exception):
    """An error with a location: printed as one line `FILE:LINE: message`."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class InputError(L10nError):
    """Unreadable or invalid input: a source page, a PO file, the configuration."""


class FailureError(L10nError):
    """The command did its work and the answer is 'no' (exit 1)."""

    exit_code = EXIT_FAILURE
