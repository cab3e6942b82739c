"""The JSON API: what the editor's script uses, and what scripts and tests can use.

    POST /api/login                                   {"username", "password"} -> {"csrf_token", "user", "role"}
                                                      (429/503 with Retry-After when throttled or busy)
    POST /api/logout
    GET  /api/me
    GET  /api/checks                                  the check ids (for the filter)
    GET  /api/catalogues                              [{language, domain, total, counts, done_percent, blocking}]
    GET  /api/catalogues/<lang>/<domain>              one of those
    GET  /api/catalogues/<lang>/<domain>/entries      ?state=a,b|todo &q= &check=id|any|error|warning
                                                      &sort=confidence &offset= &limit=  (X-Total-Count header)
    GET  /api/catalogues/<lang>/<domain>/entries/<id>
    PUT  /api/catalogues/<lang>/<domain>/entries/<id> {"msgstr"?, "state", "version", "confirm_blocking"?}
                                                      -> {version, state, problems}
    GET  /api/catalogues/<lang>/<domain>/entries/<id>/history
    POST /api/catalogues/<lang>/<domain>/entries/<id>/revert   {"history_id", "version", "confirm_blocking"?}
    GET  /api/catalogues/<lang>/<domain>/entries/<id>/suggestions
    GET  /api/catalogues/<lang>/<domain>/preview
    POST /api/check                                   {"language", "domain", "id", "msgstr"} -> {"problems"}

Errors are JSON `{"error": ...}`: 400 bad input (with `field`: the field to fix), 401 no
login (with `login`: the login page), 403 no CSRF token or role, 404 unknown catalogue/entry,
409 stale version (with `current`, `yours`, `changed_by`, `changed_at`) or an approval of
blocking problems without `"confirm_blocking": true` (with `needs_confirmation`, `problems`),
429/503 a throttled or busy login (with a Retry-After header).
"""

from __future__ import annotations

from typing import Any

import re

from flask import Blueprint, Response, jsonify, request, session

from l10n.errors import L10nError
from l10n.states import State

from . import db
from .checking import CHECKS, check_list
from .security import api_error, current_user, get_db, json_body, log_in, log_out, logins, review
from .store import Edit, EditError, validate_msgstr

bp = Blueprint("api", __name__)

TODO_STATES = (State.UNTRANSLATED, State.MACHINE, State.NEEDS_WORK)
MAX_LISTED = 999_999_999  # offset/limit above this are refused (a catalogue has far fewer entries)
MAX_ROW_ID = 2 ** 63 - 1  # SQLite's largest row id
_NATURAL_RE = re.compile(r"[0-9]{1,9}")  # ASCII digits only: str.isdigit() also takes "²" and "١"


# -- session -----------------------------------------------------------------------------------

@bp.route("/login", methods=["POST"])
def login() -> Response:
    body = json_body()
    for name in ("username", "password"):
        if not isinstance(body.get(name), str):
            raise EditError(f'send {{"username": ..., "password": ...}} ({name} must be a string)', field=name)
    outcome = logins().attempt(body["username"], body["password"], request.remote_addr, get_db())
    if outcome.user is None:
        response = api_error(outcome.status, outcome.message)
        if outcome.retry_after:
            response.headers["Retry-After"] = str(outcome.retry_after)
        return response
    token = log_in(outcome.user)
    return jsonify({"csrf_token": token, "user": outcome.user.name, "role": outcome.user.role})


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    log_out()
    return jsonify({"ok": True})


@bp.route("/me")
def me() -> Response:
    user = current_user()
    assert user is not None  # security.py lets no anonymous request through
    return jsonify({"user": user.name, "role": user.role, "can_review": user.can_review,
                    "csrf_token": session.get("csrf")})


@bp.route("/checks")
def checks() -> Response:
    return jsonify(check_list())


# -- catalogues ----------------------------------------------------------------------------------

