"""The web UI's settings from `[tool.l10n]` (or `l10n.toml`): session lifetimes, proxy trust, server size.

    [tool.l10n]
    session_idle_minutes = 480   # a session unused this long ends (default 8 hours)
    session_max_hours = 168      # and every session ends this long after login (default 7 days)
    trusted_proxies = 1          # behind one TLS-terminating reverse proxy: trust its X-Forwarded-* headers
    serve_threads = 8            # request threads of `l10n serve`
    serve_connection_limit = 100 # open connections it accepts at once (more wait in the listen backlog)

Without `trusted_proxies` (the default, 0) the forwarded headers are ignored:
any client could send them, so they could fake their address (and dodge the
login throttle) or make a plain-HTTP request look like HTTPS.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from l10n.config import Project
from l10n.errors import InputError


@dataclass(frozen=True)
class WebSettings:
    session_idle_seconds: float = 8 * 3600
    session_max_seconds: float = 7 * 24 * 3600
    trusted_proxies: int = 0
    serve_threads: int = 8
    serve_connection_limit: int = 100

    @classmethod
    def from_project(cls, project: Project) -> WebSettings:
        """The settings of `project`; InputError naming the key for a value out of range."""
        settings = project.settings
        return cls(
            session_idle_seconds=60 * _number(settings, "session_idle_minutes", 8 * 60, 1, 365 * 24 * 60),
            session_max_seconds=3600 * _number(settings, "session_max_hours", 7 * 24, 1 / 60, 365 * 24),
            trusted_proxies=int(_number(settings, "trusted_proxies", 0, 0, 10, whole=True)),
            serve_threads=int(_number(settings, "serve_threads", 8, 1, 256, whole=True)),
            serve_connection_limit=int(_number(settings, "serve_connection_limit", 100, 1, 100_000, whole=True)),
        )


def _number(settings: dict[str, Any], key: str, default: float, low: float, high: float, *,
            whole: bool = False) -> float:
    value = settings.get(key, default)
    kind = int if whole else (int, float)
    if isinstance(value, bool) or not isinstance(value, kind) or not low <= value <= high:
        noun = "a whole number" if whole else "a number"
        raise InputError(f"[tool.l10n] {key} must be {noun} from {low:g} to {high:g}, not {value!r}")
    return value
