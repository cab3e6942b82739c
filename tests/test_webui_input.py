"""Every bad request is a 400 naming the field and affects no one else; the UI never writes a catalogue
that `msgfmt -c` rejects."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
from pathlib import Path

import polib
import pytest
from flask import Flask

from l10n.catalog import editing, live_entries, read_catalogue
from l10n.states import State
from webui.store import Edit

from test_webui_api import ENTRIES, IOM, Api, by_msgid, entries, login, po_entry
from test_webui_api import app, root, template, tom  # noqa: F401 - fixtures

C_FORMAT = "%d files were saved in %s."
BRACE = "Hello {name}, your page is ready."
UNFLAGGED = "Only %d places are left."  # looks like printf, but no c-format flag: msgfmt does not compare


@pytest.fixture
def formats_root(root: Path) -> Path:
    """The project with three entries of format strings, as xgettext writes them from code."""
    with editing(root / "locales" / "de" / "LC_MESSAGES" / f"{IOM}.po") as po:
        for number, (msgid, flags) in enumerate([(C_FORMAT, ["c-format"]), (BRACE, ["python-brace-format"]),
                                                 (UNFLAGGED, [])]):
            po.append(polib.POEntry(msgid=msgid, msgstr="", flags=flags,
                                    occurrences=[("source_texts/iom-germany.txt", str(900 + number))]))
    return root


@pytest.fixture
def fmt_app(formats_root: Path) -> Flask:
    from webui import create_app

    return create_app(formats_root, config={"TESTING": True})


def raw_put(api: Api, url: str, raw: str):
    return api.client.put(url, data=raw, content_type="application/json", headers={"X-CSRF-Token": api.token})


def raw_post(api: Api, url: str, raw: str):
    return api.client.post(url, data=raw, content_type="application/json", headers={"X-CSRF-Token": api.token})


def assert_400(response, field: str) -> None:
    assert response.status_code == 400, (response.status_code, response.json)
    assert response.json["field"] == field and response.json["error"], response.json


# -- unpaired surrogates ------------------------------------------------------------------------------

def test_an_unpaired_surrogate_is_400_naming_the_field(app: Flask, tom: Api) -> None:
    entry = entries(tom)[0]
    url = f"{ENTRIES}/{entry['id']}"
    body = '{"msgstr": "Wer \\ud800 wir sind", "state": "translated", "version": "%s"}' % entry["version"]
    response = raw_put(tom, url, body)
    assert_400(response, "msgstr")
    assert "surrogate" in response.json["error"]
    assert_400(raw_post(tom, "/api/check", '{"language": "de", "domain": "%s", "id": "%s", "msgstr": "\\udfff"}'
                        % (IOM, entry["id"])), "msgstr")
    login_response = app.test_client().post("/api/login", data='{"username": "\\ud83d", "password": "x"}',
                                            content_type="application/json")
    assert_400(login_response, "username")
    paired = raw_put(tom, url, '{"msgstr": "Wer wir sind \\ud83d\\ude00", "state": "translated", "version": "%s"}'
                     % entry["version"])
    assert paired.status_code == 200 and po_entry(tom_root(app), entry["msgid"]).msgstr == "Wer wir sind 😀"


def tom_root(app: Flask) -> Path:
    return app.extensions["l10n_project"].root


def test_bad_saves_do_not_poison_the_group_commit_for_others(app: Flask) -> None:
    """Good and bad saves to one catalogue at the same time: every good one is written, every bad one is 400."""
    clients = [login(app, name) for name in ("tom", "rita", "adam", "tom")]
    listed = entries(clients[0])
    half = min(24, len(listed) // 2)
    good, bad = listed[:half], listed[half:2 * half]
    statuses: dict[str, list[int]] = {"good": [], "bad": []}
    lock = threading.Lock()
    hostile = ['"Wer \\ud800"', '"\\nWer wir sind"', '"Wer wir sind\\n"', '"a\\u0000b"']

    def work(number: int, api: Api) -> None:
        for position in range(number, len(good), len(clients)):
            entry, other = good[position], bad[position]
            text = hostile[position % len(hostile)]
            response = raw_put(api, f"{ENTRIES}/{other['id']}",
                               '{"msgstr": %s, "state": "translated", "version": "%s"}' % (text, other["version"]))
            ok = api.put(f"{ENTRIES}/{entry['id']}", {"msgstr": f"Gut {entry['id']}", "state": "translated",
                                                      "version": entry["version"]})
            with lock:
                statuses["bad"].append(response.status_code)
                statuses["good"].append(ok.status_code)

    threads = [threading.Thread(target=work, args=(n, api)) for n, api in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses["good"] == [200] * len(good)
    assert statuses["bad"] == [400] * len(bad)
    po = read_catalogue(tom_root(app) / "locales" / "de" / "LC_MESSAGES" / f"{IOM}.po")
    for entry in good:
        assert po.find(entry["msgid"]).msgstr == f"Gut {entry['id']}"
    for entry in bad:
        assert po.find(entry["msgid"]).msgstr == entry["msgstr"]


def test_a_bad_edit_in_the_same_batch_fails_alone(app: Flask) -> None:
    """Below the JSON layer: the group commit checks each edit before it touches the catalogue, so an edit
    that no PO file can hold is refused inside a batch and the other edits of that batch are written."""
    review = app.extensions["l10n_review"]
    listed = [view.data for view in review.entries("de", IOM)[1]]
    path = review.path("de", IOM)

    def edit(entry: dict, text: str) -> Edit:
        return Edit(entry_id=entry["id"], version=entry["version"], state=State.TRANSLATED, msgstr=text,
                    user="tom", can_review=False)

    first = edit(listed[0], "Erster")
    batch = [edit(listed[1], "Zweiter"), edit(listed[2], "Wer \ud800 wir"), edit(listed[3], "Vierter"),
             edit(listed[4], "\nFünfter")]
    lock = review.po_lock(path)
    queues = review._commits._queues

    def wait_for(condition) -> None:
        deadline = time.monotonic() + 30
        while not condition():
            assert time.monotonic() < deadline, "the group commit did not reach the expected state"
            time.sleep(0.005)

    def queue():
        return queues.get(path)

    threads = [threading.Thread(target=review.apply, args=("de", IOM, first), daemon=True)]
    lock.acquire()  # the first edit's writer waits here, so the next four queue up as one batch
    try:  # released whatever happens: a failed wait must not leave the catalogue locked (and the run hung)
        threads[0].start()
        wait_for(lambda: (q := queue()) is not None and q.active and not q.pending)  # first taken alone
        threads += [threading.Thread(target=review.apply, args=("de", IOM, e), daemon=True) for e in batch]
        for thread in threads[1:]:
            thread.start()
        wait_for(lambda: (q := queue()) is not None and len(q.pending) == len(batch))
    finally:
        lock.release()
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive()
    assert [e.status for e in [first, *batch]] == ["ok", "ok", "invalid", "ok", "invalid"]
    assert batch[1].field_name == "msgstr" and batch[3].field_name == "msgstr"
    po = read_catalogue(path)
    assert [po.find(listed[n]["msgid"]).msgstr for n in range(5)] == [
        "Erster", "Zweiter", listed[2]["msgstr"], "Vierter", listed[4]["msgstr"]]


# -- numbers and nesting ------------------------------------------------------------------------------

@pytest.mark.parametrize("query, field", [
    ("offset=" + "9" * 5000, "offset"),
    ("limit=" + "1" * 4301, "limit"),
    ("offset=1234567890", "offset"),
    ("limit=%C2%B2", "limit"),  # "²" is a digit to str.isdigit(), not to int()
    ("offset=-1", "offset"),
    ("limit=1e3", "limit"),
])
def test_offset_and_limit_out_of_range_are_400(tom: Api, query: str, field: str) -> None:
    assert_400(tom.get(f"{ENTRIES}?{query}"), field)


@pytest.mark.parametrize("history_id", [2 ** 63, 10 ** 400, -1, 0, "1", True, 1.5, None, [1]])
def test_a_revert_with_a_bad_history_id_is_400(tom: Api, history_id: object) -> None:
    entry = entries(tom)[0]
    raw = '{"history_id": %s, "version": "%s"}' % (json.dumps(history_id) if not isinstance(history_id, int)
                                                    or isinstance(history_id, bool) else str(history_id),
                                                    entry["version"])
    assert_400(raw_post(tom, f"{ENTRIES}/{entry['id']}/revert", raw), "history_id")


def test_a_revert_of_an_unknown_history_item_is_404(tom: Api) -> None:
    entry = entries(tom)[0]
    assert tom.post(f"{ENTRIES}/{entry['id']}/revert", {"history_id": 2 ** 63 - 1,
                                                        "version": entry["version"]}).status_code == 404


@pytest.mark.parametrize("depth", [50_000, 25])
def test_deeply_nested_json_is_400(app: Flask, tom: Api, depth: int) -> None:
    entry = entries(tom)[0]
    nested = "[" * depth + "]" * depth
    url = f"{ENTRIES}/{entry['id']}"
    assert_400(raw_put(tom, url, '{"msgstr": "x", "state": "translated", "version": "%s", "extra": %s}'
                       % (entry["version"], nested)), "body" if depth > 1000 else "extra[0]" + "[0]" * 19)
    assert_400(raw_post(tom, "/api/check", nested), "body")
    assert_400(raw_post(tom, f"{url}/revert", '{"history_id": %s}' % nested), "body" if depth > 1000 else
               "history_id[0]" + "[0]" * 19)
    response = app.test_client().post("/api/login", data=nested, content_type="application/json")
    assert_400(response, "body")
    assert tom.get(ENTRIES).status_code == 200  # the server is fine


@pytest.mark.parametrize("raw, field", [
    ("not json", "body"),
    ("[1, 2]", "body"),
    ('{"msgstr": "x", "state": "translated", "version": 5}', "version"),
    ('{"msgstr": "x", "state": 7, "version": "v"}', "state"),
    ('{"msgstr": ["x"], "state": "translated", "version": "v"}', "msgstr"),
    ('{"msgstr": "x", "state": "approved", "version": "v", "confirm_blocking": "yes"}', "confirm_blocking"),
    ('\xff\xfe', "body"),
])
def test_malformed_bodies_are_400_naming_the_field(app: Flask, raw: str, field: str) -> None:
    rita = login(app, "rita")
    entry = entries(rita)[0]
    assert_400(raw_put(rita, f"{ENTRIES}/{entry['id']}", raw), field)


# -- what msgfmt -c rejects ---------------------------------------------------------------------------

@pytest.mark.parametrize("msgid, text, state", [
    ("About", "\nÜber uns", "translated"),  # msgfmt: 'msgid' and 'msgstr' entries do not both begin with '\n'
    ("About", "Über uns\n", "translated"),  # ... do not both end with '\n'
    ("About", "Über uns\n", "needs-work"),  # typed text is checked even when it stays fuzzy
    (C_FORMAT, "%s Dateien wurden in %d gespeichert.", "translated"),  # c-format: argument types swapped
    (C_FORMAT, "Dateien wurden gespeichert.", "translated"),  # c-format: arguments missing
    (BRACE, "Hallo {nam}, Ihre Seite ist fertig.", "translated"),  # python-brace-format: unknown name
])
def test_a_save_msgfmt_would_reject_is_refused_with_the_reason(fmt_app: Flask, formats_root: Path, msgid: str,
                                                               text: str, state: str) -> None:
    rita = login(fmt_app, "rita")
    entry = by_msgid(rita, msgid)
    response = rita.put(f"{ENTRIES}/{entry['id']}", {"msgstr": text, "state": state, "version": entry["version"]})
    assert_400(response, "msgstr")
    assert "msgfmt -c would reject" in response.json["error"]
    assert po_entry(formats_root, msgid).msgstr == entry["msgstr"]  # nothing written


def test_what_msgfmt_accepts_is_saved(fmt_app: Flask) -> None:
    rita = login(fmt_app, "rita")
    for msgid, text in [(C_FORMAT, "%d Dateien wurden in %s gespeichert."), (BRACE, "Hallo {name}, fertig."),
                        (UNFLAGGED, "Nur noch wenige Plätze frei.")]:
        entry = by_msgid(rita, msgid)
        response = rita.put(f"{ENTRIES}/{entry['id']}", {"msgstr": text, "state": "translated",
                                                        "version": entry["version"]})
        assert response.status_code == 200, response.json
    unflagged = by_msgid(rita, UNFLAGGED)  # l10n's own guess still shows the problem, msgfmt does not mind it
    assert any(problem["check"] == "printf-format" for problem in unflagged["problems"])


def test_marking_an_existing_machine_text_needs_work_is_not_refused(root: Path) -> None:
    """A fuzzy entry is not compiled: a machine text with a stray line break can still be flagged for work
    (and is refused only when someone tries to make it translated)."""
    path = root / "locales" / "de" / "LC_MESSAGES" / f"{IOM}.po"
    with editing(path) as po:
        entry = next(e for e in live_entries(po) if e.msgid == "About")
        entry.msgstr = "Über uns\n"
        entry.flags.append("fuzzy")
    from webui import create_app

    rita = login(create_app(root, config={"TESTING": True}), "rita")
    entry = by_msgid(rita, "About")
    url = f"{ENTRIES}/{entry['id']}"
    assert rita.put(url, {"state": "needs-work", "version": entry["version"]}).status_code == 200
    entry = by_msgid(rita, "About")
    assert_400(rita.put(url, {"state": "translated", "version": entry["version"]}), "msgstr")


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext's msgfmt")
def test_after_a_batch_of_hostile_saves_the_catalogue_passes_msgfmt(fmt_app: Flask, formats_root: Path) -> None:
    path = formats_root / "locales" / "de" / "LC_MESSAGES" / f"{IOM}.po"
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True).returncode == 0
    clients = [login(fmt_app, name) for name in ("rita", "adam")]
    listed = entries(clients[0])
    hostile = ["\nVorne", "Hinten\n", "Mitte\nMitte", "%s %d", "{nam}", "\n", "\\n", "%n", "{name", "x\r\ny\n",
               "Tab\tText", "\u2028Zeile", "\ufeffBOM", '"Quote\\', "#, fuzzy\nmsgid", "msgstr \"x\""]
    targets = [entry for entry in listed if entry["msgid"] in (C_FORMAT, BRACE, "About")] + listed[:20]
    results: list[int] = []

    def work(api: Api, offset: int) -> None:
        for number, entry in enumerate(targets[offset::2]):
            for text in hostile[number % 4::4]:
                current = by_msgid(api, entry["msgid"])
                results.append(api.put(f"{ENTRIES}/{entry['id']}", {
                    "msgstr": text, "state": ("approved", "translated", "needs-work")[number % 3],
                    "version": current["version"], "confirm_blocking": True}).status_code)

    threads = [threading.Thread(target=work, args=(api, n)) for n, api in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert 400 in results and 200 in results and set(results) <= {200, 400, 409}
    checked = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
