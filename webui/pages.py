"""The dashboard (every page x language with its progress), the downloads and the rendered preview."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template, send_file, url_for

from l10n.errors import L10nError
from l10n.structure import StructureError
from l10n.export import translations
from l10n.formats import parse_file
from l10n.states import STATE_ORDER

from .editor import STATE_ICONS
from .rendered import RENDERED_CSP, render_marked
from .security import review
from .store import NotFound

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
    return render_template("dashboard.html", rows=rows, states=STATE_ORDER, state_icons=STATE_ICONS)


@bp.route("/catalogues/<lang>/<domain>.po")
def download_po(lang: str, domain: str) -> Response:
    """The catalogue file as it is on disk."""
    path = review().path(lang, domain)
    return send_file(path, mimetype="text/x-gettext-translation", as_attachment=True,
                     download_name=f"{domain}.{lang}.po", max_age=0)


@bp.route("/catalogues/<lang>/<domain>/page")
def download_page(lang: str, domain: str) -> Response:
    """The localised page as `l10n export` would write it now (done entries only, English elsewhere),
    or 409 with the structure gate's reasons where export would refuse it."""
    try:
        name, text = review().exported_page(lang, domain)
    except StructureError as error:
        return Response(f"Not exported: {error}\n", status=409, mimetype="text/plain")
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    response = Response(text, mimetype=PAGE_TYPES.get(suffix, "text/plain"))
    response.headers["Content-Disposition"] = f'attachment; filename="{_ascii(lang)}-{_ascii(name)}"'
    return response


@bp.route("/catalogues/<lang>/<domain>/rendered")
def rendered_page(lang: str, domain: str) -> Response:
    """The exported HTML page, rendered, each segment outlined by state and linked to its entry
    (for the editor's `<iframe sandbox>`; see `webui.rendered` for why it is safe to show)."""
    store = review()
    snap, page = store.snapshot(lang, domain), store.source_page(domain)
    if page is None or page.path.suffix.lower() not in (".html", ".htm"):
        raise NotFound(f"{domain} has no HTML source page: its preview is the text view in the editor")
    parsed = parse_file(page.path)  # an unreadable page: L10nError, answered with its file and line
    with store.po_lock(snap.path):
        done = translations(snap.po)
    views = {view.data["msgid"]: view for view in snap.views if view.data["msgctxt"] is None}

    def state_of(msgid: str) -> tuple[str, str | None]:
        view = views.get(msgid)
        return (view.data["state"], view.id) if view else ("missing", None)

    def link(ident: str) -> str:
        return url_for("editor.edit", lang=lang, domain=domain, _anchor=f"entry-{ident}")

    response = Response(render_marked(parsed, done, state_of, link), mimetype="text/html")
    response.headers["Content-Security-Policy"] = RENDERED_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["X-DNS-Prefetch-Control"] = "off"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _ascii(name: str) -> str:
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "._-") else "_" for ch in name)
