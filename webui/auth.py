"""Login and logout pages (the JSON login is in `webui.api`)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from . import db
from .security import get_db, log_in

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str:
    """Only a path on this site: a login link must not send the user elsewhere."""
    if not target:
        return url_for("pages.dashboard")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("pages.dashboard")
    return target


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    """The login form; on success a fresh session and a redirect to where the user was going."""
    error = None
    if request.method == "POST":
        user = db.authenticate(get_db(), request.form.get("username", ""), request.form.get("password", ""))
        if user is not None:
            log_in(user)
            return redirect(safe_next(request.args.get("next")))
        error = "Wrong user name or password."
    status = 401 if error else 200
    return render_template("login.html", error=error, next=request.args.get("next", "")), status


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    session.clear()
    return redirect(url_for("auth.login"))
