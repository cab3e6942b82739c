"""Server-side sessions: logout, password changes and closed accounts end them at once; lifetimes; cookies;
a reverse proxy is trusted only when configured."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from l10n.cli import main
from webui import create_app, db, sessions
from webui import login as login_module
from webui.client import ApiClient
from webui.serve import start_background_server

from test_webui_api import ENTRIES, IOM, USERS, Api, entries, login, run_cli
from test_webui_api import app, root, template  # noqa: F401 - fixtures

COOKIE = sessions.COOKIE_NAME


def cookie_of(client: FlaskClient) -> str | None:
    cookie = client.get_cookie(COOKIE)
    return cookie.value if cookie else None


def with_cookie(app: Flask, value: str) -> FlaskClient:
    """A fresh client that only has a copy of someone's session cookie (as an attacker who copied it)."""
    client = app.test_client()
    client.set_cookie(COOKIE, value)
    return client


def save_body(api: Api) -> tuple[str, dict]:
    entry = entries(api)[0]
    return f"{ENTRIES}/{entry['id']}", {"msgstr": "Wer wir sind", "state": "translated", "version": entry["version"]}


def test_a_cookie_copied_before_logout_is_refused_after_it_for_get_and_put(app: Flask) -> None:
    tom = login(app, "tom")
    copied = cookie_of(tom.client)
    assert copied
    thief = with_cookie(app, copied)
    assert thief.get(ENTRIES).status_code == 200  # the copy works while the session lives
    url, body = save_body(tom)
    assert tom.post("/api/logout", {}).status_code == 200
    response = thief.get(ENTRIES)
    assert response.status_code == 401 and response.json == {"error": "login required", "login": "/login"}
    assert thief.put(url, json=body, headers={"X-CSRF-Token": tom.token}).status_code == 401
    assert tom.get(ENTRIES).status_code == 401


def test_logout_ends_the_session_on_the_production_server_too(root: Path) -> None:
    server = start_background_server(create_app(root))
    try:
        client = ApiClient(server.url)
        client.login("tom", USERS["tom"][1])
        status, listed, _ = client.get(ENTRIES)
        assert status == 200
        thief = ApiClient(server.url)
        thief.cookie, thief.csrf_token = client.cookie, client.csrf_token
        assert client.post("/api/logout", {})[0] == 200
        assert thief.get(ENTRIES)[0] == 401
        status, body, _ = thief.put(f"{ENTRIES}/{listed[0]['id']}", {"msgstr": "x y", "state": "translated",
                                                                    "version": listed[0]["version"]})
        assert status == 401 and body["login"] == "/login"
        thief.close()
        client.close()
    finally:
        server.close()


def test_the_html_logout_form_ends_the_session(app: Flask) -> None:
    tom = login(app, "tom")
    copied = cookie_of(tom.client)
    assert tom.client.post("/logout", data={"csrf_token": tom.token}).status_code == 302
    assert with_cookie(app, copied).get("/").status_code == 302  # back to the login page


def test_a_password_change_ends_the_users_sessions_and_no_one_elses(app: Flask, root: Path) -> None:
    tom, rita = login(app, "tom"), login(app, "rita")
    code, output = run_cli("users", "passwd", "tom", "--password-stdin", "--root", str(root),
                           stdin="tom-new-password\n")
    assert code == 0, output
    assert tom.get(ENTRIES).status_code == 401
    assert rita.get(ENTRIES).status_code == 200
    old = app.test_client().post("/api/login", json={"username": "tom", "password": USERS["tom"][1]})
    assert old.status_code == 401
    new = app.test_client().post("/api/login", json={"username": "tom", "password": "tom-new-password"})
    assert new.status_code == 200


