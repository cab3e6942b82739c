"""How far a catalogue is translated: the counts `msgfmt --statistics` prints, plus review states.

The rules are msgfmt's (GNU gettext 0.21, `msgfmt.c`), checked against the real
program on real catalogues in the tests:

- obsolete entries (`#~`) are not counted (we report them separately);
- an entry is untranslated when its msgstr (for a plural entry: `msgstr[0]`) is
  empty — also when it is fuzzy, and also when only other plural forms are set;
- otherwise it is fuzzy when flagged `fuzzy`, else translated;
- a plural entry counts once; an entry with a context and an empty msgid is an
  ordinary entry;
- the header (empty msgid, no context) is not counted — except that msgfmt
  counts a header whose msgstr is empty as one untranslated message.

These are exactly `states.has_translation` and `states.is_fuzzy`, so the
numbers are computed by `states.state_of`: `translated` = translated +
approved, `fuzzy` = machine + needs-work.

Two ways in:

- `count_catalogue(po)` for a parsed catalogue (the web UI, in-memory edits;
  `l10n check` adds states up while it checks). polib folds the header into
  `po.metadata`, so the empty-header quirk above cannot be seen there, and
  polib also mistakes a context entry with an empty msgid for the header when
  a file has none; files with either are rare, and `polib_may_miscount(po)`
  tells when to count the file instead.
- `count_file(path)` reads the file itself with a line scanner that knows only
  what counting needs: exact in those corner cases too. The scanner takes a
  sixth of the time of polib's parser (5 vs 31 µs an entry), so counting a file
  costs 40 % of `read_catalogue` (the `l10n check --counts-only` path, as fast
  as `msgfmt --statistics`; see bench/bench_check.py). The file's syntax is
  still validated as `read_catalogue` does, with its error messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .states import STATE_ORDER, State, state_of

if TYPE_CHECKING:
    import polib


def _zero_states() -> dict[State, int]:
    return dict.fromkeys(STATE_ORDER, 0)


@dataclass
class Counts:
    """Entry counts of one catalogue (or a sum of several)."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0
    machine: int = 0  # machine-translated, not yet reviewed (a part of `fuzzy`)
    by_state: dict[State, int] = field(default_factory=_zero_states)

    @property
    def total(self) -> int:
        """Entries that count: translated + fuzzy + untranslated."""
        return self.translated + self.fuzzy + self.untranslated

    @property
    def complete_percent(self) -> float:
        """translated / (translated + fuzzy + untranslated), in %; a catalogue with nothing to translate is 100."""
        return 100.0 * self.translated / self.total if self.total else 100.0

    def add_state(self, state: State, n: int = 1) -> None:
        self.by_state[state] += n
        if state.done:
            self.translated += n
        elif state is State.UNTRANSLATED:
            self.untranslated += n
        else:
            self.fuzzy += n
            if state is State.MACHINE:
                self.machine += n

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.translated + other.translated, self.fuzzy + other.fuzzy,
                      self.untranslated + other.untranslated, self.obsolete + other.obsolete,
                      self.machine + other.machine,
                      {state: self.by_state[state] + other.by_state[state] for state in STATE_ORDER})

    def as_dict(self) -> dict[str, Any]:
        """The JSON form: the counts, complete_percent (1 decimal) and by_state keyed by state name."""
        return {"translated": self.translated, "fuzzy": self.fuzzy, "untranslated": self.untranslated,
                "obsolete": self.obsolete, "machine": self.machine,
                "complete_percent": round(self.complete_percent, 1),
                "by_state": {state.value: n for state, n in self.by_state.items()}}

    def msgfmt_line(self) -> str:
        """The counts as `msgfmt --statistics` words them (for comparison and for humans)."""
        parts = [f"{self.translated} translated message{'s' if self.translated != 1 else ''}"]
        if self.fuzzy:
            parts.append(f"{self.fuzzy} fuzzy translation{'s' if self.fuzzy != 1 else ''}")
        if self.untranslated:
            parts.append(f"{self.untranslated} untranslated message{'s' if self.untranslated != 1 else ''}")
        return ", ".join(parts) + "."


def count_catalogue(po: polib.POFile) -> Counts:
    """Counts of a parsed catalogue (see the module docstring for the one header quirk it cannot see)."""
    counts = Counts()
    for entry in po:
        if entry.obsolete:
            counts.obsolete += 1
        elif entry.msgid or entry.msgctxt is not None or not entry.msgstr:
            counts.add_state(state_of(entry))
        # else a second header entry (msgid "" later in the file): msgfmt counts no header
    return counts


def polib_may_miscount(po: polib.POFile) -> bool:
    """Whether `count_catalogue(po)` may differ from msgfmt's count of the file (see the module docstring).

    True for a catalogue without header fields (an empty header, which msgfmt
    counts, or none) and for one with a context entry whose msgid is empty.
    """
    if not po.metadata:
        return True
    for entry in po:  # (a loop, not any() over a generator: this runs for every catalogue checked)
        if not entry.msgid and entry.msgctxt is not None:
            return True
    return False


