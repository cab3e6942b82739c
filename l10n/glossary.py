"""The project glossary: preferred translations and do-not-translate terms.

A CSV file (default `glossary.csv` in the project root, setting `glossary`) whose
header names the languages: the first column is the source term, the column named
by a language code holds its translation, `note` is free text for translators:

    en,de,note
    IOM,,organisation name: keep
    United Nations,Vereinte Nationen,
    Member States,Mitgliedstaaten,of the EU or the UN

An empty translation (or one equal to the source) means "do not translate": the
term is protected from the machine translator and must appear unchanged.
Blank lines and lines starting with `#` are ignored.

Matching (`find_terms`) is by whole words; all-caps acronyms (IOM, EU) match
case-sensitively (so "eu" or "Iom" do not), everything else case-insensitively.
Used by pretranslation (protection, summary), the checks and the web UI.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

NOTE_COLUMN = "note"
# German inflects nouns and adjectives: "die Vereinte Nationen" -> "der Vereinten Nationen",
# "Mitgliedstaaten" -> "Mitgliedstaates". A preferred target word may carry one of these endings.
_TARGET_ENDINGS = r"(?:e|en|er|es|em|n|s|ns)?"


@dataclass(frozen=True)
class Term:
    source: str
    target: str
    note: str = ""

    @property
    def keep(self) -> bool:
        """Do not translate: the target is empty or the same as the source."""
        return not self.target or self.target == self.source

    @property
    def expected(self) -> str:
        """What a translation must contain for this term."""
        return self.source if self.keep else self.target


def load_glossary(path: Path, lang: str = "de") -> list[Term]:
    """The terms of the CSV glossary at `path` for target language `lang`; a missing file gives []."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")  # spreadsheet programs add a BOM
    except FileNotFoundError:
        return []
    except UnicodeDecodeError as error:
        raise InputError(f"glossary is not valid UTF-8 (byte 0x{error.object[error.start]:02x})", path,
                         error.object.count(b"\n", 0, error.start) + 1) from None
    except OSError as error:
        raise InputError(f"cannot read glossary: {error.strerror}", path) from None

    reader = csv.reader(text.splitlines(keepends=True))
    header: list[str] | None = None
    terms: list[Term] = []
    seen: dict[str, int] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
                continue
            if header is None:
                header = [cell.strip().lower() for cell in row]
                if lang.lower() not in header[1:]:
                    raise InputError(f"glossary header {','.join(row)!r} has no column for language {lang!r} "
                                     f"(expected e.g. 'en,{lang},note')", path, line)
                target_col = header.index(lang.lower(), 1)
                note_col = header.index(NOTE_COLUMN) if NOTE_COLUMN in header else None
                continue
            if len(row) > len(header):
                raise InputError(f"glossary row has {len(row)} fields, the header {len(header)} "
                                 "(quote a field that contains a comma)", path, line)
            if len(row) <= target_col:
                raise InputError(f"glossary row has no {lang!r} field (write 'TERM,' for do-not-translate)",
                                 path, line)
            source = " ".join(row[0].split())
            if not source:
                raise InputError("glossary row has an empty source term", path, line)
            key = source if source.isupper() else source.lower()
            if key in seen:
                raise InputError(f"glossary term {source!r} is defined twice (first on line {seen[key]})",
                                 path, line)
            seen[key] = line
            note = row[note_col].strip() if note_col is not None and note_col < len(row) else ""
            terms.append(Term(source, " ".join(row[target_col].split()), note))
    except csv.Error as error:
        raise InputError(f"malformed glossary CSV: {error}", path, reader.line_num) from None
    return terms


def find_terms(text: str, terms: Iterable[Term]) -> list[tuple[Term, int, int]]:
    """The glossary terms occurring in `text` as (term, start, end), non-overlapping, in text order.

    At one position the longest term wins ("United Nations System" before "United Nations").
    """
    pattern, by_group = _source_pattern(tuple(terms))
    if pattern is None:
        return []
    return [(by_group[match.lastindex], match.start(), match.end())  # type: ignore[index]
            for match in pattern.finditer(text)]


def missing_terms(source: str, translation: str, terms: Iterable[Term]) -> list[Term]:
    """Glossary terms of `source` whose expected rendering is not in `translation`.

    A term to keep must appear as written (acronyms) or in any case; a preferred
    translation must appear as a whole word, allowing German inflection endings.
    Each term counts as often as it occurs in the source.
    """
    missing = []
    found = find_terms(source, terms)
    for term in dict.fromkeys(term for term, _, _ in found):
        wanted = sum(1 for other, _, _ in found if other == term)
        present = len(_target_pattern(term).findall(translation))
        missing.extend([term] * max(0, wanted - present))
    return missing


def _is_acronym(word: str) -> bool:
    return word.isupper()


def _words_pattern(phrase: str, ending: str = "") -> str:
    """Whole words of `phrase`, any whitespace between them, optionally an ending after each word."""
    return r"\s+".join(re.escape(word) + (ending if word[-1:].isalpha() else "") for word in phrase.split())


@functools.lru_cache(maxsize=32)
def _source_pattern(terms: tuple[Term, ...]) -> tuple[re.Pattern[str] | None, dict[int, Term]]:
    # One alternation for all terms, longest first; one group per term tells which matched.
    ordered = sorted(terms, key=lambda term: len(term.source), reverse=True)
    parts, by_group = [], {}
    for group, term in enumerate(ordered, 1):
        body = _words_pattern(term.source)
        parts.append(f"({body})" if _is_acronym(term.source) else f"((?i:{body}))")
        by_group[group] = term
    if not parts:
        return None, {}
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)"), by_group


@functools.lru_cache(maxsize=1024)
def _target_pattern(term: Term) -> re.Pattern[str]:
    expected = term.expected
    if _is_acronym(expected):
        return re.compile(r"(?<!\w)" + _words_pattern(expected) + r"(?!\w)")
    ending = "" if term.keep else _TARGET_ENDINGS
    return re.compile(r"(?<!\w)" + _words_pattern(expected, ending) + r"(?!\w)", re.IGNORECASE)


def keep_terms(terms: Sequence[Term]) -> list[Term]:
    """The do-not-translate terms."""
    return [term for term in terms if term.keep]
