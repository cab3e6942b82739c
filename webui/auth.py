"""Login and logout pages (the JSON login is in `webui.api`)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from .security import get_db, log_in, log_out, logins

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
def login() -> Response | tuple[str, int, dict[str, str]]:
    """The login form; on success a fresh session and a redirect to where the user was going."""
    error, status, headers = None, 200, {}
    if request.method == "POST":
        outcome = logins().attempt(request.form.get("username", ""), request.form.get("password", ""),
                                   request.remote_addr, get_db())
        if outcome.user is not None:
            log_in(outcome.user)
            return redirect(safe_next(request.args.get("next")))
        status = outcome.status
        error = outcome.message
        if outcome.retry_after:
            error += f" (in {outcome.retry_after} s)"
            headers["Retry-After"] = str(outcome.retry_after)
    return render_template("login.html", error=error, next=request.args.get("next", "")), status, headers


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    log_out()
    return redirect(url_for("auth.login"))
