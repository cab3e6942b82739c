"""The rendered preview of an HTML page, in Chromium: the exported page in a sandboxed frame, each
segment outlined by state and linked to its entry; the page's scripts never run and nothing of it
is fetched from the network. Screenshots go to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from l10n.catalog import editing, live_entries
from l10n.config import load_project
from l10n.extract import extract_page
from l10n.states import State, set_state
from l10n.update import update_domain

from test_browser import ARTIFACTS, Server, browser, focused, log_in, server, sync_api  # noqa: F401 (fixtures)

expect = sync_api.expect
NEWS = "office-news"
# A page written for these tests: every construct whose preview could go wrong, one each.
NEWS_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Office news</title>
<meta name="description" content="News from the office.">
<meta http-equiv="refresh" content="0; url=http://remote.invalid/refresh">
<base href="http://remote.invalid/">
<link rel="stylesheet" href="http://remote.invalid/style.css">
<style>body { font-family: serif; max-width: 40rem; margin: 1rem; } .lead { font-size: 1.2em; }</style>
<script>new Image().src = "/script-ran?inline-head"; document.title = "script ran";</script>
<script src="http://remote.invalid/tracker.js"></script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="about.html">About us</a></li></ul></nav>
<h1>Office news</h1>
<p class="lead">We moved to a new office. Visit us on <a href="/map">the map</a> for directions.</p>
<p><img src="http://remote.invalid/photo.jpg" alt="The new office building"> The new office is bigger.</p>
<p style="background: url(http://remote.invalid/bg.png)" onclick="new Image().src='/script-ran?onclick'">Call <b>before</b> you come.</p>
<form action="http://remote.invalid/form"><label>Day <select><option>Monday morning</option></select></label></form>
<iframe src="http://remote.invalid/frame"></iframe>
<div style="height: 2500px"></div>
<p>Opening hours are posted at the door.</p>
<script>new Image().src = "/script-ran?inline-body";</script>
</body></html>
"""
TRANSLATED = {
    "Office news": ("Büro-Neuigkeiten", State.APPROVED),
    "We moved to a new office.": ("Wir sind in ein neues Büro umgezogen.", State.TRANSLATED),
    # markup-like text typed by a translator stays text: escaped where it lands
    "Call <1>before</1> you come.": ("Rufen Sie <1>vorher</1> an <script>x()</script> & kommen Sie.",
                                     State.TRANSLATED),
    "The new office is bigger.": ("Das neue Büro ist größer.", State.MACHINE),
    "About us": ("Über uns", State.NEEDS_WORK),
}


@pytest.fixture(scope="module")
def news(server: Server) -> Server:
    """The HTML page added to the served project, with one entry in each state."""
    (server.root / "source_texts" / f"{NEWS}.html").write_text(NEWS_HTML, encoding="utf-8")
    project = load_project(server.root)
    page = next(page for page in project.sources() if page.domain == NEWS)
    extract_page(project, page)
    update_domain(project, NEWS, "de")
    with editing(project.catalogue_path("de", NEWS)) as po:
        for entry in live_entries(po):
            if entry.msgid in TRANSLATED:
                entry.msgstr, state = TRANSLATED[entry.msgid]
                machine = {"origin": "mt", "model": "test", "confidence": 0.5} if state is State.MACHINE else None
                set_state(entry, state, machine=machine, by="rita")
    return server


