"""Catalogue + source page -> localised page (and the compiled .mo file).

Only entries that count as done (translated or approved: not fuzzy, not
empty) are used; everything else falls back to the English text, as gettext
does at run time. `min_complete` refuses a page that is less translated than
that percentage, like po4a's `--keep`.

Before a page is written it passes the structure gate (`structure.verify_page`):
a translation that would bring in markup, drop or repeat a placeholder, or
change the page's skeleton refuses the page (exit 1, one line per entry to
blame); nothing is written for it, and the output of an earlier export of the
page is removed (it would pass for this one's). A page with at least one translated segment
declares the target language (`<html lang="de">`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib

from .catalog import compile_mo, live_entries, read_catalogue
from .config import Project, SourcePage
from .errors import FailureError, InputError, L10nError
from .fileio import atomic_write
from .formats import Page, Segment, format_for, parse_file
from .states import state_of
from .structure import verify_page


@dataclass
class ExportResult:
    page: SourcePage
    path: Path
    mo_path: Path
    translated: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def translations(po: polib.POFile) -> dict[str, str]:
    """msgid -> msgstr for the entries that are done (no context: pages have none)."""
    return {entry.msgid: entry.msgstr for entry in live_entries(po)
            if entry.msgctxt is None and not entry.msgid_plural and state_of(entry).done}


def render_page(page: Page, done: dict[str, str], language: str | None = None) -> str:
    """The page with the done translations; with `language`, declaring it (see `Page.render`)."""
    def translate(segment: Segment) -> str | None:
        return done.get(segment.text)

    return page.render(translate, language)


def localised_text(project: Project, page: SourcePage, parsed: Page, done: dict[str, str], lang: str,
                   po_path: Path, po: polib.POFile) -> str:
    """The localised page as `l10n export` writes it: `done` translations (msgid -> msgstr), the
    target language declared, after the structure gate (`StructureError` when it refuses the page)."""
    verify_page(parsed, format_for(page.path), done, lang, po_path, po, project.reference(po_path),
                project.reference(page.path))
    return render_page(parsed, done, lang)


def export_page(project: Project, page: SourcePage, lang: str, out_dir: Path | None = None,
                min_complete: float | None = None) -> ExportResult:
    """Write `<out_dir>/<relative path>` and `<out_dir>/LC_MESSAGES/<domain>.mo`."""
    path = project.catalogue_path(lang, page.domain)
    if not path.exists():
        raise InputError(f"no {lang} catalogue for {page.domain!r}; run `l10n update --lang {lang}` first", path)
    po = read_catalogue(path)
    parsed = parse_file(page.path, project.format_options(page))
    done = translations(po)
    segments = {segment.text for segment in parsed.segments()}
    translated = len(segments & done.keys())
    out_dir = Path(out_dir) if out_dir else project.build_dir / lang
    result = ExportResult(page, out_dir / page.relative, out_dir / "LC_MESSAGES" / f"{page.domain}.mo",
                          translated, len(segments))
    try:
        if min_complete is not None and result.percent < min_complete:
            raise FailureError(f"{page.domain} is {result.percent:.1f}% translated into {lang}, below the "
                               f"required {min_complete:g}%; not exported", path)
        text = localised_text(project, page, parsed, done, lang, path, po)
    except L10nError:
        # A refused page leaves nothing behind: the output of an earlier export would look like this one's.
        for output in (result.path, result.mo_path):
            output.unlink(missing_ok=True)
        raise
    atomic_write(result.path, text, durable=False)  # rebuilt from the catalogue at will
    atomic_write(result.mo_path, compile_mo(po), durable=False)
    return result
