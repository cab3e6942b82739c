"""Source page -> template (`locales/<domain>.pot`).

One entry per distinct sentence, in document order. As xgettext does, a
sentence that occurs several times becomes one entry with several `#:`
references; each occurrence adds its extracted comment (block kind and
paragraph) once.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

import polib

from . import __version__
from .catalog import SOURCE_DIGEST_HEADER, SOURCE_HEADER, catalogue_bytes, header_field, new_file, write_catalogue
from .config import Project, SourcePage
from .errors import InputError
from .formats import Page, parse_file



@functools.cache
def generator() -> str:
    """`X-Generator` of templates: the version plus a fingerprint of the segmentation code, so that
    a template cut by other code (an upgrade, a local change) is rebuilt even if its page is not."""
    package = Path(__file__).parent
    code = sorted(package.glob("formats/*.py")) + [package / name for name in ("sentences.py", "sentence_rules.py",
                                                                               "patterns.py", "extract.py")]
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in code)).hexdigest()[:12]
    return f"l10n {__version__} ({digest})"


@dataclass
class ExtractResult:
    page: SourcePage
    path: Path
    entries: int | None  # None when the template was up to date and not even read
    segments: int | None
    written: bool  # False when the template was already up to date


def source_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_template(project: Project, page: SourcePage, parsed: Page | None = None,
                   digest: str | None = None) -> polib.POFile:
    """The template for one page, built in memory (nothing is written)."""
    parsed = parsed or parse_file(page.path, project.format_options(page))
    reference = project.reference(page.path)
    template = new_file({
        "Project-Id-Version": page.domain,
        SOURCE_HEADER: reference,
        SOURCE_DIGEST_HEADER: digest or source_digest(page.path),
        "X-Generator": generator(),
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
        for line in segment.comment.splitlines():  # each line once (a placeholder legend repeats)
            if line not in entry.comment.splitlines():
                entry.comment = f"{entry.comment}\n{line}" if entry.comment else line
    return template


def extract_page(project: Project, page: SourcePage) -> ExtractResult:
    """Write the template of one page unless it is up to date.

    A template made by this version of l10n from the same source bytes (its digest
    header) is up to date without parsing the page; a template whose content would
    differ only in its creation date is left alone, so unchanged pages never churn.
    """
    name = project.reference(page.path)
    if any((ord(char) < 32 and char != "\t") or ord(char) == 127 for char in name):
        # a `#:` reference is one line (a tab is isolated like a space): the template could not be read back
        raise InputError("the file name holds a line break or another control character, which a PO "
                         "reference cannot hold; rename the page", name)
    path = project.template_path(page.domain)
    digest = source_digest(page.path)
    if (path.exists() and header_field(path, "X-Generator") == generator()
            and header_field(path, SOURCE_DIGEST_HEADER) == digest):
        return ExtractResult(page, path, None, None, False)
    parsed = parse_file(page.path, project.format_options(page))
    template = build_template(project, page, parsed, digest)
    segments = sum(1 for _ in parsed.segments())
    if path.exists():
        new_date = template.metadata["POT-Creation-Date"]
        template.metadata["POT-Creation-Date"] = header_field(path, "POT-Creation-Date") or new_date
        if catalogue_bytes(template) == path.read_bytes():
            return ExtractResult(page, path, len(template), segments, False)
        template.metadata["POT-Creation-Date"] = new_date
    write_catalogue(template, path)
    return ExtractResult(page, path, len(template), segments, True)
