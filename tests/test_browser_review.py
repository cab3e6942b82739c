"""Reviewing and conflicts in Chromium: approving over blocking problems asks first and the history
says so; a conflict names who changed the entry and when, and marks the words that differ.

The server side of both is the API contract between the two web-UI halves (409 with
`needs_confirmation`, `confirm_blocking: true`, history `confirmed_problems`; conflict `changed_by`,
`changed_at`). The "contract" variants answer as the contract says from the browser's side (Playwright
routes), so the screen is tested on its own; the "server" variants run against the real server and
skip while it does not give these answers yet."""

from __future__ import annotations

import json
from collections.abc import Iterator

import polib
import pytest

from l10n.catalog import editing
from l10n.states import State, state_of

from test_browser import ARTIFACTS, IOM, Server, browser, entry, log_in, open_editor, server, sync_api  # noqa: F401

expect = sync_api.expect
SENTENCE = "Germany joined the IOM in 1954."
BLOCKING_TEXT = "Deutschland trat der Organisation bei."  # the number and the kept term are gone: errors


@pytest.fixture
def reviewer(browser, server: Server) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, server, "rita")
    yield page
    context.close()
    assert errors == []


def listed(server: Server, query: str) -> dict:
    status, found, _ = server.api("rita").get(f"/api/catalogues/de/{IOM}/entries?q={query.replace(' ', '%20')}")
    assert status == 200 and len(found) == 1
    return found[0]


@pytest.fixture
def kept(server: Server) -> Iterator[None]:
    """The catalogue as it was before the test, for the tests after it (a machine state cannot be
    set through the API: pretranslation sets it)."""
    path = server.root / "locales" / "de" / "LC_MESSAGES" / f"{IOM}.po"
    before = path.read_bytes()
    yield
    with editing(path) as po:  # through the catalogue's lock, as every writer does
        for old in polib.pofile(before.decode("utf-8")):
            current = po.find(old.msgid)
            current.msgstr, current.flags, current.tcomment = old.msgstr, old.flags, old.tcomment


def server_asks_for_confirmation(server: Server) -> bool:
    """Whether the server refuses an unconfirmed approval over blocking problems (contract item 1)."""
    before = listed(server, "Germany joined")
    status, body, _ = server.api("rita").put(f"/api/catalogues/de/{IOM}/entries/{before['id']}",
                                             {"msgstr": BLOCKING_TEXT, "state": "approved",
                                              "version": before["version"]})
    return status == 409 and bool(body.get("needs_confirmation"))  # else it was saved: `kept` puts it back


def emulate_confirmation(page) -> list[dict]:
    """Answer unconfirmed approvals with blocking problems as the contract says; pass the rest on.
    Returns the bodies of the approvals sent."""
    sent: list[dict] = []

    def handle(route) -> None:
        request = route.request
        body = json.loads(request.post_data or "{}")
        if request.method != "PUT" or body.get("state") != "approved":
            route.continue_()
            return
        sent.append(body)
        problems = [{"check": "numbers", "severity": "error", "message": "1954 is missing"}]
        if not body.get("confirm_blocking"):
            route.fulfill(status=409, content_type="application/json", body=json.dumps({
                "error": "this translation has blocking problems: confirm to approve it anyway",
                "field": "confirm_blocking", "needs_confirmation": True, "problems": problems}))
            return
        route.continue_()

    def history(route) -> None:  # the server records the confirmation; until it does, say what it will
        response = route.fetch()
        items = response.json()
        for item in items:
            item.setdefault("confirmed_problems", ["numbers"] if item["action"] == "approve" else [])
        route.fulfill(response=response, json=items)

    page.route("**/api/catalogues/*/*/entries/*", handle)
    page.route("**/api/catalogues/*/*/entries/*/history", history)
    return sent


