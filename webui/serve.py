"""Running the app on waitress (a production WSGI server), and the first admin account for a demo.

waitress runs on one machine without other services and keeps its size fixed:
`serve_threads` request threads (default 8) and at most `serve_connection_limit`
open connections (default 100; more wait in the listen backlog); an idle
connection is closed after CHANNEL_TIMEOUT_SECONDS. Three hundred idle clients
therefore cost 100 sockets and no thread each (werkzeug's development server
started one thread per connection).

Behind a TLS-terminating reverse proxy, set `trusted_proxies` (see
`webui.settings`): the app then takes the client address and scheme from the
proxy's X-Forwarded-* headers (werkzeug's ProxyFix) and marks its cookie
Secure. waitress passes those headers on untouched; without the setting the
app ignores them.
"""

from __future__ import annotations

import logging
import secrets
import sys
import threading
from collections.abc import Callable
from typing import Any

from waitress.server import create_server

from l10n.config import Project

from . import create_app, db
from .settings import WebSettings

DEMO_USER = "admin"
CHANNEL_TIMEOUT_SECONDS = 60  # an idle (keep-alive or stalled) connection is closed after this
POLL_SECONDS = 0.2  # how often a background server looks at its stop flag
# A request thread that waited for the disk or the network waits for the GIL up to this long while other
# threads compute (CPython's default is 5 ms): shorter keeps a translator's request from queueing behind
# many cheap ones (a login flood answered with 429) at each of its waits.
SWITCH_INTERVAL_SECONDS = 0.001


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


def make_server(app: Any, host: str = "127.0.0.1", port: int = 0, *, threads: int = 8, connection_limit: int = 100,
                socket_map: dict[int, Any] | None = None) -> Any:
    """A waitress server for the WSGI `app`, listening at once (port 0: a free one; `.effective_port`).

    OSError when the address cannot be used (port taken, unknown host).
    """
    return create_server(
        app, map=socket_map, host=host, port=port, threads=threads, connection_limit=connection_limit,
        channel_timeout=CHANNEL_TIMEOUT_SECONDS, ident="l10n",
        # X-Forwarded-* reach the app, which ignores them unless `trusted_proxies` is set (ProxyFix)
        clear_untrusted_proxy_headers=False)


def serve(project: Project, host: str, port: int, *, announce: Callable[[str], None] = print) -> None:
    """Serve the review UI until interrupted (Ctrl+C or SIGINT)."""
    settings = WebSettings.from_project(project)
    app = create_app(project.root)
    server = make_server(app, host, port, threads=settings.serve_threads,
                         connection_limit=settings.serve_connection_limit)
    logging.getLogger("waitress").setLevel(logging.WARNING)
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
    shown_host = f"[{host}]" if ":" in host else host
    announce(f"l10n review UI on http://{shown_host}:{server.effective_port}/  (Ctrl+C stops it)")
    server.run()  # returns on KeyboardInterrupt, after stopping its threads


class BackgroundServer:
    """A waitress server running in a daemon thread (for tests and the load test); `.close()` stops it."""

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0, **options: Any) -> None:
        self._map: dict[int, Any] = {}  # waitress's socket map: ours, so that close() can close every socket
        self._server = make_server(app, host, port, socket_map=self._map, **options)
        self.host = host
        self.port = int(self._server.effective_port)
        self.url = f"http://{f'[{host}]' if ':' in host else host}:{self.port}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"l10n-server-{self.port}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        asyncore = self._server.asyncore
        while not self._stop.is_set() and self._map:
            asyncore.loop(timeout=POLL_SECONDS, map=self._map, use_poll=True, count=1)
        for dispatcher in list(self._map.values()):  # the listening socket, its trigger, open connections
            dispatcher.close()
        self._server.task_dispatcher.shutdown()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def __enter__(self) -> BackgroundServer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def start_background_server(app: Any, host: str = "127.0.0.1", port: int = 0, **options: Any) -> BackgroundServer:
    """The production server (waitress) for `app` in a thread: `.port`, `.url`, `.close()`.

    `options`: `threads`, `connection_limit` (as `l10n serve` uses them).
    """
    return BackgroundServer(app, host, port, **options)
