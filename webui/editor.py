"""The editor page for one catalogue; its entries come from the JSON API (`static/editor.js`)."""

from __future__ import annotations

from flask import Blueprint, render_template

from l10n.states import STATE_ORDER

from .checking import check_list
from .security import current_user, review

bp = Blueprint("editor", __name__)

SHORTCUTS = [
    ("Ctrl+Enter", "save (as translated) and go to the next entry that needs work"),
    ("Alt+↓ / Alt+↑", "next / previous entry"),
    ("Alt+A", "accept the machine translation as it is"),
    ("Alt+N", "mark as needs work"),
    ("Alt+1 … Alt+3", "use translation-memory suggestion 1 … 3"),
    ("Escape", "undo your typing in this entry"),
]


@bp.route("/catalogues/<lang>/<domain>")
def edit(lang: str, domain: str) -> str:
    snap = review().snapshot(lang, domain)  # 404 for a catalogue not in the project's list
    user = current_user()
    return render_template("editor.html", lang=snap.language, domain=snap.domain, summary=snap.summary(),
                           states=STATE_ORDER, checks=check_list(), shortcuts=SHORTCUTS,
                           can_review=bool(user and user.can_review))
