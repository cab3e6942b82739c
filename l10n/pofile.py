"""PO files read and written exactly as GNU gettext reads and writes them.

polib, which the rest of `l10n` uses for its object model (`polib.POFile`,
`polib.POEntry`), loses data on the way in and out: it reads `\\a` in a msgid as
a backslash and an `a` (and writes back `\\\\a`), and it wraps lines differently
from gettext, so every file touched by `msgcat`/`msgmerge` came back with diff
noise. This module parses and writes the same objects itself:

- `parse(text)` -> `polib.POFile` of plain `polib.POEntry` objects; every escape
  gettext knows (`\\a \\b \\f \\n \\r \\t \\v \\\\ \\"`, octal, hex) becomes the real
  character; previous (`#|`), obsolete previous (`#~|`) and obsolete context
  (`#~ msgctxt`) are kept; file names in `#:` wrapped in U+2068...U+2069 (how
  gettext 0.22 marks names with spaces) are read whole.
- `dumps(po)` -> the text `msgcat --width=79` writes for the same content: its
  string wrapping (where lines may break and how wide characters are: `linebreak`),
  reference wrapping, comment and flag order, obsolete entries last.
- Round trip: a catalogue written without a change gives back the very text it
  was read from (also a file gettext did not write, e.g. with CRLF line ends or
  another wrap width); once anything changed, the whole file is written as
  msgcat writes it. Entries remember their rendered text while unchanged, so a
  save that changes a few entries of thousands renders only those.

Deliberate differences from msgcat 0.21: flags gettext does not know are kept
(msgcat drops them), and file names with spaces are written as gettext 0.22
writes them (0.21 writes them bare, which reads back as several files).
"""

from __future__ import annotations

import bisect
import codecs
import re
from collections.abc import Iterable, Iterator

import polib

from . import linebreak
from .errors import InputError
from .potext import check_escapes, joined_lines

WRAP_WIDTH = 79  # as xgettext, msgmerge and msgcat
_ISOLATE_START, _ISOLATE_END = "\u2068", "\u2069"  # gettext 0.22: a file name with spaces

# -- escapes -----------------------------------------------------------------------------------

_UNESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
              "\\": "\\", '"': '"'}
_ESCAPES = {value: "\\" + key for key, value in _UNESCAPES.items()}
_SIMPLE_UNESCAPES = tuple(("\\" + key, value) for key, value in _UNESCAPES.items() if key != "\\")
# A byte that is no character in the file's charset (read from an octal or hex escape, kept by `unescape`
# as a surrogate): written back as the same octal escape (msgcat refuses to write it; msgfmt compiles it).
_ESCAPES.update({chr(0xDC80 + byte): f"\\{0x80 + byte:03o}" for byte in range(0x80)})
_ESCAPE_RE = re.compile(r'\\(?:([abfnrtv\\"])|([0-7]{1,3})|x([0-9a-fA-F]+)|(.))', re.DOTALL)
_ESCAPE_TABLE = str.maketrans(_ESCAPES)
_BYTE_ESCAPE_RE = re.compile(r"\\(?:[0-7]|x[0-9a-fA-F])")  # an octal or hex escape: a byte
_NEEDS_ESCAPE_RE = re.compile('[\a\b\f\n\r\t\v\\\\"\udc80-\udcff]')


def unescape(text: str, encoding: str = "utf-8") -> str:
    """The string a PO string literal stands for (what gettext puts into the .mo file).

    Octal and hex escapes are bytes in the file's charset (`\\303\\244` is "ä" in a
    UTF-8 file). An unknown escape (`\\q`) is kept as written, but `parse` refuses it as msgfmt does.
    """
    if "\\" not in text:
        return text
    if not _BYTE_ESCAPE_RE.search(text):
        if "\\\\" not in text:  # each backslash starts an escape: one kind at a time, replaced in C
            for escaped, char in _SIMPLE_UNESCAPES:
                if escaped in text:
                    text = text.replace(escaped, char)
            return text
        return _ESCAPE_RE.sub(_unescape_simple, text)
    # Octal/hex escapes: build bytes, so that multi-byte characters come out whole.
    data = bytearray()
    position = 0
    for match in _ESCAPE_RE.finditer(text):
        data += text[position:match.start()].encode(encoding, "surrogateescape")
        octal, hexa = match.group(2, 3)
        if octal is not None:
            data.append(int(octal, 8) & 0xFF)
        elif hexa is not None:
            data.append(int(hexa, 16) & 0xFF)
        else:
            data += _unescape_simple(match).encode(encoding, "surrogateescape")
        position = match.end()
    data += text[position:].encode(encoding, "surrogateescape")
    if 0 in data:  # `\0`: gettext's strings end there (C strings), as msgcat and msgfmt read them
        del data[data.index(0):]
    return data.decode(encoding, "surrogateescape")


def _unescape_simple(match: re.Match[str]) -> str:
    simple = match.group(1)
    return _UNESCAPES[simple] if simple else match.group(0)


def escape(text: str) -> str:
    """The PO string literal body for `text`, as gettext writes it (other controls stay raw)."""
    return text.translate(_ESCAPE_TABLE)


# -- reading -----------------------------------------------------------------------------------

_KEYWORDS = ("msgctxt", "msgid", "msgid_plural", "msgstr")
_KEYWORD_RE = re.compile(r'([^\s"]*)(.*)', re.DOTALL)  # keyword, then the string(s)