def test_disable_enable_and_remove_an_account(app: Flask, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tom = login(app, "tom")
    url, body = save_body(tom)
    assert run_cli("users", "disable", "tom", "--root", str(root))[0] == 0
    assert tom.get(ENTRIES).status_code == 401
    assert tom.put(url, body).status_code == 401
    refused = app.test_client().post("/api/login", json={"username": "tom", "password": USERS["tom"][1]})
    assert refused.status_code == 401
    code, output = run_cli("users", "list", "--root", str(root))
    assert "DISABLED" in next(line for line in output.splitlines() if line.startswith("tom "))
    assert run_cli("users", "enable", "tom", "--root", str(root))[0] == 0
    tom = login(app, "tom")
    assert tom.put(url, body).status_code == 200  # with the password it had
    assert run_cli("users", "remove", "tom", "--root", str(root))[0] == 0
    assert tom.get(ENTRIES).status_code == 401
    assert app.test_client().post("/api/login", json={"username": "tom", "password": USERS["tom"][1]}
                                  ).status_code == 401
    assert "tom" not in run_cli("users", "list", "--root", str(root))[1]
    rita = login(app, "rita")
    assert rita.get(f"{url}/history").json[0]["user"] == "tom"  # the history keeps the name
    with pytest.raises(SystemExit) as exit:
        main(["users", "disable", "nobody", "--root", str(root)])
    assert exit.value.code == 2 and "no user 'nobody'" in capsys.readouterr().err


def test_sessions_end_after_the_idle_and_the_absolute_lifetime(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (root / "l10n.toml").write_text("session_idle_minutes = 30\nsession_max_hours = 2\n", encoding="utf-8")
    app = create_app(root, config={"TESTING": True})
    now = [1_000_000.0]
    monkeypatch.setattr(sessions, "clock", lambda: now[0])
    tom = login(app, "tom")
    for step in range(4):  # used every 25 minutes: the idle limit never passes ...
        now[0] += 25 * 60
        assert tom.get(ENTRIES).status_code == 200, step
    now[0] += 25 * 60  # ... but 2 h 5 min after login the absolute limit has passed
    assert tom.get(ENTRIES).status_code == 401
    rita = login(app, "rita")
    now[0] += 29 * 60
    assert rita.get(ENTRIES).status_code == 200
    now[0] += 31 * 60  # unused for 31 minutes
    assert rita.get(ENTRIES).status_code == 401


def test_bad_session_settings_are_named(root: Path) -> None:
    from l10n.errors import InputError

    (root / "l10n.toml").write_text("session_idle_minutes = 0\n", encoding="utf-8")
    with pytest.raises(InputError, match="session_idle_minutes"):
        create_app(root)
    (root / "l10n.toml").write_text('trusted_proxies = "yes"\n', encoding="utf-8")
    with pytest.raises(InputError, match="trusted_proxies"):
        create_app(root)


def test_the_cookie_holds_a_random_id_whose_hash_alone_is_stored(app: Flask, root: Path) -> None:
    client = app.test_client()
    assert client.get("/login").status_code == 200  # the login form's CSRF token needs a session already
    before = cookie_of(client)
    tom_token = client.post("/api/login", json={"username": "tom", "password": USERS["tom"][1]}).json["csrf_token"]
    after = cookie_of(client)
    assert before and after and before != after  # a login gets a new id (no session fixation)
    assert len(after) >= 40 and "." not in after  # random, not signed data
    assert with_cookie(app, before).get(ENTRIES).status_code == 401
    raw = b"".join(path.read_bytes() for path in (root / "locales").glob(db.DB_NAME + "*"))
    assert after.encode() not in raw
    assert hashlib.sha256(after.encode()).hexdigest().encode() in raw
    assert tom_token  # the CSRF token lives server-side with the session


def test_cookie_flags_secure_over_https_and_proxy_headers_only_when_trusted(
        root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(root, config={"TESTING": True})
    form = {"username": "tom", "password": USERS["tom"][1]}
    plain = app.test_client().post("/api/login", json=form).headers["Set-Cookie"]
    assert "HttpOnly" in plain and "SameSite=Lax" in plain and "Secure" not in plain
    direct_tls = app.test_client().post("/api/login", json=form, base_url="https://review.example")
    assert "Secure" in direct_tls.headers["Set-Cookie"]
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    untrusted = app.test_client().post("/api/login", json=form, headers=forwarded)
    assert "Secure" not in untrusted.headers["Set-Cookie"]  # anyone can send these headers

    (root / "l10n.toml").write_text("trusted_proxies = 1\n", encoding="utf-8")
    proxied = create_app(root, config={"TESTING": True})
    behind = proxied.test_client().post("/api/login", json=form, headers=forwarded)
    assert behind.status_code == 200 and "Secure" in behind.headers["Set-Cookie"]
    # The client address comes from the proxy's header: the throttle counts 203.0.113.50, not the proxy.
    monkeypatch.setattr(login_module, "FREE_FAILURES_PER_ADDRESS", 2)
    for number in range(3):
        proxied.test_client().post("/api/login", json={"username": f"x{number}", "password": "wrong-password"},
                                   headers={"X-Forwarded-For": "203.0.113.50"})
    assert proxied.test_client().post("/api/login", json=form, headers={"X-Forwarded-For": "203.0.113.50"}
                                      ).status_code == 429
    assert proxied.test_client().post("/api/login", json=form, headers={"X-Forwarded-For": "203.0.113.51"}
                                      ).status_code == 200


def test_sessions_before_login_are_bounded(app: Flask, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each fresh visitor of the login form gets a session (for the form's CSRF token); a flood of them
    keeps at most MAX_ANONYMOUS rows, and logged-in sessions are never dropped for them."""
    monkeypatch.setattr(sessions, "MAX_ANONYMOUS", 3)
    monkeypatch.setattr(sessions, "PURGE_EVERY_INSERTS", 1)
    tom = login(app, "tom")
    for _ in range(8):
        assert app.test_client().get("/login").status_code == 200
    conn = db.connect(root / "locales" / db.DB_NAME)
    anonymous = conn.execute("SELECT COUNT(*) FROM sessions WHERE user_id IS NULL").fetchone()[0]
    conn.close()
    assert anonymous <= 3 + 1  # the newest is inserted after the purge
    assert tom.get(ENTRIES).status_code == 200


def test_forwarded_headers_reach_the_app_through_waitress_only_when_trusted(root: Path) -> None:
    """waitress passes X-Forwarded-* on; the app's ProxyFix (trusted_proxies) decides whether they count."""
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    for setting, secure in (("", False), ("trusted_proxies = 1\n", True)):
        (root / "l10n.toml").write_text(setting, encoding="utf-8")
        server = start_background_server(create_app(root))
        try:
            client = ApiClient(server.url)
            status, _, headers = client.post("/api/login", {"username": "tom", "password": USERS["tom"][1]},
                                             headers=forwarded)
            assert status == 200 and ("Secure" in headers["set-cookie"]) is secure
            client.close()
        finally:
            server.close()


def test_api_calls_after_a_session_ended_say_where_to_log_in(app: Flask) -> None:
    tom = login(app, "tom")
    tom.post("/api/logout", {})
    for response in (tom.get(f"/api/catalogues/de/{IOM}"), tom.put(f"{ENTRIES}/x", {"msgstr": "x"})):
        assert response.status_code == 401 and response.json["login"] == "/login"
