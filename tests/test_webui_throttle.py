"""Login throttling per account and per client address (429 + Retry-After), and password hashing that
cannot occupy the request threads (503 when too many checks run at once)."""

from __future__ import annotations

import threading

import pytest
from flask import Flask

from webui import login as logins
from webui.login import LoginThrottle, PasswordChecks

from test_webui_api import ENTRIES, USERS, login
from test_webui_api import app, root, template  # noqa: F401 - fixtures


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def attempt(app: Flask, name: str, password: str, address: str = "192.0.2.1"):
    return app.test_client().post("/api/login", json={"username": name, "password": password},
                                  environ_base={"REMOTE_ADDR": address})


def test_throttle_delays_double_after_the_free_failures() -> None:
    clock = Clock()
    throttle = LoginThrottle(clock)
    key = "account:tom"
    for _ in range(logins.FREE_FAILURES_PER_ACCOUNT):
        assert throttle.wait([key]) == 0
        throttle.failed([(key, logins.FREE_FAILURES_PER_ACCOUNT)])
    assert throttle.wait([key]) == 0  # the free failures cost nothing
    waits = []
    for _ in range(4):
        throttle.failed([(key, logins.FREE_FAILURES_PER_ACCOUNT)])
        waits.append(throttle.wait([key]))
        clock.now += waits[-1]
    assert waits == [1.0, 2.0, 4.0, 8.0]
    for _ in range(30):
        throttle.failed([(key, logins.FREE_FAILURES_PER_ACCOUNT)])
    assert throttle.wait([key]) == logins.MAX_DELAY_SECONDS
    throttle.succeeded([key])
    assert throttle.wait([key]) == 0
    throttle.failed([(key, 0)])
    clock.now += logins.FORGET_SECONDS + 1
    throttle.failed([(key, 1)])  # an hour later the old failures are forgotten: this is the first again
    assert throttle.wait([key]) == 0


def test_guessing_a_password_gets_429_with_retry_after_even_for_the_right_one(app: Flask) -> None:
    clock = Clock()
    app.extensions["l10n_logins"].throttle.clock = clock
    statuses = [attempt(app, "tom", f"guess-{n}").status_code for n in range(logins.FREE_FAILURES_PER_ACCOUNT + 1)]
    assert statuses == [401] * (logins.FREE_FAILURES_PER_ACCOUNT + 1)
    throttled = attempt(app, "tom", "another-guess")
    assert throttled.status_code == 429 and throttled.headers["Retry-After"] == "1"
    assert "error" in throttled.json
    right = attempt(app, "tom", USERS["tom"][1])
    assert right.status_code == 429  # during the wait nothing is checked, not even the right password
    clock.now += 1
    assert attempt(app, "tom", "guess-again").status_code == 401
    assert attempt(app, "tom", USERS["tom"][1]).headers["Retry-After"] == "2"  # the wait doubled
    clock.now += 2
    assert attempt(app, "tom", USERS["tom"][1]).status_code == 200  # and a success clears the count
    assert attempt(app, "tom", "one-typo").status_code == 401
    # other accounts are not affected by tom's throttle (from another address)
    assert attempt(app, "rita", USERS["rita"][1], address="192.0.2.2").status_code == 200


def test_one_address_trying_many_accounts_is_throttled(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logins, "FREE_FAILURES_PER_ADDRESS", 3)
    app.extensions["l10n_logins"].throttle.clock = Clock()
    for number in range(4):  # each name fails once: only the address counter grows
        assert attempt(app, f"user{number}", "wrong-password", address="198.51.100.7").status_code == 401
    blocked = attempt(app, "rita", USERS["rita"][1], address="198.51.100.7")
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) >= 1
    assert attempt(app, "rita", USERS["rita"][1], address="198.51.100.8").status_code == 200


def test_the_login_form_is_throttled_too(app: Flask) -> None:
    app.extensions["l10n_logins"].throttle.clock = Clock()
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    statuses = [client.post("/login", data={"username": "adam", "password": f"guess-{n}", "csrf_token": token}
                            ).status_code for n in range(logins.FREE_FAILURES_PER_ACCOUNT + 2)]
    assert statuses[-1] == 429
    response = client.post("/login", data={"username": "adam", "password": USERS["adam"][1], "csrf_token": token})
    assert response.status_code == 429 and response.headers["Retry-After"]
    assert "Too many failed logins" in response.get_data(as_text=True)


def test_password_checks_are_bounded_and_logged_in_users_are_served_meanwhile(
        app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """While the hashing slot is busy (and no room is left to wait), a login gets 503 at once (its request
    thread is free again), and a logged-in translator's requests do not wait for any hashing."""
    tom = login(app, "tom")
    release = threading.Event()
    started = threading.Semaphore(0)

    def slow_check(password_hash: str, password: str) -> bool:
        started.release()
        release.wait(10)
        return False

    app.extensions["l10n_logins"].checks = PasswordChecks(slots=1, queue=0)
    monkeypatch.setattr(logins, "check_password_hash", slow_check)
    monkeypatch.setattr(logins, "HASH_WAIT_SECONDS", 10)
    results: list[int] = []
    flood = threading.Thread(target=lambda: results.append(
        attempt(app, "flood", "wrong-password", address="203.0.113.1").status_code))
    flood.start()
    assert started.acquire(timeout=10)  # the one check runs
    busy = attempt(app, "rita", USERS["rita"][1], address="203.0.113.99")
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "1"
    assert tom.get(ENTRIES).status_code == 200  # no hashing on this request's path
    release.set()
    flood.join(10)
    assert results == [401]


def test_checks_wait_for_a_slot_within_the_queue() -> None:
    checks = PasswordChecks(slots=1, queue=1)
    from werkzeug.security import generate_password_hash

    password_hash = generate_password_hash("right-password")
    results: list[bool | None] = []
    threads = [threading.Thread(target=lambda: results.append(checks.check(password_hash, "right-password")))
               for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert results == [True, True]  # the second waited for the first instead of being turned away


def test_password_checks_per_second_are_bounded() -> None:
    """A flood from many addresses passes the throttle; it still starts at most `rate` hashes a second."""
    clock = Clock()
    checks = PasswordChecks(slots=1, queue=0, rate=2.0, burst=3, clock=clock)
    checks._slots, checks._room = threading.BoundedSemaphore(99), threading.BoundedSemaphore(99)  # rate alone
    from werkzeug.security import generate_password_hash

    password_hash = generate_password_hash("right-password", method="pbkdf2:sha256:1")  # fast: rate is the point
    assert [checks.check(password_hash, "right-password") for _ in range(4)] == [True, True, True, None]
    clock.now += 0.5  # one more after half a second at 2 a second
    assert [checks.check(password_hash, "right-password") for _ in range(2)] == [True, None]
    clock.now += 100  # the burst refills, no further
    assert [checks.check(password_hash, "wrong") for _ in range(4)] == [False, False, False, None]
