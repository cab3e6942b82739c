"""Publish policy (`min-complete`, `machine-heading`): what a page needs before it is published."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..states import State, state_of
from ..stats import Counts
from .base import Problem, make_problem

if TYPE_CHECKING:
    import polib


@dataclass(frozen=True)
class Policy:
    """What a page needs to be published: `[tool.l10n.policy]`, per page `[tool.l10n.policy.pages.<domain>]`."""

    min_complete: float = 0.0  # % translated (done) entries
    no_machine_in_headings: bool = False  # no heading may be an unreviewed machine translation
    no_blocking: bool = True  # blocking problems on done entries fail the page

    @classmethod
    def for_page(cls, settings: dict[str, Any], domain: str) -> Policy:
        table = settings.get("policy", {})
        if not isinstance(table, dict):
            raise InputError("[tool.l10n] policy must be a table")
        pages = table.get("pages", {})
        values = {key: value for key, value in table.items() if key != "pages"}
        page = pages.get(domain, {}) if isinstance(pages, dict) else {}
        if not isinstance(page, dict):
            raise InputError(f"[tool.l10n.policy.pages.{domain}] must be a table")
        values.update(page)
        fields: dict[str, type | tuple[type, ...]] = {"min_complete": (int, float), "no_machine_in_headings": bool,
                                                       "no_blocking": bool}
        for key, value in values.items():
            if key not in fields:
                raise InputError(f"unknown publish policy setting {key!r} (known: {', '.join(fields)})")
            if not isinstance(value, fields[key]) or (key == "min_complete" and isinstance(value, bool)):
                raise InputError(f"publish policy setting {key!r} has the wrong type: {value!r}")
        return cls(**values)


def policy_problems(po: polib.POFile | None, counts: Counts, policy: Policy) -> list[Problem]:
    """Where the catalogue breaks its page's publish policy (`po` None: the counts only)."""
    problems = []
    if counts.complete_percent < policy.min_complete:
        problems.append(make_problem("min-complete", None, f"{counts.complete_percent:.1f} % translated, the publish "
                                                       f"policy requires {policy.min_complete:g} %"))
    if policy.no_machine_in_headings and po is not None:
        for entry in po:
            if entry.obsolete or not entry.msgid or state_of(entry) is not State.MACHINE:
                continue
            if any(line.startswith("heading") for line in (entry.comment or "").splitlines()):
                problems.append(make_problem("machine-heading", entry, "heading is an unreviewed machine translation"))
    return problems
