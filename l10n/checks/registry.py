"""The registries of checks, and the two ways in: `check_entry` and `check_catalogue`.

Adding a check: an id and severity in `base.CHECKS`, a function in the module
of its concept, and one line in `PAIR_CHECKS` (it judges one translation
against its source) or `CATALOGUE_CHECKERS` (it judges a parsed catalogue).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..formatstrings import plural_rule
from ..states import State, has_translation, state_of
from .base import Pair, PairCheck, Problem, make_problem
from .spans import may_hold_www, spans
from .compile import compile_problems
from .links import check_links
from .markup import check_markup
from .numbers import check_numbers
from .placeholders import check_placeholders
from .plurals import check_plural_forms, forms
from .style import check_newlines, check_style
from .terms import check_terms

if TYPE_CHECKING:
    import polib

    from ..glossary import Term

# -- the registries ------------------------------------------------------------------------------

# Entry checks: each gets one translation with its source (a `Pair`: a msgstr, or one plural form) and
# `add(check_id, detail)`, and calls `add` once per problem. They run in this order for every entry with
# a translation; the id each one reports must be in `base.CHECKS`.
PAIR_CHECKS: list[PairCheck] = [
    check_placeholders,
    check_markup,
    check_links,
    check_numbers,
    check_newlines,
    check_style,
    check_terms,
]

# The entry checks that judge only spans (`Pair.source_spans`, `translation_spans`, and those of
# `format_source`), format flags, the Markdown constructs and positional printf placeholders ("%1$s"): they
# report nothing for a pair with none of them, so `check_entry` skips them there.
SPAN_CHECKS: frozenset[PairCheck] = frozenset({check_placeholders, check_markup, check_links})
_PLAIN_PAIR_CHECKS = [check for check in PAIR_CHECKS if check not in SPAN_CHECKS]

# Catalogue checks: each gets the parsed catalogue and returns its problems (ids in `base.CATALOGUE_CHECKS`
# always fail). Sync and policy need the project and the counts, so `report.run_check` calls them itself.
CATALOGUE_CHECKERS: list[Callable[[polib.POFile], list[Problem]]] = [
    compile_problems,
]


_NO_FLAGS: frozenset[str] = frozenset()


def check_entry(entry: polib.POEntry, *, nplurals: int | None = None, glossary: Sequence[Term] = (),
                plural_forms: str | None = None, state: State | None = None, page: bool = True) -> list[Problem]:
    """Every problem of one entry's translation (none for an untranslated entry).

    Pure and fast (tens of microseconds): the web UI calls it with a temporary
    POEntry holding what the translator typed. `plural_forms` (the catalogue's
    Plural-Forms header) tells how each plural form is checked (see `plurals`)
    and the number of forms; `nplurals` alone gives the number. `state`: the
    entry's `State` when the caller has it already. `page`: the entry is a segment of a
    source page (the default), so the structure check applies; `check_catalogue` passes
    False for a catalogue of software messages, where `<FILE>` or `<no value>` is text.
    """
    translated = has_translation(entry)
    if not translated and not any((entry.msgstr_plural or {}).values()):
        return []
    problems: list[Problem] = []
    entry_state = state if state is not None else state_of(entry)

    def add(check: str, detail: str) -> None:
        problems.append(make_problem(check, entry, detail, entry_state))

    rule = None
    if entry.msgid_plural:  # the Plural-Forms rule matters to plural entries only
        rule = plural_rule(plural_forms) if plural_forms else None
        if nplurals is None and rule is not None and not rule.error:
            nplurals = rule.nplurals
        check_plural_forms(entry, nplurals, translated, add)
    flags = frozenset(entry.flags) if entry.flags else _NO_FLAGS
    markdown = bool(entry.occurrences) and any(str(file).endswith((".md", ".markdown"))
                                               for file, *_ in entry.occurrences)
    if entry.msgid_plural:
        pairs = [Pair(form.source, form.text, form.label, form.relaxed, flags, markdown, glossary,
                      spans(form.source), spans(form.text), form.format_source) for form in forms(entry, rule)]
    else:  # `forms` of a singular entry, inlined: its msgstr against its msgid, strictly
        pairs = [Pair(entry.msgid, entry.msgstr, "", False, flags, markdown, glossary,
                      spans(entry.msgid), spans(entry.msgstr), entry.msgid)] if entry.msgstr else []
    for pair in pairs:
        reported = len(problems)
        # Most pairs have no span, format flag, Markdown or "$" (a positional printf): the span checks find
        # nothing in them, and are not called.
        plain = not (pair.source_spans or pair.translation_spans or flags or markdown
                     or pair.format_source is not pair.source or "$" in pair.source)
        for check in _PLAIN_PAIR_CHECKS if plain else PAIR_CHECKS:
            check(pair, add)
        if page and (len(problems) == reported
                     or not any(problem.check == "markup" for problem in problems[reported:])):
            check_structure(pair, add)  # else said once, as markup
    return problems


# A character without which `structure.translation_problems` finds nothing in a translation: markup and
# placeholders need "<", links and images "[" (bare URLs "://" or "www."), and the invisible characters it looks for are C0/C1 controls
# (tab and line breaks excepted) and bidi openers. A placeholder of the source missing in the translation
# needs a "<" in the source. Most texts have none of them: they skip the regular expressions (and the import).
# (One character class, and the URL hints as substring tests: an alternation in the regular expression
# would take twice as long, since the engine could no longer skip ahead to a character of the class.)
_STRUCTURE_HINT_RE = re.compile(r"[<\[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u202a\u202b\u202d\u202e\u2066-\u2068]")


def _may_change_structure(translation: str) -> bool:
    return _STRUCTURE_HINT_RE.search(translation) is not None or "://" in translation or may_hold_www(translation)


def check_structure(pair: Pair, add: Callable[[str, str], None]) -> None:
    """Raw markup, a link, an image or a placeholder that a translation brings in (see `l10n.structure`)."""
    if "<" not in pair.source and not _may_change_structure(pair.translation):
        return
    from ..structure import translation_problems  # late: the page formats are not needed for most checks

    for detail in translation_problems(pair.source, pair.translation):
        add("structure", pair.label + detail)


def check_catalogue(po: polib.POFile, *, glossary: Sequence[Term] = (),
                    visit: Callable[[polib.POEntry, State | None, int], list[Problem]] | None = None
                    ) -> list[Problem]:
    """The catalogue checks (`CATALOGUE_CHECKERS`) plus `check_entry` for every entry with a translation.

    `visit(entry, state, position)`, if given, is called once for every entry in file
    order — obsolete ones with state None — after the entry's own problems, `position`
    being how many problems the list holds by then; it returns problems to add there:
    `l10n check` counts and notes what the consistency check needs in the same single
    walk over the catalogue.
    """
    problems = [problem for checker in CATALOGUE_CHECKERS for problem in checker(po)]
    plural_forms = po.metadata.get("Plural-Forms")
    page = is_page_catalogue(po)
    for entry in po:
        if entry.obsolete:
            if visit is not None:
                problems.extend(visit(entry, None, len(problems)))
            continue
        state = state_of(entry)
        if entry.msgid or entry.msgctxt:
            problems.extend(check_entry(entry, glossary=glossary, plural_forms=plural_forms, state=state, page=page))
        if visit is not None:
            problems.extend(visit(entry, state, len(problems)))
    return problems


def is_page_catalogue(po: polib.POFile) -> bool:
    """Whether a catalogue holds the segments of a source page (extracted by `l10n extract`, or
    referring to a page file) rather than a program's messages."""
    from ..catalog import SOURCE_HEADER
    from ..formats import FORMAT_MODULES

    if po.metadata.get(SOURCE_HEADER):
        return True
    suffixes = tuple(FORMAT_MODULES)
    for entry in po:  # (a loop: most catalogues of programs have no page reference, so all are seen)
        if entry.occurrences and any(str(file).lower().endswith(suffixes) for file, *_ in entry.occurrences):
            return True
    return False
