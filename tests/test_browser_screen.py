"""Reading the screen, in Chromium at 1400x1000 and 800x1000: compact entries, labelled context, only
the actions that apply, shortcuts in sight, states in words, blocking counts that lead somewhere, local
times, the sticky filter bar clear of the entry in use, and everything reachable by keyboard.
Screenshots go to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from test_browser import (ARTIFACTS, IOM, Server, browser, entry, focused, log_in, open_editor,  # noqa: F401
                          server, sync_api)
from test_browser_review import BLOCKING_TEXT, kept, listed  # noqa: F401 (fixture)

expect = sync_api.expect


def logged_in_page(browser, server: Server, width: int, user: str = "tom", **options) -> object:
    context = browser.new_context(viewport={"width": width, "height": 1000}, **options)
    page = context.new_page()
    log_in(page, server, user)
    return page


@pytest.fixture(params=[1400, 800], ids=["1400px", "800px"])
def screen(request, browser, server: Server) -> Iterator[tuple[object, int]]:
    page = logged_in_page(browser, server, request.param, timezone_id="Europe/Berlin", locale="en-GB")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, request.param
    page.context.close()
    assert errors == []


def save(server: Server, query: str, msgstr: str, user: str = "tom") -> None:
    current = listed(server, query)
    status, _, _ = server.api(user).put(f"/api/catalogues/de/{IOM}/entries/{current['id']}",
                                        {"msgstr": msgstr, "state": "translated", "version": current["version"]})
    assert status == 200


def test_entries_are_compact_with_labelled_context_and_only_the_actions_that_apply(screen, server: Server) -> None:
    page, width = screen
    open_editor(page, server)
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing runs off the side
    limit = 80 if width >= 1400 else 100  # a line of each column; state and number above them when narrow
    for heading in ("Who we are", "About", "Our Work"):
        height = entry(page, heading).first.bounding_box()["height"]
        assert height <= limit, f"{heading}: {height:.0f} px"
    # no button that cannot be used: "Accept machine translation" only on machine translations
    expect(page.locator("li.entry button:disabled")).to_have_count(0)
    expect(page.locator("li.entry:not([data-state=machine]) button[data-act=accept]:visible")).to_have_count(0)
    assert page.locator("li.entry[data-state=machine] button[data-act=accept]:visible").count() >= 1
    # shortcuts in sight, not folded away
    expect(page.locator("#shortcuts")).to_be_visible()
    expect(page.locator("#shortcuts")).to_contain_text("Ctrl+Enter")
    expect(page.locator("details.shortcuts")).to_have_count(0)
    # states in words with an icon, not colour alone
    expect(entry(page, "Who we are").first.locator(".badge.state")).to_have_text("○ untranslated")
    # the neighbouring sentences of the entry in use are labelled as context, apart from the source
    row = entry(page, "Germany joined")
    row.locator("textarea").focus()
    before = row.locator(".ctx.before")
    expect(before).to_be_visible()
    expect(before.locator(".ctx-label")).to_have_text("Context before")
    expect(before).to_contain_text("The International Organization for Migration")
    assert before.evaluate("p => getComputedStyle(p).fontStyle") == "italic"
    assert row.locator(".msgid").evaluate("p => getComputedStyle(p).fontStyle") == "normal"
    assert row.locator(".msgid").text_content() == "Germany joined the IOM in 1954."
    expect(entry(page, "Who we are").first.locator(".ctx:visible")).to_have_count(0)  # only the entry in use
    page.screenshot(path=str(ARTIFACTS / f"editor-{width}.png"))


def test_blocking_counts_link_to_the_editor_showing_those_entries(screen, server: Server, kept) -> None:
    page, width = screen
    save(server, "Germany joined", BLOCKING_TEXT)  # the number is lost: a blocking error
    page.goto(f"{server.url}/")
    link = page.locator("td.blocking a")
    expect(link).to_have_count(1)
    expect(link).to_contain_text("blocking")
    expect(page.locator(".counts").first).to_contain_text("translated 1")  # counts say which state
    page.screenshot(path=str(ARTIFACTS / f"dashboard-{width}.png"))
    link.click()
    page.wait_for_selector("#entries li.entry")
    expect(page.locator("#filter-check")).to_have_value("error")
    expect(page.locator("#entries li.entry")).to_have_count(1)
    expect(page.locator("#entries li.entry .msgid")).to_have_text("Germany joined the IOM in 1954.")
    assert page.url == f"{server.url}/catalogues/de/{IOM}"  # the filter is on screen, the address stays plain


def test_history_shows_local_times_and_the_filter_bar_leaves_the_entry_in_view(screen, server: Server,
                                                                               kept) -> None:
    page, width = screen
    save(server, "Take Action", "Handeln")
    open_editor(page, server)
    row = entry(page, "Take Action")
    bar = page.locator("#filters")
    # scroll so that the entry's top is hidden under the sticky filter bar, its History button still visible
    row.scroll_into_view_if_needed()
    top = row.bounding_box()["y"]
    bar_bottom = bar.bounding_box()["y"] + bar.bounding_box()["height"]
    page.mouse.wheel(0, top - bar_bottom + 30)
    page.wait_for_function("() => true")
    assert row.bounding_box()["y"] < bar.bounding_box()["y"] + bar.bounding_box()["height"]
    row.locator("button[data-act=history]").focus()
    page.keyboard.press("Enter")
    item = row.locator(".history .change").first
    expect(item).to_be_visible()
    bar_box, row_box = bar.bounding_box(), row.bounding_box()
    assert row_box["y"] >= bar_box["y"] + bar_box["height"], "the filter bar covers the entry"
    when = item.locator("time")
    iso = when.get_attribute("datetime")
    shown = when.text_content()
    assert iso and shown != iso and "T" not in shown
    expected = page.evaluate("iso => new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'short'})"
                             ".format(new Date(iso))", iso)
    assert shown == expected  # the reader's own time zone (Europe/Berlin here), not UTC
    assert page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone") == "Europe/Berlin"
    page.screenshot(path=str(ARTIFACTS / f"history-{width}.png"))


def test_the_editor_works_from_the_keyboard(screen, server: Server, kept) -> None:
    page, width = screen
    open_editor(page, server)
    page.keyboard.press("Alt+ArrowDown")  # to the first entry
    expect(focused(page).locator(".msgid")).to_have_text("Who we are")
    page.keyboard.type("Wer wir sind")
    page.keyboard.press("Tab")  # the first action after the text: Save
    assert page.evaluate("document.activeElement.dataset.act") == "save"
    page.keyboard.press("Enter")
    row = entry(page, "Who we are").first
    expect(row.locator(".status")).to_have_text("Saved")
    expect(row.locator(".badge.state")).to_have_text("✓ translated")
    while page.evaluate("document.activeElement.dataset.act") != "history":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(row.locator(".history .change").first).to_contain_text("Wer wir sind")
    expect(row.locator("button[data-act=history]")).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Shift+Tab")
    focus_ring = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focus_ring != "none"  # where the keyboard is, is seen
