"""Users and edit history in SQLite, beside the catalogues (the PO files stay the source of truth).

One file, `locales/.l10n-review.sqlite`, in WAL mode so that the web server's
request threads and the `l10n users` command can read while one of them
writes. The web app opens one connection per request; nothing here keeps
global state. The Flask secret key lives next to it (`.l10n-review.secret`,
mode 0600), generated on first use so that no key is ever hard-coded.
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
    created TEXT NOT NULL
);
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
    after_version TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS history_entry ON history (language, domain, entry_id, id);
"""

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
    return conn


def init_db(path: Path) -> None:
    """Create the tables (idempotent) and switch the file to WAL mode (a property of the file)."""
    with contextlib.closing(connect(path)) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.executescript(_SCHEMA)
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
    """Replace a user's password; ValueError for an unknown user or a short password."""
    _check_password(password)
    cursor = conn.execute("UPDATE users SET password_hash = ? WHERE name = ?", (generate_password_hash(password), name))
    if cursor.rowcount == 0:
        raise ValueError(f"no user {name!r}")


def _check_password(password: str) -> None:
    if len(password) < 8:
        raise ValueError("the password must have at least 8 characters")


def list_users(conn: sqlite3.Connection) -> list[tuple[User, str]]:
    """(user, created) for every user, by name."""
    rows = conn.execute("SELECT id, name, role, created FROM users ORDER BY name").fetchall()
    return [(User(row["id"], row["name"], row["role"]), row["created"]) for row in rows]


def user_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM users").fetchone()[0])


def get_user(conn: sqlite3.Connection, user_id: int) -> User | None:
    row = conn.execute("SELECT id, name, role FROM users WHERE id = ?", (user_id,)).fetchone()
    return User(row["id"], row["name"], row["role"]) if row else None


def authenticate(conn: sqlite3.Connection, name: str, password: str) -> User | None:
    """The user if `password` is right, else None (same work either way)."""
    row = conn.execute("SELECT id, name, role, password_hash FROM users WHERE name = ?", (name,)).fetchone()
    if row is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(row["password_hash"], password):
        return None
    return User(row["id"], row["name"], row["role"])


# -- history -----------------------------------------------------------------------------------

def record(conn: sqlite3.Connection, *, language: str, domain: str, entry_id: str, msgid: str, user: str,
           action: str, before: dict[str, Any], after: dict[str, Any]) -> int:
    """One history row; `before`/`after` are entry views (msgstr, state, version, marks)."""
    cursor = conn.execute(
        "INSERT INTO history (language, domain, entry_id, msgid, at, user, action, before_msgstr, after_msgstr,"
        " before_state, after_state, before_marks, before_version, after_version)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (language, domain, entry_id, msgid, now(), user, action, before["msgstr"], after["msgstr"],
         before["state"], after["state"], json.dumps(before.get("marks") or {}), before["version"],
         after["version"]))
    return int(cursor.lastrowid or 0)


def history(conn: sqlite3.Connection, language: str, domain: str, entry_id: str) -> list[dict[str, Any]]:
    """The changes of one entry, newest first."""
    rows = conn.execute("SELECT * FROM history WHERE language = ? AND domain = ? AND entry_id = ? ORDER BY id DESC",
                        (language, domain, entry_id)).fetchall()
    return [_history_item(row) for row in rows]


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
    }