class _Entry:
    """The fields of one entry while it is being read (plain slots: faster than POEntry)."""

    __slots__ = ("first_line", "msgid_line", "tcomment", "comment", "occurrences", "flags", "previous",
                 "fields", "plural", "obsolete", "last")

    def __init__(self, line: int) -> None:
        self.first_line = line
        self.msgid_line = 0
        self.tcomment: list[str] = []
        self.comment: list[str] = []
        self.occurrences: list[tuple[str, str]] = []
        self.flags: list[str] = []
        self.previous: dict[str, list[str]] = {}
        self.fields: dict[str, list[str]] = {}
        self.plural: dict[int, list[str]] = {}
        self.obsolete = False
        self.last: list[str] | None = None  # the string the next continuation line extends


# One live entry laid out the usual way (comments, keywords, strings on their own lines): matched
# by one regular expression, which is most of the reading speed. Anything else (obsolete entries,
# keywords and strings on odd lines, errors) is read by the line-by-line reader.
_STRING_LINE = r'[ \t]*"[^"\\\n]*(?:\\.[^"\\\n]*)*"[ \t]*\r?\n'  # unrolled: no backtracking
_STRINGS = rf"(?:{_STRING_LINE})+"
_ENTRY_RE = re.compile(rf"""
    (?:[ \t]*\r?\n)*                                        # blank lines before it
    (?P<comments>(?:\#(?:[^~\n][^\n]*)?\n)*)                # comments, not #~
    (?:msgctxt(?P<msgctxt>{_STRINGS}))?
    msgid(?P<msgid>{_STRINGS})
    (?:msgid_plural(?P<msgid_plural>{_STRINGS}))?
    (?:msgstr(?P<msgstr>{_STRINGS})|(?P<plural>(?:msgstr\[\d+\]{_STRINGS})+))
    """, re.VERBOSE)
_PLURAL_RE = re.compile(r"msgstr\[(\d+)\]")


def parse(text: str, *, path: object = None, encoding: str = "utf-8",
          wrapwidth: int = WRAP_WIDTH, remember: bool = True) -> polib.POFile:
    """Parse PO/POT text into a `polib.POFile` (header in `metadata`, entries in order).

    Errors raise `InputError` with the file (`path`) and line: a line that is not
    PO syntax, a string without closing quote, a msgstr missing, a duplicate
    message. Each entry gets `linenum` (its first line) and `msgid_line`. The POFile remembers the
    text (unless `remember` is False), so that `dumps` gives it back unchanged while
    nothing changed. As gettext's lexer does, a backslash at the end of a line joins it with the
    next one, anywhere (in a comment too); line numbers then count the joined lines.
    """
    source, text = text, joined_lines(text)
    check_escapes(text, path)
    po = polib.POFile(wrapwidth=wrapwidth, encoding=encoding, check_for_duplicates=False)
    entries: list[polib.POEntry] = []
    append, count, match_at = entries.append, text.count, _ENTRY_RE.match
    position, line_number = 0, 1
    match = match_at(text)
    while match is not None and match.end() > position:
        start, end = match.start("comments"), match.end()
        line_number += count("\n", position, start)
        append(_matched_entry(match, encoding, path, line_number))
        line_number += count("\n", start, end)
        position = end
        match = match_at(text, position)
    rest = text[position:]
    if rest.strip():
        entries.extend(_make_entry(entry, encoding) for entry in _read_lines(rest, line_number - 1, path))
    _check_duplicates(entries, path)  # (the header too: a second `msgid ""` is a duplicate for gettext)
    if "\x04" in text or ("\\x" in text or "\\4" in text or "\\04" in text or "\\004" in text) \
            and _EOT_ESCAPE_RE.search(text):  # (the substrings first: most files have no such escape)
        _check_separators(entries, path)
    if entries and entries[0].msgid == "" and entries[0].msgctxt is None and not entries[0].obsolete:
        _set_header(po, entries.pop(0))
    po.extend(entries)
    if remember:
        po.source = _Source(source, list(po), encoding, header_fingerprint(po))
    return po


def _body(strings: str) -> str:
    """The (still escaped) text of the string lines matched after a keyword (` "a"\n"b"\n` -> `ab`)."""
    body = strings.strip()[1:-1]
    if "\n" not in body:
        return body
    if "\\" in body and _ESCAPE_AT_JOIN_RE.search(body):
        return _concatenated(_BETWEEN_LINES_RE.split(body))  # (an escape may end a line: see there)
    if body.count('"\n"') == body.count("\n"):  # every line joined the usual way (no CR, no spaces)
        return body.replace('"\n"', "")
    return _BETWEEN_LINES_RE.sub("", body)


_BETWEEN_LINES_RE = re.compile(r'"[ \t]*\r?\n[ \t]*"')
# An octal or hex escape right before a line's closing quote: only then does `_concatenated` matter. (It
# starts with a backslash, so the regex engine skips from one to the next; a backslash that is itself escaped
# still matches here, and `_sealed` tells.)
_ESCAPE_AT_JOIN_RE = re.compile(r'\\(?:[0-7]{1,3}|x[0-9a-fA-F]+)"[ \t]*\r?\n')
_BYTE_ESCAPE_TAIL_RE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9a-fA-F]+))")
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


def _concatenated(literals: list[str]) -> str:
    """The escaped bodies of consecutive string literals as one: gettext reads each literal's escapes on
    their own (`"\\1" "01"` is a byte 1 and "01", not `\\101`), so an octal or hex escape that ends a literal
    is sealed as three octal digits first."""
    return "".join([_sealed(literal) for literal in literals[:-1]]) + literals[-1]


def _sealed(literal: str) -> str:
    if literal[-1:] not in _HEX_DIGITS:  # (most literals: no escape can end there)
        return literal
    slash = literal.rfind("\\")
    match = _BYTE_ESCAPE_TAIL_RE.fullmatch(literal, slash) if slash >= 0 else None
    if match is None:
        return literal
    before = slash
    while before and literal[before - 1] == "\\":
        before -= 1
    if (slash - before) % 2:
        return literal  # the backslash is itself escaped (`\\\\1`): no escape ends here
    octal, hexa = match.groups()
    value = int(octal, 8) if octal is not None else int(hexa, 16)
    return f"{literal[:slash]}\\{value & 0xFF:03o}"


