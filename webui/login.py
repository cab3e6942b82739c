"""Checking a login: throttled per account and per client address, password hashing bounded.

Used by the login form (`webui.auth`) and the JSON login (`webui.api`):

    outcome = logins(app).attempt(name, password, address, conn)
    outcome.user            # the user on success, else None
    outcome.status          # 200, 401 wrong, 429 throttled, 503 too many password checks at once
    outcome.retry_after     # seconds (429/503), for the Retry-After header

Throttle: each account and each client address may fail a few times freely;
after that every further failure doubles the wait before the next attempt
(1 s, 2 s, 4 s ... at most 15 minutes). An attempt during the wait gets 429
without its password being checked, so guessing is slow however fast the
requests come. A success clears both counters; failures are forgotten an
hour after the last one. The counters are kept in memory (one server
process, as `l10n serve` runs); a restart forgets them.

Hashing: a password check costs ~100-250 ms of CPU (scrypt, on purpose). Only
`HASH_SLOTS` checks run at once, `HASH_QUEUE` more may wait for a slot, and
over time no more than `HASH_RATE` checks a second start (a burst of
`HASH_BURST` at once, as when a team logs in after a restart); any further
login gets 503 at once. So a login flood, even from many addresses, keeps at
most a few request threads and about a quarter of one core busy, and the other
threads keep serving logged-in users.
"""

from __future__ import annotations

import math
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from werkzeug.security import check_password_hash

from . import db

FREE_FAILURES_PER_ACCOUNT = 5
FREE_FAILURES_PER_ADDRESS = 20  # an office behind one NAT address has several people typing
FIRST_DELAY_SECONDS = 1.0
MAX_DELAY_SECONDS = 15 * 60.0
FORGET_SECONDS = 3600.0
MAX_TRACKED = 50_000  # counters kept at most (the oldest are dropped first)
HASH_SLOTS = 1  # password checks at once: one core of a small machine
HASH_QUEUE = 3  # logins that may wait for a slot (the other request threads stay free)
HASH_WAIT_SECONDS = 3.0
HASH_RATE = 2.0  # checks started per second, sustained (x ~0.12 s of CPU each: a quarter of one core)
HASH_BURST = 20  # a team logging in at once after a restart; a flood gets these once
BUSY_RETRY_SECONDS = 1


@dataclass(frozen=True)
class Outcome:
    user: db.User | None
    status: int  # 200 ok, 401 wrong name or password, 429 throttled, 503 busy
    retry_after: int = 0  # seconds, for 429 and 503
    message: str = ""


@dataclass
class _Failures:
    count: int = 0
    last: float = 0.0
    until: float = 0.0  # no attempt before this time


class LoginThrottle:
    """Failure counters by key ("account:NAME", "address:IP") with doubling delays."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, _Failures] = {}

    def wait(self, keys: list[str]) -> float:
        """Seconds until an attempt for these keys is allowed (0: now)."""
        now = self.clock()
        with self._lock:
            return max([self._failures[key].until - now for key in keys if key in self._failures] + [0.0])

    def failed(self, keys: list[tuple[str, int]]) -> None:
        """Count a failure for each (key, free failures) and set its next allowed time."""
        now = self.clock()
        with self._lock:
            for key, free in keys:
                failures = self._failures.get(key)
                if failures is None or now - failures.last > FORGET_SECONDS:
                    failures = self._failures[key] = _Failures()
                failures.count += 1
                failures.last = now
                excess = failures.count - free
                if excess > 0:
                    failures.until = now + min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS * 2 ** min(excess - 1, 30))
            if len(self._failures) > MAX_TRACKED:
                self._forget(now)

    def succeeded(self, keys: list[str]) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)

    def _forget(self, now: float) -> None:
        for key in [key for key, failures in self._failures.items() if now - failures.last > FORGET_SECONDS]:
            del self._failures[key]
        if len(self._failures) > MAX_TRACKED:  # a flood of fresh keys: keep the newest half
            newest = sorted(self._failures.items(), key=lambda item: item[1].last)[len(self._failures) // 2:]
            self._failures = dict(newest)


class PasswordChecks:
    """At most `slots` password hashes at once, `queue` more waiting, `rate` a second (token bucket of
    `burst`); the rest are turned away."""

    def __init__(self, slots: int = HASH_SLOTS, queue: int = HASH_QUEUE, rate: float = HASH_RATE,
                 burst: int = HASH_BURST, clock: Callable[[], float] = time.monotonic) -> None:
        self._slots = threading.BoundedSemaphore(slots)
        self._room = threading.BoundedSemaphore(slots + queue)  # running + waiting
        self._rate, self._burst, self._clock = rate, float(burst), clock
        self._tokens, self._filled = float(burst), clock()
        self._lock = threading.Lock()

    def _take_token(self) -> bool:
        with self._lock:
            now = self._clock()
            self._tokens = min(self._burst, self._tokens + (now - self._filled) * self._rate)
            self._filled = now
            if self._tokens < 1:
                return False
            self._tokens -= 1
            return True

    def check(self, password_hash: str, password: str) -> bool | None:
        """Whether the password matches; None when too many checks are running, waiting or were started
        in the last seconds."""
        if not self._take_token():
            return None
        if not self._room.acquire(blocking=False):
            return None
        try:
            if not self._slots.acquire(timeout=HASH_WAIT_SECONDS):
                return None
            try:
                return check_password_hash(password_hash, password)
            finally:
                self._slots.release()
        finally:
            self._room.release()


class Logins:
    """The app's login checks: one throttle and one hashing bound for all request threads."""

    def __init__(self, throttle: LoginThrottle | None = None, checks: PasswordChecks | None = None) -> None:
        self.throttle = throttle or LoginThrottle()
        self.checks = checks or PasswordChecks()

    def attempt(self, name: str, password: str, address: str | None, conn: sqlite3.Connection) -> Outcome:
        """Check `name`/`password` from client `address` (see the module's docstring)."""
        account, client = f"account:{name.casefold()}", f"address:{address or '?'}"
        wait = self.throttle.wait([account, client])
        if wait > 0:
            return Outcome(None, 429, math.ceil(wait), "Too many failed logins: wait before trying again.")
        user, password_hash = db.password_record(conn, name)
        matches = self.checks.check(password_hash, password)
        if matches is None:
            return Outcome(None, 503, BUSY_RETRY_SECONDS, "The server is checking many logins at once: try again.")
        if user is None or not matches:
            self.throttle.failed([(account, FREE_FAILURES_PER_ACCOUNT), (client, FREE_FAILURES_PER_ADDRESS)])
            return Outcome(None, 401, 0, "Wrong user name or password.")
        self.throttle.succeeded([account, client])
        return Outcome(user, 200)
