"""Where msgcat may break a line, and how wide a character is: libunistring's rules as gettext 0.21
applies them when it wraps PO strings.

- `cuts(text, prohibited, limit, start, columns)`: the break positions for lines of `limit` columns
  (Unicode line breaking, UAX #14, by libunistring's pair table; no break inside a format directive);
- `columns(text, cjk)`: the display width of each prefix (wide characters 2, marks and controls 0; in a
  legacy CJK charset most non-ASCII characters 2, as `is_cjk_charset` tells);
- `line_class(char)`: a character's line breaking class; where libunistring differs from the Unicode
  category (Japanese non-starters, wide brackets, emoji) the classes are in `linebreak_data`, generated
  from the machine's libunistring by `tools/gen_linebreak_data.py`.
"""

from __future__ import annotations

import bisect
import codecs
import functools
import re
import unicodedata


# libunistring's is_cjk_encoding(), by Python codec names: charsets where it counts widths as CJK terminals do
_CJK_CODECS = frozenset(("euc_jp", "gb2312", "gbk", "big5", "euc_kr", "cp949", "johab"))


@functools.lru_cache(maxsize=64)
def is_cjk_charset(encoding: str | None) -> bool:
    if not encoding or encoding.lower().replace("-", "") in ("utf8", "charset"):
        return False
    try:
        return codecs.lookup(encoding).name in _CJK_CODECS
    except LookupError:
        return False


# Characters one column wide and no combining marks: Latin, Greek, Cyrillic, general punctuation.
_NARROW_RE = re.compile("[\t -~\u00a0-\u00ac\u00ae-\u02ff\u0370-\u0482\u048a-\u052f\u2010-\u2027\u2030-\u205e\u20a0-\u20bf]*\\Z")


def columns(text: str, cjk: bool = False) -> list[int] | None:
    """columns[i]: the display width of text[:i] (wide characters count 2, marks 0); None: all 1."""
    if _NARROW_RE.match(text) if not cjk else (text.isascii() and _NARROW_RE.match(text)):
        return None
    columns = [0]
    for char in text:
        columns.append(columns[-1] + char_width(char, cjk))
    return columns


_MANDATORY_BREAK_RE = re.compile("[\x85\u2028\u2029]")  # NEL, LS, PS: written raw (\n \v \f are escaped)


def cuts(text: str, prohibited: set[int], limit: int, start: int, columns: list[int] | None) -> list[int]:
    """Where gettext breaks `text` into lines of `limit` columns (the first starting at `start`).

    After a mandatory break character (NEL, LS, PS) libunistring starts counting columns
    again from 0, and gettext does not break there: each part is broken on its own.
    """
    if text.isascii() or not _MANDATORY_BREAK_RE.search(text):  # (isascii: a flag of the string, free)
        return _part_cuts(text, prohibited, limit, start, columns)
    cuts: list[int] = []
    begin = 0
    for match in [*_MANDATORY_BREAK_RE.finditer(text), None]:
        end = match.end() if match is not None else len(text)
        part_prohibited = {position - begin for position in prohibited if begin <= position < end}
        part_columns = columns[begin:end + 1] if columns is not None else None
        cuts.extend(begin + cut for cut in _part_cuts(text[begin:end], part_prohibited, limit,
                                                      start if begin == 0 else 0, part_columns))
        begin = end
    return cuts


def _part_cuts(text: str, prohibited: set[int], limit: int, start: int, columns: list[int] | None) -> list[int]:
    """Where libunistring's ulc_width_linebreaks breaks `text` into lines of `limit` columns.

    Its greedy rule, line by line: a line (starting at column `start`, 0 after a
    break) ends at the last break opportunity where it still fits; when none fits,
    at the first opportunity (an over-long word gets a line of its own).
    """
    def width(begin: int, end: int) -> int:
        return end - begin if columns is None else columns[end] - columns[begin]

    cuts: list[int] = []
    length = len(text)
    line_start, column = 0, start
    while width(line_start, length) > limit - column:
        room = limit - column
        last_fitting = line_start + room if columns is None else _last_fitting(columns, line_start, room)
        found = None
        place = min(last_fitting, length - 1)
        while place > line_start:  # backwards: the last opportunity that fits
            # (letters and digits of ASCII never break between each other: no need to ask)
            if not (text[place] in _WORD_CHARACTERS and text[place - 1] in _WORD_CHARACTERS) \
                    and can_break(text, place, prohibited):
                found = place
                break
            place -= 1
        if found is None:  # none fits: the first one (an over-long word gets a line of its own)
            place = max(last_fitting + 1, line_start + 1)
            while place < length:
                if not (text[place] in _WORD_CHARACTERS and text[place - 1] in _WORD_CHARACTERS) \
                        and can_break(text, place, prohibited):
                    found = place
                    break
                place += 1
        if found is None:
            break
        cuts.append(found)
        line_start, column = found, 0
    return cuts


