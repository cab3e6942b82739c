"""Users, sessions and edit history in SQLite, beside the catalogues (the PO files stay the source of truth).

One file, `locales/.l10n-review.sqlite`, in WAL mode so that the web server's
request threads and the `l10n users` command can read while one of them
writes. The web app opens one connection per request; nothing here keeps
global state. The Flask secret key lives next to it (`.l10n-review.secret`,
mode 0600), generated on first use so that no key is ever hard-coded.

Sessions are rows here (see `webui.sessions`): a password change, disabling
or removing an account deletes that user's rows, which ends their sessions
at the next request, in every server process at once.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from werkzeug.security import check_password_hash, generate_password_hash

from l10n.config import Project

DB_NAME = ".l10n-review.sqlite"
SECRET_NAME = ".l10n-review.secret"
ROLES = ("translator", "reviewer", "admin")
REVIEW_ROLES = ("reviewer", "admin")  # may approve
BUSY_TIMEOUT_MS = 10_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('translator', 'reviewer', 'admin')),
    password_hash TEXT NOT NULL,
    created TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sessions (
    id_hash TEXT PRIMARY KEY,  -- SHA-256 of the cookie's random id: a copy of the database opens no session
    user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,  -- NULL before login (the login form's CSRF token)
    csrf TEXT NOT NULL,
    created REAL NOT NULL,  -- Unix seconds
    seen REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_id);
CREATE INDEX IF NOT EXISTS sessions_seen ON sessions (seen);
CREATE TABLE IF NOT EXISTS history (
    id INTEGER PRIMARY KEY,
    language TEXT NOT NULL,
    domain TEXT NOT NULL,
    entry_id TEXT NOT NULL,
    msgid TEXT NOT NULL,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    action TEXT NOT NULL,
    before_msgstr TEXT NOT NULL,
    after_msgstr TEXT NOT NULL,
    before_state TEXT NOT NULL,
    after_state TEXT NOT NULL,
    before_marks TEXT NOT NULL DEFAULT '{}',  -- JSON: machine provenance / approver, for revert
    before_version TEXT NOT NULL,
    after_version TEXT NOT NULL,
    confirmed_problems TEXT NOT NULL DEFAULT '[]'  -- JSON: blocking check ids a reviewer approved anyway
);
CREATE INDEX IF NOT EXISTS history_entry ON history (language, domain, entry_id, id);
"""

# Columns added after the first release: (table, column, definition), added to older files on open.
_ADDED_COLUMNS = (("users", "disabled", "INTEGER NOT NULL DEFAULT 0"),
                  ("history", "confirmed_problems", "TEXT NOT NULL DEFAULT '[]'"))

# Hash checked when the user does not exist, so a login takes as long for a wrong name as for a wrong password.
_DUMMY_HASH = generate_password_hash("not a password")


def db_path(project: Project) -> Path:
    return project.locales_dir / DB_NAME


def secret_path(project: Project) -> Path:
    return project.locales_dir / SECRET_NAME


def connect(path: Path) -> sqlite3.Connection:
    """A connection with the schema in place, WAL mode and a busy timeout (writers queue, not fail)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")  # removing a user removes their sessions
    # In WAL mode NORMAL syncs at checkpoints, not at every commit: a commit survives a killed process
    # (the WAL is in the OS's cache), only a power cut may lose the last ones. The PO files, which hold
    # the translations, are written with fsync (l10n.fileio); this holds history and sessions.
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def init_db(path: Path) -> None:
    """Create the tables (idempotent) and switch the file to WAL mode (a property of the file)."""
    with contextlib.closing(connect(path)) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.executescript(_SCHEMA)
        for table, column, definition in _ADDED_COLUMNS:
            if column not in {row["name"] for row in conn.execute(f"PRAGMA table_info({table})")}:
                with contextlib.suppress(sqlite3.OperationalError):  # added by another process meanwhile
                    conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)  # password hashes: owner only


@contextlib.contextmanager
def opened(project: Project) -> Iterator[sqlite3.Connection]:
    """For the CLI: the project's database, created if missing, closed afterwards."""
    path = db_path(project)
    init_db(path)
    with contextlib.closing(connect(path)) as conn:
        yield conn


def load_secret_key(path: Path) -> str:
    """The app's secret key: read from `path`, or generated there once with mode 0600."""
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: use theirs
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def iso_z(stamp: str | None) -> str | None:
    """A stored time ("...+00:00") as ISO 8601 UTC with "Z", as the API gives times; None stays None."""
    return stamp.replace("+00:00", "Z") if stamp else None


# -- users -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str

    @property
    def can_review(self) -> bool:
        return self.role in REVIEW_ROLES


def add_user(conn: sqlite3.Connection, name: str, role: str, password: str) -> User:
    """Create a user; ValueError for a bad name, role or password, or a name already taken."""
    name = name.strip()
    if not name or len(name) > 64 or any(ch.isspace() for ch in name):
        raise ValueError("a user name is 1-64 characters without spaces")
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    _check_password(password)
    try:
        cursor = conn.execute("INSERT INTO users (name, role, password_hash, created) VALUES (?, ?, ?, ?)",
                              (name, role, generate_password_hash(password), now()))
    except sqlite3.IntegrityError:
        raise ValueError(f"user {name!r} already exists") from None
    return User(int(cursor.lastrowid or 0), name, role)


def set_password(conn: sqlite3.Connection, name: str, password: str) -> None:
    """Replace a user's password and end their sessions; ValueError for an unknown user or a short password."""
    _check_password(password)
    _change_user(conn, name, "UPDATE users SET password_hash = ? WHERE name = ?",
                 (generate_password_hash(password), name))


