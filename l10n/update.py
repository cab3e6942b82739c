"""Template + existing catalogue -> updated catalogue, as msgmerge does it.

- An entry whose msgid is unchanged keeps its translation, state and comments.
- A new msgid close to one that disappeared (a sentence was edited) gets the old
  translation, the fuzzy flag and the old msgid as `#| msgid` (state: needs work).
- A translated entry that disappeared becomes obsolete (`#~`), so nothing typed
  by a translator is lost; it comes back if the sentence comes back.
- Language and Plural-Forms are set from Babel's locale data.

Fuzzy matching uses msgmerge's threshold (similarity >= 0.6). Candidates are
found through a word index over the unmatched old entries only, so an update
that changes a few sentences of a big catalogue compares a few strings, not
all pairs.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import polib
from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from .catalog import (SOURCE_DIGEST_HEADER, SOURCE_HEADER, catalogue_text, entry_key, new_file, read_catalogue,
                      write_catalogue)
from .config import Project
from .errors import InputError
from .fileio import locked
from .states import State, has_translation, set_state

FUZZY_THRESHOLD = 0.6  # msgmerge's
MAX_CANDIDATES = 12
_WORD_RE = re.compile(r"\w+")
_COPIED_HEADERS = ("POT-Creation-Date", SOURCE_HEADER, SOURCE_DIGEST_HEADER)


@dataclass
class UpdateStats:
    kept: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0


def language_headers(lang: str) -> dict[str, str]:
    """Language and Plural-Forms for a language code, from Babel's CLDR data."""
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise InputError(f"unknown language code {lang!r}") from None
    return {"Language": str(locale), "Plural-Forms": get_plural(locale).plural_forms}


def update_catalogue(template: polib.POFile, old: polib.POFile | None, lang: str
                     ) -> tuple[polib.POFile, UpdateStats]:
    """Merge `template` into `old` (None: a new catalogue). `old` is not modified."""
    stats = UpdateStats()
    headers = language_headers(lang)
    if old is None:
        new = new_file({"Project-Id-Version": template.metadata.get("Project-Id-Version", ""),
                        "Language-Team": f"{Locale.parse(headers['Language']).english_name}"}, template=False)
        new.header = f"{Locale.parse(headers['Language']).english_name} translation of {template.metadata.get('Project-Id-Version', '')}."
    else:
        new = polib.POFile(wrapwidth=old.wrapwidth, encoding=old.encoding)
        new.header = old.header
        new.metadata = dict(old.metadata)
    for name in _COPIED_HEADERS:
        if name in template.metadata:
            new.metadata[name] = template.metadata[name]
    new.metadata.update(headers)

    old_live = {entry_key(e): e for e in (old or []) if not e.obsolete and e.msgid}
    old_obsolete = {entry_key(e): e for e in (old or []) if e.obsolete}
    used: set[int] = set()
    unmatched: list[tuple[int, polib.POEntry]] = []

    for entry in template:
        if entry.msgid == "":
            continue
        key = entry_key(entry)
        previous = old_live.get(key) or old_obsolete.get(key)
        merged = _from_template(entry)
        if previous is not None:
            used.add(id(previous))
            _take_translation(merged, previous)
            stats.kept += has_translation(merged)
            stats.untranslated += not has_translation(merged)
        else:
            unmatched.append((len(new), merged))
        new.append(merged)

    candidates = [e for e in old_live.values() if id(e) not in used and has_translation(e)]
    candidates += [e for e in old_obsolete.values() if id(e) not in used and has_translation(e)]
    matcher = _FuzzyMatcher(candidates)
    for _, merged in unmatched:
        previous = matcher.best_match(merged)
        if previous is None:
            stats.untranslated += 1
            continue
        used.add(id(previous))
        matcher.remove(previous)
        _take_translation(merged, previous)
        set_state(merged, State.NEEDS_WORK)
        merged.previous_msgctxt = previous.msgctxt
        merged.previous_msgid = previous.msgid
        merged.previous_msgid_plural = previous.msgid_plural
        stats.fuzzy += 1

    for previous in list(old_live.values()) + list(old_obsolete.values()):
        if id(previous) in used or not has_translation(previous):
            continue
        previous = _copy(previous)
        stats.obsolete += not previous.obsolete
        previous.obsolete = True
        previous.occurrences = []
        new.append(previous)
    return new, stats