@bp.route("/catalogues")
def catalogues() -> Response:
    store = review()
    result = []
    for lang, domain, _ in store.catalogues():
        try:
            result.append(store.snapshot(lang, domain).summary())
        except L10nError as error:  # one broken file must not hide the others
            result.append({"language": lang, "domain": domain, "error": str(error)})
    return jsonify(result)


@bp.route("/catalogues/<lang>/<domain>")
def catalogue(lang: str, domain: str) -> Response:
    return jsonify(review().snapshot(lang, domain).summary())


def _states(raw: str) -> list[State]:
    states: list[State] = []
    for name in filter(None, (part.strip() for part in raw.split(","))):
        if name == "todo":
            states.extend(TODO_STATES)
            continue
        try:
            states.append(State(name))
        except ValueError:
            raise EditError(f"unknown state {name!r} (use {', '.join(s.value for s in State)} or todo)",
                            field="state") from None
    return states


def _natural(name: str, default: int | None) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not _NATURAL_RE.fullmatch(raw):
        raise EditError(f"{name} must be a whole number from 0 to {MAX_LISTED}", field=name)
    return int(raw)


@bp.route("/catalogues/<lang>/<domain>/entries")
def entries(lang: str, domain: str) -> Response:
    args = request.args
    check = args.get("check", "")
    if check and check not in ("any", "error", "warning") and CHECKS and check not in CHECKS:
        raise EditError(f"unknown check {check!r}", field="check")
    sort = args.get("sort", "")
    if sort not in ("", "document", "confidence"):
        raise EditError("sort is document or confidence", field="sort")
    offset, limit = _natural("offset", 0) or 0, _natural("limit", None)
    _, views = review().entries(lang, domain, states=_states(args.get("state", "")), text=args.get("q", ""),
                                check=check, sort=sort)
    page = views[offset:] if limit is None else views[offset:offset + limit]
    # Each view carries its JSON already: a 10,000-entry list is one join, not 10,000 encodings.
    response = Response("[" + ",".join(view.json for view in page) + "]", mimetype="application/json")
    response.headers["X-Total-Count"] = str(len(views))
    return response


@bp.route("/catalogues/<lang>/<domain>/entries/<ident>")
def entry(lang: str, domain: str, ident: str) -> Response:
    return jsonify(review().entry(lang, domain, ident).data)


def _apply(lang: str, domain: str, edit: Edit, *, yours: dict[str, Any]) -> Response:
    """Run an edit; record it in the history when it changed the entry; map its outcome to HTTP."""
    edit = review().apply(lang, domain, edit)
    if edit.status == "conflict":
        assert edit.after is not None
        current = edit.after.data
        changed_by, changed_at = db.last_change(get_db(), lang, domain, current["id"], current["version"])
        return api_error(409, "this entry was changed by someone else since you loaded it",
                         current=current, yours=yours, changed_by=changed_by, changed_at=changed_at)
    if edit.status == "unconfirmed":
        return api_error(409, edit.message, field="confirm_blocking", needs_confirmation=True,
                         problems=edit.problems)
    if edit.status == "missing":
        return api_error(404, edit.message)
    if edit.status == "forbidden":
        return api_error(403, edit.message)
    if edit.status == "invalid":
        return api_error(400, edit.message, field=edit.field_name)
    assert edit.before is not None and edit.after is not None
    if edit.status == "ok":
        before, after = edit.before, edit.after
        db.record(get_db(), language=lang, domain=domain, entry_id=before.id, msgid=before.data["msgid"],
                  user=edit.user, action=edit.action, before={**before.data, "marks": before.marks},
                  after=after.data, confirmed=edit.confirmed)
    return jsonify({"version": edit.after.data["version"], "state": edit.after.data["state"],
                    "problems": edit.after.data["problems"], "changed": edit.status == "ok",
                    "entry": edit.after.data})