def set_disabled(conn: sqlite3.Connection, name: str, disabled: bool) -> None:
    """Disable (ending their sessions; no login until enabled) or enable an account; ValueError if unknown."""
    _change_user(conn, name, "UPDATE users SET disabled = ? WHERE name = ?", (int(disabled), name))


def remove_user(conn: sqlite3.Connection, name: str) -> None:
    """Delete an account and its sessions (the history keeps the name); ValueError if unknown."""
    _change_user(conn, name, "DELETE FROM users WHERE name = ?", (name,))


def _change_user(conn: sqlite3.Connection, name: str, sql: str, params: tuple[Any, ...]) -> None:
    """Run `sql` on one user and end that user's sessions, in one transaction."""
    with transaction(conn):
        row = conn.execute("SELECT id FROM users WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise ValueError(f"no user {name!r}")
        conn.execute("DELETE FROM sessions WHERE user_id = ?", (row["id"],))
        conn.execute(sql, params)


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error) on an autocommit connection."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _check_password(password: str) -> None:
    if len(password) < 8:
        raise ValueError("the password must have at least 8 characters")


def list_users(conn: sqlite3.Connection) -> list[tuple[User, str, bool]]:
    """(user, created, disabled) for every user, by name."""
    rows = conn.execute("SELECT id, name, role, created, disabled FROM users ORDER BY name").fetchall()
    return [(User(row["id"], row["name"], row["role"]), row["created"], bool(row["disabled"])) for row in rows]


def user_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM users").fetchone()[0])


def get_user(conn: sqlite3.Connection, user_id: int) -> User | None:
    """The user with this id, None if removed or disabled."""
    row = conn.execute("SELECT id, name, role FROM users WHERE id = ? AND disabled = 0", (user_id,)).fetchone()
    return User(row["id"], row["name"], row["role"]) if row else None


def password_record(conn: sqlite3.Connection, name: str) -> tuple[User | None, str]:
    """(the enabled user called `name` or None, the hash to check the password against).

    For an unknown or disabled name the hash is a dummy one, so that checking it
    takes as long as for a real account: timing does not tell which names exist.
    """
    row = conn.execute("SELECT id, name, role, password_hash FROM users WHERE name = ? AND disabled = 0",
                       (name,)).fetchone()
    if row is None:
        return None, _DUMMY_HASH
    return User(row["id"], row["name"], row["role"]), row["password_hash"]


def authenticate(conn: sqlite3.Connection, name: str, password: str) -> User | None:
    """The user if `password` is right and the account enabled, else None (same work either way).

    This hashes on the calling thread; the web app goes through `webui.login`, which bounds that work.
    """
    user, password_hash = password_record(conn, name)
    return user if check_password_hash(password_hash, password) else None


# -- history -----------------------------------------------------------------------------------

def record(conn: sqlite3.Connection, *, language: str, domain: str, entry_id: str, msgid: str, user: str,
           action: str, before: dict[str, Any], after: dict[str, Any], confirmed: list[str] | None = None) -> int:
    """One history row; `before`/`after` are entry views (msgstr, state, version, marks); `confirmed`:
    the blocking check ids a reviewer confirmed when approving."""
    cursor = conn.execute(
        "INSERT INTO history (language, domain, entry_id, msgid, at, user, action, before_msgstr, after_msgstr,"
        " before_state, after_state, before_marks, before_version, after_version, confirmed_problems)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (language, domain, entry_id, msgid, now(), user, action, before["msgstr"], after["msgstr"],
         before["state"], after["state"], json.dumps(before.get("marks") or {}), before["version"],
         after["version"], json.dumps(confirmed or [])))
    return int(cursor.lastrowid or 0)


def history(conn: sqlite3.Connection, language: str, domain: str, entry_id: str) -> list[dict[str, Any]]:
    """The changes of one entry, newest first."""
    rows = conn.execute("SELECT * FROM history WHERE language = ? AND domain = ? AND entry_id = ? ORDER BY id DESC",
                        (language, domain, entry_id)).fetchall()
    return [_history_item(row) for row in rows]


def last_change(conn: sqlite3.Connection, language: str, domain: str, entry_id: str,
                version: str) -> tuple[str | None, str | None]:
    """(user, time as ISO 8601 UTC with Z) of the UI change that produced `version` of the entry;
    (None, None) when that version was made outside the UI (CLI, pretranslation, a text editor)."""
    row = conn.execute("SELECT user, at FROM history WHERE language = ? AND domain = ? AND entry_id = ?"
                       " AND after_version = ? ORDER BY id DESC LIMIT 1",
                       (language, domain, entry_id, version)).fetchone()
    return (row["user"], iso_z(row["at"])) if row else (None, None)


def history_item(conn: sqlite3.Connection, item_id: int) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM history WHERE id = ?", (item_id,)).fetchone()
    return _history_item(row) if row else None


def _history_item(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"], "language": row["language"], "domain": row["domain"], "entry_id": row["entry_id"],
        "at": row["at"], "user": row["user"], "action": row["action"],
        "before": row["before_msgstr"], "after": row["after_msgstr"],
        "state_before": row["before_state"], "state_after": row["after_state"],
        "marks_before": json.loads(row["before_marks"] or "{}"),
        "version_before": row["before_version"], "version_after": row["after_version"],
        "confirmed_problems": json.loads(row["confirmed_problems"] or "[]"),
    }