def _text(strings: str, encoding: str) -> str:
    """The text of the string lines matched after a keyword."""
    body = _body(strings)
    return unescape(body, encoding) if "\\" in body else body


_new_object = object.__new__


def _matched_entry(match: re.Match[str], encoding: str, path: object, line_number: int) -> polib.POEntry:
    comments, msgctxt, msgid, msgid_plural, msgstr, plural = match.groups()
    if plural is None and (not comments or comments.startswith("#: ") and comments.count("\n") == 1):
        # The usual entry: at most one reference line, no plural. Built as `new_entry` builds it,
        # with its attributes in one dict (this is most of the reading time).
        made = _new_object(polib.POEntry)
        made.__dict__ = {
            "msgid": _text(msgid, encoding), "msgstr": _text(msgstr, encoding),
            "msgid_plural": _text(msgid_plural, encoding) if msgid_plural is not None else "",
            "msgstr_plural": {},
            "msgctxt": _text(msgctxt, encoding) if msgctxt is not None else None,
            "obsolete": False, "encoding": encoding, "linenum": line_number,
            "comment": "", "tcomment": "",
            "occurrences": parse_references(comments[3:-1].rstrip("\r")) if comments else [],
            "flags": [], "previous_msgctxt": None, "previous_msgid": None, "previous_msgid_plural": None,
            "msgid_line": line_number + (1 if comments else 0)
            + (msgctxt.count("\n") if msgctxt is not None else 0)}
        return made
    entry = _Entry(line_number - 1)
    entry.msgid_line = line_number - 1 + comments.count("\n") + (msgctxt.count("\n") if msgctxt is not None else 0)
    if comments:
        for offset, line in enumerate(comments.split("\n")[:-1]):
            _comment_line(entry, line.rstrip("\r"), path, line_number - 1 + offset)
    fields = entry.fields
    for keyword, strings in zip(_KEYWORDS, (msgctxt, msgid, msgid_plural, msgstr)):
        if strings is not None:
            fields[keyword] = [_body(strings)]
    if plural is not None:
        parts = _PLURAL_RE.split(plural)  # ["", index, strings, index, strings, ...]
        entry.plural = {int(index): [_body(strings)] for index, strings in zip(parts[1::2], parts[2::2])}
    return _make_entry(entry, encoding)


def _comment_line(current: _Entry, line: str, path: object, number: int) -> None:
    """One `#` line (without `#~`) of `current`: translator, extracted, reference, flags, previous."""
    second = line[1:2]
    if second == "|":
        _previous_line(current, line[2:].lstrip(" \t"), path, number)
        return
    current.last = None
    if second == ".":
        current.comment.append(_comment_text(line[2:]))
    elif second == ":":
        current.occurrences.extend(parse_references(line[2:]))
    elif second == ",":
        current.flags.extend(flag.strip() for flag in line[2:].split(",") if flag.strip())
    else:
        current.tcomment.append(_comment_text(line[1:]))


