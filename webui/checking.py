"""The one place the web UI calls `l10n.checks` (the checks CI runs); nothing is checked here."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polib

from l10n.checks import CATALOGUE_CHECKS, CHECKS, Policy, Problem, check_entry, compile_problems, policy_problems
from l10n.report import CatalogueReport
from l10n.config import Project
from l10n.errors import InputError
from l10n.glossary import Term
from l10n.stats import Counts

__all__ = ["CHECKS", "Problem", "blocking_count", "check_list", "entry_problems", "msgfmt_refusals", "page_policy",
           "problem_json"]

# Entry checks whose failure makes `msgfmt -c` reject the catalogue. msgfmt compares format directives only
# for entries carrying the format's flag (the check without the flag is l10n's own guess from the msgid).
# "newlines" is refused whole: msgfmt rejects a leading/trailing line break that differs; a changed number
# of line breaks inside is `l10n check`'s error too (it breaks the page's text layout).
MSGFMT_FORMAT_FLAGS = {"printf-format": "c-format", "python-format": "python-format",
                       "brace-format": "python-brace-format"}
MSGFMT_CHECKS = ("newlines",)


def entry_problems(entry: polib.POEntry, *, glossary: Sequence[Term], plural_forms: str | None) -> list[Problem]:
    """`l10n.checks.check_entry` with the catalogue's Plural-Forms header."""
    return check_entry(entry, glossary=glossary, plural_forms=plural_forms)


def msgfmt_refusals(entry: polib.POEntry, problems: Sequence[Problem], plural_forms: str | None) -> list[str]:
    """Why `msgfmt -c` would reject a catalogue holding `entry` as it is (empty: it would not).

    `problems` are the entry's `entry_problems`; the catalogue-level rules are
    `l10n.checks.compile_problems` run on a catalogue of this one entry (with the
    catalogue's Plural-Forms), which also catches text no .mo file can encode.
    """
    reasons = [problem.detail or problem.message for problem in problems
               if problem.check in MSGFMT_CHECKS or MSGFMT_FORMAT_FLAGS.get(problem.check) in entry.flags]
    alone = polib.POFile()
    alone.metadata = {"Content-Type": "text/plain; charset=UTF-8", **({"Plural-Forms": plural_forms}
                                                                      if plural_forms else {})}
    alone.append(entry)
    reasons += [problem.detail or problem.message for problem in compile_problems(alone)]
    return reasons


def problem_json(problem: Problem) -> dict[str, str]:
    """A problem as the editor shows it beside its entry (the message without the entry's name)."""
    return {"check": problem.check, "severity": problem.severity, "message": problem.detail or problem.message}


def page_policy(project: Project, domain: str) -> Policy:
    """The page's publish policy from the project settings (defaults if the settings are broken:
    `l10n check` reports that)."""
    try:
        return Policy.for_page(project.settings, domain)
    except InputError:
        return Policy()


def blocking_count(path: Path, language: str, domain: str, counts: Counts, problems: list[Problem],
                   po: polib.POFile, policy: Policy) -> int:
    """How many problems fail `l10n check` for this catalogue, decided by `CatalogueReport.fails`
    (entry checks and the publish policy; the source/template sync checks are left to `l10n check`)."""
    found = problems + policy_problems(po, counts, policy)
    report = CatalogueReport(path, domain, language, domain, counts, found, policy)
    return len(report.failing)


def check_list() -> list[dict[str, str]]:
    """The entry check ids with severity and description, for the editor's filter."""
    return [{"id": ident, "severity": severity, "description": description}
            for ident, (severity, description) in CHECKS.items() if ident not in CATALOGUE_CHECKS]
