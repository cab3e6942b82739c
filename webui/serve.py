"""Running the app: a threaded werkzeug server, and the first admin account for a demo."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from werkzeug.serving import make_server

from l10n.config import Project

from . import create_app, db

DEMO_USER = "admin"


def ensure_demo_user(project: Project) -> tuple[str, str] | None:
    """Create an admin with a random password if the project has no users yet: (name, password) once, else None."""
    with db.opened(project) as conn:
        if db.user_count(conn):
            return None
        password = secrets.token_urlsafe(12)
        try:
            db.add_user(conn, DEMO_USER, "admin", password)
        except ValueError:  # created by a second `serve` in the same moment
            return None
        return DEMO_USER, password


def serve(project: Project, host: str, port: int, *, announce: Callable[[str], None] = print) -> None:
    """Serve the review UI until interrupted (one thread per request)."""
    app = create_app(project.root)
    server = make_server(host, port, app, threaded=True)  # a port in use: werkzeug says so and exits 1
    shown_host = f"[{host}]" if ":" in host else host
    announce(f"l10n review UI on http://{shown_host}:{server.server_port}/  (Ctrl+C stops it)")
    try:
        server.serve_forever()
    finally:
        server.server_close()