def _read_lines(text: str, first_number: int, path: object) -> list[_Entry]:
    """The entries of `text` read line by line (any layout gettext accepts, obsolete entries)."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    entries: list[_Entry] = []
    current: _Entry | None = None

    def finish() -> None:
        nonlocal current
        if current is not None:
            if "msgid" not in current.fields:
                raise InputError("comments without msgid (an entry is missing its msgid)", path,
                                 current.first_line + 1)
            if "msgstr" not in current.fields and not current.plural:
                raise InputError("missing msgstr", path, current.msgid_line + 1)
            entries.append(current)
        current = None

    for number, raw in enumerate(lines, first_number):
        line = raw[:-1] if raw.endswith("\r") else raw
        if not line.strip():
            if current is not None and current.fields:
                finish()
            continue
        if line[0] in " \t":  # gettext skips white space before a keyword, a string or a comment
            line = line.lstrip(" \t")
        first = line[0]
        if first == '"':
            if current is None or current.last is None:
                raise InputError("string without a keyword before it", path, number + 1)
            current.last.append(_string(line, path, number))
            continue
        obsolete = False
        if first == "#":
            if line[1:2] == "~":
                obsolete = True
                line = line[2:].lstrip(" \t")
                if line.startswith("|"):  # `#~| msgid "..."`: previous msgid of an obsolete entry
                    line = "#" + line
                elif not line:
                    continue
            if line[0] == "#":
                if current is not None and current.fields and line[1:2] != "|":
                    finish()
                if current is None:
                    current = _Entry(number)
                current.obsolete = current.obsolete or obsolete
                _comment_line(current, line, path, number)
                continue
            if line[0] == '"':
                if current is None or current.last is None:
                    raise InputError("string without a keyword before it", path, number + 1)
                current.last.append(_string(line, path, number))
                continue
        keyword, rest = _KEYWORD_RE.match(line).groups()
        if keyword.startswith("msgstr["):
            if current is None or "msgid" not in current.fields:
                raise InputError("msgstr without msgid", path, number + 1)
            try:
                index = int(keyword[7:-1])
            except ValueError:
                raise InputError(f"invalid keyword {keyword!r}", path, number + 1) from None
            current.plural[index] = current.last = [_string(rest, path, number)] if rest.strip() else []
            continue
        if keyword not in _KEYWORDS:
            raise InputError(f"invalid PO syntax: {line.strip()[:40]!r}", path, number + 1)
        if current is not None and ("msgstr" in current.fields or current.plural
                                    or (keyword in current.fields)):
            finish()
        if current is None:
            current = _Entry(number)
        current.obsolete = current.obsolete or obsolete
        if keyword == "msgid":
            current.msgid_line = number
        # gettext ignores line ends between tokens: the string may start on the next line
        current.fields[keyword] = current.last = [_string(rest, path, number)] if rest.strip() else []
    if current is not None and not current.fields:
        current = None  # comments after the last entry: gettext reads and drops them
    finish()
    return entries


def _comment_text(text: str) -> str:
    return text[1:] if text[:1] == " " else text


_LITERALS_RE = re.compile(r'[ \t]*(?:"[^"\\]*(?:\\.[^"\\]*)*"[ \t]*)+\r?')
_LITERAL_RE = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"')


def _string(text: str, path: object, number: int) -> str:
    """The (still escaped) body of the string literal(s) on a line: `"a" "b"` is `ab`, as for gettext."""
    if _LITERALS_RE.fullmatch(text) is None:
        stripped = text.strip()
        raise InputError("string not terminated (missing closing quote)" if stripped[:1] == '"'
                         else f"invalid PO syntax: {stripped[:40]!r}", path, number + 1)
    stripped = text.strip()
    if stripped.count('"') == 2:
        return stripped[1:-1]
    return _concatenated(_LITERAL_RE.findall(stripped))


def _previous_line(entry: _Entry, line: str, path: object, number: int) -> None:
    if line.startswith('"'):
        if entry.last is None:
            raise InputError("string without a keyword before it", path, number + 1)
        entry.last.append(_string(line, path, number))
        return
    keyword, rest = _KEYWORD_RE.match(line).groups()
    if keyword not in ("msgctxt", "msgid", "msgid_plural"):
        raise InputError(f"invalid previous-msgid comment: {line[:40]!r}", path, number + 1)
    entry.previous[keyword] = [_string(rest, path, number)]
    entry.last = entry.previous[keyword]


def parse_references(text: str) -> list[tuple[str, str]]:
    """`#:` comment text -> [(file, line)]; a name in U+2068...U+2069 may contain spaces.

    A reference without a line number gives (file, "") as polib does.
    """
    if _ISOLATE_START not in text:  # the usual case: names without spaces
        return [(name, number) if colon and number.isdigit() else (token, "")
                for token in text.split() for name, colon, number in (token.rpartition(":"),)]
    found: list[tuple[str, str]] = []
    position, length = 0, len(text)
    while position < length:
        while position < length and text[position] in " \t":
            position += 1
        if position >= length:
            break
        if text[position] == _ISOLATE_START:
            end = text.find(_ISOLATE_END, position + 1)
            if end < 0:  # not closed: take the rest as one name
                end = length
            name = text[position + 1:end]
            position = end + 1
            token_end = position
            while token_end < length and text[token_end] not in " \t":
                token_end += 1
            suffix = text[position:token_end]
            position = token_end
            found.append((name, suffix[1:] if suffix.startswith(":") else ""))
            continue
        token_end = position
        while token_end < length and text[token_end] not in " \t":
            token_end += 1
        token = text[position:token_end]
        position = token_end
        name, colon, number = token.rpartition(":")
        if colon and number.isdigit():
            found.append((name, number))
        else:
            found.append((token, ""))
    return found


def _joined(parts: list[str] | None, encoding: str) -> str | None:
    if parts is None:
        return None
    return unescape(parts[0] if len(parts) == 1 else _concatenated(parts), encoding)


_ENTRY_DEFAULTS = {"msgid": "", "msgstr": "", "msgid_plural": "", "msgctxt": None, "obsolete": False,
                   "comment": "", "tcomment": "", "previous_msgctxt": None, "previous_msgid": None,
                   "previous_msgid_plural": None}


def new_entry(**fields: object) -> polib.POEntry:
    """A polib.POEntry with these fields, the others at polib's defaults, as POEntry(**fields)
    gives; built without POEntry.__init__ (a third of the reading time)."""
    made = polib.POEntry.__new__(polib.POEntry)
    attributes = made.__dict__
    attributes.update(_ENTRY_DEFAULTS)
    attributes["msgstr_plural"], attributes["occurrences"], attributes["flags"] = {}, [], []
    attributes.update(fields)
    return made


def _make_entry(entry: _Entry, encoding: str) -> polib.POEntry:
    """The polib.POEntry for what the line reader (or an unusual entry) gave."""
    fields, previous, plural = entry.fields, entry.previous, entry.plural
    made = new_entry(
        msgid=_joined(fields.get("msgid"), encoding) or "",
        msgstr=_joined(fields.get("msgstr"), encoding) or "",
        msgid_plural=_joined(fields.get("msgid_plural"), encoding) or "",
        msgstr_plural={index: _joined(parts, encoding) for index, parts in sorted(plural.items())},
        msgctxt=_joined(fields.get("msgctxt"), encoding),
        obsolete=entry.obsolete,
        encoding=encoding,
        comment="\n".join(entry.comment),
        tcomment="\n".join(entry.tcomment),
        occurrences=entry.occurrences,
        flags=entry.flags,
        previous_msgctxt=_joined(previous.get("msgctxt"), encoding),
        previous_msgid=_joined(previous.get("msgid"), encoding),
        previous_msgid_plural=_joined(previous.get("msgid_plural"), encoding),
        linenum=entry.first_line + 1,
        msgid_line=entry.msgid_line + 1,  # where checks and export point: the `msgid` keyword, as msgfmt does
    )
    if plural and "msgid_plural" in fields and not made.msgid_plural:
        made.empty_msgid_plural = True  # `msgid_plural ""`: a plural entry all the same (polib reads none)
    if made.previous_msgid_plural == "":
        made.empty_previous_msgid_plural = True  # a `#| msgid_plural ""` read (msgcat keeps it); "" set
        # by code means none, as in polib
    if entry.tcomment == [""] or entry.comment == [""]:
        # A lone `#` or `#.` line: polib's "" cannot tell it from no comment; msgcat keeps it.
        made.blank_comments = tuple(kind for kind, lines in (("#", entry.tcomment), ("#.", entry.comment))
                                    if lines == [""])
    return made


def header_fields(text: str) -> dict[str, str] | None:
    """The header fields of PO text that starts with its header entry ({} when it has none).

    None when the header entry is not complete in `text` (e.g. a truncated start of a file).
    """
    match = _ENTRY_RE.match(text)
    if match is None:
        return None if text.lstrip().startswith(("#", "msgid")) else {}
    if match.group("msgctxt") is not None or _body(match.group("msgid")) != "" or match.group("msgstr") is None:
        return {}
    return _metadata(unescape(_body(match.group("msgstr"))))


def _metadata(msgstr: str) -> dict[str, str]:
    """Header msgstr -> {name: value}, as polib reads it (a field written twice: its last value)."""
    return {name: value for name, value, _ in _header_lines(msgstr)}


def _header_lines(msgstr: str) -> Iterator[tuple[str, str, str]]:
    """(name, value, the line as written) of each `Name: value` line of a header msgstr."""
    for line in msgstr.split("\n"):
        name, colon, value = line.partition(":")
        if colon and name.strip():
            yield name.strip(), value.strip(), line


def _set_header(po: polib.POFile, header: polib.POEntry) -> None:
    po.header = header.tcomment
    po.metadata_is_fuzzy = ["fuzzy"] if "fuzzy" in header.flags else 0
    po.metadata = _metadata(header.msgstr)
    # What polib's model has no place for, for writing the header back as it was.
    po.header_entry = header


# An escape that may stand for EOT (\4, \004, \x04, ...; more than that: it only decides to look closer)
_EOT_ESCAPE_RE = re.compile(r"\\(?:[0-7]{0,2}4(?![0-7])|x[0-9a-fA-F]*4(?![0-9a-fA-F]))")


def _check_separators(entries: list[polib.POEntry], path: object) -> None:
    """Refuse the context separator EOT in a string (raw or as an escape), as msgfmt and msgcat do."""
    for entry in entries:
        texts = [entry.msgid, entry.msgstr, entry.msgid_plural, entry.msgctxt or "", entry.previous_msgid or "",
                 entry.previous_msgctxt or "", entry.previous_msgid_plural or "",
                 *(entry.msgstr_plural or {}).values()]
        if any("\x04" in text for text in texts):
            raise InputError("context separator <EOT> within string", path, entry.msgid_line)


def _check_duplicates(entries: list[polib.POEntry], path: object) -> None:
    # an obsolete entry with a live one's msgid is a duplicate too: msgfmt and msgcat stop on it
    if len({(entry.msgctxt, entry.msgid) for entry in entries}) == len(entries):
        return  # the usual case, found in one pass; else the first duplicate is looked for
    seen: set[tuple[str | None, str]] = set()
    for entry in entries:
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            raise InputError(f"duplicate message definition for msgid {entry.msgid[:40]!r}", path, entry.linenum)
        seen.add(key)


# -- what changed ------------------------------------------------------------------------------

class _Source:
    """The text a POFile was parsed from; tells whether the POFile still holds what it said."""

    def __init__(self, text: str, entries: list[polib.POEntry], encoding: str, header: tuple) -> None:
        self.text, self.entries, self.encoding, self.header = text, entries, encoding, header

    def unchanged(self, po: polib.POFile) -> bool:
        if len(po) != len(self.entries) or header_fingerprint(po) != self.header:
            return False
        if any(entry is not old for entry, old in zip(po, self.entries)):
            return False
        # What the entries were is read again from the text (only when a parsed catalogue is
        # written: reading stays fast for the commands that only read).
        again = parse(self.text, encoding=self.encoding, remember=False)
        return all(fingerprint(entry) == fingerprint(old) for entry, old in zip(po, again))


def fingerprint(entry: polib.POEntry) -> tuple:
    """Everything `entry_text` writes for an entry: equal fingerprints give equal text."""
    plural = entry.msgstr_plural
    return (entry.msgid, entry.msgstr, entry.msgid_plural, tuple(plural.items()) if plural else (),
            entry.msgctxt, tuple(entry.flags), entry.comment, entry.tcomment, tuple(entry.occurrences),
            entry.previous_msgid, entry.previous_msgid_plural, entry.previous_msgctxt, entry.obsolete,
            getattr(entry, "blank_comments", None))


def header_fingerprint(po: polib.POFile) -> tuple:
    """Everything `dumps` writes for the header entry."""
    return (po.header, tuple(po.metadata.items()), bool(po.metadata_is_fuzzy))


# -- writing -----------------------------------------------------------------------------------

def dumps(po: polib.POFile, *, width: int = WRAP_WIDTH, keep_source: bool = True) -> str:
    """The PO text of `po`, as `msgcat --width=WIDTH` writes it.

    A catalogue read by `parse` and not changed since (no entry changed, added,
    removed or moved) is given back exactly as it was read, whichever tool wrote it,
    unless `keep_source` is False. Obsolete entries go last (as gettext writes
    them); an obsolete entry without translation is left out (as msgcat does).
    """
    source = getattr(po, "source", None)
    if keep_source and source is not None and width == WRAP_WIDTH and source.unchanged(po):
        return source.text
    parts: list[str] = []
    encoding = po.encoding or "utf-8"
    header = _header_text(po, width, encoding)
    if header:
        parts.append(header)
    live = [entry for entry in po if not entry.obsolete]
    obsolete = [entry for entry in po if entry.obsolete and _first_msgstr(entry)]
    # A catalogue that was read is usually written again and again (the web UI saves a few
    # changed entries at a time): its entries remember their text. A new one is written once.
    render = _memo_text if source is not None else entry_text
    parts.extend(render(entry, width, encoding) for entry in live)
    parts.extend(render(entry, width, encoding) for entry in obsolete)
    return "\n".join(parts)


def _memo_text(entry: polib.POEntry, width: int, encoding: str = "utf-8") -> str:
    """`entry_text`, remembered on the entry while it does not change (a save rewrites few entries)."""
    key = (fingerprint(entry), width, encoding)
    memo = getattr(entry, "po_text", None)
    if memo is not None and memo[0] == key:
        return memo[1]
    text = entry_text(entry, width, encoding)
    entry.po_text = (key, text)
    return text


def is_plural(entry: polib.POEntry) -> bool:
    """A plural entry; also one with `msgid_plural ""` (valid PO, which polib's model reads as no plural)."""
    return bool(entry.msgid_plural or getattr(entry, "empty_msgid_plural", False)
                or (entry.msgstr_plural and not entry.msgstr))


def _first_msgstr(entry: polib.POEntry) -> str:
    if is_plural(entry):
        plural = entry.msgstr_plural
        return plural.get(0, plural.get("0", "")) if plural else ""
    return entry.msgstr


def _header_text(po: polib.POFile, width: int, encoding: str = "utf-8") -> str:
    """The header entry: `po.header` (comment), `po.metadata`, `po.metadata_is_fuzzy`."""
    read = getattr(po, "header_entry", None)
    if not po.metadata and not po.header and not po.metadata_is_fuzzy and read is None:
        return ""
    source = getattr(po, "source", None)
    if read is not None and source is not None and source.header == header_fingerprint(po):
        msgstr = read.msgstr  # as read: keeps lines that are not "Name: value"
    else:
        msgstr = _header_fields_text(po.metadata, read.msgstr if read is not None else "")
    header = polib.POEntry(
        msgid="", msgstr=msgstr, tcomment=po.header or "",
        comment=read.comment if read is not None else "",
        occurrences=list(read.occurrences) if read is not None else [],
        flags=(["fuzzy"] if po.metadata_is_fuzzy else [])
        + [flag for flag in (read.flags if read is not None else []) if flag != "fuzzy"])
    header.blank_comments = getattr(read, "blank_comments", ()) if not po.header else ()
    return entry_text(header, width, encoding)


def _header_fields_text(metadata: dict[str, str], read: str) -> str:
    """The header's msgstr for `metadata`, in its order; a field whose value did not change keeps its line as
    it was read (`Plural-Forms:  nplurals=2; …`, `Language-Team:`), as msgmerge keeps it."""
    as_read: dict[str, tuple[str, list[str]]] = {}  # name -> (its value, its lines: a field may be there twice)
    for name, value, line in _header_lines(read):
        as_read[name] = (value, [*as_read.get(name, ("", []))[1], line])  # the value is the last one, as polib reads it
    text = []
    for name, value in metadata.items():
        kept = as_read.get(name)
        text.extend(kept[1] if kept is not None and kept[0] == value else [f"{name}: {value}"])
    return "".join(line + "\n" for line in text)


# gettext's order of format flags (format_language[] in gettext-tools/src/message.c)
_FORMAT_ORDER = {name: rank for rank, name in enumerate((
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript", "scheme", "lisp",
    "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal", "smalltalk", "qt", "qt-plural", "kde",
    "kde-kuit", "boost", "tcl", "perl", "perl-brace", "php", "gcc-internal", "gfc-internal", "ycp"))}


def _format_language(flag: str) -> str | None:
    """The language of a format flag gettext knows (`c` for c-format, no-c-format, possible-c-format)."""
    if not flag.endswith("-format"):
        return None
    name = flag[:-len("-format")]
    for prefix in ("no-", "possible-", "impossible-"):
        if name.startswith(prefix):
            name = name[len(prefix):]
            break
    return name if name in _FORMAT_ORDER else None


def _one_format_flag_per_language(flags: list[str]) -> list[str]:
    """gettext keeps one mark per format language, the last read (`c-format, no-c-format` is no-c-format)."""
    last = {_format_language(flag): flag for flag in flags}
    return [flag for flag in flags if (language := _format_language(flag)) is None or last[language] == flag]


def _undecided_formats_as_gettext_writes(flags: list[str]) -> list[str]:
    """`possible-c-format` is written `c-format` (gettext shows "possible" with --debug only);
    `impossible-c-format` stays to take its turn as the last mark of its language, then is not written."""
    written = [flag[len("possible-"):] if flag.startswith("possible-") and _format_language(flag) else flag
               for flag in flags]
    return list(dict.fromkeys(written))


def _flag_rank(flag: str) -> tuple[int, int]:
    if flag == "fuzzy":
        return (0, 0)
    language = _format_language(flag)
    if language is not None:
        return (1, _FORMAT_ORDER[language])
    if flag.startswith("range:"):
        return (2, 0)
    if flag in ("no-wrap", "wrap"):
        return (3, 0)
    return (4, 0)  # not a gettext flag: msgcat drops it, we keep it, last


def entry_text(entry: polib.POEntry, width: int = WRAP_WIDTH, encoding: str = "utf-8") -> str:
    """One entry as msgcat writes it (no separating blank line) in a file of `encoding`."""
    out: list[str] = []
    cjk = encoding != "utf-8" and linebreak.is_cjk_charset(encoding)
    obsolete = entry.obsolete
    blank = getattr(entry, "blank_comments", ()) if not (entry.tcomment and entry.comment) else ()
    if entry.tcomment:
        out.extend("#" if not line else "# " + line for line in entry.tcomment.split("\n"))
    elif "#" in blank:
        out.append("#")
    if entry.comment:
        out.extend("#." if not line else "#. " + line for line in entry.comment.split("\n"))
    elif "#." in blank:
        out.append("#.")
    if entry.occurrences:
        out.extend(_reference_lines(entry.occurrences, width, encoding))
    flags = list(dict.fromkeys(entry.flags)) if entry.flags else []
    if any(flag.startswith(("possible-", "impossible-")) for flag in flags):
        flags = _undecided_formats_as_gettext_writes(flags)
    if len(flags) > 1:
        if sum(flag.endswith("-format") for flag in flags) > 1:
            flags = _one_format_flag_per_language(flags)
        flags.sort(key=_flag_rank)  # stable: unknown flags keep their order
    if "fuzzy" in flags and not _first_msgstr(entry):
        flags.remove("fuzzy")  # gettext: an untranslated entry is never fuzzy
    if any(flag.startswith("impossible-") for flag in flags):
        flags = [flag for flag in flags if not (flag.startswith("impossible-") and _format_language(flag))]
    if obsolete:
        flags = [flag for flag in flags if _flag_rank(flag)[0] in (0, 1, 3) and flag != "wrap"]
    if flags:
        out.append("#, " + ", ".join(flags))
    no_wrap = "no-wrap" in flags
    directives = _directive_finder(flags, encoding)
    previous_prefix = "#~| " if obsolete else "#| "
    if entry.previous_msgctxt is not None:
        out.extend(wrap_string("msgctxt", entry.previous_msgctxt, previous_prefix, width, no_wrap, directives, cjk))
    if entry.previous_msgid is not None:
        out.extend(wrap_string("msgid", entry.previous_msgid, previous_prefix, width, no_wrap, directives, cjk))
    if entry.previous_msgid_plural or (entry.previous_msgid_plural == ""
                                       and getattr(entry, "empty_previous_msgid_plural", False)):
        out.extend(wrap_string("msgid_plural", entry.previous_msgid_plural, previous_prefix, width, no_wrap,
                               directives, cjk))
    prefix = "#~ " if obsolete else ""
    if entry.msgctxt is not None:
        out.extend(wrap_string("msgctxt", entry.msgctxt, prefix, width, no_wrap, directives, cjk))
    out.extend(wrap_string("msgid", entry.msgid, prefix, width, no_wrap, directives, cjk))
    if is_plural(entry):
        out.extend(wrap_string("msgid_plural", entry.msgid_plural, prefix, width, no_wrap, directives, cjk))
        plural = {int(index): value for index, value in entry.msgstr_plural.items()} or {0: "", 1: ""}
        for index in range(max(plural) + 1):
            out.extend(wrap_string(f"msgstr[{index}]", plural.get(index, ""), prefix, width, no_wrap, directives, cjk))
    else:
        out.extend(wrap_string("msgstr", entry.msgstr, prefix, width, no_wrap, directives, cjk))
    out.append("")
    return "\n".join(out)


def _reference_lines(occurrences: Iterable[tuple[str, str]], width: int, encoding: str = "utf-8") -> list[str]:
    """The `#:` lines; gettext counts a name in bytes of the file's charset (strlen), not columns."""
    lines: list[str] = []
    line, column = "#:", 2
    for name, number in dict.fromkeys(occurrences):  # each reference once, as gettext keeps them
        while name.startswith("./"):
            name = name[2:]
        suffix = f":{number}" if number not in (None, "") else ""
        size = (len(name) if name.isascii() else len(name.encode(encoding, "replace"))) + len(suffix) + 1
        if column > 2 and column + size > width:
            lines.append(line)
            line, column = "#:", 2
        if " " in name or "\t" in name:
            name = _ISOLATE_START + name + _ISOLATE_END
        line += " " + name + suffix
        column += size
    lines.append(line)
    return lines


def wrap_string(keyword: str, value: str, prefix: str = "", width: int = WRAP_WIDTH,
                no_wrap: bool = False, directives: re.Pattern[str] | _BraceDirectives | None = None,
                cjk: bool = False) -> list[str]:
    """The lines `keyword "value"` as gettext's write-po.c wraps them (without newlines).

    The value is cut after each `\\n`; a part longer than the line is broken at
    Unicode line-break opportunities, never inside a match of `directives` (the
    format directives of a `c-format`/`python-format` entry, python-brace-format as in
    `_BraceDirectives`); when the value needs
    more than one line, the first line is `keyword ""`. `cjk`: the file is in a legacy CJK
    charset (EUC-JP, GB2312, Big5, ...), where libunistring counts most non-ASCII characters
    two columns wide.
    """
    after_break = len(prefix) + 1  # continuation lines: prefix + opening quote
    limit = (width if not no_wrap else 1 << 30) - 1 - after_break  # room for the closing quote
    first_start = len(prefix) + len(keyword) + 2 - after_break
    inside = _inside_directives(value, directives)
    if first_start <= limit and _SIMPLE_RE.match(value):
        # Fast path (most strings): printable ASCII, nothing to escape, one portion.
        if first_start + len(value) <= limit:
            return [f'{prefix}{keyword} "{value}"']  # a value that fits is never broken
        if not inside:
            cuts = linebreak.cuts(value, inside, limit, 0, None)
            if cuts or linebreak.cuts(value, inside, limit, first_start, None):
                bounds = [0, *cuts, len(value)]
                return [f'{prefix}{keyword} ""', *(f'{prefix}"{value[start:end]}"'
                                                   for start, end in zip(bounds, bounds[1:]))]
            return [f'{prefix}{keyword} "{value}"']  # too long, but nowhere to break
    portions = value.split("\n")
    if len(portions) > 1:
        portions = [part + "\n" for part in portions[:-1]] + ([portions[-1]] if portions[-1] else [])
    lines: list[str] = []
    first_line = True
    offset = 0
    for index, portion in enumerate(portions):
        escaped, prohibited = _escaped(portion, inside, offset)
        offset += len(portion)
        more_follows = index < len(portions) - 1
        columns = linebreak.columns(escaped, cjk)
        cuts = linebreak.cuts(escaped, prohibited, limit, 0, columns)  # where a line of its own is broken
        if first_line and escaped:
            # gettext starts with `keyword ""` when the value has more portions, or when it
            # would be broken after `keyword "` (then it is broken as a line of its own).
            fits = first_start + (len(escaped) if columns is None else columns[-1]) <= limit
            if more_follows or first_start > limit or cuts or (
                    not fits and linebreak.cuts(escaped, prohibited, limit, first_start, columns)):
                lines.append(f'{prefix}{keyword} ""')
                first_line = False
        head = f"{prefix}{keyword} " if first_line else prefix
        first_line = False
        bounds = [0, *cuts, len(escaped)]
        lines.append(f'{head}"{escaped[:bounds[1]]}"')
        lines.extend(f'{prefix}"{escaped[start:end]}"' for start, end in zip(bounds[1:], bounds[2:]))
    if not portions:
        lines.append(f'{prefix}{keyword} ""')
    return lines


_SIMPLE_RE = re.compile(r'[ !#-\[\]-~]*\Z')  # printable ASCII without " and \: written as it is


# Format directives, for not breaking inside them: C (with gettext's <PRIxxx> macros) and Python.
_C_DIRECTIVE_RE = re.compile(
    r"%(?:\d+\$)?[-+ #0'I]*(?:\*(?:\d+\$)?|\d+)?(?:\.(?:\*(?:\d+\$)?|\d+)?)?(?:hh|ll|[hlLqjzZt])?"
    r"(?:<PRI\w+>|[diouxXeEfFgGaAcspnmCS%])")
_PYTHON_DIRECTIVE_RE = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrs%]")  # no %a in 0.21