def _edit(ident: str, *, state: State, version: object, msgstr: str | None, action: str,
          marks: dict[str, Any] | None = None, confirm_blocking: object = False) -> Edit:
    user = current_user()
    assert user is not None
    if not isinstance(version, str) or not version:
        raise EditError("version must be the entry's version string, as listed", field="version")
    if not isinstance(confirm_blocking, bool):
        raise EditError("confirm_blocking must be true or false", field="confirm_blocking")
    return Edit(entry_id=ident, version=version, state=state, msgstr=msgstr, user=user.name,
                can_review=user.can_review, action=action, marks=marks or {}, confirm_blocking=confirm_blocking)


@bp.route("/catalogues/<lang>/<domain>/entries/<ident>", methods=["PUT"])
def save(lang: str, domain: str, ident: str) -> Response:
    """Save a translation and/or change the state: translated, needs-work, approved, untranslated."""
    review().path(lang, domain)  # 404 before looking at the body
    body = json_body()
    try:
        state = State(body.get("state"))
    except ValueError:
        raise EditError(f"unknown state {body.get('state')!r}", field="state") from None
    msgstr = validate_msgstr(body["msgstr"]) if "msgstr" in body else None
    action = {State.TRANSLATED: "save" if msgstr is not None else "accept", State.NEEDS_WORK: "needs-work",
              State.APPROVED: "approve", State.UNTRANSLATED: "clear"}.get(state, "save")
    edit = _edit(ident, state=state, version=body.get("version"), msgstr=msgstr, action=action,
                 confirm_blocking=body.get("confirm_blocking", False))
    return _apply(lang, domain, edit, yours={"msgstr": msgstr, "state": state.value, "version": edit.version})


@bp.route("/catalogues/<lang>/<domain>/entries/<ident>/history")
def history(lang: str, domain: str, ident: str) -> Response:
    review().path(lang, domain)
    return jsonify(db.history(get_db(), lang, domain, ident))


@bp.route("/catalogues/<lang>/<domain>/entries/<ident>/revert", methods=["POST"])
def revert(lang: str, domain: str, ident: str) -> Response:
    """Put the entry back as it was before one history item (text, state, machine mark, approver)."""
    review().path(lang, domain)
    body = json_body()
    item_id = body.get("history_id")
    if isinstance(item_id, bool) or not isinstance(item_id, int) or not 1 <= item_id <= MAX_ROW_ID:
        raise EditError(f"history_id must be the id of a history item (a whole number from 1 to {MAX_ROW_ID})",
                        field="history_id")
    item = db.history_item(get_db(), item_id)
    if item is None or (item["language"], item["domain"], item["entry_id"]) != (lang, domain, ident):
        return api_error(404, "no such history item for this entry")
    state = State(item["state_before"])
    marks = item["marks_before"] or {}
    edit = _edit(ident, state=state, version=body.get("version"), msgstr=item["before"], action="revert",
                 marks={"machine": marks.get("machine") if state is State.MACHINE else None,
                        "by": marks.get("by") if state is State.APPROVED else None},
                 confirm_blocking=body.get("confirm_blocking", False))  # back to an approval of problems
    return _apply(lang, domain, edit, yours={"msgstr": item["before"], "state": state.value,
                                             "version": edit.version})


@bp.route("/catalogues/<lang>/<domain>/entries/<ident>/suggestions")
def suggestions(lang: str, domain: str, ident: str) -> Response:
    return jsonify(review().suggestions(lang, domain, ident))


@bp.route("/catalogues/<lang>/<domain>/preview")
def preview(lang: str, domain: str) -> Response:
    return jsonify(review().preview(lang, domain))


@bp.route("/check", methods=["POST"])
def check() -> Response:
    """The problems a translation would have, as the translator types (nothing is saved)."""
    body = json_body()
    fields = [body.get(name) for name in ("language", "domain", "id")]
    for name, value in zip(("language", "domain", "id"), fields):
        if not isinstance(value, str):
            raise EditError(f'send {{"language", "domain", "id", "msgstr"}} ({name} must be a string)', field=name)
    msgstr = validate_msgstr(body.get("msgstr"))
    return jsonify({"problems": review().check_text(*fields, msgstr)})