_WORD_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def _last_fitting(columns: list[int], begin: int, room: int) -> int:
    """The largest end with columns[end] - columns[begin] <= room."""
    end = begin
    while end + 1 < len(columns) and columns[end + 1] - columns[begin] <= room:
        end += 1
    return end


def char_width(char: str, cjk: bool = False) -> int:
    """Display columns of a character, as libunistring's uc_width counts them (controls: 0).

    `cjk`: in a legacy CJK charset, every character from U+00A1 to U+FF60 but U+20A9 that is
    not a mark is 2 columns wide (Greek, Cyrillic and symbols too).
    """
    if cjk and "\xa1" <= char < "\uff61" and char != "\u20a9":
        return 2 if char_width(char) else 0
    if char < "\u0300":
        return 1 if " " <= char < "\x7f" or char >= "\xa0" and char != "\xad" else 0
    if "\u1160" <= char < "\u1200" or "\ud7b0" <= char < "\ud800":
        return 0  # Hangul vowels and final consonants: part of the syllable before them
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):  # not spacing marks (Mc): they take a column
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


# -- Unicode line breaking (UAX #14), the pair-table algorithm of libunistring -------------------

# Pair table: row = class before the opportunity, column = class after it.
# D: break allowed; I: only when spaces come between; P: never. Measured against msgcat 0.21
# (libunistring 1.0) for every pair of ASCII and common non-ASCII characters.
CLASSES = "WJ GL B2 BA BB HY CL CP EX IN NS OP QU IS NU PO PR SY AL ID".split()
_TABLE_ROWS = """
WJ P I I I I I P P P I I I I P I I I P I I
GL P I I I I I P P P I I I I P I I I P I I
B2 P I P I D I P P P I I D I P D D D P D D
BA P D D I D I P P P I I D I P D D D P D D
BB P I I I I I P P P I I I I P I I I P I I
HY P D D I D I P P P I I D I P I D D P D D
CL P I D I D I P P P I P D I P D I I P D D
CP P I D I D I P P P I I D I P I I I P I D
EX P I D I D I P P P I I D I P D D D P D D
IN P I D I D I P P P I I D I P D D D P D D
NS P I D I D I P P P I I D I P D D D P D D
OP P P P P P P P P P P P P P P P P P P P P
QU P I I I I I P P P I I P I P I I I P I I
IS P I D I D I P P P I I D I P I D D P D D
NU P I D I D I P P P I I I I P I I I P I D
PO P I D I D I P P P I I I I P I D D P I D
PR P I D I D I P P P I I I I P I D D P I I
SY P I D I D I P P P I I D I P I D D P D D
AL P I D I D I P P P I I I I P I I I P I D
ID P I D I D I P P P I I D I P D I D P D D
"""
TABLE = {fields[0]: dict(zip(CLASSES, fields[1:]))
          for fields in (row.split() for row in _TABLE_ROWS.strip().splitlines())}
_ASCII_CLASSES = {
    "!": "EX", '"': "QU", "$": "PR", "%": "PO", "'": "QU", "(": "OP", ")": "CP", "+": "PR", ",": "IS",
    "-": "HY", ".": "IS", "/": "SY", ":": "IS", ";": "IS", "?": "EX", "[": "OP", "\\": "PR", "]": "CP",
    "{": "OP", "|": "BA", "}": "CL", " ": "SP", "\t": "BA", **{digit: "NU" for digit in "0123456789"}}
# Controls are combining marks for UAX #14 (no break before them); those that end lines
# (`\r`, `\v`, `\f`, NEL) break as letters in msgcat's output.
_CONTROL_CLASSES = {"\n": "AL", "\r": "AL", "\v": "AL", "\f": "AL", "\u0085": "AL"}
_SPECIAL_CLASSES = {
    "\u00a0": "GL", "\u202f": "GL", "\u2007": "GL", "\u2011": "GL", "\u0f0c": "GL", "\u180e": "GL",
    "\u200b": "ZW", "\u2060": "WJ", "\ufeff": "WJ", "\u200d": "CM", "\u00ad": "BA", "\u2010": "BA",
    "\u2012": "BA", "\u2013": "BA", "\u2014": "B2", "\u2026": "IN", "\u2024": "IN", "\u2025": "IN",
    "\u203c": "NS", "\u2047": "NS", "\u2048": "NS", "\u2049": "NS", "\u00a1": "OP", "\u00bf": "OP",
    "\u2030": "PO", "\u2031": "PO", "\u2032": "PO", "\u2033": "PO", "\u00b0": "PO", "\u2103": "PO",
    "\u00a2": "PO", "\u2212": "PR", "\u2116": "PR", "\u00b1": "PR", "\u3001": "CL", "\u3002": "CL",
    "\uff0c": "CL", "\uff0e": "CL", "\u2044": "IS", "\u037e": "IS", "\u0589": "IS", "\u060c": "IS",
    "\u3000": "BA", "\u1680": "BA", "\u205f": "BA",
}


