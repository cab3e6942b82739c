"""A small keep-alive client for the review API: for scripts, the browser test and the load test.

    client = ApiClient("http://127.0.0.1:8000")
    client.login("anna", "secret")
    status, entries, _ = client.get("/api/catalogues/de/iom-germany/entries?state=machine")
    status, body, _ = client.put(f"/api/catalogues/de/iom-germany/entries/{entries[0]['id']}",
                                 {"msgstr": "...", "state": "translated", "version": entries[0]["version"]})

One HTTP/1.1 connection per client (not thread-safe: one client per thread).
Requests are not retried: a PUT that may or may not have arrived must not be sent twice blindly.
"""

from __future__ import annotations

import http.client
import json
import time
from typing import Any
from urllib.parse import urlsplit


class ApiClient:
    def __init__(self, base_url: str, timeout: float = 120.0) -> None:
        parts = urlsplit(base_url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.timeout = timeout
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        self.cookie: str | None = None
        self.csrf_token: str | None = None

    def request(self, method: str, path: str, body: Any = None, *, decode: bool = True,
                headers: dict[str, str] | None = None) -> tuple[int, Any, dict[str, str]]:
        """(status, decoded JSON body (the raw bytes with decode=False) or None, response headers);
        `headers` are sent in addition to the client's own."""
        headers = {"Accept": "application/json", **(headers or {})}
        data = None
        if method not in ("GET", "HEAD"):
            data = json.dumps(body if body is not None else {}).encode("utf-8")
            headers["Content-Type"] = "application/json"
            if self.csrf_token:
                headers["X-CSRF-Token"] = self.csrf_token
        if self.cookie:
            headers["Cookie"] = self.cookie
        try:
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException):
            self.close()  # the next request opens a new connection
            raise
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        is_json = response.getheader("Content-Type", "").startswith("application/json")
        decoded = (json.loads(raw) if decode else raw) if raw and is_json else None
        return response.status, decoded, {name.lower(): value for name, value in response.getheaders()}

    def get(self, path: str, *, decode: bool = True) -> tuple[int, Any, dict[str, str]]:
        return self.request("GET", path, decode=decode)

    def put(self, path: str, body: Any) -> tuple[int, Any, dict[str, str]]:
        return self.request("PUT", path, body)

    def post(self, path: str, body: Any, *, headers: dict[str, str] | None = None) -> tuple[int, Any, dict[str, str]]:
        return self.request("POST", path, body, headers=headers)

    def login(self, username: str, password: str, *, busy_retries: int = 10) -> None:
        """Log in; when the server answers 503 (too many password checks at once) wait its Retry-After and
        try again, up to `busy_retries` times. PermissionError for any other refusal (401, 429 throttled)."""
        for _ in range(busy_retries + 1):
            status, body, headers = self.post("/api/login", {"username": username, "password": password})
            if status != 503:
                break
            time.sleep(float(headers.get("retry-after", "1")))
        if status != 200:
            raise PermissionError(f"login as {username!r} failed: HTTP {status} {body}")
        self.csrf_token = body["csrf_token"]

    def close(self) -> None:
        self.connection.close()
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