@pytest.mark.parametrize("side", ["contract", "server"])
def test_approving_over_blocking_problems_asks_first_and_the_history_says_so(reviewer, server: Server, kept,
                                                                            side: str) -> None:
    page = reviewer
    if side == "server" and not server_asks_for_confirmation(server):
        pytest.skip("the server does not ask for confirmation yet (contract item 1, branch webui-server)")
    sent = emulate_confirmation(page) if side == "contract" else None
    open_editor(page, server)
    row = entry(page, "Germany joined")
    row.locator("textarea").fill(BLOCKING_TEXT)
    row.locator(".problems li.problem.error").first.wait_for()
    expect(row.locator(".problems li.problem.error").first).to_contain_text("Error")  # words, not colour only
    row.locator("button[data-act=approve]").click()
    dialog = page.locator("dialog#confirm-approve")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".problems li").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / f"approve-confirm-{side}.png"))
    dialog.locator("button[data-answer=cancel]").click()  # keyboard users: Escape closes it the same way
    expect(dialog).to_be_hidden()
    expect(row.locator(".status")).to_have_text("Not approved: blocking problems")
    assert state_of(server.po().find(SENTENCE)) is not State.APPROVED
    row.locator("button[data-act=approve]").click()
    expect(dialog).to_be_visible()
    dialog.locator("button[data-answer=confirm]").click()
    expect(row.locator(".status")).to_have_text("Approved (problems confirmed)")
    saved = server.po().find(SENTENCE)
    assert saved.msgstr == BLOCKING_TEXT and state_of(saved) is State.APPROVED
    if sent is not None:
        assert [body.get("confirm_blocking") for body in sent] == [None, None, True]
    row.locator("button[data-act=history]").click()
    expect(row.locator(".history .change").first.locator(".confirmed")).to_contain_text(
        "approved over blocking problems")


@pytest.mark.parametrize("side", ["contract", "server"])
def test_a_conflict_names_who_and_when_and_marks_the_words_that_differ(reviewer, server: Server, kept,
                                                                       side: str) -> None:
    page = reviewer
    if side == "contract":  # the contract's who/when on the server's own 409, where it does not give them yet
        def add_who(route) -> None:
            if route.request.method != "PUT":
                route.continue_()
                return
            response = route.fetch()
            body = response.json()
            if response.status == 409:
                body.setdefault("changed_by", "tom")
                body.setdefault("changed_at", "2026-11-29T08:05:00Z")
            route.fulfill(response=response, json=body)
        page.route("**/api/catalogues/*/*/entries/*", add_who)
    open_editor(page, server)
    row = entry(page, "IOM Welcomes, Pledges Support")
    row.locator("textarea").fill("Meine neue Überschrift")
    current = listed(server, "IOM Welcomes")
    api = server.api("tom")
    status, answer, _ = api.put(f"/api/catalogues/de/{IOM}/entries/{current['id']}",
                                {"msgstr": "Ihre neue Überschrift", "state": "translated", "version": current["version"]})
    assert status == 200
    if side == "server":
        status, body, _ = api.put(f"/api/catalogues/de/{IOM}/entries/{current['id']}",
                                  {"msgstr": "x", "state": "translated", "version": current["version"]})
        if "changed_by" not in body:
            pytest.skip("the server does not say who changed an entry yet (contract item 2, branch webui-server)")
    row.locator("button[data-act=save]").click()
    conflict = row.locator(".conflict")
    expect(conflict).to_be_visible()
    expect(conflict.locator(".conflict-who")).to_contain_text("tom changed this entry at")
    when = conflict.locator(".conflict-who time")
    assert "T" not in when.text_content() and when.get_attribute("datetime")  # local time, ISO kept aside
    expect(conflict.locator(".theirs mark.diff")).to_have_text("Ihre")
    expect(conflict.locator(".yours mark.diff")).to_have_text("Meine")
    expect(conflict.locator(".theirs")).to_have_text("Ihre neue Überschrift")
    page.screenshot(path=str(ARTIFACTS / f"conflict-{side}.png"))
    conflict.locator("button[data-act=use-theirs]").click()
    expect(row.locator("textarea")).to_have_value("Ihre neue Überschrift")
