"""The review states of a catalogue entry, read from and written to PO files.

One definition, used by the CLI, the checks, the pretranslation and the web UI:

    state         how it is stored in the PO entry
    ------------  -----------------------------------------------------------
    untranslated  msgstr empty (the first form, as msgfmt --statistics counts)
    machine       msgstr set, `#, fuzzy`, translator comment `# l10n: machine ...`
    needs-work    msgstr set, `#, fuzzy`, no machine mark
    translated    msgstr set, not fuzzy, no approval mark
    approved      msgstr set, not fuzzy, translator comment `# l10n: approved ...`

Why translator comments and the standard fuzzy flag: msgmerge, msgcat, Poedit
and Weblate keep `# ` comments and the fuzzy flag, while they drop or rewrite
unknown `#,` flags. A machine translation is fuzzy, so every gettext tool
treats it as "not done" (msgfmt leaves it out, export falls back to English).

A mark is one comment line: `l10n: <kind> key=value key=value`, e.g.
    # l10n: machine origin=mt model=translate-en_de version=1.9 confidence=0.83
    # l10n: machine origin=memory confidence=1.00
    # l10n: approved by=anna
Other translator comments are left alone.
"""

from __future__ import annotations

import enum
from typing import Protocol

MARK_PREFIX = "l10n:"
MACHINE = "machine"
APPROVED = "approved"


class State(str, enum.Enum):
    UNTRANSLATED = "untranslated"
    MACHINE = "machine"
    NEEDS_WORK = "needs-work"
    TRANSLATED = "translated"
    APPROVED = "approved"

    def __init__(self, value: str) -> None:
        # `done`: counts as translated (exported, counted complete by msgfmt). An attribute, not a property:
        # `l10n check` asks it several times for every entry.
        self.done: bool = value in ("translated", "approved")


# Display order: worst first, as the dashboard's progress bar shows it.
STATE_ORDER = [State.UNTRANSLATED, State.MACHINE, State.NEEDS_WORK, State.TRANSLATED, State.APPROVED]


class EntryLike(Protocol):  # polib.POEntry has these attributes
    msgid: str
    msgstr: str
    msgstr_plural: dict
    flags: list
    tcomment: str


def has_translation(entry: EntryLike) -> bool:
    """msgfmt's rule: an entry is translated when its (first) msgstr is non-empty."""
    if entry.msgstr_plural:
        first = entry.msgstr_plural.get(0, entry.msgstr_plural.get("0", ""))
        return bool(first)
    return bool(entry.msgstr)


def is_fuzzy(entry: EntryLike) -> bool:
    return "fuzzy" in entry.flags


def read_marks(entry: EntryLike) -> dict[str, dict[str, str]]:
    """The `l10n:` marks of an entry: {kind: {key: value}}."""
    marks: dict[str, dict[str, str]] = {}
    for line in (entry.tcomment or "").splitlines():
        line = line.strip()
        if not line.startswith(MARK_PREFIX):
            continue
        words = line[len(MARK_PREFIX):].split()
        if not words:
            continue
        fields = dict(word.split("=", 1) for word in words[1:] if "=" in word)
        marks[words[0]] = fields
    return marks


def machine_info(entry: EntryLike) -> dict[str, str] | None:
    """Provenance of a machine translation (origin, model, version, confidence), if any."""
    return read_marks(entry).get(MACHINE)


def confidence(entry: EntryLike) -> float | None:
    info = machine_info(entry)
    if not info or "confidence" not in info:
        return None
    try:
        return float(info["confidence"])
    except ValueError:
        return None


def state_of(entry: EntryLike) -> State:
    if not has_translation(entry):
        return State.UNTRANSLATED
    if not entry.tcomment:  # most entries: no comment, so no marks to read
        return State.NEEDS_WORK if "fuzzy" in entry.flags else State.TRANSLATED
    marks = read_marks(entry)
    if is_fuzzy(entry):
        return State.MACHINE if MACHINE in marks else State.NEEDS_WORK
    return State.APPROVED if APPROVED in marks else State.TRANSLATED


def _set_mark(entry: EntryLike, kind: str, fields: dict[str, str] | None) -> None:
    """Replace (or with fields=None remove) the mark of `kind`, keeping other comments."""
    # split("\n"), not splitlines(): a trailing lone `#` line and other line separators in the
    # comment text stay as they are (msgmerge keeps them)
    kept = [
        line for line in (entry.tcomment.split("\n") if entry.tcomment else [])
        if not (line.strip().startswith(MARK_PREFIX) and line.strip()[len(MARK_PREFIX):].split()[:1] == [kind])
    ]
    if fields is not None:
        words = [f"{key}={_mark_value(value)}" for key, value in fields.items()]
        kept.append(" ".join([MARK_PREFIX, kind, *words]))
    entry.tcomment = "\n".join(kept)


def _mark_value(value: object) -> str:
    text = f"{value:.2f}" if isinstance(value, float) else str(value)
    return "_".join(text.split()) or "-"


def _set_fuzzy(entry: EntryLike, fuzzy: bool) -> None:
    if fuzzy and "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    elif not fuzzy:
        while "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    if not fuzzy and hasattr(entry, "previous_msgid"):
        # The previous msgid only explains a fuzzy match; a reviewed entry drops it (as msgmerge does).
        entry.previous_msgid = None
        entry.previous_msgid_plural = None
        entry.previous_msgctxt = None


def set_state(entry: EntryLike, state: State, *, machine: dict[str, object] | None = None,
              by: str | None = None) -> None:
    """Put `entry` into `state` by setting its flags and marks (not its msgstr).

    `machine` gives the provenance for State.MACHINE (origin, model, version,
    confidence); `by` names the reviewer for State.APPROVED.
    """
    state = State(state)
    _set_fuzzy(entry, state in (State.MACHINE, State.NEEDS_WORK))
    _set_mark(entry, MACHINE, {k: v for k, v in (machine or {}).items() if v is not None}
              if state is State.MACHINE else None)
    _set_mark(entry, APPROVED, {"by": by or "-"} if state is State.APPROVED else None)
