"""The editor page for one catalogue; its entries come from the JSON API (`static/editor.js`)."""

from __future__ import annotations

from flask import Blueprint, render_template

from l10n.states import STATE_ORDER

from .checking import check_list
from .rendered import STATE_LABELS
from .security import current_user, review

bp = Blueprint("editor", __name__)

SHORTCUTS = [  # always on screen, one line: keep each short
    ("Ctrl+Enter", "save, then next entry needing work"),
    ("Alt+↓ / Alt+↑", "next / previous entry"),
    ("Alt+A", "accept machine translation"),
    ("Alt+N", "needs work"),
    ("Alt+1…3", "use memory match 1…3"),
    ("Esc", "undo typing"),
]
# Shown with each state's name wherever a state is shown (badges, counts, preview outlines): not colour alone.
STATE_ICONS = {"untranslated": "○", "machine": "⚙", "needs-work": "⚑", "translated": "✓", "approved": "✔✔",
               "missing": "?"}


@bp.route("/catalogues/<lang>/<domain>")
def edit(lang: str, domain: str) -> str:
    snap = review().snapshot(lang, domain)  # 404 for a catalogue not in the project's list
    user = current_user()
    page = review().source_page(snap.domain)
    page_format = page.path.suffix.lower().lstrip(".") if page else ""
    return render_template("editor.html", lang=snap.language, domain=snap.domain, summary=snap.summary(),
                           states=STATE_ORDER, checks=check_list(), shortcuts=SHORTCUTS,
                           can_review=bool(user and user.can_review), page_format=page_format,
                           legend=list(STATE_LABELS.items()), state_icons=STATE_ICONS)
