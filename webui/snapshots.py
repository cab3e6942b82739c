"""Reading the catalogues for the web UI: lookup, cached snapshots of immutable entry views, listing.

Nothing here parses PO files, decides states or checks translations: that is
`l10n.catalog`, `l10n.states` and `l10n.checks`. This module adds what a
server with many concurrent readers needs on top:

- Catalogue names are looked up in the project's own list
  (`project.catalogues(lang)`), never joined into a path.
- Parsing a 10,000-entry catalogue takes about a second, so each catalogue is
  parsed once and kept as a *snapshot* (immutable entry views with their
  checks, glossary terms and JSON) keyed by the file's identity (inode,
  mtime in ns, size). A file written by someone else (CLI, pretranslation,
  a text editor) gets a new identity and is read again on the next request.

Writing is `webui.edits`; it hands its new snapshot back through `keep`.
"""

from __future__ import annotations

import functools
import json
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polib

from l10n.catalog import entry_id, entry_version, live_entries, read_catalogue
from l10n.checks import Policy
from l10n.config import Project, SourcePage
from l10n.errors import InputError, L10nError
from l10n.formats import Page, Segment, parse_file
from l10n.glossary import Term, find_terms, load_glossary
from l10n.stats import Counts
from l10n.states import STATE_ORDER, State, confidence, machine_info, read_marks, state_of

from .checking import Problem, blocking_count, entry_problems, page_policy, problem_json

CONTEXT_SENTENCES = 3  # neighbouring sentences shown on each side of an entry
MAX_CACHED_CHECKS = 500_000  # check results kept by entry version (a long-running server forgets old ones)

Stamp = tuple[int, int, int]  # (inode, mtime_ns, size): changes with every atomic replace


class NotFound(L10nError):
    """An unknown catalogue or entry (HTTP 404)."""


def file_stamp(path: Path) -> Stamp | None:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


# -- views -------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class EntryView:
    """What the UI shows of one entry; never changed once built (a change builds a new view)."""

    data: dict[str, Any]  # the API's JSON object
    json: str  # `data` encoded once: listing 10,000 entries joins strings instead of encoding dicts
    search: str  # msgid + msgstr, case-folded, for the text filter
    marks: dict[str, Any]  # machine provenance and approver, to restore them on revert
    problems: tuple[Problem, ...]  # from l10n.checks, for the blocking count
    key: tuple[Any, ...]  # everything the view was built from (see Catalogues.view)

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def state(self) -> State:
        return State(self.data["state"])

    def __getitem__(self, key: str) -> Any:
        return self.data[key]


@dataclass(frozen=True)
class Snapshot:
    """One catalogue at one file identity: its live entries in document order."""

    language: str
    domain: str
    path: Path
    stamp: Stamp
    glossary_stamp: Stamp | None
    po: polib.POFile  # only touched under `po_lock` (writers change it in place)
    po_lock: threading.RLock
    views: list[EntryView]
    by_id: dict[str, EntryView]
    entries: dict[str, polib.POEntry]  # entry id -> entry of `po` (ids never change: msgids do not)
    plural_forms: str | None  # the Plural-Forms header, for the plural checks
    policy: Policy  # the page's publish policy, for the blocking count

    @functools.cached_property
    def counts(self) -> Counts:
        """`l10n.stats` counts, from the views' states (the catalogue is not walked again)."""
        counts = Counts()
        for view in self.views:
            counts.add_state(view.state)
        return counts

    @functools.cached_property
    def blocking(self) -> int:
        """Problems that fail `l10n check` (entry checks on done entries, publish policy)."""
        problems = [problem for view in self.views for problem in view.problems]
        with self.po_lock:
            return blocking_count(self.path, self.language, self.domain, self.counts, problems, self.po,
                                  self.policy)

    def summary(self) -> dict[str, Any]:
        counts = self.counts
        return {"language": self.language, "domain": self.domain, "total": counts.total,
                "counts": {state.value: counts.by_state[state] for state in STATE_ORDER},
                "done_percent": round(counts.complete_percent, 1), "blocking": self.blocking}


@dataclass(frozen=True)
class Inputs:
    """What an entry's view depends on besides the entry itself."""

    terms: list[Term]
    glossary_stamp: Stamp | None
    source_stamp: Stamp | None
    context: dict[str, dict[str, Any]]
    plural_forms: str | None


