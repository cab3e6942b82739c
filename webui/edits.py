"""Writing the catalogues for the web UI: edits checked one by one, applied in group commits.

- Writes hold the catalogue's lock (`l10n.fileio.locked`, the same lock as
  `catalog.editing` and the CLI), re-read the file unless it is exactly the
  one this process last read or wrote, check each edit's version
  (`catalog.entry_version`), change states only through `states.set_state`,
  and write atomically with `catalog.write_catalogue`.
- Saves that arrive while a catalogue is being written are applied together in
  the next write (group commit): rewriting a big PO file costs the same for one
  edit as for twenty, so twenty translators wait for one or two writes, not twenty.
- Each edit is checked on its own before it touches the catalogue: a bad one
  (a text msgfmt would reject, a role that may not do it, an approval of
  blocking problems without confirmation) gets its own answer, and the other
  edits of the batch are written as if it had not come.
"""

from __future__ import annotations

import copy
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polib

from l10n.catalog import entry_id, entry_version, read_catalogue, write_catalogue
from l10n.fileio import locked
from l10n.states import State, set_state, state_of

from .checking import entry_problems, msgfmt_refusals, problem_json
from .snapshots import Catalogues, EntryView, Inputs, NotFound, Snapshot, Stamp, file_stamp

# Back-to-back group commits on a big catalogue would hold its lock almost all the time, and the CLI
# (filelock polls every 50 ms) could wait past its 60 s timeout: after a long commit the next one waits
# a little longer than one poll interval, so a waiting `l10n pretranslate` or `l10n update` gets its turn.
LONG_COMMIT_SECONDS = 0.25
LOCK_YIELD_SECONDS = 0.06
MAX_MSGSTR_CHARS = 100_000
# Control characters a PO file cannot hold as typed (a NUL makes l10n refuse the file as binary).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


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
    confirm_blocking: bool = False  # a reviewer approves although the text has blocking problems
    # outcome
    status: str = "pending"  # ok | unchanged | conflict | missing | invalid | forbidden | unconfirmed | error
    message: str = ""
    field_name: str | None = None  # the request field an "invalid" edit is refused for
    problems: list[dict[str, Any]] = field(default_factory=list)  # "unconfirmed": the blocking problems
    confirmed: list[str] = field(default_factory=list)  # blocking check ids approved with confirmation
    before: EntryView | None = None
    after: EntryView | None = None
    error: BaseException | None = None
    _wake: threading.Event = field(default_factory=threading.Event, repr=False)
    _lead: bool = False


class EditError(ValueError):
    """An edit or request that cannot be applied as asked (HTTP 400); `field` names the bad field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class Unconfirmed(Exception):
    """An approval of a text with blocking problems, without `confirm_blocking` (HTTP 409)."""

    def __init__(self, problems: list[dict[str, Any]]) -> None:
        super().__init__("this translation has blocking problems: confirm to approve it anyway")
        self.problems = problems


def validate_msgstr(msgstr: object) -> str:
    """The translator's text as it may go into a PO file, or EditError."""
    if not isinstance(msgstr, str):
        raise EditError("msgstr must be a string", field="msgstr")
    if len(msgstr) > MAX_MSGSTR_CHARS:
        raise EditError(f"msgstr is longer than {MAX_MSGSTR_CHARS} characters", field="msgstr")
    bad = _CONTROL_RE.search(msgstr.replace("\r\n", "\n"))
    if bad or "\r" in msgstr.replace("\r\n", ""):
        raise EditError(f"msgstr contains a control character (U+{ord((bad.group(0) if bad else chr(13))):04X})",
                        field="msgstr")
    surrogate = unpaired_surrogate(msgstr)
    if surrogate:
        raise EditError(f"msgstr {surrogate}", field="msgstr")
    return msgstr.replace("\r\n", "\n")


def unpaired_surrogate(text: str) -> str | None:
    """Why `text` cannot be stored, if it holds a lone surrogate: valid in JSON ("\\ud800"), but no UTF-8
    file or database can hold it (a pair is decoded into one character; what is left is alone)."""
    found = _SURROGATE_RE.search(text)
    return f"contains an unpaired surrogate (U+{ord(found.group()):04X}), which is not a character" if found else None