@pytest.fixture
def seen(browser, news: Server) -> Iterator[tuple[object, list[str]]]:
    """A logged-in page at 1400x1000, and the requests for anything outside the app that got past the
    browser's own checks (CSP, sandbox) to the network layer — where they are aborted and listed."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    requests: list[str] = []
    context.route(lambda url: not url.startswith(news.url) or "script-ran" in url,
                  lambda route: (requests.append(route.request.url), route.abort()))
    blocked: list[tuple[str, str | None]] = []
    context.on("requestfailed", lambda request: blocked.append((request.url, request.failure)))
    page.blocked = blocked
    log_in(page, news)
    yield page, requests
    context.close()


def open_preview(page, server: Server):
    page.goto(f"{server.url}/catalogues/de/{NEWS}")
    page.wait_for_selector("#entries li.entry")
    page.click("#toggle-preview")
    frame = page.frame_locator("#preview-frame")
    frame.locator("a.l10n-seg").first.wait_for()
    return frame


def test_the_preview_is_the_page_rendered_with_segments_outlined_by_state(seen, news: Server) -> None:
    page, requests = seen
    frame = open_preview(page, news)
    sandbox = page.locator("#preview-frame").get_attribute("sandbox")
    assert sandbox == "allow-top-navigation-by-user-activation"  # no scripts, no same origin, no forms
    # rendered, not text: the page's own elements are there, with its own style sheet applied
    expect(frame.locator("h1")).to_have_count(1)
    expect(frame.locator("nav li")).to_have_count(2)
    assert frame.locator("body").evaluate("b => getComputedStyle(b).fontFamily") == "serif"
    # one marker per segment in element text, each with its state
    expect(frame.locator("h1 a.l10n-seg.s-approved")).to_have_text("Büro-Neuigkeiten")
    expect(frame.locator("a.l10n-seg.s-translated", has_text="Wir sind in ein neues Büro umgezogen.")).to_have_count(1)
    expect(frame.locator("a.l10n-seg.s-machine")).to_have_text("The new office is bigger.")  # export: English
    expect(frame.locator("a.l10n-seg.s-needs-work")).to_have_text("About us")
    assert frame.locator("a.l10n-seg.s-untranslated").count() >= 3
    outline = frame.locator("a.l10n-seg.s-machine").evaluate("a => getComputedStyle(a).outlineStyle")
    assert outline == "dashed"  # each state has its own line style (the legend says which)
    legend = page.locator(".seg-legend").text_content()
    for words in ("untranslated", "machine translation", "needs work", "translated", "approved"):
        assert words in legend
    # the translator's "<script>" is text; the page's link inside a sentence stays inside the marker
    escaped = frame.locator("a.l10n-seg", has_text="Rufen Sie")
    expect(escaped).to_contain_text("<script>x()</script> & kommen Sie.")
    expect(escaped.locator("b")).to_have_text("vorher")
    expect(frame.locator("a.l10n-seg", has_text="Visit us on")).to_contain_text("the map")
    # no marker where a segment is not element text: title, attributes, <option>
    assert frame.locator("title").text_content() == "Büro-Neuigkeiten"  # no marker inside <title>
    assert frame.locator("img").get_attribute("alt") == "The new office building"
    expect(frame.locator("option a, title a, option span.l10n-seg")).to_have_count(0)
    expect(frame.locator("option")).to_have_text("Monday morning")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "preview-rendered.png"))
    # the page's scripts never ran and nothing of it came from the network
    clickable = frame.locator("p", has_text="Rufen Sie")
    box = clickable.bounding_box()
    clickable.click(position={"x": box["width"] - 3, "y": 3})  # beside the marker: its onclick must not run
    page.wait_for_timeout(300)
    assert requests == []  # nothing went to the network: not the image, the style sheet, the script, the frame
    refused = {url for url, why in page.blocked if "remote.invalid" in url}
    assert {"http://remote.invalid/photo.jpg", "http://remote.invalid/style.css"} <= refused  # CSP said no
    assert all(why == "csp" for url, why in page.blocked if "remote.invalid" in url)
    assert page.title().startswith(NEWS)


def test_clicking_a_segment_in_the_preview_opens_its_entry(seen, news: Server) -> None:
    page, _ = seen
    frame = open_preview(page, news)
    page.select_option("#filter-state", "approved")  # the entry clicked is not in the list
    expect(page.locator("#entries li.entry")).to_have_count(1)
    frame.locator("a.l10n-seg", has_text="Opening hours are posted").click()
    expect(focused(page).locator(".msgid")).to_have_text("Opening hours are posted at the door.")
    assert page.url == f"{news.url}/catalogues/de/{NEWS}"  # the editor stayed; only its fragment moved
    expect(page.locator("#preview-frame")).to_be_visible()
    frame.locator("a.l10n-seg", has_text="About us").focus()  # by keyboard too
    page.keyboard.press("Enter")
    expect(focused(page).locator(".msgid")).to_have_text("About us")
    page.screenshot(path=str(ARTIFACTS / "preview-click.png"))


def test_a_saved_translation_shows_in_the_rendered_preview(seen, news: Server) -> None:
    page, _ = seen
    frame = open_preview(page, news)
    page.fill("#filter-q", "Opening hours")
    row = page.locator("#entries li.entry")
    expect(row).to_have_count(1)
    row.locator("textarea").fill("Die Öffnungszeiten hängen an der Tür.")
    scrolled = page.evaluate("window.scrollY")
    row.locator("button[data-act=save]").click()
    saved = frame.locator("a.l10n-seg.s-translated", has_text="Die Öffnungszeiten")
    expect(saved).to_have_count(1)
    expect(saved).to_be_in_viewport()  # the frame shows the sentence just saved
    assert page.evaluate("window.scrollY") == scrolled  # and the editor did not move


def test_the_rendered_page_is_served_with_a_policy_of_its_own(news: Server) -> None:
    api = news.api("tom")
    status, body, headers = api.get(f"/catalogues/de/{NEWS}/rendered", decode=False)
    assert status == 200
    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy and "img-src data:" in policy
    assert "sandbox allow-top-navigation-by-user-activation" in policy  # sandboxed when opened on its own too
    assert headers["x-frame-options"] == "SAMEORIGIN"
    status, _, _ = api.get("/catalogues/de/iom-germany/rendered", decode=False)  # text pages: the text view
    assert status == 404


def test_the_rendered_page_opened_on_its_own_runs_nothing_either(seen, news: Server) -> None:
    page, requests = seen
    page.goto(f"{news.url}/catalogues/de/{NEWS}/rendered")
    expect(page.locator("h1 a.l10n-seg")).to_have_text("Büro-Neuigkeiten")
    page.wait_for_timeout(300)
    assert requests == []