def _from_template(entry: polib.POEntry) -> polib.POEntry:
    merged = polib.POEntry(
        msgctxt=entry.msgctxt, msgid=entry.msgid, msgid_plural=entry.msgid_plural,
        msgstr="", comment=entry.comment, occurrences=list(entry.occurrences),
        flags=[flag for flag in entry.flags if flag != "fuzzy"])
    if entry.msgid_plural:
        merged.msgstr_plural = {0: "", 1: ""}
    return merged


def _take_translation(merged: polib.POEntry, previous: polib.POEntry) -> None:
    """Carry over what the translator owns: the translation, the fuzzy flag, translator comments."""
    if merged.msgid_plural:
        if previous.msgstr_plural:
            merged.msgstr_plural = {int(k): v for k, v in previous.msgstr_plural.items()}
        elif previous.msgstr:
            merged.msgstr_plural = {0: previous.msgstr, 1: previous.msgstr}
    else:
        merged.msgstr = previous.msgstr or (previous.msgstr_plural or {}).get(0, "")
    merged.tcomment = previous.tcomment
    if "fuzzy" in previous.flags and has_translation(merged):
        merged.flags.insert(0, "fuzzy")
        merged.previous_msgctxt = previous.previous_msgctxt
        merged.previous_msgid = previous.previous_msgid
        merged.previous_msgid_plural = previous.previous_msgid_plural


def _copy(entry: polib.POEntry) -> polib.POEntry:
    copy = polib.POEntry(
        msgctxt=entry.msgctxt, msgid=entry.msgid, msgid_plural=entry.msgid_plural, msgstr=entry.msgstr,
        msgstr_plural=dict(entry.msgstr_plural), comment=entry.comment, tcomment=entry.tcomment,
        flags=list(entry.flags), occurrences=list(entry.occurrences), obsolete=entry.obsolete,
        previous_msgctxt=entry.previous_msgctxt, previous_msgid=entry.previous_msgid,
        previous_msgid_plural=entry.previous_msgid_plural)
    return copy


class _FuzzyMatcher:
    """Finds the most similar old msgid for a new one among the few that lost their match."""

    def __init__(self, entries: list[polib.POEntry]) -> None:
        self.by_word: dict[str, list[polib.POEntry]] = defaultdict(list)
        self.removed: set[int] = set()
        for entry in entries:
            for word in set(_words(entry.msgid)):
                self.by_word[word].append(entry)

    def remove(self, entry: polib.POEntry) -> None:
        self.removed.add(id(entry))

    def best_match(self, entry: polib.POEntry) -> polib.POEntry | None:
        shared: Counter[int] = Counter()
        by_id: dict[int, polib.POEntry] = {}
        for word in set(_words(entry.msgid)):
            for candidate in self.by_word.get(word, ()):
                if id(candidate) in self.removed or candidate.msgctxt != entry.msgctxt:
                    continue
                shared[id(candidate)] += 1
                by_id[id(candidate)] = candidate
        best, best_score = None, FUZZY_THRESHOLD
        for candidate_id, _ in shared.most_common(MAX_CANDIDATES):
            candidate = by_id[candidate_id]
            matcher = difflib.SequenceMatcher(None, entry.msgid, candidate.msgid, autojunk=False)
            if matcher.real_quick_ratio() < best_score or matcher.quick_ratio() < best_score:
                continue
            score = matcher.ratio()
            if score >= best_score:
                best, best_score = candidate, score
        return best


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text.lower())


@dataclass
class UpdateResult:
    domain: str
    path: Path
    stats: UpdateStats
    created: bool
    written: bool


def update_domain(project: Project, domain: str, lang: str) -> UpdateResult:
    """Create or merge `locales/<lang>/LC_MESSAGES/<domain>.po` from its template, under the catalogue lock."""
    template_path = project.template_path(domain)
    if not template_path.exists():
        raise InputError(f"no template for {domain!r}; run `l10n extract` first", template_path)
    template = read_catalogue(template_path)
    path = project.catalogue_path(lang, domain)
    with locked(path):
        old = read_catalogue(path) if path.exists() else None
        new, stats = update_catalogue(template, old, lang)
        written = old is None or catalogue_text(new) != catalogue_text(old)
        if written:
            write_catalogue(new, path)
    return UpdateResult(domain, path, stats, old is None, written)