@functools.lru_cache(maxsize=4096)
def line_class(char: str) -> str:
    """The UAX #14 line breaking class of a character, as far as the pair table needs it, as libunistring
    has it: its exceptions to the rule of thumb (`linebreak_data`, read on first use), else the rule."""
    if char >= "\u00a0":
        starts, ends, kinds = _exceptions()
        at = bisect.bisect_right(starts, ord(char)) - 1
        if at >= 0 and ord(char) <= ends[at]:
            return kinds[at]
    return heuristic_class(char)


@functools.lru_cache(maxsize=1)
def _exceptions() -> tuple[list[int], list[int], list[str]]:
    from .linebreak_data import EXCEPTIONS  # 400 ranges; only wrapping non-ASCII text needs them
    starts, ends, kinds = [], [], []
    for item in EXCEPTIONS.split():
        match = re.fullmatch(r"([0-9a-f]+)(?:-([0-9a-f]+))?([A-Z][A-Z0-9])", item)
        starts.append(int(match.group(1), 16))
        ends.append(int(match.group(2) or match.group(1), 16))
        kinds.append(match.group(3))
    return starts, ends, kinds


def heuristic_class(char: str) -> str:
    """The class by the rule of thumb: ASCII and special characters by table, the others by Unicode
    category and East Asian width."""
    found = _ASCII_CLASSES.get(char) or _SPECIAL_CLASSES.get(char)
    if found:
        return found
    if char < "\u00a0":
        return _CONTROL_CLASSES.get(char, "CM") if char < " " or char >= "\u007f" else "AL"
    category = unicodedata.category(char)
    if category in ("Mn", "Mc", "Me") or "\u2066" <= char <= "\u2069":
        return "CM"
    if "\U0001f1e6" <= char <= "\U0001f1ff":
        return "RI"
    if category == "Zs":
        return "BA"
    if category == "Ps":
        return "OP"
    if category == "Pe":
        return "CL"
    if category in ("Pi", "Pf"):
        return "QU"
    if category == "Nd":
        return "NU"
    if category == "Sc":
        return "PR"
    if unicodedata.east_asian_width(char) in ("W", "F") and category.startswith(("L", "S", "N")):
        return "ID"
    return "AL"


def can_break(text: str, position: int, prohibited: set[int]) -> bool:
    """May a line break fall before text[position]? (UAX #14 as libunistring decides it.)"""
    if position in prohibited:
        return False
    char = text[position]
    kind = _ASCII_CLASSES.get(char, "AL") if " " <= char < "\x7f" else line_class(char)
    if kind in ("SP", "ZW"):
        return False  # never just before a space
    before = position - 1
    while before >= 0 and text[before] == " ":
        before -= 1
    seen_space = before < position - 1
    if before < 0:
        return False  # start of the text
    char = text[before]
    previous = _ASCII_CLASSES.get(char, "AL") if " " <= char < "\x7f" else line_class(char)
    if previous == "CM":  # X CM is X, except after a space or at the start, where it is a letter
        base = before
        while base >= 0 and line_class(text[base]) == "CM":
            base -= 1
        base_class = "AL" if base < 0 or text[base] == " " else line_class(text[base])
        previous = "AL" if base_class == "ZW" else base_class  # after a space or ZW: a letter
    if kind == "CM":
        return seen_space or previous == "ZW"
    if previous == "ZW":
        return True
    if text[position - 1] == "\u200d":
        return False  # after a zero width joiner (emoji sequences: 👨‍👩‍👧)
    if "\U0001f3fb" <= text[position] <= "\U0001f3ff" and not seen_space and (
            text[before] >= "\U0001f000" or "\u2600" <= text[before] <= "\u27bf"):
        return False  # a skin tone stays with its emoji (👍🏽)
    if kind == "RI" or previous == "RI":  # regional indicators: flags, two by two (🇩🇪🇫🇷)
        if kind == previous == "RI" and not seen_space:
            pairs = position - 1
            while pairs >= 0 and line_class(text[pairs]) == "RI":
                pairs -= 1
            return (position - 1 - pairs) % 2 == 0
        # otherwise as UAX #14's default: breaks before it as before an ideograph, after it as after a non-starter
        kind, previous = ("ID" if kind == "RI" else kind), ("NS" if previous == "RI" else previous)
    if previous == "IS" and text[position] == "<":
        return True  # libunistring breaks before an HTML tag ("<p>Text.</p>")
    if kind == "OP" and previous in ("AL", "NU") and text[position] > "\u2e80" \
            and unicodedata.east_asian_width(text[position]) in ("F", "W", "H"):
        return True  # UAX #14 LB30: a letter keeps only a narrow opening bracket ("a(" but "a|「")
    rule = TABLE[previous][kind]
    return rule == "D" or (rule == "I" and seen_space)
