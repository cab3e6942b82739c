"""`l10n check`: quality checks on translations, sync with the sources, publish policy.

(The report — counting, pass/fail, text/JSON/JUnit output — is `l10n/report.py`.)

Used by the CLI (`l10n check`), the pretranslation summary and the web UI
(`check_entry` on the msgstr being typed). One module per concept:

    registry      the lists of entry and catalogue checks; `check_entry`, `check_catalogue`
    base          check ids and severities (`CHECKS`), `Problem`, `Pair` (what an entry check judges)
    plurals       plural forms: their number, and msgfmt's rule for which source and strictness each gets
    placeholders  printf / Python / brace format directives, as `msgfmt -c`
    markup        <1>…</1> placeholders, inline tags, Markdown code spans and links
    links         URLs and email addresses
    numbers       numbers, ordinals (21st = 21.) and times (5 pm = 17 Uhr)
    style         line breaks; whitespace, punctuation, brackets, repeated words, length, identical
    terms         the glossary
    compile       catalogue: would msgfmt compile it; flag lines GNU gettext reads differently
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

`from l10n.checks import check_entry, Problem, …` works for every public name
below; each module is imported on first use, so `l10n check --counts-only`
(policy only) and `l10n --help` do not pay for compiling the checks' patterns.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# public name -> the module of l10n.checks that defines it
_EXPORTS = {
    **dict.fromkeys(("CATALOGUE_CHECKS", "CHECKS", "ERROR", "SEVERITIES", "WARNING", "Pair", "Problem",
                     "make_problem", "short_text"), "base"),
    **dict.fromkeys(("CATALOGUE_CHECKERS", "PAIR_CHECKS", "check_catalogue", "check_entry"), "registry"),
    **dict.fromkeys(("compile_problems", "might_split_flags", "split_fuzzy_problems"), "compile"),
    "ConsistencyIndex": "consistency",
    "HTML_INLINE": "markup",
    **dict.fromkeys(("Policy", "policy_problems"), "policy"),
    **dict.fromkeys(("SyncResult", "sync_problems"), "sync"),
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from .base import CATALOGUE_CHECKS, CHECKS, ERROR, SEVERITIES, WARNING, Pair, Problem, make_problem, short_text
    from .compile import compile_problems, might_split_flags, split_fuzzy_problems
    from .consistency import ConsistencyIndex
    from .markup import HTML_INLINE
    from .policy import Policy, policy_problems
    from .registry import CATALOGUE_CHECKERS, PAIR_CHECKS, check_catalogue, check_entry
    from .sync import SyncResult, sync_problems


def __getattr__(name: str) -> Any:
    """Import the module defining `name` on first use (PEP 562)."""
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value