class _BraceDirectives:
    """python-brace-format, as gettext 0.21 marks its directives for the wrapper.

    Its parser records every top-level directive `{…}` as if it began at the start of the
    string (offsets from the `{`, taken as offsets from the string), so msgcat never breaks
    within the first L bytes, L the length of the shortest directive, and may break inside
    the directives themselves. A string that parser cannot read (`{}`, `{x!r}`) is wrapped as plain text.
    """

    def __init__(self, encoding: str) -> None:
        try:
            self.encoding = codecs.lookup(encoding).name
        except LookupError:  # `charset=CHARSET` of a template
            self.encoding = "utf-8"

    def inside(self, value: str) -> set[int]:
        from .formatstrings import brace_directives  # only for such entries: reading does not load it

        directives, valid = brace_directives(value)
        if not valid or not directives:  # a string 0.21 cannot read: nothing is protected
            return set()
        shortest = min(len(value[start:end].encode(self.encoding, "replace")) for start, end in directives)
        inside, offset = set(), 0
        for index, char in enumerate(value):
            if offset >= shortest:
                break
            if offset:
                inside.add(index)
            offset += len(char.encode(self.encoding, "replace"))
        return inside


def _directive_finder(flags: list[str], encoding: str = "utf-8") -> re.Pattern[str] | _BraceDirectives | None:
    for flag in flags:  # the first format gettext knows decides, as in write-po.c
        if flag in ("c-format", "possible-c-format"):
            return _C_DIRECTIVE_RE
        if flag in ("python-format", "possible-python-format"):
            return _PYTHON_DIRECTIVE_RE
        if flag in ("python-brace-format", "possible-python-brace-format"):
            return _BraceDirectives(encoding)
    return None


