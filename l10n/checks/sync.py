"""Sync (`sync-source`, `sync-template`): is a catalogue in step with its source page and its template?"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .base import Problem, make_problem

if TYPE_CHECKING:
    import polib

    from ..config import Project


@dataclass
class SyncResult:
    status: str  # "ok", "out-of-date" or "unchecked"
    problems: list[Problem] = field(default_factory=list)
    note: str = ""  # why it was not checked


def sync_problems(path: Path, po: polib.POFile, language: str, project: Project) -> SyncResult:
    """Is the catalogue in step with its source page and its template?

    Out of date with the source: its `X-L10n-Source-SHA256` is not the source's
    digest (without that header: its msgids are not those of an in-memory
    `build_template`). Out of date with the template: its msgids differ from the
    template's (`l10n update` was not run). Checked only where the catalogue
    names its source (`X-L10n-Source`, relative to the project root or to a
    folder above the catalogue) or has its template in the standard layout
    (`locales/<domain>.pot` for `locales/<lang>/LC_MESSAGES/<domain>.po`).
    """
    from ..catalog import SOURCE_DIGEST_HEADER, SOURCE_HEADER, read_catalogue  # not needed by `--counts-only`
    from ..config import Project, SourcePage

    domain = path.stem
    fix_update = f"l10n update --lang {language} --domain {domain}"
    fix_both = f"l10n extract --domain {domain} && {fix_update}"
    template_path = _template_path(path)
    template = read_catalogue(template_path) if template_path is not None else None

    reference = po.metadata.get(SOURCE_HEADER, "")
    root = _source_root(path, reference, project) if reference else None
    if root is None and template is None:  # a catalogue from elsewhere (a program's): nothing to compare
        why = f"source {reference} not found" if reference else "no X-L10n-Source header and no template"
        return SyncResult("unchecked", note=why)
    keys = _live_keys(po)
    if root is not None:
        from ..extract import build_template, source_digest  # (hashing and the formats: page catalogues only)

        source = root / reference
        digest, current = po.metadata.get(SOURCE_DIGEST_HEADER), source_digest(source)
        if digest != current:
            page = SourcePage(source, Path(source.name), domain)
            fresh = _live_keys(build_template(project if root == project.root else Project(root), page))
            added, removed = len(fresh - keys), len(keys - fresh)
            if digest is not None or added or removed:  # without the digest, only changed msgids tell
                change = f"{added} new, {removed} removed or changed sentences" if added or removed \
                    else "no sentence changed"
                if template is not None and template.metadata.get(SOURCE_DIGEST_HEADER) == current:
                    detail = f"out of date with {reference} ({change}); its template is not: run `{fix_update}`"
                    return SyncResult("out-of-date", [make_problem("sync-template", None, detail)])
                detail = f"out of date with {reference} ({change}): run `{fix_both}`"
                return SyncResult("out-of-date", [make_problem("sync-source", None, detail)])
    if template is not None and template_path is not None:
        expected = _live_keys(template)
        if expected != keys:
            detail = (f"differs from its template {template_path.name} ({len(expected - keys)} entries "
                      f"missing, {len(keys - expected)} not in the template): run `{fix_update}`")
            return SyncResult("out-of-date", [make_problem("sync-template", None, detail)])
    return SyncResult("ok")


def _live_keys(po: polib.POFile) -> set[tuple[str | None, str]]:
    return {(entry.msgctxt, entry.msgid) for entry in po if not entry.obsolete and (entry.msgid or entry.msgctxt)}


def _template_path(path: Path) -> Path | None:
    """locales/<lang>/LC_MESSAGES/<domain>.po -> locales/<domain>.pot, if it exists."""
    if path.parent.name != "LC_MESSAGES" or len(path.parents) < 3:
        return None
    candidate = path.parents[2] / f"{path.stem}.pot"
    return candidate if candidate.is_file() else None


def _source_root(path: Path, reference: str, project: Project) -> Path | None:
    """The folder `reference` (relative to a project root) is found in: the project's, else one above `path`."""
    for root in (project.root, *path.resolve().parents):
        if (root / reference).is_file():
            return root
    return None
