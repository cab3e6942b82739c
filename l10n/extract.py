"""Source page -> template (`locales/<domain>.pot`).

One entry per distinct sentence, in document order. As xgettext does, a
sentence that occurs several times becomes one entry with several `#:`
references; each occurrence adds its extracted comment (block kind and
paragraph) once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import polib

from .catalog import SOURCE_DIGEST_HEADER, SOURCE_HEADER, catalogue_text, new_file, read_catalogue, write_catalogue
from .config import Project, SourcePage
from .formats import Page, parse_file


@dataclass
class ExtractResult:
    page: SourcePage
    path: Path
    entries: int
    segments: int
    written: bool  # False when the template was already up to date


def source_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_template(project: Project, page: SourcePage, parsed: Page | None = None) -> polib.POFile:
    """The template for one page, built in memory (nothing is written)."""
    parsed = parsed or parse_file(page.path)
    reference = project.reference(page.path)
    template = new_file({
        "Project-Id-Version": page.domain,
        SOURCE_HEADER: reference,
        SOURCE_DIGEST_HEADER: source_digest(page.path),
    }, template=True)
    entries: dict[str, polib.POEntry] = {}
    for segment in parsed.segments():
        entry = entries.get(segment.text)
        if entry is None:
            entry = polib.POEntry(msgid=segment.text, msgstr="", occurrences=[], comment="")
            entries[segment.text] = entry
            template.append(entry)
        occurrence = (reference, str(segment.line))
        if occurrence not in entry.occurrences:
            entry.occurrences.append(occurrence)
        if segment.comment not in entry.comment.splitlines():
            entry.comment = f"{entry.comment}\n{segment.comment}" if entry.comment else segment.comment
    return template


def extract_page(project: Project, page: SourcePage) -> ExtractResult:
    """Write the template of one page, unless its content is unchanged (keeps the creation date)."""
    parsed = parse_file(page.path)
    template = build_template(project, page, parsed)
    path = project.template_path(page.domain)
    written = True
    if path.exists():
        written = not _same_content(read_catalogue(path), template)
    if written:
        write_catalogue(template, path)
    segments = sum(1 for _ in parsed.segments())
    return ExtractResult(page, path, len(template), segments, written)


def _same_content(old: polib.POFile, new: polib.POFile) -> bool:
    """True when the templates differ at most in their creation date."""
    new_date = new.metadata["POT-Creation-Date"]
    new.metadata["POT-Creation-Date"] = old.metadata.get("POT-Creation-Date", "")
    same = catalogue_text(old) == catalogue_text(new)
    new.metadata["POT-Creation-Date"] = new_date
    return same