# -- the file scanner ---------------------------------------------------------------------------

class _Seen:
    """Just enough of an entry for `states.state_of`: whether msgstr[0] is set, the flags, the marks."""

    __slots__ = ("msgid", "msgstr", "msgstr_plural", "flags", "tcomment")

    def __init__(self, translated: bool, fuzzy: bool, tcomment: str) -> None:
        self.msgid = ""
        self.msgstr = "x" if translated else ""
        self.msgstr_plural: dict[int, str] = {}
        self.flags = ["fuzzy"] if fuzzy else []
        self.tcomment = tcomment


def count_file(path: Path) -> Counts:
    """Counts of the PO file at `path`, exactly as `msgfmt --statistics` counts; bad input raises InputError."""
    from .potext import read_checked_text  # not `catalog`: counting needs no parser (nor polib)

    path = Path(path)
    text = read_checked_text(path)  # the same checks (and messages) as read_catalogue
    counts = _scan(text)
    if counts is None:  # a structure the scanner does not follow: let the full parser say what is wrong
        from .catalog import read_catalogue

        counts = count_catalogue(read_catalogue(path))
    return counts


def _scan(text: str) -> Counts | None:
    """Count the entries of syntactically valid PO text; None when an entry is malformed or duplicated."""
    counts = Counts()
    states: dict[tuple[bool, bool, str], State] = {}  # state_of, memoised on what it looks at
    seen_keys: set[str] = set()

    # The entry being read: its comments first, then its keywords.
    fuzzy = False
    tcomment: list[str] = []
    key: list[str] = []  # raw pieces of msgctxt, then a separator, then msgid: duplicates share them
    has_ctxt = has_msgid = has_msgstr = False
    msgid_set = translated = False
    field = ""  # the keyword that continuation strings belong to

    def finish() -> bool:
        nonlocal fuzzy, tcomment, key, has_ctxt, has_msgid, has_msgstr, msgid_set, translated, field
        if has_msgid and not has_msgstr:
            return False
        if has_msgid:
            joined = "".join(key)
            if joined in seen_keys:
                return False
            seen_keys.add(joined)
            if not has_ctxt and not msgid_set:  # the header: msgfmt counts it only when its msgstr is empty
                if not translated:
                    counts.add_state(State.UNTRANSLATED)
            else:
                memo = (translated, fuzzy, "\n".join(tcomment))
                state = states.get(memo)
                if state is None:
                    state = states[memo] = state_of(_Seen(*memo))
                counts.add_state(state)
        fuzzy, tcomment, key = False, [], []
        has_ctxt = has_msgid = has_msgstr = msgid_set = translated = False
        field = ""
        return True

    for line in text.splitlines():
        if not line or line[0] in " \t\r":
            line = line.strip()
            if not line:
                continue
        first = line[0]
        if first == '"':  # a continuation string
            if not field:
                return None
            if len(line.rstrip()) > 2:  # more than `""`
                if field == "msgid":
                    msgid_set = True
                elif field == "msgstr0":
                    translated = True
                if field in ("msgctxt", "msgid"):
                    key.append(line.rstrip()[1:-1])
            continue
        if first == "#":
            if has_msgstr and not finish():
                return None
            if has_msgid or has_ctxt:  # a comment between msgid and msgstr
                return None
            second = line[1:2]
            if second == ",":
                fuzzy = fuzzy or "fuzzy" in (flag.strip() for flag in line[2:].split(","))
            elif second == "~":
                rest = line[2:].lstrip()
                if rest.startswith("msgid") and not rest.startswith("msgid_plural"):
                    counts.obsolete += 1
                    fuzzy, tcomment = False, []  # the comments above belonged to the obsolete entry
                elif rest.startswith("msgctxt"):
                    fuzzy, tcomment = False, []
            elif second in ("", " ", "\t"):
                tcomment.append(line[2:] if second else "")
            continue
        # a keyword line: KEYWORD "string"
        quote = line.index('"')
        keyword = line[:quote].rstrip()
        value_set = len(line.rstrip()) - quote > 2
        if keyword == "msgctxt" or keyword == "msgid":
            if has_msgstr and not finish():
                return None
            if has_msgid or (keyword == "msgctxt" and has_ctxt):
                return None
            if keyword == "msgctxt":
                has_ctxt = True
                key.append("\x04")
            else:
                has_msgid = True
                msgid_set = value_set
                key.append("\x00")
            key.append(line.rstrip()[quote + 1:-1])
            field = keyword
        elif keyword == "msgid_plural":
            if not has_msgid or has_msgstr:
                return None
            field = keyword
        elif keyword == "msgstr" or keyword.startswith("msgstr["):
            if not has_msgid:
                return None
            has_msgstr = True
            if keyword in ("msgstr", "msgstr[0]"):
                translated = value_set
                field = "msgstr0"
            else:
                field = "msgstrN"
        else:
            return None
    if has_msgid or has_ctxt:
        if not finish():
            return None
    return counts
