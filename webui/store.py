"""The catalogues as the web UI sees them: cached read-only views, and edits written through `l10n`.

Nothing here parses PO files, decides states or checks translations: that is
`l10n.catalog`, `l10n.states` and `l10n.checks`. This module adds what a
server with many concurrent users needs on top:

- Catalogue names are looked up in the project's own list
  (`project.catalogues(lang)`), never joined into a path.
- Parsing a 10,000-entry catalogue takes about a second, so each catalogue is
  parsed once and kept as a *snapshot* (immutable entry views with their
  checks, glossary terms and JSON) keyed by the file's identity (inode,
  mtime in ns, size). A file written by someone else (CLI, pretranslation,
  a text editor) gets a new identity and is read again on the next request.
- Writes hold the catalogue's lock (`l10n.fileio.locked`, the same lock as
  `catalog.editing` and the CLI), re-read the file unless it is exactly the
  one this process last read or wrote, check each edit's version
  (`catalog.entry_version`), change states only through `states.set_state`,
  and write atomically with `catalog.write_catalogue`.
- Saves that arrive while a catalogue is being written are applied together in
  the next write (group commit): rewriting a big PO file costs the same for one
  edit as for twenty, so twenty translators wait for one or two writes, not twenty.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polib

from l10n.catalog import entry_id, entry_version, live_entries, read_catalogue, write_catalogue
from l10n.config import Project, SourcePage
from l10n.errors import InputError, L10nError
from l10n.export import render_page, translations
from l10n.fileio import locked
from l10n.formats import PLACEHOLDER_RE, Page, Segment, parse_file
from l10n.checks import Policy
from l10n.glossary import Term, find_terms, load_glossary
from l10n.memory import TranslationMemory
from l10n.stats import Counts
from l10n.states import STATE_ORDER, State, confidence, machine_info, read_marks, set_state, state_of

from .checking import Problem, blocking_count, entry_problems, page_policy, problem_json

CONTEXT_SENTENCES = 3  # neighbouring sentences shown on each side of an entry
MEMORY_MAX_AGE_SECONDS = 10.0  # the translation memory may lag this much behind the catalogues
# Back-to-back group commits on a big catalogue would hold its lock almost all the time, and the CLI
# (filelock polls every 50 ms) could wait past its 60 s timeout: after a long commit the next one waits
# a little longer than one poll interval, so a waiting `l10n pretranslate` or `l10n update` gets its turn.
LONG_COMMIT_SECONDS = 0.25
LOCK_YIELD_SECONDS = 0.06
MAX_MSGSTR_CHARS = 100_000
MAX_CACHED_CHECKS = 500_000  # check results kept by entry version (a long-running server forgets old ones)
# Control characters a PO file cannot hold as typed (a NUL makes l10n refuse the file as binary).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

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
    key: tuple[Any, ...]  # everything the view was built from (see Review._view)

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
class _Inputs:
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


# -- edits -------------------------------------------------------------------------------------

@dataclass(eq=False)
class Edit:
    """One requested change of one entry, and (after `Review.apply`) its outcome."""

    entry_id: str
    version: str
    state: State
    msgstr: str | None  # None keeps the current text (accept, mark needs work, approve)
    user: str
    can_review: bool
    action: str = "save"
    marks: dict[str, Any] = field(default_factory=dict)  # a revert restores machine provenance / approver
    # outcome
    status: str = "pending"  # ok | unchanged | conflict | missing | invalid | forbidden | error
    message: str = ""
    before: EntryView | None = None
    after: EntryView | None = None
    error: BaseException | None = None
    _wake: threading.Event = field(default_factory=threading.Event, repr=False)
    _lead: bool = False


class EditError(ValueError):
    """An edit that cannot be applied as asked (HTTP 400)."""


def validate_msgstr(msgstr: object) -> str:
    """The translator's text as it may go into a PO file, or EditError."""
    if not isinstance(msgstr, str):
        raise EditError("msgstr must be a string")
    if len(msgstr) > MAX_MSGSTR_CHARS:
        raise EditError(f"msgstr is longer than {MAX_MSGSTR_CHARS} characters")
    bad = _CONTROL_RE.search(msgstr.replace("\r\n", "\n"))
    if bad or "\r" in msgstr.replace("\r\n", ""):
        raise EditError(f"msgstr contains a control character (U+{ord((bad.group(0) if bad else chr(13))):04X})")
    return msgstr.replace("\r\n", "\n")


