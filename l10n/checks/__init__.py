"""`l10n check`: quality checks on translations, sync with the sources, publish policy.

(The report — counting, pass/fail, text/JSON/JUnit output — is `l10n/report.py`.)

Used by the CLI (`l10n check`), the pretranslation summary and the web UI
(`check_entry` on the msgstr being typed). One module per concept:

    base          check ids and severities (`CHECKS`), `Problem`, `Pair` (what entry checks judge)
    plurals       plural forms: their number, and msgfmt's rule for which source and strictness each gets
    placeholders  printf / Python / brace format directives, as `msgfmt -c`
    markup        <1>…</1> placeholders, inline tags, Markdown code spans and links
    links         URLs and email addresses
    numbers       numbers, ordinals (21st = 21.) and times (5 pm = 17 Uhr)
    style         line breaks; whitespace, punctuation, brackets, repeated words, length, identical
    terms         the glossary
    compile       catalogue: would msgfmt compile it; flags GNU gettext reads differently
    consistency   catalogues of a language: the same source translated differently
    sync          catalogue vs its source page and template
    policy        the page's publish policy

Problems are computed for every entry with a translation, fuzzy ones too (the
review UI shows them next to a machine translation). Whether a problem makes
the check fail follows `msgfmt -c`: only entries that count as done
(translated or approved) are exported, so only their problems fail; a problem
on a fuzzy (machine or needs-work) entry is reported and does not fail.
Catalogue-level problems always fail: the catalogue does not compile, it is
out of sync with its source or template, or it breaks the page's publish policy.
`--fail-on warning` makes warnings on done entries fail too; a page whose
policy says `no_blocking = false` has its entry problems reported, not failed.

Adding a check: an id and severity in `base.CHECKS`, a function in the module
of its concept, and one line in a registry below.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..formatstrings import plural_rule
from ..states import has_translation, state_of
from .base import (CATALOGUE_CHECKS, CHECKS, ERROR, SEVERITIES, WARNING, Pair, PairCheck, Problem, make_problem,
                   short_text, spans)
from .compile import compile_problems, might_split_flags, split_fuzzy_problems
from .consistency import ConsistencyIndex
from .links import check_links
from .markup import HTML_INLINE, check_markup
from .numbers import check_numbers
from .placeholders import check_placeholders
from .plurals import check_plural_forms, forms
from .policy import Policy, policy_problems
from .style import check_newlines, check_style
from .sync import SyncResult, sync_problems
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

# Catalogue checks: each gets the parsed catalogue and returns its problems (ids in `base.CATALOGUE_CHECKS`
# always fail). Sync and policy need the project and the counts, so `report.run_check` calls them itself.
CATALOGUE_CHECKERS: list[Callable[[polib.POFile], list[Problem]]] = [
    compile_problems,
]

__all__ = [
    "CATALOGUE_CHECKERS", "CATALOGUE_CHECKS", "CHECKS", "ERROR", "HTML_INLINE", "PAIR_CHECKS", "SEVERITIES",
    "WARNING", "ConsistencyIndex", "Pair", "Policy", "Problem", "SyncResult", "check_catalogue", "check_entry",
    "compile_problems", "make_problem", "might_split_flags", "plural_rule", "policy_problems", "short_text",
    "split_fuzzy_problems", "sync_problems",
]


def check_entry(entry: polib.POEntry, *, nplurals: int | None = None, glossary: Sequence[Term] = (),
                plural_forms: str | None = None, state: object = None) -> list[Problem]:
    """Every problem of one entry's translation (none for an untranslated entry).

    Pure and fast (tens of microseconds): the web UI calls it with a temporary
    POEntry holding what the translator typed. `plural_forms` (the catalogue's
    Plural-Forms header) tells how each plural form is checked (see `plurals`)
    and the number of forms; `nplurals` alone gives the number. `state`: the
    entry's `State` when the caller has it already.
    """
    if not has_translation(entry) and not any((entry.msgstr_plural or {}).values()):
        return []
    problems: list[Problem] = []
    entry_state = state if state is not None else state_of(entry)

    def add(check: str, detail: str) -> None:
        problems.append(make_problem(check, entry, detail, entry_state))  # type: ignore[arg-type]

    rule = plural_rule(plural_forms) if plural_forms else None
    if nplurals is None and rule is not None and not rule.error:
        nplurals = rule.nplurals
    check_plural_forms(entry, nplurals, has_translation(entry), add)
    flags = frozenset(entry.flags)
    markdown = any(str(file).endswith((".md", ".markdown")) for file, *_ in entry.occurrences or ())
    for form in forms(entry, rule):
        pair = Pair(form.source, form.text, form.label, form.relaxed, flags, markdown, glossary,
                    spans(form.source), spans(form.text), form.format_source)
        for check in PAIR_CHECKS:
            check(pair, add)
    return problems


def check_catalogue(po: polib.POFile, *, glossary: Sequence[Term] = ()) -> list[Problem]:
    """The catalogue checks (`CATALOGUE_CHECKERS`) plus `check_entry` for every entry with a translation."""
    problems = [problem for checker in CATALOGUE_CHECKERS for problem in checker(po)]
    plural_forms = po.metadata.get("Plural-Forms")
    for entry in po:
        if entry.obsolete or (not entry.msgid and not entry.msgctxt):
            continue
        problems.extend(check_entry(entry, glossary=glossary, plural_forms=plural_forms))
    return problems
