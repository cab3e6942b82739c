"""Accessibility pass with axe-core inside Chromium: the login page, the dashboard and the editor (with
an entry in use, its problems, history, a draft, the preview and the approval dialog) have no serious
or critical violations (contrast included: 4.5:1 for text).

axe-core comes from the npm registry (`make test` installs it into .cache/npm once; offline after)."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_browser import ARTIFACTS, Server, browser, entry, log_in, open_editor, server, sync_api  # noqa: F401
from test_browser_preview import NEWS, news  # noqa: F401 (fixture)
from test_browser_review import BLOCKING_TEXT, emulate_confirmation

expect = sync_api.expect
AXE = Path(__file__).resolve().parent.parent / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = pytest.mark.skipif(not AXE.exists(), reason="axe-core not installed: run `make test` (npm install "
                                                          "--no-save --prefix .cache/npm axe-core@4)")


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now (the preview's frame holds the
    translated page itself, not the UI, so frames are left out)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {iframes: false, resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.fixture(params=[1400, 800], ids=["1400px", "800px"])
def context(request, browser):
    # bypass_csp: the app's CSP (rightly) refuses the inline script that carries axe into the page
    context = browser.new_context(viewport={"width": request.param, "height": 1000}, bypass_csp=True)
    context.width = request.param
    yield context
    context.close()


def logged_in(context, server: Server, user: str):
    page = context.new_page()
    page.goto(f"{server.url}/login")
    assert serious_violations(page) == []
    log_in(page, server, user, go=False)
    return page


def test_login_and_dashboard(context, server: Server) -> None:
    page = logged_in(context, server, "tom")
    assert serious_violations(page) == []
    page.goto(f"{server.url}/login?next=/&reason=session-ended")  # the notice after a session ended
    assert serious_violations(page) == []


def test_editor_in_use(context, news: Server) -> None:
    server = news
    page = logged_in(context, server, "rita")
    emulate_confirmation(page)
    open_editor(page, server)
    row = entry(page, "Germany joined")
    row.locator("textarea").fill(BLOCKING_TEXT)  # draft badge, problems as typed, context of the entry in use
    row.locator(".problems li.problem.error").first.wait_for()
    row.locator("button[data-act=history]").click()
    expect(row.locator(".history")).to_be_visible()
    assert serious_violations(page) == []
    row.locator("button[data-act=approve]").click()
    expect(page.locator("dialog#confirm-approve")).to_be_visible()
    assert serious_violations(page) == []
    page.keyboard.press("Escape")  # the dialog closes from the keyboard, nothing approved
    expect(page.locator("dialog#confirm-approve")).to_be_hidden()
    page.goto(f"{server.url}/catalogues/de/{NEWS}")
    page.wait_for_selector("#entries li.entry")
    page.click("#toggle-preview")
    page.frame_locator("#preview-frame").locator("a.l10n-seg").first.wait_for()
    assert serious_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / f"preview-{context.width}.png"))