@dataclass
class _Queue:
    """The edits waiting for one catalogue's next write."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    pending: list[Edit] = field(default_factory=list)
    active: bool = False
    yield_lock: bool = False  # the last commit was long: let other processes at the file lock first


# -- the store ---------------------------------------------------------------------------------

class Review:
    """The project's catalogues for the web UI: lookup, cached views, edits, preview, suggestions."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._guard = threading.Lock()
        self._snapshots: dict[Path, Snapshot] = {}
        self._po_locks: dict[Path, threading.RLock] = {}
        self._queues: dict[Path, _Queue] = {}
        self._sources: dict[str, _SourceInfo] = {}
        self._glossaries: dict[str, tuple[Stamp | None, list[Term]]] = {}
        self._views: dict[Path, dict[tuple[Any, ...], EntryView]] = {}  # per catalogue: view by what it is built from
        self._checked: dict[tuple[str, str, int], tuple[Problem, ...]] = {}  # (id, version, glossary) -> problems
        self._terms_cache: dict[tuple[str, int], list[dict[str, Any]]] = {}  # (msgid, glossary) -> source parts
        self._memories: dict[str, tuple[float, tuple, TranslationMemory]] = {}

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

    def _lock_for(self, table: dict[Path, Any], path: Path, factory: type) -> Any:
        with self._guard:
            lock = table.get(path)
            if lock is None:
                lock = table[path] = factory()
            return lock

    def po_lock(self, path: Path) -> threading.RLock:
        return self._lock_for(self._po_locks, path, threading.RLock)

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

    def _source(self, domain: str) -> _SourceInfo:
        """The parsed source page of `domain` and each sentence's neighbours in its paragraph."""
        page = self.source_page(domain)
        stamp = file_stamp(page.path) if page else None
        cached = self._sources.get(domain)
        if cached is not None and cached.stamp == stamp:
            return cached
        parsed, context = None, {}
        if page is not None:
            try:
                parsed = parse_file(page.path)
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
            snap = self._build(lang, domain, path, stamp, po)
            self._snapshots[path] = snap
            return snap
        finally:
            lock.release()

    def _inputs(self, lang: str, domain: str, plural_forms: str | None) -> _Inputs:
        glossary_stamp, terms = self.glossary(lang)
        source = self._source(domain)
        return _Inputs(terms, glossary_stamp, source.stamp, source.context, plural_forms)

    def _build(self, lang: str, domain: str, path: Path, stamp: Stamp, po: polib.POFile) -> Snapshot:
        """A snapshot of a freshly read catalogue; views of unchanged entries are reused."""
        inputs = self._inputs(lang, domain, po.metadata.get("Plural-Forms"))
        known = self._views.get(path, {})
        entries = live_entries(po)
        views = [self._view(entry, index, inputs, known) for index, entry in enumerate(entries, 1)]
        self._views[path] = {view.key: view for view in views}  # forget the views of older versions
        return Snapshot(lang, domain, path, stamp, inputs.glossary_stamp, po, self.po_lock(path), views,
                        {v.id: v for v in views}, {v.id: e for v, e in zip(views, entries)}, inputs.plural_forms,
                        page_policy(self.project, domain))

    def _view(self, entry: polib.POEntry, index: int, inputs: _Inputs,
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

    # -- edits -----------------------------------------------------------------------------------

    def apply(self, lang: str, domain: str, edit: Edit) -> Edit:
        """Apply `edit` in the catalogue's next write and wait for it; the outcome is on the edit.

        The first thread to arrive writes for everyone queued behind it; when it
        is done it hands the queue to the next waiting thread.
        """
        path = self.path(lang, domain)
        queue = self._lock_for(self._queues, path, _Queue)
        with queue.lock:
            queue.pending.append(edit)
            if not queue.active:
                queue.active = edit._lead = True
        while True:
            if edit._lead:
                self._lead(lang, domain, path, queue)
                edit._lead = False
            if edit.status != "pending":
                break
            edit._wake.wait()
            edit._wake.clear()
        if edit.error is not None:
            raise edit.error
        return edit

    def _lead(self, lang: str, domain: str, path: Path, queue: _Queue) -> None:
        if queue.yield_lock:
            time.sleep(LOCK_YIELD_SECONDS)
        with queue.lock:
            batch, queue.pending = queue.pending, []
        started = time.monotonic()
        try:
            self._commit(lang, domain, path, batch)
        except BaseException as error:  # every waiter gets the failure (lock timeout, disk full, ...)
            for edit in batch:
                edit.status, edit.error = "error", error
        finally:
            queue.yield_lock = time.monotonic() - started >= LONG_COMMIT_SECONDS
            with queue.lock:
                if queue.pending:
                    queue.pending[0]._lead = True
                    queue.pending[0]._wake.set()
                else:
                    queue.active = False
            for edit in batch:
                edit._wake.set()

    def _commit(self, lang: str, domain: str, path: Path, batch: list[Edit]) -> None:
        """One locked read-modify-write for a batch of edits; updates the snapshot."""
        with self.po_lock(path), locked(path):
            stamp = file_stamp(path)
            if stamp is None:
                raise NotFound(f"no catalogue {lang}/{domain}")
            snap = self._snapshots.get(path)
            # As catalog.editing(): the current content, read inside the lock; unless this process
            # holds exactly that file already (same inode, mtime and size), which saves the second read.
            if snap is None or snap.stamp != stamp:
                snap = self._build(lang, domain, path, stamp, read_catalogue(path))
            elif snap.glossary_stamp != self.glossary(lang)[0]:
                snap = self._build(lang, domain, path, stamp, snap.po)
            inputs = self._inputs(lang, domain, snap.plural_forms)
            known = self._views.setdefault(path, {})
            changed: dict[int, polib.POEntry] = {}  # by id(): POEntry's == compares contents
            try:
                for edit in batch:
                    entry = snap.entries.get(edit.entry_id)
                    before = snap.by_id.get(edit.entry_id)
                    if entry is None or before is None:
                        edit.status, edit.message = "missing", f"no entry {edit.entry_id} in {lang}/{domain}"
                        continue
                    # A second edit of the same entry in this batch sees the first one's result.
                    edit.before = self._view(entry, before.data["index"], inputs, known) \
                        if id(entry) in changed else before
                    if entry_version(entry) != edit.version:
                        edit.status, edit.message = "conflict", "changed by someone else since you loaded it"
                        continue
                    try:
                        if _change(entry, edit):
                            changed[id(entry)] = entry
                            edit.status = "ok"
                        else:
                            edit.status = "unchanged"
                    except PermissionError as error:
                        edit.status, edit.message = "forbidden", str(error)
                    except EditError as error:
                        edit.status, edit.message = "invalid", str(error)
                if changed:
                    write_catalogue(snap.po, path)
                    stamp = file_stamp(path) or stamp
            except BaseException:
                self._snapshots.pop(path, None)  # the in-memory catalogue may be half changed: read it again
                raise
            snap = self._updated(snap, stamp, list(changed.values()), inputs, known)
            self._snapshots[path] = snap
        for edit in batch:
            if edit.status in ("ok", "unchanged", "conflict"):
                edit.after = snap.by_id.get(edit.entry_id)

    def _updated(self, snap: Snapshot, stamp: Stamp, changed: list[polib.POEntry], inputs: _Inputs,
                 known: dict[tuple[Any, ...], EntryView]) -> Snapshot:
        """The snapshot after this process wrote the file: only the changed entries get new views."""
        if not changed:
            return snap
        views = list(snap.views)
        by_id = dict(snap.by_id)
        for entry in changed:
            old = by_id[entry_id(entry)]
            view = self._view(entry, old.data["index"], inputs, known)
            views[old.data["index"] - 1] = view
            by_id[view.id] = view
        if len(known) > 2 * len(views) + 1000:  # keep the view cache to about the current views
            self._views[snap.path] = {view.key: view for view in views}
        return Snapshot(snap.language, snap.domain, snap.path, stamp, snap.glossary_stamp, snap.po, snap.po_lock,
                        views, by_id, snap.entries, snap.plural_forms, snap.policy)

    # -- preview, export, memory ---------------------------------------------------------------

    def preview(self, lang: str, domain: str) -> dict[str, Any]:
        """The exported page as pieces for the browser to build with text nodes (never as HTML).

        Plain text keeps its literal pieces (line breaks, bullets, separators) for a <pre>-like
        view; Markdown and HTML keep only the segments with their block number and kind, so no
        markup from the page reaches the browser.
        """
        snap, page, parsed, done = self._page_with_translations(lang, domain)
        by_msgid = {v.data["msgid"]: v for v in snap.views if v.data["msgctxt"] is None}
        suffix = page.path.suffix.lower()
        layout = "pre" if suffix == ".txt" else "blocks"
        pieces: list[dict[str, Any]] = []
        for piece in parsed.pieces:
            if isinstance(piece, str):
                if layout == "pre":
                    pieces.append({"text": piece})
                continue
            view = by_msgid.get(piece.text)
            translation = done.get(piece.text)
            if layout == "pre":
                shown = piece.source if translation is None else piece.restore(translation)
            else:  # placeholders of inline markup are not shown, and the markup is never restored
                shown = PLACEHOLDER_RE.sub("", piece.text if translation is None else translation)
                if suffix in (".html", ".htm"):
                    shown = html.unescape(shown)  # "&amp;" as the reader sees it; it stays text in the browser
            pieces.append({"text": shown, "id": view.id if view else None,
                           "state": view.data["state"] if view else "missing",
                           "block": piece.block, "kind": piece.kind, "line": piece.line})
        return {"language": lang, "domain": domain, "format": suffix.lstrip("."),
                "layout": layout, "pieces": pieces}

    def exported_page(self, lang: str, domain: str) -> tuple[str, str]:
        """(file name, text) of the page as `l10n export` would write it now."""
        _, page, parsed, done = self._page_with_translations(lang, domain)
        return page.relative.name, render_page(parsed, done)

    def _page_with_translations(self, lang: str, domain: str):
        """(catalogue snapshot, source page, parsed page, msgid -> done translation) for one catalogue."""
        snap = self.snapshot(lang, domain)
        page = self.source_page(domain)
        parsed = self._source(domain).page
        if page is None or parsed is None:
            raise NotFound(f"no readable source page for {domain}")
        with self.po_lock(snap.path):
            done = translations(snap.po)
        return snap, page, parsed, done

    def memory(self, lang: str) -> TranslationMemory:
        """The translation memory of `lang`, built from the cached catalogues (may lag a few seconds)."""
        snaps = [self.snapshot(lang, domain) for domain, _ in self.project.catalogues(lang)]
        key = tuple((snap.domain, snap.stamp) for snap in snaps)
        cached = self._memories.get(lang)
        if cached is not None and (cached[1] == key or time.monotonic() - cached[0] < MEMORY_MAX_AGE_SECONDS):
            return cached[2]
        memory = TranslationMemory()
        for snap in snaps:
            with self.po_lock(snap.path):
                memory.add_catalogue(snap.domain, snap.po)
        self._memories[lang] = (time.monotonic(), key, memory)
        return memory

    def suggestions(self, lang: str, domain: str, ident: str, limit: int = 3) -> list[dict[str, Any]]:
        """Exact and near translation-memory matches for an entry (not the entry's own translation)."""
        view = self.entry(lang, domain, ident)
        msgid = view.data["msgid"]
        matches = self.memory(lang).near(msgid, limit=limit + 1, threshold=0.7)
        found = [m for m in matches if not (m.domain == domain and m.source == msgid)][:limit]
        return [{"source": m.source, "target": m.target, "score": m.score, "domain": m.domain,
                 "exact": m.source == msgid} for m in found]


def _problem_matches(problem: dict[str, Any], check: str) -> bool:
    if check == "any":
        return True
    if check in ("error", "warning"):
        return problem["severity"] == check
    return problem["check"] == check


def _change(entry: polib.POEntry, edit: Edit) -> bool:
    """Apply one edit to the entry (text first, then the state through `states.set_state`).

    Returns whether anything changed; raises EditError for an impossible edit and
    PermissionError for one the user's role does not allow.
    """
    current = state_of(entry)
    if entry.msgid_plural:
        raise EditError("plural entries are edited in a PO editor (the web UI edits singular entries)")
    text = entry.msgstr if edit.msgstr is None else edit.msgstr
    if edit.state is State.APPROVED and not edit.can_review:
        raise PermissionError("only reviewers and admins approve translations")
    if current is State.APPROVED and not edit.can_review:
        raise PermissionError("an approved entry is changed by reviewers and admins only")
    if edit.state is State.UNTRANSLATED:
        if text:
            raise EditError("an untranslated entry has an empty msgstr")
    elif not text.strip():
        raise EditError(f"a {edit.state.value} entry needs a translation (msgstr is empty)")
    if edit.state is State.MACHINE and not edit.marks.get("machine"):
        raise EditError("the machine state is set by pretranslation (or restored by a revert)")
    before = entry_version(entry)
    entry.msgstr = text
    set_state(entry, edit.state, machine=edit.marks.get("machine"), by=edit.marks.get("by") or edit.user)
    return entry_version(entry) != before
