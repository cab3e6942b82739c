"""The one place the web UI calls `l10n.checks` (the checks CI runs); nothing is checked here."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polib

from l10n.checks import CATALOGUE_CHECKS, CHECKS, Policy, Problem, check_entry, policy_problems
from l10n.report import CatalogueReport
from l10n.config import Project
from l10n.errors import InputError
from l10n.glossary import Term
from l10n.stats import Counts

__all__ = ["CHECKS", "Problem", "blocking_count", "check_list", "entry_problems", "page_policy", "problem_json"]


def entry_problems(entry: polib.POEntry, *, glossary: Sequence[Term], plural_forms: str | None) -> list[Problem]:
    """`l10n.checks.check_entry` with the catalogue's Plural-Forms header."""
    return check_entry(entry, glossary=glossary, plural_forms=plural_forms)


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
