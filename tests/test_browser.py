"""The editor in a real headless Chromium against the real app served over HTTP (one browser for all tests).

Screenshots of the editor and the preview go to test-artifacts/ at the repository root.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is a test dependency")
expect = sync_api.expect

from l10n.catalog import read_catalogue
from l10n.states import State, state_of
from webui import create_app
from webui.client import ApiClient

from test_webui_api import IOM, UNSAFE_SENTENCE, USERS, build_project

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="needs Debian's Chromium at /usr/bin/chromium (`make browser` installs it)")


class Server:
    def __init__(self, root: Path, url: str) -> None:
        self.root, self.url = root, url

    def po(self, domain: str = IOM):
        return read_catalogue(self.root / "locales" / "de" / "LC_MESSAGES" / f"{domain}.po")

    def api(self, user: str = "rita") -> ApiClient:
        client = ApiClient(self.url)
        client.login(user, USERS[user][1])
        return client


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    from webui.serve import start_background_server

    root = build_project(tmp_path_factory.mktemp("browser") / "project")
    http = start_background_server(create_app(root))  # the production server (waitress), on a free port
    yield Server(root, http.url)
    http.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server: Server) -> Iterator[object]:
    """A logged-in page (through the login form); fails the test on any console error or dialog."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    problems: list[str] = []
    expected = "status of 409"  # Chromium logs every non-2xx response; a conflict is an expected answer
    page.on("console", lambda message: message.type == "error" and expected not in message.text
            and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    log_in(page, server)
    yield page
    context.close()
    assert problems == []  # no CSP violation, no script error, no alert() from catalogue data


def log_in(page, server: Server, user: str = "tom", *, go: bool = True) -> None:
    """Log in through the login form (`go`: open it first), then wait for the page it leads to."""
    if go:
        page.goto(f"{server.url}/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", USERS[user][1])
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def open_editor(page, server: Server, domain: str = IOM) -> None:
    page.goto(f"{server.url}/catalogues/de/{domain}")
    page.wait_for_selector("#entries li.entry")


def entry(page, msgid_start: str):
    return page.locator("li.entry", has=page.locator(".msgid", has_text=msgid_start))


def focused(page):
    """The entry whose translation has the keyboard focus (a CSS query: the CSP allows no eval)."""
    return page.locator("li.entry:has(textarea:focus)")


def test_filter_type_save_with_ctrl_enter_and_move_with_alt_arrows(page, server: Server) -> None:
    page.click(f"a[href='/catalogues/de/{IOM}']")  # from the dashboard
    page.wait_for_selector("#entries li.entry")
    page.select_option("#filter-state", "machine")
    rows = page.locator("#entries li.entry")
    expect(rows).to_have_count(3)
    page.select_option("#filter-sort", "confidence")  # least confident first
    expect(rows.first.locator(".confidence")).to_contain_text("35 %")
    first_msgid = rows.nth(0).locator(".msgid").text_content()
    second_msgid = rows.nth(1).locator(".msgid").text_content()
    textarea = rows.nth(0).locator("textarea")
    textarea.click()
    textarea.fill("")
    textarea.type("Deutschland trat 1954 der IOM bei.")
    page.keyboard.press("Control+Enter")
    expect(focused(page).locator(".msgid")).to_have_text(second_msgid)
    expect(rows.nth(0).locator(".badge.state")).to_have_text("✓ translated")
    saved = server.po().find(first_msgid)
    assert saved.msgstr == "Deutschland trat 1954 der IOM bei." and state_of(saved) is State.TRANSLATED
    page.keyboard.press("Alt+ArrowDown")
    expect(focused(page).locator(".msgid")).to_have_text(rows.nth(2).locator(".msgid").text_content())
    page.keyboard.press("Alt+ArrowUp")
    expect(focused(page).locator(".msgid")).to_have_text(second_msgid)
    assert "Ctrl+Enter" in page.locator(".shortcuts").text_content()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "editor.png"), full_page=False)


def test_checks_show_while_typing_and_glossary_terms_have_their_translation(page, server: Server) -> None:
    open_editor(page, server)
    page.fill("#filter-q", "Germany joined")
    expect(page.locator("#entries li.entry")).to_have_count(1)
    row = page.locator("#entries li.entry").first
    term = row.locator("mark.term", has_text="IOM")
    assert "keep as it is" in term.get_attribute("title")
    row.locator("textarea").fill("Deutschland trat der Organisation bei.")  # number and IOM lost
    row.locator(".problems li.problem", has_text="1954").wait_for()
    assert row.locator(".problems li.problem.error").count() >= 1
    row.locator("textarea").fill("Deutschland trat 1954 der IOM bei.")
    expect(row.locator(".problems li")).to_have_count(0)


def test_a_change_behind_the_pages_back_shows_a_conflict(page, server: Server) -> None:
    open_editor(page, server)
    row = entry(page, "IOM Welcomes, Pledges Support")
    row.locator("textarea").fill("Meine Überschrift")
    api = server.api("rita")
    status, listed, _ = api.get(f"/api/catalogues/de/{IOM}/entries?q=IOM%20Welcomes")
    status, _, _ = api.put(f"/api/catalogues/de/{IOM}/entries/{listed[0]['id']}",
                           {"msgstr": "Ihre Überschrift", "state": "translated", "version": listed[0]["version"]})
    assert status == 200
    row.locator("button[data-act=save]").click()
    conflict = row.locator(".conflict")
    conflict.wait_for(state="visible")
    assert conflict.locator(".theirs").text_content() == "Ihre Überschrift"
    assert conflict.locator(".yours").text_content() == "Meine Überschrift"
    assert server.po().find(listed[0]["msgid"]).msgstr == "Ihre Überschrift"  # nothing overwritten
    conflict.locator("button[data-act=keep-mine]").click()
    conflict.wait_for(state="hidden")
    row.locator(".status", has_text="Saved").wait_for()
    assert server.po().find(listed[0]["msgid"]).msgstr == "Meine Überschrift"


def test_preview_colours_segments_and_a_click_opens_the_entry(page, server: Server) -> None:
    open_editor(page, server)
    page.select_option("#filter-state", "approved")  # nothing approved yet: an empty list
    expect(page.locator("#list-status")).to_have_text("No entries match these filters.")
    page.click("#toggle-preview")
    page.wait_for_selector("#preview-body span.seg.s-machine")
    assert page.locator("#preview-body span.seg.s-untranslated").count() > 5
    target = page.locator("#preview-body span.seg[data-id]", has_text="For more information please contact")
    target.click()  # not in the filtered list: the editor shows the whole catalogue down to it
    expect(focused(page).locator(".msgid")).to_contain_text("For more information please contact")
    page.screenshot(path=str(ARTIFACTS / "preview.png"), full_page=False)


def test_a_script_in_a_source_sentence_is_shown_as_text(page, server: Server) -> None:
    open_editor(page, server, "unsafe")
    assert page.locator("#entries .msgid").first.text_content() == UNSAFE_SENTENCE
    page.click("#toggle-preview")
    page.wait_for_selector("#preview-body span.seg")
    assert UNSAFE_SENTENCE in page.locator("#preview-body").text_content()
    expect(page.locator("#entries script, #preview-body script")).to_have_count(0)
