"""Template + existing catalogue -> updated catalogue, with the marks `msgmerge --previous` writes.

- An entry whose msgid is unchanged keeps its translation, state and comments.
- A new msgid close to one that disappeared (a sentence was edited) gets the old
  translation, the fuzzy flag and the old msgid as `#| msgid` (state: needs work);
  an old entry that was already fuzzy passes on its own `#| msgid`; a singular
  msgid gets no `#| msgid_plural`.
- A translated entry that disappeared becomes obsolete (`#~`, keeping `#~|`), so
  nothing typed by a translator is lost; it comes back if the sentence comes back.
- The header is msgmerge's: the catalogue's own fields (its Plural-Forms, comments, fuzzy flag), the
  template's POT-Creation-Date and Report-Msgid-Bugs-To, gettext's standard fields first in their
  order; a new catalogue, or one without Language or Plural-Forms, gets them from Babel's locale data.
- An update with nothing to change gives back the old entries themselves (`unchanged`), and
  `update_domain` then writes nothing.

Fuzzy matching uses msgmerge's threshold (similarity >= 0.6). Candidates are
found through a word index over the unmatched old entries only, so an update
that changes a few sentences of a big catalogue compares a few strings, not
all pairs. The same inputs always give the same output (no hash-order ties).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polib

from .catalog import (SOURCE_DIGEST_HEADER, SOURCE_HEADER, entry_key, new_file, parse_catalogue,
                      read_catalogue, write_if_changed)
from .config import Project
from .errors import InputError
from .fileio import locked
from .pofile import fingerprint, header_fingerprint, is_plural, new_entry
from .potext import read_bytes
from .similarity import WordIndex
from .states import State, has_translation, set_state

FUZZY_THRESHOLD = 0.6  # msgmerge's
_COPIED_HEADERS = ("Report-Msgid-Bugs-To", "POT-Creation-Date", SOURCE_HEADER, SOURCE_DIGEST_HEADER)
# The header fields msgmerge writes first, in this order, whatever the catalogue's order was (message_merge
# in gettext's msgmerge.c); the others follow in their own order.
_HEADER_ORDER = ("Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date",
                 "Last-Translator", "Language-Team", "Language", "MIME-Version", "Content-Type",
                 "Content-Transfer-Encoding")


@dataclass
class UpdateStats:
    kept: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0


def language_headers(lang: str) -> dict[str, str]:
    """Language and Plural-Forms for a language code, from Babel's CLDR data.

    Raises InputError for a code Babel does not know.
    """
    from babel import Locale, UnknownLocaleError  # 20 ms to import: only new catalogues need it
    from babel.messages.plurals import get_plural

    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise InputError(f"unknown language code {lang!r}") from None
    return {"Language": str(locale), "Plural-Forms": get_plural(locale).plural_forms}


def _language_team(language: str) -> str:
    from babel import Locale

    return Locale.parse(language).english_name


def update_catalogue(template: polib.POFile, old: polib.POFile | None, lang: str
                     ) -> tuple[polib.POFile, UpdateStats]:
    """Merge `template` into `old` (None: a new catalogue).

    `old` is not modified; an old entry that the merge leaves as it was is taken over as
    the same object (so `unchanged(new, old)` tells an update with nothing to do).
    """
    stats = UpdateStats()
    if old is None:
        headers = language_headers(lang)
        project_name = template.metadata.get("Project-Id-Version", "")
        team = _language_team(headers["Language"])
        new = new_file({"Project-Id-Version": project_name, "Language-Team": team}, template=False)
        new.header = f"{team} translation of {project_name}."
    else:
        new = polib.POFile(wrapwidth=old.wrapwidth, encoding=old.encoding)
        new.header = old.header
        new.metadata = dict(old.metadata)
        new.metadata_is_fuzzy = old.metadata_is_fuzzy  # msgmerge keeps a fuzzy header fuzzy
        if hasattr(old, "header_entry"):  # its comments and flags, which polib's model has no place for
            new.header_entry = old.header_entry
        if _is_utf8(template.encoding) and "charset=UTF-8" not in old.metadata.get("Content-Type", ""):
            # msgmerge converts to the template's UTF-8, and then names it so (also a catalogue in "utf-8")
            new.encoding = "utf-8"
            new.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        # As msgmerge and pybabel: a catalogue keeps the Plural-Forms its translators chose.
        language = old.metadata.get("Language", "")
        has_own = language in (lang, lang.replace("-", "_")) and old.metadata.get("Plural-Forms")
        headers = {} if has_own else language_headers(lang)
    for name in _COPIED_HEADERS:
        if name in template.metadata:
            new.metadata[name] = template.metadata[name]
    new.metadata.update(headers)
    known = {name: new.metadata[name] for name in _HEADER_ORDER if name in new.metadata}
    new.metadata = {**known, **{name: value for name, value in new.metadata.items() if name not in known}}
    declared = re.search(r"nplurals\s*=\s*(\d+)", new.metadata.get("Plural-Forms", ""))
    nplurals = int(declared.group(1)) if declared else 2  # (a broken header is for `l10n check` to report)

    old_live = {entry_key(e): e for e in (old or []) if not e.obsolete and e.msgid}
    old_obsolete = {entry_key(e): e for e in (old or []) if e.obsolete}
    used: set[int] = set()
    unmatched: list[polib.POEntry] = []

    for entry in template:
        if entry.msgid == "":
            continue
        key = entry_key(entry)
        previous = old_live.get(key) or old_obsolete.get(key)
        merged = _from_template(entry, nplurals)
        if previous is not None:
            used.add(id(previous))
            _take_translation(merged, previous, nplurals)
            if _plural_key(merged) != _plural_key(previous) and has_translation(merged):
                # singular <-> plural, or another msgid_plural: msgmerge makes it fuzzy
                set_state(merged, State.NEEDS_WORK)
                _set_previous(merged, previous)
                stats.fuzzy += 1
            else:
                stats.kept += has_translation(merged)
                stats.untranslated += not has_translation(merged)
                if fingerprint(merged) == fingerprint(previous):
                    merged = previous  # as it was: the old object, which keeps the text it was read from
        else:
            unmatched.append(merged)
        new.append(merged)

    # Fuzzy matching, msgmerge-style. First among the translations that lost their sentence
    # (an edited sentence takes its own old translation, which then is not obsoleted); failing
    # that, among all old translations (an edited copy of boilerplate that still exists elsewhere).
    lost = WordIndex((e.msgid, e) for e in [*old_live.values(), *old_obsolete.values()]
                     if id(e) not in used and has_translation(e))
    everything: WordIndex[polib.POEntry] | None = None
    for merged in unmatched:
        previous = _best_match(lost, merged)
        if previous is not None:
            used.add(id(previous))
            lost.remove(previous)
        else:
            if everything is None:  # built only when needed: most updates never get here
                everything = WordIndex((e.msgid, e) for e in old_live.values() if has_translation(e))
            previous = _best_match(everything, merged)
        if previous is None:
            stats.untranslated += 1
            continue
        _take_translation(merged, previous, nplurals)
        set_state(merged, State.NEEDS_WORK)
        _set_previous(merged, previous)
        stats.fuzzy += 1

    for previous in list(old_live.values()) + list(old_obsolete.values()):
        if id(previous) in used or not has_translation(previous):
            continue
        blank = getattr(previous, "blank_comments", ())
        if not previous.obsolete or previous.occurrences or previous.comment or "#." in blank:
            # As msgmerge: an obsolete entry keeps no references nor extracted comments (`#.`),
            # made obsolete in a copy (`old` stays as it was).
            stats.obsolete += not previous.obsolete
            previous = _copy(previous)
            previous.obsolete = True
            previous.occurrences = []
            previous.comment = ""
            previous.blank_comments = tuple(kind for kind in blank if kind != "#.")
        new.append(previous)
    return new, stats


def _is_utf8(encoding: str | None) -> bool:
    return (encoding or "").lower().replace("-", "").replace("_", "") == "utf8"


def _from_template(entry: polib.POEntry, nplurals: int) -> polib.POEntry:
    merged = new_entry(
        msgctxt=entry.msgctxt, msgid=entry.msgid, msgid_plural=entry.msgid_plural,
        msgstr="", comment=entry.comment, occurrences=list(entry.occurrences),
        flags=[flag for flag in entry.flags if flag != "fuzzy"])
    if "#." in getattr(entry, "blank_comments", ()):
        merged.blank_comments = ("#.",)  # a lone `#.` line of the template, kept as msgmerge keeps it
    if is_plural(entry):
        merged.msgstr_plural = dict.fromkeys(range(nplurals), "")  # as many forms as the language has
        if not entry.msgid_plural:
            merged.empty_msgid_plural = True  # `msgid_plural ""` stays a plural entry, as in msgmerge
    return merged


def _plural_key(entry: polib.POEntry) -> tuple[bool, str]:
    """What msgmerge compares to tell a changed plural: plural or not, and msgid_plural."""
    return is_plural(entry), entry.msgid_plural


def _take_translation(merged: polib.POEntry, previous: polib.POEntry, nplurals: int) -> None:
    """Carry over what the translator owns: the translation, the fuzzy flag, translator comments."""
    if is_plural(merged):
        if previous.msgstr_plural:
            merged.msgstr_plural = {int(k): v for k, v in previous.msgstr_plural.items()}
        elif previous.msgstr:
            merged.msgstr_plural = dict.fromkeys(range(nplurals), previous.msgstr)
    else:
        merged.msgstr = previous.msgstr or (previous.msgstr_plural or {}).get(0, "")
    merged.tcomment = previous.tcomment
    if "#" in getattr(previous, "blank_comments", ()):  # a lone `#` line: the translator's, kept
        merged.blank_comments = ("#", *getattr(merged, "blank_comments", ()))  # in the reader's order
    if "fuzzy" in previous.flags and has_translation(merged):
        merged.flags.insert(0, "fuzzy")
        merged.previous_msgctxt = previous.previous_msgctxt
        merged.previous_msgid = previous.previous_msgid
        merged.previous_msgid_plural = previous.previous_msgid_plural
        if getattr(previous, "empty_previous_msgid_plural", False):
            merged.empty_previous_msgid_plural = True


def _set_previous(merged: polib.POEntry, previous: polib.POEntry) -> None:
    """`#|` marks: the msgid the translation was made for, as msgmerge --previous writes them.

    An old entry that was already fuzzy keeps its own `#|` msgid (its translation
    was made for that one); a singular msgid gets no `#| msgid_plural`.
    """
    if "fuzzy" in previous.flags:
        return  # `_take_translation` kept the `#|` marks of the old entry (none, if it had none)
    merged.previous_msgctxt = previous.msgctxt
    merged.previous_msgid = previous.msgid
    merged.previous_msgid_plural = previous.msgid_plural if is_plural(previous) else None
    if merged.previous_msgid_plural == "":
        merged.empty_previous_msgid_plural = True  # `msgid_plural ""` was a plural all the same


def _copy(entry: polib.POEntry) -> polib.POEntry:
    copy = polib.POEntry(
        msgctxt=entry.msgctxt, msgid=entry.msgid, msgid_plural=entry.msgid_plural, msgstr=entry.msgstr,
        msgstr_plural=dict(entry.msgstr_plural), comment=entry.comment, tcomment=entry.tcomment,
        flags=list(entry.flags), occurrences=list(entry.occurrences), obsolete=entry.obsolete,
        previous_msgctxt=entry.previous_msgctxt, previous_msgid=entry.previous_msgid,
        previous_msgid_plural=entry.previous_msgid_plural)
    # what polib's model has no place for
    for mark in ("empty_msgid_plural", "empty_previous_msgid_plural", "blank_comments"):
        if hasattr(entry, mark):
            setattr(copy, mark, getattr(entry, mark))
    return copy


def _best_match(index: WordIndex[polib.POEntry], entry: polib.POEntry) -> polib.POEntry | None:
    """The old entry (same msgctxt) whose msgid is most like this one's, if similar enough."""
    best = index.similar(entry.msgid, threshold=FUZZY_THRESHOLD)  # any msgctxt, as msgmerge
    return best[0][1] if best else None


