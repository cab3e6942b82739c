"""No lost typing, in Chromium: drafts survive a filter change, leaving the page asks first, and text
typed when the session ended is kept in the browser and offered back after the next login."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from l10n.states import State, state_of

from test_browser import (ARTIFACTS, IOM, Server, browser, entry, log_in, open_editor, server,  # noqa: F401
                          sync_api)

expect = sync_api.expect
HEADING = "IOM Welcomes, Pledges Support"
EXPECTED_CONSOLE = ("status of 401", "status of 409")  # Chromium logs every non-2xx answer


@pytest.fixture
def context(browser) -> Iterator[object]:
    """A browser context whose pages fail the test on a script error (dialogs are the test's business)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    problems: list[str] = []

    def watch(page) -> None:
        page.on("console", lambda message: message.type == "error"
                and not any(text in message.text for text in EXPECTED_CONSOLE) and problems.append(message.text))
        page.on("pageerror", lambda error: problems.append(str(error)))

    context.on("page", watch)
    yield context
    context.close()
    assert problems == []


def logged_in(context, server: Server, user: str = "tom"):
    page = context.new_page()
    log_in(page, server, user)
    return page


def typing_in_the_heading(context, server: Server):
    """A logged-in editor with the keyboard in the heading's translation: (page, entry)."""
    page = logged_in(context, server)
    open_editor(page, server)
    row = entry(page, HEADING)
    row.locator("textarea").click()
    return page, row


def test_typing_survives_filter_changes_and_comes_back_with_a_draft_badge(context, server: Server) -> None:
    page, row = typing_in_the_heading(context, server)
    row.locator("textarea").fill("Entwurf einer Überschrift")
    expect(row.locator(".badge.draft")).to_be_visible()
    page.select_option("#filter-state", "machine")  # the entry leaves the list
    expect(page.locator("#entries li.entry")).to_have_count(3)
    expect(page.locator("#drafts")).to_contain_text("1 entry not shown here has an unsaved draft")
    page.fill("#filter-q", "Pledges")  # and a text filter on top
    page.select_option("#filter-state", "")
    expect(page.locator("#entries li.entry")).to_have_count(1)
    row = entry(page, HEADING)
    expect(row.locator("textarea")).to_have_value("Entwurf einer Überschrift")
    expect(row.locator(".badge.draft")).to_be_visible()
    expect(row.locator(".draft-offer")).to_contain_text("Your unsaved draft from")
    expect(page.locator("#drafts")).to_be_hidden()
    assert heading(server).msgstr == ""  # a draft is not a save
    # a reload keeps it too (localStorage); "Discard draft" drops it
    page.once("dialog", lambda dialog: dialog.accept())  # "leave site?" — yes, reload
    page.reload()
    page.wait_for_selector("#entries li.entry")
    row = entry(page, HEADING)
    expect(row.locator("textarea")).to_have_value("Entwurf einer Überschrift")
    page.screenshot(path=str(ARTIFACTS / "draft-offered.png"))
    row.locator("button[data-act=discard-draft]").click()
    expect(row.locator("textarea")).to_have_value("")
    expect(row.locator(".badge.draft")).to_be_hidden()
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('l10n-draft:'))") == []


def test_leaving_the_page_with_unsaved_typing_asks_first(context, server: Server) -> None:
    page, row = typing_in_the_heading(context, server)
    row.locator("textarea").press_sequentially("Noch nicht gespeichert")
    asked: list[str] = []

    def stay(dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.click("a.brand")  # to the dashboard
    page.wait_for_timeout(300)
    assert asked == ["beforeunload"]
    assert page.url.endswith(f"/catalogues/de/{IOM}")
    expect(row.locator("textarea")).to_have_value("Noch nicht gespeichert")
    row.locator("textarea").press("Escape")  # undo the typing: nothing unsaved, no question
    expect(row.locator(".badge.draft")).to_be_hidden()
    page.click("a.brand")
    page.wait_for_url(f"{server.url}/")
    assert asked == ["beforeunload"]


@pytest.mark.parametrize("how", ["cookie deleted", "logged out in another tab", "logged out in another browser"])
def test_text_typed_when_the_session_ended_is_offered_back_after_login(browser, context, server: Server,
                                                                      how: str) -> None:
    page, row = typing_in_the_heading(context, server)
    text = f"Begrüßung ({how})"
    row.locator("textarea").fill(text)
    if how == "cookie deleted":
        context.clear_cookies()
    elif how == "logged out in another tab":
        other = context.new_page()
        other.goto(f"{server.url}/")
        other.click("header button:has-text('Log out')")
        other.wait_for_url(f"{server.url}/login")
        other.close()
    else:  # the same session cookie in another browser, logged out there: the server ends the session
        elsewhere = browser.new_context()
        elsewhere.add_cookies(context.cookies())
        other = elsewhere.new_page()
        other.goto(f"{server.url}/")
        other.click("header button:has-text('Log out')")
        other.wait_for_url(f"{server.url}/login")
        elsewhere.close()
        if page.request.get(f"{server.url}/api/me").ok:
            pytest.skip("sessions live in the cookie here: a logout elsewhere cannot end them (branch webui-server)")
    row.locator("textarea").press_sequentially(" – neu")  # typing on: the check as you type gets a 401 ...
    text += " – neu"
    expect(row.locator(".status")).to_contain_text("Your session ended")
    assert page.url == f"{server.url}/catalogues/de/{IOM}"  # ... and nobody is taken away mid-sentence
    row.locator("button[data-act=save]").click()  # the session is gone: to the login page, no prompt
    page.wait_for_url("**/login?**")
    expect(page.locator(".login .notice")).to_contain_text("Your session ended")
    assert heading(server).msgstr == ""
    page.screenshot(path=str(ARTIFACTS / "session-ended-login.png"))
    log_in(page, server, go=False)
    assert page.url == f"{server.url}/catalogues/de/{IOM}"
    row = entry(page, HEADING)
    expect(row.locator("textarea")).to_have_value(text)
    expect(row.locator(".draft-offer")).to_be_visible()
    row.locator("button[data-act=save]").click()
    expect(row.locator(".status")).to_have_text("Saved")
    saved = heading(server)
    assert saved.msgstr == text and state_of(saved) is State.TRANSLATED
    expect(row.locator(".badge.draft")).to_be_hidden()
    _put_back(server)


def test_a_draft_belongs_to_its_user(context, server: Server) -> None:
    page, row = typing_in_the_heading(context, server)
    row.locator("textarea").fill("Toms Entwurf")
    other = context.new_page()  # same browser, same localStorage, another account
    context.clear_cookies()
    log_in(other, server, "rita")
    open_editor(other, server)
    expect(entry(other, HEADING).locator("textarea")).to_have_value("")
    expect(entry(other, HEADING).locator(".badge.draft")).to_be_hidden()


def heading(server: Server):
    return next(e for e in server.po() if e.msgid.startswith(HEADING))


def _put_back(server: Server) -> None:
    """Leave the heading untranslated for the other tests of the module."""
    api = server.api("rita")
    status, listed, _ = api.get(f"/api/catalogues/de/{IOM}/entries?q=Pledges")
    status, _, _ = api.put(f"/api/catalogues/de/{IOM}/entries/{listed[0]['id']}",
                           {"msgstr": "", "state": "untranslated", "version": listed[0]["version"]})
    assert status == 200