@dataclass
class _SourceInfo:
    stamp: Stamp | None
    page: Page | None
    context: dict[str, dict[str, Any]]  # msgid -> {kind, before, after}



# -- the catalogues ---------------------------------------------------------------------------------

class Catalogues:
    """The project's catalogues for reading: lookup, glossary, source context, cached snapshots, listing."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._guard = threading.Lock()
        self._snapshots: dict[Path, Snapshot] = {}
        self._po_locks: dict[Path, threading.RLock] = {}
        self._sources: dict[str, _SourceInfo] = {}
        self._glossaries: dict[str, tuple[Stamp | None, list[Term]]] = {}
        self._views: dict[Path, dict[tuple[Any, ...], EntryView]] = {}  # per catalogue: view by what it is built from
        self._checked: dict[tuple[str, str, int], tuple[Problem, ...]] = {}  # (id, version, glossary) -> problems
        self._terms_cache: dict[tuple[str, int], list[dict[str, Any]]] = {}  # (msgid, glossary) -> source parts

    # -- lookup ------------------------------------------------------------------------------

    def catalogues(self) -> list[tuple[str, str, Path]]:
        """(language, domain, path) of every existing catalogue of the project's languages."""
        return [(lang, domain, path) for lang in self.project.languages
                for domain, path in self.project.catalogues(lang)]

    def path(self, lang: str, domain: str) -> Path:
        """The catalogue's path from the project's own list: request data never becomes a path."""
        if lang in self.project.languages:
            for known, path in self.project.catalogues(lang):
                if known == domain:
                    return path
        raise NotFound(f"no catalogue {lang}/{domain}")

    def source_page(self, domain: str) -> SourcePage | None:
        return next((page for page in self.project.sources() if page.domain == domain), None)

    def lock_for(self, table: dict[Path, Any], path: Path, factory: type) -> Any:
        with self._guard:
            lock = table.get(path)
            if lock is None:
                lock = table[path] = factory()
            return lock

    def po_lock(self, path: Path) -> threading.RLock:
        return self.lock_for(self._po_locks, path, threading.RLock)

    # -- glossary and source context -----------------------------------------------------------

    def glossary(self, lang: str) -> tuple[Stamp | None, list[Term]]:
        """The glossary terms for `lang`, re-read when the file changes (a broken file gives none)."""
        path = self.project.glossary_path
        stamp = file_stamp(path)
        cached = self._glossaries.get(lang)
        if cached is not None and cached[0] == stamp:
            return cached
        try:
            terms = load_glossary(path, lang) if stamp else []
        except InputError:
            terms = []  # the CLI's `check` reports a broken glossary; the UI keeps working without it
        self._glossaries[lang] = (stamp, terms)
        return stamp, terms

    def source(self, domain: str) -> _SourceInfo:
        """The parsed source page of `domain` and each sentence's neighbours in its paragraph."""
        page = self.source_page(domain)
        stamp = file_stamp(page.path) if page else None
        cached = self._sources.get(domain)
        if cached is not None and cached.stamp == stamp:
            return cached
        parsed, context = None, {}
        if page is not None:
            try:
                parsed = parse_file(page.path, self.project.format_options(page))  # cut as extract cuts it
            except L10nError:
                parsed = None  # no context rather than no editor
        if parsed is not None:
            blocks: dict[int, list[Segment]] = {}
            for segment in parsed.segments():
                blocks.setdefault(segment.block, []).append(segment)
            for segments in blocks.values():
                for number, segment in enumerate(segments):
                    context.setdefault(segment.text, {
                        "kind": segment.kind,
                        "before": [s.text for s in segments[max(0, number - CONTEXT_SENTENCES):number]],
                        "after": [s.text for s in segments[number + 1:number + 1 + CONTEXT_SENTENCES]],
                    })
        info = _SourceInfo(stamp, parsed, context)
        self._sources[domain] = info
        return info

    # -- snapshots -----------------------------------------------------------------------------

    def snapshot(self, lang: str, domain: str) -> Snapshot:
        """The catalogue's current views; parsed again only when the file (or the glossary) changed.

        Rebuilding holds the catalogue's `po_lock`, as writing does, so one thread parses at a time.
        While another thread holds it (this process is writing the catalogue, or reading it again
        after someone else wrote it), readers get the snapshot they would have got a moment earlier
        instead of waiting a second for a big file: listing stays fast, and nothing is lost by it,
        since every save is checked against the file's current version.
        """
        path = self.path(lang, domain)
        glossary_stamp, _ = self.glossary(lang)
        snap = self._snapshots.get(path)
        if snap is not None and snap.stamp == file_stamp(path) and snap.glossary_stamp == glossary_stamp:
            return snap
        lock = self.po_lock(path)
        if snap is not None and not lock.acquire(blocking=False):
            return snap  # being written or re-read right now: the previous snapshot, not a wait
        if snap is None:
            lock.acquire()  # nothing to show yet: wait for it
        try:
            snap = self._snapshots.get(path)
            stamp = file_stamp(path)  # before reading: the content read is this one or newer, never older
            if snap is not None and snap.stamp == stamp and snap.glossary_stamp == glossary_stamp:
                return snap
            if stamp is None:
                raise NotFound(f"no catalogue {lang}/{domain}")
            po = snap.po if snap is not None and snap.stamp == stamp else read_catalogue(path)
            snap = self.build(lang, domain, path, stamp, po)
            self._snapshots[path] = snap
            return snap
        finally:
            lock.release()

    def inputs(self, lang: str, domain: str, plural_forms: str | None) -> Inputs:
        glossary_stamp, terms = self.glossary(lang)
        source = self.source(domain)
        return Inputs(terms, glossary_stamp, source.stamp, source.context, plural_forms)

    def build(self, lang: str, domain: str, path: Path, stamp: Stamp, po: polib.POFile) -> Snapshot:
        """A snapshot of a freshly read catalogue; views of unchanged entries are reused."""
        inputs = self.inputs(lang, domain, po.metadata.get("Plural-Forms"))
        known = self._views.get(path, {})
        entries = live_entries(po)
        views = [self.view(entry, index, inputs, known) for index, entry in enumerate(entries, 1)]
        self._views[path] = {view.key: view for view in views}  # forget the views of older versions
        return Snapshot(lang, domain, path, stamp, inputs.glossary_stamp, po, self.po_lock(path), views,
                        {v.id: v for v in views}, {v.id: e for v, e in zip(views, entries)}, inputs.plural_forms,
                        page_policy(self.project, domain))

    def view(self, entry: polib.POEntry, index: int, inputs: Inputs,
              known: dict[tuple[Any, ...], EntryView]) -> EntryView:
        """The entry's view: from `known` if nothing it is built from changed, else built (and added)."""
        ident, version = entry_id(entry), entry_version(entry)
        key = (ident, version, index, entry.comment, tuple(entry.occurrences), getattr(entry, "previous_msgid", None),
               inputs.glossary_stamp, inputs.source_stamp, inputs.plural_forms)
        view = known.get(key)
        if view is not None:  # after someone else rewrote a big catalogue, most entries are as they were
            return view
        check_key = (ident, version, hash((inputs.glossary_stamp, inputs.plural_forms)))
        problems = self._checked.get(check_key)
        if problems is None:
            if len(self._checked) > MAX_CACHED_CHECKS:
                self._checked.clear()
            problems = tuple(entry_problems(entry, glossary=inputs.terms, plural_forms=inputs.plural_forms))
            self._checked[check_key] = problems
        terms, context = inputs.terms, inputs.context
        glossary_key = hash(inputs.glossary_stamp)
        state = state_of(entry)
        machine = machine_info(entry)
        approved = read_marks(entry).get("approved")
        data = {
            "id": ident, "index": index, "msgid": entry.msgid, "msgctxt": entry.msgctxt,
            "msgid_plural": entry.msgid_plural or None, "msgstr": entry.msgstr,
            "msgstr_plural": ({str(k): v for k, v in sorted(entry.msgstr_plural.items(), key=lambda kv: int(kv[0]))}
                              if entry.msgid_plural else None),
            "state": state.value, "version": version, "problems": [problem_json(p) for p in problems],
            "confidence": confidence(entry), "machine": machine,
            "approved_by": (approved or {}).get("by") if state is State.APPROVED else None,
            "comment": entry.comment or "", "references": [f"{path}:{line}" if line else path
                                                           for path, line in entry.occurrences],
            "flags": [flag for flag in entry.flags if flag != "fuzzy"],
            "previous_msgid": getattr(entry, "previous_msgid", None),
            "context": context.get(entry.msgid, {"kind": None, "before": [], "after": []}),
            "source_parts": self._source_parts(entry.msgid, terms, glossary_key),
        }
        marks = {"machine": machine, "by": (approved or {}).get("by")}
        view = EntryView(data, json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                         f"{entry.msgid}\n{entry.msgstr}".casefold(), marks, problems, key)
        known[key] = view
        return view

    def _source_parts(self, msgid: str, terms: list[Term], glossary_key: int) -> list[dict[str, Any]] | None:
        """The source text cut at glossary terms, so the browser shows terms without offsets or HTML
        (None without terms: the msgid is the only part, and big lists stay smaller)."""
        cached = self._terms_cache.get((msgid, glossary_key))
        if cached is not None:
            return cached or None
        parts: list[dict[str, Any]] = []
        position = 0
        for term, start, end in find_terms(msgid, terms) if terms else ():
            if start > position:
                parts.append({"text": msgid[position:start]})
            parts.append({"text": msgid[start:end], "term": {"target": term.target, "note": term.note,
                                                              "keep": term.keep}})
            position = end
        if position < len(msgid) and parts:
            parts.append({"text": msgid[position:]})
        if len(self._terms_cache) > MAX_CACHED_CHECKS:
            self._terms_cache.clear()
        self._terms_cache[(msgid, glossary_key)] = parts
        return parts or None

    # -- for the writer (webui.edits) ---------------------------------------------------------------

    def cached(self, path: Path) -> Snapshot | None:
        """The snapshot last kept for `path`, whatever the file holds now."""
        return self._snapshots.get(path)

    def keep(self, snap: Snapshot) -> None:
        """Make `snap` the current snapshot of its catalogue (after this process wrote the file)."""
        self._snapshots[snap.path] = snap

    def forget(self, path: Path) -> None:
        """Drop the snapshot of `path`: the next reader parses the file again."""
        self._snapshots.pop(path, None)

    def known_views(self, path: Path) -> dict[tuple[Any, ...], EntryView]:
        """The views built for `path` by what they were built from (reused when nothing changed)."""
        return self._views.setdefault(path, {})

    def trim_views(self, path: Path, views: list[EntryView]) -> None:
        """Keep only `views` in the view cache of `path` when it grew far past them."""
        known = self._views.get(path, {})
        if len(known) > 2 * len(views) + 1000:
            self._views[path] = {view.key: view for view in views}

    # -- listing ---------------------------------------------------------------------------------

    def entries(self, lang: str, domain: str, *, states: Iterable[State] = (), text: str = "",
                check: str = "", sort: str = "") -> tuple[Snapshot, list[EntryView]]:
        """The entries in document order (or least MT confidence first), filtered."""
        snap = self.snapshot(lang, domain)
        views: Iterable[EntryView] = snap.views
        wanted = {state.value for state in states}
        if wanted:
            views = (v for v in views if v.data["state"] in wanted)
        if text:
            needle = text.casefold()
            views = (v for v in views if needle in v.search)
        if check:
            views = (v for v in views if any(_problem_matches(p, check) for p in v.data["problems"]))
        result = list(views)
        if sort == "confidence":  # least confident first; entries without a machine score after them
            result.sort(key=lambda v: (v.data["confidence"] is None, v.data["confidence"] or 0.0))
        return snap, result

    def entry(self, lang: str, domain: str, ident: str) -> EntryView:
        view = self.snapshot(lang, domain).by_id.get(ident)
        if view is None:
            raise NotFound(f"no entry {ident} in {lang}/{domain}")
        return view

    def check_text(self, lang: str, domain: str, ident: str, msgstr: str) -> list[dict[str, Any]]:
        """The problems `msgstr` would have if saved as the translation of entry `ident` (as typed)."""
        snap = self.snapshot(lang, domain)
        view = snap.by_id.get(ident)
        if view is None:
            raise NotFound(f"no entry {ident} in {lang}/{domain}")
        data = view.data
        candidate = polib.POEntry(msgid=data["msgid"], msgctxt=data["msgctxt"], msgstr=msgstr,
                                  comment=data["comment"], flags=list(data["flags"]),
                                  occurrences=[tuple(ref.rsplit(":", 1)) for ref in data["references"]])
        _, terms = self.glossary(lang)
        return [problem_json(p) for p in entry_problems(candidate, glossary=terms, plural_forms=snap.plural_forms)]


def _problem_matches(problem: dict[str, Any], check: str) -> bool:
    if check == "any":
        return True
    if check in ("error", "warning"):
        return problem["severity"] == check
    return problem["check"] == check