def _inside_directives(value: str, directives: re.Pattern[str] | _BraceDirectives | None) -> set[int]:
    """Positions in `value` inside a directive (not its first character).

    Like gettext's format parsers, the scan stops at the first `%` that starts no valid
    directive, or (C) at the first numbered argument after unnumbered ones or the reverse:
    the directives after it are not protected.
    """
    if isinstance(directives, _BraceDirectives):
        return directives.inside(value)
    inside: set[int] = set()
    position = value.find("%") if directives is not None else -1
    numbered = None  # C: whether the arguments are numbered (`%1$s`); gettext stops at one that is not like the first
    while position >= 0:
        match = directives.match(value, position)
        if match is None:
            break
        directive = match.group(0)
        if directives is _C_DIRECTIVE_RE and directive[-1] not in "%m":
            if numbered is None:
                numbered = "$" in directive
            elif numbered != ("$" in directive):
                break
        inside.update(range(match.start() + 1, match.end()))
        position = value.find("%", match.end())
    return inside


def _escaped(portion: str, inside: set[int] = frozenset(), offset: int = 0) -> tuple[str, set[int]]:
    """The escaped text of one portion, and the positions where no break may fall.

    `inside`: positions (in the whole value, of which the portion starts at `offset`)
    where a break is not allowed before the character.
    """
    if not inside and not _NEEDS_ESCAPE_RE.search(portion):
        return portion, set()
    escaped = escape(portion)
    # Never between a backslash and the letter it escapes, never just before a final \n.
    escapes = [match.start() for match in _ESCAPED_RE.finditer(escaped)]
    prohibited = {position + 1 for position in escapes}
    if portion.endswith("\n"):
        prohibited.add(len(escaped) - 2)
    if inside:
        # Each escaped character before a character moves it one further in the escaped text.
        escaped_at = [position - count for count, position in enumerate(escapes)]  # in `portion`
        for position in inside:
            local = position - offset
            if 0 <= local < len(portion):
                prohibited.add(local + bisect.bisect_left(escaped_at, local))
    return escaped, prohibited


_ESCAPED_RE = re.compile(r"\\.", re.DOTALL)
