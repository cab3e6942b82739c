"""Server-side sessions: the cookie holds a random id, the session lives in the `sessions` table.

Flask's default session is a signed cookie: it cannot be ended before it
expires (a copied cookie works after logout) and a password change does not
touch it. Here the cookie holds only a random id (32 bytes, URL-safe); the
database keeps its SHA-256, the user id, the CSRF token and two times:

- logout deletes the row; `l10n users passwd|disable|remove` delete the
  user's rows (`webui.db`), so every copy of the cookie stops working at its
  next request, in every server process;
- a session unused for `session_idle_minutes` or older than `session_max_hours`
  ([tool.l10n], see `webui.settings`) is refused and deleted;
- a login gets a new id (no session fixation); before login a session only
  holds the login form's CSRF token and lives one hour at most.

The cookie is HttpOnly, SameSite=Lax, and Secure when the request came over
HTTPS (directly, or through a trusted reverse proxy: `trusted_proxies`).
The session holds two keys, "uid" and "csrf"; others are not kept.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from typing import Any

from flask import Flask, Request, Response
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict

from .settings import WebSettings

COOKIE_NAME = "l10n_session"
ANONYMOUS_IDLE_SECONDS = 3600.0  # a login form left open longer gets a fresh CSRF token
TOUCH_SECONDS = 60.0  # "last seen" is written at most once a minute per session, not on every request
PURGE_SECONDS = 300.0  # expired rows are deleted this often ...
PURGE_EVERY_INSERTS = 1000  # ... or after this many new sessions, whichever comes first
MAX_ANONYMOUS = 10_000  # sessions before login kept at most (a flood of GET /login must not fill the disk)
_ID_CHARS = 64  # longer cookie values are not looked up
clock = time.time  # Unix seconds (stored in the table, shared by server processes); tests move it forward


def id_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("ascii", "replace")).hexdigest()


class ServerSession(CallbackDict, SessionMixin):  # type: ignore[type-arg]
    """The request's session data ("uid", "csrf") and the id of its row (None: not stored yet)."""

    def __init__(self, initial: dict[str, Any] | None = None, session_id: str | None = None) -> None:
        def on_update(self: ServerSession) -> None:
            self.modified = True
            self.accessed = True

        super().__init__(initial, on_update)
        self.session_id = session_id
        self.modified = False
        self.renew = False  # give it a new id at the end of the request (login)

    def regenerate(self) -> None:
        """Drop everything and take a new id when the response is sent (call at login)."""
        self.clear()
        self.renew = True


class ServerSessionInterface(SessionInterface):
    """Flask's session interface over the `sessions` table (one query per request, one write a minute)."""

    def __init__(self, settings: WebSettings) -> None:
        self.settings = settings
        self._last_purge = 0.0
        self._inserts = 0

    def _db(self) -> Any:
        from .security import get_db  # the request's connection (security imports the store, not us)

        return get_db()

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        session_id = request.cookies.get(COOKIE_NAME, "")
        if not session_id or len(session_id) > _ID_CHARS:
            return ServerSession()
        conn = self._db()
        row = conn.execute("SELECT user_id, csrf, created, seen FROM sessions WHERE id_hash = ?",
                           (id_hash(session_id),)).fetchone()
        if row is None:
            return ServerSession()
        now = clock()
        idle = self.settings.session_idle_seconds if row["user_id"] is not None else ANONYMOUS_IDLE_SECONDS
        if now - row["seen"] > idle or now - row["created"] > self.settings.session_max_seconds:
            conn.execute("DELETE FROM sessions WHERE id_hash = ?", (id_hash(session_id),))
            return ServerSession()
        if now - row["seen"] > TOUCH_SECONDS:
            conn.execute("UPDATE sessions SET seen = ? WHERE id_hash = ?", (now, id_hash(session_id)))
        data = {"csrf": row["csrf"]}
        if row["user_id"] is not None:
            data["uid"] = row["user_id"]
        return ServerSession(data, session_id)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        assert isinstance(session, ServerSession)
        if not (session.modified or session.renew):
            return
        conn = self._db()
        if session.session_id is not None and (session.renew or not session):  # login or logout: the old id ends
            conn.execute("DELETE FROM sessions WHERE id_hash = ?", (id_hash(session.session_id),))
            session.session_id = None
        secure = bool(app.config.get("SESSION_COOKIE_SECURE")) or _request_is_secure()
        if not session or "csrf" not in session:
            response.delete_cookie(COOKIE_NAME, path="/", secure=secure, httponly=True, samesite="Lax")
            return
        now = clock()
        if session.session_id is None:
            self._purge(conn, now)
            session.session_id = secrets.token_urlsafe(32)
            conn.execute("INSERT INTO sessions (id_hash, user_id, csrf, created, seen) VALUES (?, ?, ?, ?, ?)",
                         (id_hash(session.session_id), session.get("uid"), session["csrf"], now, now))
            response.set_cookie(COOKIE_NAME, session.session_id, max_age=int(self.settings.session_max_seconds),
                                path="/", secure=secure, httponly=True, samesite="Lax")
        else:
            conn.execute("UPDATE sessions SET user_id = ?, csrf = ? WHERE id_hash = ?",
                         (session.get("uid"), session["csrf"], id_hash(session.session_id)))
        response.vary.add("Cookie")

    def _purge(self, conn: Any, now: float) -> None:
        """Delete expired rows and the oldest sessions before login beyond MAX_ANONYMOUS (every few
        minutes or thousand new sessions; expired sessions are refused anyway)."""
        self._inserts += 1
        if now - self._last_purge < PURGE_SECONDS and self._inserts < PURGE_EVERY_INSERTS:
            return
        self._last_purge, self._inserts = now, 0
        conn.execute("DELETE FROM sessions WHERE (user_id IS NULL AND seen < ?) OR seen < ? OR created < ?",
                     (now - ANONYMOUS_IDLE_SECONDS, now - self.settings.session_idle_seconds,
                      now - self.settings.session_max_seconds))
        conn.execute("DELETE FROM sessions WHERE user_id IS NULL AND id_hash NOT IN (SELECT id_hash FROM sessions"
                     " WHERE user_id IS NULL ORDER BY seen DESC LIMIT ?)", (MAX_ANONYMOUS,))


def _request_is_secure() -> bool:
    from flask import request

    return request.is_secure
