"""Catalogue-level checks of the file itself: would msgfmt compile it (`compile`), and does GNU gettext
read its flags as l10n does (`split-fuzzy`)."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from ..formatstrings import plural_rule
from ..states import State, state_of
from .base import Problem, make_problem

if TYPE_CHECKING:
    import polib


def compile_problems(po: polib.POFile) -> list[Problem]:
    """Why the catalogue would not compile (what `msgfmt -c` rejects beyond single entries)."""
    problems = []
    first_plural = None  # the first translated plural entry
    for entry in po:
        if entry.obsolete or not (entry.msgid_plural or entry.msgstr_plural):
            continue  # (most entries: one test)
        plural = entry.msgid_plural or getattr(entry, "empty_msgid_plural", False)
        if first_plural is None and plural and state_of(entry) in (State.TRANSLATED, State.APPROVED):
            first_plural = entry  # as msgfmt: only a translated plural entry needs Plural-Forms
        if entry.msgid_plural and not entry.msgstr_plural:
            problems.append(make_problem("compile", entry, "msgid_plural with a plain msgstr (needs msgstr[0], …)"))
        elif entry.msgstr_plural and not entry.msgid_plural and not getattr(entry, "empty_msgid_plural", False):
            problems.append(make_problem("compile", entry, "msgstr[N] without msgid_plural"))
    rule = plural_rule(po.metadata.get("Plural-Forms"))
    if rule is not None and rule.error:
        if first_plural is not None or not rule.incomplete:  # msgfmt minds a missing part only where plurals need it
            problems.insert(0, make_problem("compile", None, rule.error))
    elif rule is None and first_plural is not None:
        problems.insert(0, make_problem("compile", None, "the catalogue has plural entries but no Plural-Forms header",
                                        line=getattr(first_plural, "linenum", None)))
    encoding = (po.encoding or "utf-8").lower().replace("_", "-")
    if encoding not in ("utf-8", "utf8", "ascii", "us-ascii"):
        # Only a narrower charset can fail to hold a text (UTF-8 holds every text read from a file); writing
        # the .mo is the test, and it costs a tenth of the check, so UTF-8 catalogues skip it.
        try:
            po.to_binary()
        except Exception as error:  # noqa: BLE001 - whatever polib raises, the .mo cannot be written
            problems.append(make_problem("compile", None, f"cannot write the .mo file: {error}"))
    return problems


# -- `#, fuzzy` on a line of its own -------------------------------------------------------------
#
# A comment block with two `#,` lines: polib, Babel, translate-toolkit, Weblate, Poedit and l10n take the
# union of their flags; GNU gettext 0.21 (msgfmt, msgcat, msgmerge) keeps only the last line's flags. So
#     #, fuzzy
#     #, c-format
# is fuzzy for l10n (never exported, counted fuzzy) while msgfmt compiles it into the .mo and counts it
# translated, and one msgcat run drops the fuzzy flag from the file. l10n keeps reading it fuzzy — someone
# marked it as needing review, and a reviewed translation is what gets published — and warns, so the
# flags can be joined into one line (`#, fuzzy, c-format`) that every tool reads alike.

# a `#,` line with the flag fuzzy (not `fuzzy-ish`), and the comment lines after it
_FUZZY_BLOCK_RE = re.compile(r"^#,(?:[^\n]*,)?[ \t]*fuzzy[ \t\r]*(?:,[^\n]*)?\n(?:#[^\n]*\n)*", re.MULTILINE)


def might_split_flags(po: polib.POFile) -> bool:
    """Whether `po` has a fuzzy entry with other flags too: only such entries can have split flag lines."""
    for entry in po:  # (a loop, not any() over a generator: this runs for every catalogue checked)
        flags = entry.flags
        if len(flags) > 1 and "fuzzy" in flags and not entry.obsolete:
            return True
    return False


def split_fuzzy_problems(text: str, po: polib.POFile) -> list[Problem]:
    """Entries whose `#, fuzzy` line is followed by another `#,` line without it (see above).

    `text`: the catalogue's text, `po` the same catalogue parsed (for the entries' msgids and states).
    """
    live = [entry for entry in po if not entry.obsolete and getattr(entry, "linenum", None)]
    lines = [entry.linenum for entry in live]
    problems = []
    for match in _FUZZY_BLOCK_RE.finditer(text):
        if text.startswith("#~", match.end()):
            continue  # an obsolete entry
        flag_lines = [line for line in match.group(0).splitlines() if line.startswith("#,")]
        last = {flag.strip() for flag in flag_lines[-1][2:].split(",")}
        if len(flag_lines) < 2 or "fuzzy" in last:
            continue
        keyword_line = text.count("\n", 0, match.end()) + 1
        # the entry: the last one starting at or before its msgid line (readers number an entry by its
        # first comment or by its msgid line)
        at = bisect.bisect_right(lines, keyword_line) - 1
        if at < 0:
            continue
        entry = live[at]
        if state_of(entry) is State.UNTRANSLATED:
            continue  # nothing to compile either way; gettext drops fuzzy from an untranslated entry anyway
        problems.append(make_problem(
            "split-fuzzy", entry, "`#, fuzzy` is on its own line before `" + flag_lines[-1].strip()
            + "`: GNU gettext 0.21 reads only the last flag line, so msgfmt compiles this entry as translated "
            "and msgcat drops the fuzzy flag; l10n treats it as fuzzy. Join the flags into one line.",
            state_of(entry), line=keyword_line))
    return problems