@dataclass
class _Queue:
    """The edits waiting for one catalogue's next write."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    pending: list[Edit] = field(default_factory=list)
    active: bool = False
    yield_lock: bool = False  # the last commit was long: let other processes at the file lock first


# -- group commit ------------------------------------------------------------------------------

class GroupCommit:
    """Edits of the catalogues of `catalogues`, one locked write per catalogue for all waiting edits."""

    def __init__(self, catalogues: Catalogues) -> None:
        self.catalogues = catalogues
        self._queues: dict[Path, _Queue] = {}

    def apply(self, lang: str, domain: str, edit: Edit) -> Edit:
        """Apply `edit` in the catalogue's next write and wait for it; the outcome is on the edit.

        The first thread to arrive writes for everyone queued behind it; when it
        is done it hands the queue to the next waiting thread.
        """
        path = self.catalogues.path(lang, domain)
        queue = self.catalogues.lock_for(self._queues, path, _Queue)
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
        store = self.catalogues
        with store.po_lock(path), locked(path):
            stamp = file_stamp(path)
            if stamp is None:
                raise NotFound(f"no catalogue {lang}/{domain}")
            snap = store.cached(path)
            # As catalog.editing(): the current content, read inside the lock; unless this process
            # holds exactly that file already (same inode, mtime and size), which saves the second read.
            if snap is None or snap.stamp != stamp:
                snap = store.build(lang, domain, path, stamp, read_catalogue(path))
            elif snap.glossary_stamp != store.glossary(lang)[0]:
                snap = store.build(lang, domain, path, stamp, snap.po)
            inputs = store.inputs(lang, domain, snap.plural_forms)
            known = store.known_views(path)
            changed: dict[int, polib.POEntry] = {}  # by id(): POEntry's == compares contents
            try:
                for edit in batch:
                    entry = snap.entries.get(edit.entry_id)
                    before = snap.by_id.get(edit.entry_id)
                    if entry is None or before is None:
                        edit.status, edit.message = "missing", f"no entry {edit.entry_id} in {lang}/{domain}"
                        continue
                    # A second edit of the same entry in this batch sees the first one's result.
                    edit.before = store.view(entry, before.data["index"], inputs, known) \
                        if id(entry) in changed else before
                    if entry_version(entry) != edit.version:
                        edit.status, edit.message = "conflict", "changed by someone else since you loaded it"
                        continue
                    _apply_one(entry, edit, inputs)
                    if edit.status == "ok":
                        changed[id(entry)] = entry
                if changed:
                    write_catalogue(snap.po, path)
                    stamp = file_stamp(path) or stamp
            except BaseException:
                store.forget(path)  # the in-memory catalogue may be half changed: read it again
                raise
            snap = self._updated(snap, stamp, list(changed.values()), inputs, known)
            store.keep(snap)
        for edit in batch:
            if edit.status in ("ok", "unchanged", "conflict"):
                edit.after = snap.by_id.get(edit.entry_id)

    def _updated(self, snap: Snapshot, stamp: Stamp, changed: list[polib.POEntry], inputs: Inputs,
                 known: dict[tuple[Any, ...], EntryView]) -> Snapshot:
        """The snapshot after this process wrote the file: only the changed entries get new views."""
        if not changed:
            return snap
        views = list(snap.views)
        by_id = dict(snap.by_id)
        for entry in changed:
            old = by_id[entry_id(entry)]
            view = self.catalogues.view(entry, old.data["index"], inputs, known)
            views[old.data["index"] - 1] = view
            by_id[view.id] = view
        self.catalogues.trim_views(snap.path, views)
        return Snapshot(snap.language, snap.domain, snap.path, stamp, snap.glossary_stamp, snap.po, snap.po_lock,
                        views, by_id, snap.entries, snap.plural_forms, snap.policy)


def _apply_one(entry: polib.POEntry, edit: Edit, inputs: Inputs) -> None:
    """Apply one edit to its entry and set its status; on any failure the entry is left as it was."""
    saved = (entry.msgstr, list(entry.flags), entry.tcomment)
    try:
        edit.status = "ok" if _change(entry, edit, inputs) else "unchanged"
    except PermissionError as error:
        edit.status, edit.message = "forbidden", str(error)
    except EditError as error:
        edit.status, edit.message, edit.field_name = "invalid", str(error), error.field
    except Unconfirmed as error:
        edit.status, edit.message, edit.problems = "unconfirmed", str(error), error.problems
    except Exception as error:  # noqa: BLE001 - this edit fails; the others of the batch are written
        edit.status, edit.error = "error", error
    if edit.status not in ("ok", "unchanged"):
        entry.msgstr, entry.flags, entry.tcomment = saved


def _change(entry: polib.POEntry, edit: Edit, inputs: Inputs) -> bool:
    """Apply one edit to the entry (text first, then the state through `states.set_state`).

    Returns whether anything changed. Raises EditError for an impossible edit or a
    text that `msgfmt -c` would reject, PermissionError for one the user's role
    does not allow, and Unconfirmed for an approval of blocking problems without
    `confirm_blocking`. Nothing is changed before every check has passed.
    """
    current = state_of(entry)
    if entry.msgid_plural:
        raise EditError("plural entries are edited in a PO editor (the web UI edits singular entries)", field="id")
    text = entry.msgstr if edit.msgstr is None else validate_msgstr(edit.msgstr)  # whoever built the edit
    if edit.state is State.APPROVED and not edit.can_review:
        raise PermissionError("only reviewers and admins approve translations")
    if current is State.APPROVED and not edit.can_review:
        raise PermissionError("an approved entry is changed by reviewers and admins only")
    if edit.state is State.UNTRANSLATED:
        if text:
            raise EditError("an untranslated entry has an empty msgstr", field="msgstr")
    elif not text.strip():
        raise EditError(f"a {edit.state.value} entry needs a translation (msgstr is empty)", field="msgstr")
    if edit.state is State.MACHINE and not edit.marks.get("machine"):
        raise EditError("the machine state is set by pretranslation (or restored by a revert)", field="state")
    typed = text != entry.msgstr and edit.action != "revert"
    if text and (typed or edit.state.done):  # msgfmt compiles done entries; typed text must be sound
        candidate = copy.copy(entry)
        candidate.msgstr = text
        problems = entry_problems(candidate, glossary=inputs.terms, plural_forms=inputs.plural_forms)
        refusals = msgfmt_refusals(candidate, problems, inputs.plural_forms)
        if refusals:
            raise EditError(f"msgfmt -c would reject the catalogue: {'; '.join(refusals)}", field="msgstr")
        blocking = [problem for problem in problems if problem.severity == "error"]
        if edit.state is State.APPROVED and blocking:
            if not edit.confirm_blocking:
                raise Unconfirmed([problem_json(problem) for problem in blocking])
            edit.confirmed = sorted({problem.check for problem in blocking})
    before = entry_version(entry)
    entry.msgstr = text
    set_state(entry, edit.state, machine=edit.marks.get("machine"), by=edit.marks.get("by") or edit.user)
    return entry_version(entry) != before
