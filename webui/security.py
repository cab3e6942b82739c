"""What every request goes through: a database connection, the logged-in user, CSRF, security headers,
and the one reader of JSON bodies.

Login and CSRF are enforced here for every endpoint at once (not by a decorator
per view) so that a new route cannot forget them:
- no user (never logged in, logged out, session expired or ended, account
  disabled): 401 JSON `{"error", "login": "/login"}` under /api/, a redirect
  to the login page elsewhere;
- POST/PUT/PATCH/DELETE without the session's CSRF token (header `X-CSRF-Token`
  or form field `csrf_token`): 403. API writes must also be JSON, which a
  cross-site form cannot send.
"""

from __future__ import annotations

import hmac
import json
import secrets
import sqlite3
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, g, jsonify, redirect, request, session, url_for
from werkzeug.exceptions import HTTPException

from l10n.errors import L10nError

from . import db
from .login import Logins
from .sessions import ServerSession
from .edits import unpaired_surrogate
from .store import EditError, NotFound, Review

# Endpoints reachable without a login (the login itself and the files the login page needs).
PUBLIC_ENDPOINTS = {"auth.login", "api.login", "static"}
# Endpoints that may change state without a CSRF token: JSON login (there is no session yet to bind it to).
CSRF_EXEMPT = {"api.login"}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
MAX_JSON_DEPTH = 20  # the API's bodies are flat objects; deeper nesting is refused, not recursed into
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def review() -> Review:
    return current_app.extensions["l10n_review"]


def logins() -> Logins:
    return current_app.extensions["l10n_logins"]


def get_db() -> sqlite3.Connection:
    """This request's connection (opened on first use, closed when the request ends)."""
    if "db" not in g:
        g.db = db.connect(Path(current_app.config["L10N_DB"]))
    return g.db


def current_user() -> db.User | None:
    return g.get("user")


def csrf_token() -> str:
    """The session's CSRF token (created on first use)."""
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def log_in(user: db.User) -> str:
    """Start a fresh session for `user` (a new id and CSRF token, nothing kept from before); returns the token."""
    assert isinstance(session, ServerSession)
    session.regenerate()
    session["uid"] = user.id
    return csrf_token()


def log_out() -> None:
    """End this session: its row is deleted, so copies of the cookie stop working too."""
    session.clear()


def json_body() -> dict[str, Any]:
    """The request's JSON object, or EditError (HTTP 400) naming what is wrong with it.

    Every API write reads its body here: invalid JSON, nesting deeper than
    MAX_JSON_DEPTH and lone surrogates (valid JSON, but no UTF-8 file can hold
    them) are refused before any handler sees them.
    """
    try:
        body = json.loads(request.get_data(cache=True))
    except (ValueError, RecursionError):  # RecursionError: nested thousands deep
        raise EditError("the body is not valid JSON (or nested too deep)", field="body") from None
    if not isinstance(body, dict):
        raise EditError("the body must be a JSON object", field="body")
    _check_json(body, "", 0)
    return body


def _check_json(value: Any, where: str, depth: int) -> None:
    if depth > MAX_JSON_DEPTH:
        raise EditError(f"the body is nested more than {MAX_JSON_DEPTH} levels deep", field=where or "body")
    if isinstance(value, str):
        why = unpaired_surrogate(value)
        if why:
            raise EditError(f"{where or 'the body'} {why}", field=where or "body")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_json(key, where or "body", depth + 1)  # a key names no field of its own
            _check_json(item, f"{where}.{key}" if where else key, depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_json(item, f"{where}[{index}]", depth + 1)


def is_api() -> bool:
    return request.path.startswith("/api/")


def api_error(status: int, message: str, **extra: Any) -> Response:
    response = jsonify({"error": message, **extra})
    response.status_code = status
    return response


def init_app(app: Flask) -> None:
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.jinja_env.globals["current_user"] = current_user

    @app.before_request
    def _load_user() -> Response | None:
        g.user = None
        uid = session.get("uid")
        if uid is not None:
            g.user = db.get_user(get_db(), int(uid))  # a removed user is logged out at once
        endpoint = request.endpoint or ""
        if g.user is None and endpoint not in PUBLIC_ENDPOINTS:
            if is_api() or request.method not in SAFE_METHODS:
                return api_error(401, "login required", login=url_for("auth.login")) if is_api() \
                    else Response("login required", 401)
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if request.method not in SAFE_METHODS and endpoint not in CSRF_EXEMPT:
            sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf_token") or ""
            expected = session.get("csrf") or ""
            if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
                return api_error(403, "missing or wrong CSRF token") if is_api() else Response(
                    "missing or wrong CSRF token (reload the page)", 403)
        if is_api() and request.method not in SAFE_METHODS and not request.is_json:
            return api_error(415, "send JSON (Content-Type: application/json)")
        return None

    @app.teardown_appcontext
    def _close_db(_: BaseException | None) -> None:
        conn = g.pop("db", None)
        if conn is not None:
            conn.close()

    @app.after_request
    def _headers(response: Response) -> Response:
        # setdefault: a view may send a stricter policy of its own (the rendered preview, `webui.rendered`)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers["Referrer-Policy"] = "same-origin"
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"  # catalogue data changes with every save
        return response

    @app.errorhandler(NotFound)
    def _not_found(error: NotFound) -> Any:
        return api_error(404, error.message) if is_api() else (f"Not found: {error.message}", 404)

    @app.errorhandler(EditError)
    def _bad_edit(error: EditError) -> Any:
        return api_error(400, str(error), field=error.field) if is_api() else (str(error), 400)

    @app.errorhandler(L10nError)
    def _l10n_error(error: L10nError) -> Any:
        # An unreadable catalogue (syntax error, lock held too long): say which file and line.
        return api_error(503, str(error)) if is_api() else (f"Cannot use the catalogue: {error}", 503)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Any:
        if is_api():
            extra = {"field": "body"} if error.code == 400 else {}  # werkzeug's own 400s: the request itself
            return api_error(error.code or 500, error.description or error.name, **extra)
        return error
