"""The checked text of a PO/POT file, without parsing it into entries.

Read, decoded in the file's own charset and checked line by line like msgfmt,
with errors naming the file and line. Kept apart from `catalog` (and polib)
so that `l10n check --counts-only` starts as fast as msgfmt does.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import InputError

_STRING = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'  # unrolled: no backtracking, never crosses a line
# A line that is NOT valid PO: not blank, a comment, a keyword with a string, or a continuation string.
_INVALID_LINE_RE = re.compile(
    r'^(?![ \t]*(?:#.*|(?:(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])[ \t]*)?' + _STRING
    + r'(?:[ \t]*' + _STRING + r')*[ \t]*)?\r?$).*$', re.MULTILINE)


def read_bytes(path: Path) -> bytes:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError("catalogue does not exist", path) from None
    except OSError as error:
        raise InputError(f"cannot read catalogue: {error.strerror}", path) from None
    if b"\0" in raw:
        raise InputError("not a PO file (binary data; a compiled .mo file?)", path)
    return raw


def joined_lines(text: str) -> str:
    """`text` as gettext's lexer reads it: a backslash at the end of a line joins it with the next,
    anywhere (in a keyword, a string, a comment)."""
    return text.replace("\\\n", "") if "\\\n" in text else text


def read_checked_text(path: Path) -> str:
    """The text of a PO/POT file, decoded in its charset and checked line by line like msgfmt
    (lines ending in a backslash joined, see `joined_lines`)."""
    path = Path(path)
    text = joined_lines(decode_catalogue(read_bytes(path), path))
    check_syntax(text, path)
    check_escapes(text, path)
    return text


def charset_of(raw: bytes) -> str:
    charset_match = re.search(rb"charset=([-\w.:]+)", raw[:4096])
    charset = charset_match.group(1).decode("ascii") if charset_match else "utf-8"
    if charset.upper() == "CHARSET":  # an unfilled template header: xgettext writes it, means ASCII/UTF-8
        charset = "utf-8"
    return charset


def decode_catalogue(raw: bytes, path: Path) -> str:
    charset = charset_of(raw)
    try:
        return raw.decode(charset)
    except LookupError:
        raise InputError(f"unknown charset {charset!r} in the Content-Type header", path) from None
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise InputError(f"text is not valid {charset} (byte 0x{raw[error.start]:02x})", path, line) from None


def check_syntax(text: str, path: Path) -> None:
    bad = _INVALID_LINE_RE.search(text)  # one regex over the whole file: fast on big catalogues
    if bad:
        stripped = bad.group(0).strip()
        problem = ("string not terminated (missing closing quote)" if stripped.count('"') % 2
                   else f"invalid PO syntax: {stripped[:40]!r}")
        raise InputError(problem, path, text.count("\n", 0, bad.start()) + 1)


# A backslash before what no escape starts with; it may be the second half of `\\\\` (counted after)
_ESCAPE_SUSPECT_RE = re.compile(r'\\(?:[^abfnrtv\\"0-7x]|x(?![0-9a-fA-F]))')


def check_escapes(text: str, path: object = None) -> None:
    """Refuse an escape gettext cannot read (`\\q`, `\\x` without digits) in a string, as msgfmt does
    ("invalid control sequence"): an InputError naming the file and line. Comments are free text."""
    for match in _ESCAPE_SUSPECT_RE.finditer(text):  # few or none: one scan in C
        start = before = match.start()
        while before and text[before - 1] == "\\":
            before -= 1
        if (start - before) % 2:
            continue  # `\\\\q`: an escaped backslash, then a letter
        line = text[text.rfind("\n", 0, start) + 1:start]
        if line.startswith("#") and not line.startswith(("#~", "#|")):
            continue
        raise InputError(f"invalid escape sequence `{match.group(0)}` in a string (msgfmt rejects it too)",
                         path, text.count("\n", 0, start) + 1)
