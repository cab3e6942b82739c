"""The dashboard (every page x language with its progress) and the downloads."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template, send_file

from l10n.errors import L10nError
from l10n.states import STATE_ORDER

from .security import review

bp = Blueprint("pages", __name__)

PAGE_TYPES = {".txt": "text/plain", ".md": "text/markdown", ".markdown": "text/markdown", ".html": "text/html",
              ".htm": "text/html"}


def dashboard_rows() -> list[dict[str, Any]]:
    """One row per source page and language: counts by state, blocking problems, or why there are none."""
    store = review()
    rows = []
    languages = store.project.languages
    known = {(lang, domain) for lang, domain, _ in store.catalogues()}
    domains = [page.domain for page in store.project.sources()]
    domains += sorted({domain for _, domain in known} - set(domains))  # catalogues whose page was removed
    for domain in domains:
        for lang in languages:
            row: dict[str, Any] = {"domain": domain, "language": lang, "summary": None, "error": None}
            if (lang, domain) not in known:
                row["error"] = f"no catalogue yet: run `l10n update --lang {lang}`"
            else:
                try:
                    row["summary"] = store.snapshot(lang, domain).summary()
                except L10nError as error:
                    row["error"] = str(error)
            rows.append(row)
    return rows


@bp.route("/")
def dashboard() -> str:
    rows = dashboard_rows()
    for row in rows:  # the progress bar: one SVG rectangle per state (no inline style under the CSP)
        summary = row["summary"]
        if summary:
            bars, x = [], 0.0
            for state in STATE_ORDER:
                count = summary["counts"][state.value]
                width = 100.0 * count / summary["total"] if summary["total"] else 0.0
                bars.append({"state": state.value, "x": round(x, 3), "width": round(width, 3), "count": count})
                x += width
            row["bars"] = bars
    return render_template("dashboard.html", rows=rows, states=STATE_ORDER)


@bp.route("/catalogues/<lang>/<domain>.po")
def download_po(lang: str, domain: str) -> Response:
    """The catalogue file as it is on disk."""
    path = review().path(lang, domain)
    return send_file(path, mimetype="text/x-gettext-translation", as_attachment=True,
                     download_name=f"{domain}.{lang}.po", max_age=0)


@bp.route("/catalogues/<lang>/<domain>/page")
def download_page(lang: str, domain: str) -> Response:
    """The localised page as `l10n export` would write it now (done entries only, English elsewhere)."""
    name, text = review().exported_page(lang, domain)
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    response = Response(text, mimetype=PAGE_TYPES.get(suffix, "text/plain"))
    response.headers["Content-Disposition"] = f'attachment; filename="{_ascii(lang)}-{_ascii(name)}"'
    return response


def _ascii(name: str) -> str:
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "._-") else "_" for ch in name)
