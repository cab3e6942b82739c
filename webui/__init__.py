"""The review web UI: a Flask app over `l10n` (catalogues, states, checks, glossary, memory, export).

    from webui import create_app
    app = create_app("path/to/project")

Blueprints: `auth` (login/logout), `pages` (dashboard, downloads), `editor`
(the editor page) and `api` (JSON for the editor's script and for scripts).
Every route needs a login; every state-changing request a CSRF token. Users,
sessions and history live in SQLite beside the catalogues; the PO files stay
the source of truth (see `webui.store`). Settings: `webui.settings`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from l10n.config import load_project

from . import db
from .login import Logins
from .sessions import ServerSessionInterface
from .settings import WebSettings
from .store import Review

__all__ = ["create_app"]


def create_app(project_root: str | Path, *, config: dict[str, Any] | None = None) -> Flask:
    """The app for the project in `project_root`; `config` overrides Flask settings (e.g. TESTING).

    Raises InputError for a bad web UI setting in [tool.l10n] (see `webui.settings`).
    """
    project = load_project(project_root)
    settings = WebSettings.from_project(project)
    app = Flask(__name__)
    database = Path((config or {}).get("L10N_DB") or db.db_path(project))
    db.init_db(database)
    # Held open for the app's life: when the last connection to a WAL database closes, SQLite checkpoints
    # and removes the WAL (with fsyncs); the request threads' connections would pay that on every request.
    app.extensions["l10n_db_keeper"] = db.connect(database)
    app.config.update(
        # Sessions are server-side (webui.sessions sets the cookie's flags); the key is for Flask extensions.
        SECRET_KEY=db.load_secret_key(database.with_name(db.SECRET_NAME)),
        MAX_CONTENT_LENGTH=1024 * 1024,  # one translation is small; refuse huge bodies early
        L10N_DB=str(database),
    )
    app.config.update(config or {})
    app.json.sort_keys = False  # type: ignore[attr-defined]  # counts keep the order of the states
    app.extensions["l10n_review"] = Review(project)
    app.extensions["l10n_project"] = project
    app.extensions["l10n_logins"] = Logins()
    app.session_interface = ServerSessionInterface(settings)
    if settings.trusted_proxies:  # behind a reverse proxy: its X-Forwarded-For/-Proto/-Host say who and how
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n)  # type: ignore[method-assign]

    from . import api, auth, editor, pages, security

    security.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(editor.bp)
    app.register_blueprint(api.bp, url_prefix="/api")
    return app