@dataclass
class UpdateResult:
    domain: str
    path: Path
    stats: UpdateStats
    created: bool
    written: bool


def unchanged(new: polib.POFile, old: polib.POFile) -> bool:
    """True when `update_catalogue` gave back `old` as it was: same header, same entry objects in order."""
    return (len(new) == len(old) and header_fingerprint(new) == header_fingerprint(old)
            and all(merged is previous for merged, previous in zip(new, old)))


def update_domain(project: Project, domain: str, lang: str) -> UpdateResult:
    """Create or merge `locales/<lang>/LC_MESSAGES/<domain>.po` from its template.

    An update with nothing to change writes nothing and takes no lock (the file stays
    byte for byte as it is, whichever tool wrote it). Otherwise the catalogue is
    written under its lock, merged again if someone wrote it in the meantime.
    Errors: InputError (no template, a broken file, an unknown language code).
    """
    template_path = project.template_path(domain)
    if not template_path.exists():
        raise InputError(f"no template for {domain!r}; run `l10n extract` first", template_path)
    template = read_catalogue(template_path)
    path = project.catalogue_path(lang, domain)
    raw = _read_if_exists(path)
    old, new, stats = _merged(template, raw, path, lang)
    if old is not None and unchanged(new, old):
        return UpdateResult(domain, path, stats, False, False)
    with locked(path):
        now = _read_if_exists(path)
        if now != raw:  # written since it was read (the web UI, a second terminal): merge into that
            old, new, stats = _merged(template, now, path, lang)
            if old is not None and unchanged(new, old):
                return UpdateResult(domain, path, stats, False, False)
        written = write_if_changed(new, path)
    return UpdateResult(domain, path, stats, old is None, written)


def _read_if_exists(path: Path) -> bytes | None:
    return read_bytes(path) if path.exists() else None


def _merged(template: polib.POFile, raw: bytes | None, path: Path, lang: str
            ) -> tuple[polib.POFile | None, polib.POFile, UpdateStats]:
    """(old catalogue or None, merged catalogue, stats) for the catalogue file's bytes (None: no file yet)."""
    old = parse_catalogue(raw, path) if raw is not None else None
    return (old, *update_catalogue(template, old, lang))
