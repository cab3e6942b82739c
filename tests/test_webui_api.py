"""The review web UI's JSON API and pages, through Flask's test client, on real PO files."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import socket
import stat
import sys
import threading
import time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from l10n.catalog import editing, entry_id, live_entries, read_catalogue
from l10n.cli import main
from l10n.config import load_project
from l10n.extract import extract_page
from l10n.states import State, confidence, set_state, state_of
from l10n.update import update_domain
from webui import create_app, db
from webui.client import ApiClient
from webui.serve import ensure_demo_user, start_background_server

REPO = Path(__file__).resolve().parent.parent
USERS = {"tom": ("translator", "tom-password"), "rita": ("reviewer", "rita-password"),
         "adam": ("admin", "adam-password")}
UNSAFE_SENTENCE = 'Never paste <script>alert("pwned")</script> into a page.'
GLOSSARY = ("en,de,note\nIOM,,the acronym stays\nUnited Nations,Vereinte Nationen,\n"
            "Member States,Mitgliedstaaten,not Mitgliedsstaaten\n")
MACHINE_SCORES = [0.91, 0.35, 0.62]  # given to the first paragraph sentences of iom-germany
IOM = "iom-germany"


def build_project(root: Path) -> Path:
    """A project: the IOM page, a page with a <script> sentence, a glossary, three machine
    translations with confidences (as pretranslation writes them) and three users."""
    (root / "source_texts").mkdir(parents=True)
    shutil.copy(REPO / "source_texts" / f"{IOM}.txt", root / "source_texts")
    (root / "source_texts" / "unsafe.txt").write_text(f"{UNSAFE_SENTENCE} It shows as text.\n", encoding="utf-8")
    (root / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    project = load_project(root)
    for page in project.sources():
        extract_page(project, page)
        update_domain(project, page.domain, "de")
    with editing(project.catalogue_path("de", IOM)) as po:
        paragraphs = [e for e in live_entries(po) if e.comment.startswith("paragraph")]
        for entry, score in zip(paragraphs, MACHINE_SCORES):
            entry.msgstr = f"MT {entry.msgid}"
            set_state(entry, State.MACHINE, machine={"origin": "mt", "model": "test", "confidence": score})
    with db.opened(project) as conn:
        for name, (role, password) in USERS.items():
            db.add_user(conn, name, role, password)
    return root


class Api:
    """A logged-in test client that sends the CSRF token with every write."""

    def __init__(self, client: FlaskClient, token: str) -> None:
        self.client, self.token = client, token

    def get(self, url: str):
        return self.client.get(url)

    def put(self, url: str, body: object, token: str | None = None):
        return self.client.put(url, json=body, headers={"X-CSRF-Token": self.token if token is None else token})

    def post(self, url: str, body: object):
        return self.client.post(url, json=body, headers={"X-CSRF-Token": self.token})


def login(app: Flask, name: str) -> Api:
    client = app.test_client()
    response = client.post("/api/login", json={"username": name, "password": USERS[name][1]})
    assert response.status_code == 200, response.json
    return Api(client, response.json["csrf_token"])


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_project(tmp_path_factory.mktemp("webui") / "project")  # password hashing is slow: once


@pytest.fixture
def root(template: Path, tmp_path: Path) -> Path:
    shutil.copytree(template, tmp_path / "project")
    return tmp_path / "project"


@pytest.fixture
def app(root: Path) -> Flask:
    return create_app(root, config={"TESTING": True})


@pytest.fixture
def tom(app: Flask) -> Api:
    return login(app, "tom")


ENTRIES = f"/api/catalogues/de/{IOM}/entries"


def entries(api: Api, query: str = "") -> list[dict]:
    response = api.get(f"{ENTRIES}{query}")
    assert response.status_code == 200, response.json
    return response.json


def by_msgid(api: Api, msgid: str) -> dict:
    return next(entry for entry in entries(api) if entry["msgid"] == msgid)


def po_entry(root: Path, msgid: str, domain: str = IOM):
    return read_catalogue(root / "locales" / "de" / "LC_MESSAGES" / f"{domain}.po").find(msgid)


# -- login, sessions, headers ----------------------------------------------------------------------

def test_everything_needs_a_login(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/api/catalogues").status_code == 401
    assert client.get("/api/catalogues").json == {"error": "login required", "login": "/login"}
    assert client.put(f"{ENTRIES}/x", json={}).status_code == 401
    page = client.get(f"/catalogues/de/{IOM}")
    assert page.status_code == 302 and "/login?next=" in page.headers["Location"]
    assert client.get("/").status_code == 302
    assert client.get("/static/editor.js").status_code == 200  # the login page's files are public
    assert client.get("/login").status_code == 200


def test_login_with_wrong_credentials_is_refused(app: Flask) -> None:
    client = app.test_client()
    assert client.post("/api/login", json={"username": "tom", "password": "wrong"}).status_code == 401
    assert client.post("/api/login", json={"username": "nobody", "password": "tom-password"}).status_code == 401
    assert client.post("/api/login", json={"username": "tom"}).status_code == 400
    assert client.get("/api/catalogues").status_code == 401


def test_login_form_needs_its_csrf_token_and_redirects_only_locally(app: Flask) -> None:
    client = app.test_client()
    form = {"username": "tom", "password": "tom-password"}
    assert client.post("/login", data=form).status_code == 403  # no token: a cross-site login is refused
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post("/login?next=https://evil.example/", data={**form, "csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/").status_code == 200


def test_security_headers_and_cookie_flags(app: Flask) -> None:
    client = app.test_client()
    response = client.post("/api/login", json={"username": "tom", "password": "tom-password"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    for url in ("/", f"/catalogues/de/{IOM}", ENTRIES, "/login"):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
    page = client.get(f"/catalogues/de/{IOM}").get_data(as_text=True)
    assert "<script>" not in page and " style=" not in page and "onclick" not in page  # no inline code


def test_secret_key_is_generated_once_and_private(root: Path) -> None:
    first = create_app(root)
    secret = root / "locales" / db.SECRET_NAME
    assert stat.S_IMODE(os.stat(secret).st_mode) == 0o600
    assert create_app(root).config["SECRET_KEY"] == first.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) >= 32


def test_csrf_token_is_required_for_every_write(app: Flask, tom: Api) -> None:
    entry = entries(tom)[0]
    body = {"msgstr": "Wer wir sind", "state": "translated", "version": entry["version"]}
    assert tom.put(f"{ENTRIES}/{entry['id']}", body, token="").status_code == 403
    assert tom.put(f"{ENTRIES}/{entry['id']}", body, token="forged").status_code == 403
    other = login(app, "rita")  # another session's token does not work here
    assert tom.put(f"{ENTRIES}/{entry['id']}", body, token=other.token).status_code == 403
    assert tom.client.post("/api/check", data="{}", headers={"X-CSRF-Token": tom.token}).status_code == 415
    assert tom.put(f"{ENTRIES}/{entry['id']}", body).status_code == 200


def test_a_new_login_gets_a_new_csrf_token(app: Flask, tom: Api) -> None:
    old = tom.token
    again = tom.client.post("/api/login", json={"username": "tom", "password": "tom-password"}).json["csrf_token"]
    assert again != old
    entry = entries(tom)[0]
    body = {"msgstr": "x text", "state": "translated", "version": entry["version"]}
    assert tom.put(f"{ENTRIES}/{entry['id']}", body, token=old).status_code == 403


# -- listing ------------------------------------------------------------------------------------

def test_catalogues_list_counts_by_state(tom: Api) -> None:
    listed = {c["domain"]: c for c in tom.get("/api/catalogues").json}
    assert set(listed) == {IOM, "unsafe"}
    iom = listed[IOM]
    assert iom["counts"]["machine"] == 3
    assert iom["counts"]["untranslated"] == iom["total"] - 3
    assert set(iom["counts"]) == {s.value for s in State}
    assert isinstance(iom["blocking"], int)


def test_entries_come_in_document_order_with_context_and_glossary_terms(tom: Api, root: Path) -> None:
    listed = entries(tom)
    po = read_catalogue(root / "locales" / "de" / "LC_MESSAGES" / f"{IOM}.po")
    assert [e["msgid"] for e in listed] == [e.msgid for e in live_entries(po)]
    assert [e["index"] for e in listed] == list(range(1, len(listed) + 1))
    pope = next(e for e in listed if e["msgid"].startswith("“The Pact is a major step"))
    assert pope["references"] == ["source_texts/iom-germany.txt:16"]
    assert pope["context"]["kind"] == "paragraph"
    iom = next(e for e in listed if e["msgid"].startswith("The International Organization for Migration (IOM)"))
    assert iom["context"]["after"] == ["Germany joined the IOM in 1954."]
    joined = next(e for e in listed if e["msgid"] == "Germany joined the IOM in 1954.")
    assert joined["context"]["before"] == [iom["msgid"]]
    terms = [part for part in joined["source_parts"] if "term" in part]
    assert [part["text"] for part in terms] == ["IOM"] and terms[0]["term"]["keep"] is True
    assert "".join(part["text"] for part in joined["source_parts"]) == joined["msgid"]


def test_filters_by_state_text_and_check_and_sort_by_confidence(tom: Api) -> None:
    machine = entries(tom, "?state=machine")
    assert len(machine) == 3 and {e["state"] for e in machine} == {"machine"}
    assert [e["confidence"] for e in entries(tom, "?state=machine&sort=confidence")] == sorted(MACHINE_SCORES)
    by_confidence = entries(tom, "?sort=confidence")
    assert [e["confidence"] for e in by_confidence[:3]] == sorted(MACHINE_SCORES)
    assert all(e["confidence"] is None for e in by_confidence[3:])
    assert {e["msgid"] for e in entries(tom, "?q=director%20GENERAL")} == {
        e["msgid"] for e in entries(tom) if "director general" in e["msgid"].lower()}
    assert len(entries(tom, "?q=MT%20")) == 3  # the translation is searched too
    assert len(entries(tom, "?state=todo")) == len(entries(tom))
    assert entries(tom, "?state=approved") == []
    everything = entries(tom)
    failing = entries(tom, "?check=any")
    assert {e["id"] for e in failing} == {e["id"] for e in everything if e["problems"]}
    page = tom.get(f"{ENTRIES}?offset=2&limit=5")
    assert page.headers["X-Total-Count"] == str(len(everything))
    assert [e["id"] for e in page.json] == [e["id"] for e in everything[2:7]]
    assert tom.get(f"{ENTRIES}?state=bogus").status_code == 400
    assert tom.get(f"{ENTRIES}?sort=random").status_code == 400
    assert tom.get(f"{ENTRIES}?limit=-1").status_code == 400


# -- saving -------------------------------------------------------------------------------------

def test_save_makes_the_entry_translated_and_drops_fuzzy_and_machine_mark(tom: Api, root: Path) -> None:
    entry = entries(tom, "?state=machine")[0]
    response = tom.put(f"{ENTRIES}/{entry['id']}", {"msgstr": "Die IOM ist Teil des Systems der Vereinten Nationen.",
                                                    "state": "translated", "version": entry["version"]})
    assert response.status_code == 200, response.json
    assert response.json["state"] == "translated" and response.json["version"] != entry["version"]
    assert isinstance(response.json["problems"], list)
    saved = po_entry(root, entry["msgid"])
    assert saved.msgstr.startswith("Die IOM") and "fuzzy" not in saved.flags
    assert state_of(saved) is State.TRANSLATED and confidence(saved) is None
    assert "l10n: machine" not in saved.tcomment


def test_accept_keeps_the_machine_text_and_needs_work_keeps_it_fuzzy(tom: Api, root: Path) -> None:
    first, second = entries(tom, "?state=machine")[:2]
    accepted = tom.put(f"{ENTRIES}/{first['id']}", {"state": "translated", "version": first["version"]})
    assert accepted.status_code == 200 and accepted.json["state"] == "translated"
    assert po_entry(root, first["msgid"]).msgstr == first["msgstr"]
    flagged = tom.put(f"{ENTRIES}/{second['id']}", {"msgstr": second["msgstr"], "state": "needs-work",
                                                   "version": second["version"]})
    assert flagged.status_code == 200 and flagged.json["state"] == "needs-work"
    saved = po_entry(root, second["msgid"])
    assert "fuzzy" in saved.flags and state_of(saved) is State.NEEDS_WORK


def test_a_stale_version_gets_409_with_both_texts_and_nothing_is_overwritten(app: Flask, tom: Api,
                                                                             root: Path) -> None:
    rita = login(app, "rita")
    entry = entries(tom)[0]
    url = f"{ENTRIES}/{entry['id']}"
    assert rita.put(url, {"msgstr": "Wer wir sind", "state": "translated", "version": entry["version"]}).status_code == 200
    conflict = tom.put(url, {"msgstr": "Über uns", "state": "translated", "version": entry["version"]})
    assert conflict.status_code == 409
    assert conflict.json["current"]["msgstr"] == "Wer wir sind"
    assert conflict.json["yours"]["msgstr"] == "Über uns"
    assert conflict.json["changed_by"] == "rita"  # who made the current version, and when (UTC)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", conflict.json["changed_at"])
    assert po_entry(root, entry["msgid"]).msgstr == "Wer wir sind"
    retry = tom.put(url, {"msgstr": "Über uns", "state": "translated", "version": conflict.json["current"]["version"]})
    assert retry.status_code == 200


def test_a_change_made_outside_the_ui_is_seen_and_protects_the_entry(tom: Api, root: Path) -> None:
    entry = entries(tom)[0]
    with editing(root / "locales" / "de" / "LC_MESSAGES" / f"{IOM}.po") as po:  # as the CLI does it
        changed = po.find(entry["msgid"])
        changed.msgstr = "Von außen"
        set_state(changed, State.TRANSLATED)
    assert by_msgid(tom, entry["msgid"])["msgstr"] == "Von außen"
    stale = tom.put(f"{ENTRIES}/{entry['id']}", {"msgstr": "x", "state": "translated", "version": entry["version"]})
    assert stale.status_code == 409 and po_entry(root, entry["msgid"]).msgstr == "Von außen"


@pytest.mark.parametrize("body, message", [
    ({"msgstr": "x", "state": "done"}, "unknown state"),
    ({"msgstr": 5, "state": "translated"}, "msgstr must be a string"),
    ({"msgstr": "", "state": "translated"}, "needs a translation"),
    ({"msgstr": "   ", "state": "needs-work"}, "needs a translation"),
    ({"msgstr": "x", "state": "machine"}, "pretranslation"),
    ({"msgstr": "a\x00b", "state": "translated"}, "control character"),
    ({"msgstr": "x", "state": "untranslated"}, "empty msgstr"),
])
def test_bad_input_gets_400(tom: Api, body: dict, message: str) -> None:
    entry = entries(tom)[0]
    response = tom.put(f"{ENTRIES}/{entry['id']}", {**body, "version": entry["version"]})
    assert response.status_code == 400 and message in response.json["error"]


def test_bad_request_shapes_get_400(tom: Api) -> None:
    entry = entries(tom)[0]
    url = f"{ENTRIES}/{entry['id']}"
    assert tom.put(url, {"msgstr": "x", "state": "translated"}).status_code == 400  # no version
    assert tom.put(url, ["not", "an", "object"]).status_code == 400
    assert tom.put(f"{ENTRIES}/000000000000", {"msgstr": "x", "state": "translated",
                                               "version": entry["version"]}).status_code == 404


@pytest.mark.parametrize("url", [
    "/api/catalogues/de/..%2F..%2Fpyproject/entries",
    "/api/catalogues/de/../../pyproject/entries",
    "/api/catalogues/..%2Fde/iom-germany/entries",
    "/api/catalogues/de/%2e%2e/entries",
    "/api/catalogues/de/iom-germany.po/entries",
    "/api/catalogues/de/LC_MESSAGES%2Fiom-germany/entries",
    "/api/catalogues/fr/iom-germany/entries",
    "/api/catalogues/de/..%5C..%5Cpyproject/entries",
    "/catalogues/de/..%2F..%2F..%2Fpyproject.po",
    "/catalogues/de/%2e%2e%2f%2e%2e%2fpyproject/page",
    "/catalogues/..%2F..%2Fetc/passwd",
])
def test_path_traversal_attempts_find_nothing(tom: Api, url: str) -> None:
    response = tom.get(url)
    assert response.status_code == 404
    assert b"[tool.l10n]" not in response.data and b"root:" not in response.data


# -- roles --------------------------------------------------------------------------------------

def test_only_reviewers_and_admins_approve_and_change_approved_entries(app: Flask, tom: Api, root: Path) -> None:
    entry = entries(tom, "?state=machine")[0]
    url = f"{ENTRIES}/{entry['id']}"
    denied = tom.put(url, {"msgstr": entry["msgstr"], "state": "approved", "version": entry["version"]})
    assert denied.status_code == 403
    rita = login(app, "rita")
    approved = rita.put(url, {"msgstr": "Geprüft.", "state": "approved", "version": entry["version"],
                              "confirm_blocking": True})  # "Geprüft." lost the source's numbers
    assert approved.status_code == 200 and approved.json["entry"]["approved_by"] == "rita"
    saved = po_entry(root, entry["msgid"])
    assert state_of(saved) is State.APPROVED and "approved by=rita" in saved.tcomment
    version = approved.json["version"]
    assert tom.put(url, {"msgstr": "Geändert.", "state": "translated", "version": version}).status_code == 403
    adam = login(app, "adam")
    assert adam.put(url, {"msgstr": "Geändert.", "state": "translated", "version": version}).status_code == 200
    assert tom.get("/api/me").json["role"] == "translator" and adam.get("/api/me").json["can_review"] is True


def test_approving_blocking_problems_needs_a_confirmation_recorded_in_the_history(app: Flask, tom: Api,
                                                                                   root: Path) -> None:
    rita = login(app, "rita")
    entry = by_msgid(rita, "Germany joined the IOM in 1954.")
    url = f"{ENTRIES}/{entry['id']}"
    lost_number = {"msgstr": "Deutschland trat der IOM bei.", "state": "approved", "version": entry["version"]}
    refused = rita.put(url, lost_number)
    assert refused.status_code == 409 and refused.json["needs_confirmation"] is True
    assert refused.json["field"] == "confirm_blocking" and refused.json["error"]
    assert [p["check"] for p in refused.json["problems"]] == ["number"]
    assert all(p["severity"] == "error" for p in refused.json["problems"])
    assert po_entry(root, entry["msgid"]).msgstr == entry["msgstr"]  # nothing saved
    assert rita.put(url, {**lost_number, "confirm_blocking": False}).status_code == 409
    confirmed = rita.put(url, {**lost_number, "confirm_blocking": True})
    assert confirmed.status_code == 200 and confirmed.json["state"] == "approved"
    history = rita.get(f"{url}/history").json
    assert history[0]["action"] == "approve" and history[0]["confirmed_problems"] == ["number"]
    fixed = rita.put(url, {"msgstr": "Deutschland trat 1954 der IOM bei.", "state": "translated",
                           "version": confirmed.json["version"]}).json
    back = {"history_id": rita.get(f"{url}/history").json[0]["id"], "version": fixed["version"]}
    assert rita.post(f"{url}/revert", back).json["needs_confirmation"] is True  # a revert to it asks again
    assert rita.post(f"{url}/revert", {**back, "confirm_blocking": True}).json["state"] == "approved"
    assert rita.get(f"{url}/history").json[0]["confirmed_problems"] == ["number"]
    # a clean approval needs no confirmation and records none; saving as translated never asks
    clean = by_msgid(rita, "About")
    ok = rita.put(f"{ENTRIES}/{clean['id']}", {"msgstr": "Über uns", "state": "approved", "version": clean["version"]})
    assert ok.status_code == 200
    assert rita.get(f"{ENTRIES}/{clean['id']}/history").json[0]["confirmed_problems"] == []
    agenda = by_msgid(tom, "2030 Agenda")
    saved = tom.put(f"{ENTRIES}/{agenda['id']}", {"msgstr": "Agenda", "state": "translated",
                                                 "version": agenda["version"]})
    assert saved.status_code == 200 and saved.json["problems"][0]["severity"] == "error"


def test_a_conflict_with_a_change_outside_the_ui_names_no_one(tom: Api, root: Path) -> None:
    entry = entries(tom)[0]
    with editing(root / "locales" / "de" / "LC_MESSAGES" / f"{IOM}.po") as po:
        po.find(entry["msgid"]).msgstr = "Von außen"
    conflict = tom.put(f"{ENTRIES}/{entry['id']}", {"msgstr": "x y", "state": "translated",
                                                    "version": entry["version"]})
    assert conflict.status_code == 409
    assert conflict.json["changed_by"] is None and conflict.json["changed_at"] is None


# -- history --------------------------------------------------------------------------------------

def test_history_records_who_when_before_after_and_revert_restores_the_machine_mark(tom: Api, root: Path) -> None:
    entry = entries(tom, "?state=machine")[0]
    url = f"{ENTRIES}/{entry['id']}"
    first = tom.put(url, {"msgstr": "Erste Fassung.", "state": "translated", "version": entry["version"]}).json
    second = tom.put(url, {"msgstr": "Zweite Fassung.", "state": "needs-work", "version": first["version"]}).json
    history = tom.get(f"{url}/history").json
    assert [(h["before"], h["after"]) for h in history] == [("Erste Fassung.", "Zweite Fassung."),
                                                             (entry["msgstr"], "Erste Fassung.")]
    assert history[0]["user"] == "tom" and history[0]["at"]
    assert (history[0]["state_before"], history[0]["state_after"]) == ("translated", "needs-work")
    assert (history[1]["state_before"], history[1]["state_after"]) == ("machine", "translated")
    stale = tom.post(f"{url}/revert", {"history_id": history[1]["id"], "version": first["version"]})
    assert stale.status_code == 409
    reverted = tom.post(f"{url}/revert", {"history_id": history[1]["id"], "version": second["version"]})
    assert reverted.status_code == 200 and reverted.json["state"] == "machine"
    saved = po_entry(root, entry["msgid"])
    assert saved.msgstr == entry["msgstr"] and state_of(saved) is State.MACHINE
    assert confidence(saved) == entry["confidence"]
    assert len(tom.get(f"{url}/history").json) == 3
    other = entries(tom)[0]
    assert tom.post(f"{ENTRIES}/{other['id']}/revert",
                    {"history_id": history[0]["id"], "version": other["version"]}).status_code == 404


# -- checks, memory, preview, downloads ------------------------------------------------------------

def test_check_endpoint_checks_the_typed_text_without_saving(tom: Api, root: Path) -> None:
    entry = by_msgid(tom, "Germany joined the IOM in 1954.")
    good = tom.post("/api/check", {"language": "de", "domain": IOM, "id": entry["id"],
                                   "msgstr": "Deutschland trat der IOM 1954 bei."})
    assert good.status_code == 200 and good.json["problems"] == []
    bad = tom.post("/api/check", {"language": "de", "domain": IOM, "id": entry["id"],
                                  "msgstr": "Deutschland trat der Organisation bei."})
    assert bad.status_code == 200
    assert bad.json["problems"], "a lost number and a lost glossary term are problems"
    assert {"check", "severity", "message"} <= set(bad.json["problems"][0])
    assert po_entry(root, entry["msgid"]).msgstr == entry["msgstr"]  # nothing saved


def test_suggestions_come_from_the_translation_memory(tom: Api) -> None:
    about = by_msgid(tom, "About")
    tom.put(f"{ENTRIES}/{about['id']}", {"msgstr": "Über uns", "state": "translated", "version": about["version"]})
    joined = by_msgid(tom, "Germany joined the IOM in 1954.")
    tom.put(f"{ENTRIES}/{joined['id']}", {"msgstr": "Deutschland trat 1954 der IOM bei.", "state": "translated",
                                         "version": joined["version"]})
    unsafe = tom.get("/api/catalogues/de/unsafe/entries").json[1]
    suggestions = tom.get(f"/api/catalogues/de/unsafe/entries/{unsafe['id']}/suggestions")
    assert suggestions.status_code == 200 and isinstance(suggestions.json, list)
    own = tom.get(f"{ENTRIES}/{about['id']}/suggestions").json
    assert all(not (s["domain"] == IOM and s["source"] == "About") for s in own)  # not its own translation


def test_preview_gives_text_pieces_with_states_and_ids(tom: Api) -> None:
    entry = by_msgid(tom, "About")
    tom.put(f"{ENTRIES}/{entry['id']}", {"msgstr": "Über uns", "state": "translated", "version": entry["version"]})
    preview = tom.get(f"/api/catalogues/de/{IOM}/preview").json
    assert preview["layout"] == "pre"
    source = (REPO / "source_texts" / f"{IOM}.txt").read_text(encoding="utf-8")
    segments = [p for p in preview["pieces"] if "state" in p]
    assert [p["text"] for p in segments if p["state"] == "translated"] == ["Über uns", "Über uns"]
    assert "".join(p["text"] for p in preview["pieces"]) == source.replace("About\n", "Über uns\n")
    assert {p["state"] for p in segments} == {"untranslated", "machine", "translated"}
    assert all(p["id"] for p in segments)


def test_downloads_give_the_po_file_and_the_exported_page(tom: Api, root: Path) -> None:
    po = tom.get(f"/catalogues/de/{IOM}.po")
    assert po.status_code == 200 and "attachment" in po.headers["Content-Disposition"]
    assert po.data == (root / "locales" / "de" / "LC_MESSAGES" / f"{IOM}.po").read_bytes()
    page = tom.get(f"/catalogues/de/{IOM}/page")
    assert page.status_code == 200 and "attachment" in page.headers["Content-Disposition"]
    assert page.data == (REPO / "source_texts" / f"{IOM}.txt").read_bytes()  # nothing done yet: English


def test_the_page_download_is_what_export_writes_or_refuses(root: Path) -> None:
    """The download declares the target language, as `l10n export` does, and is refused with the
    entry's po:line where the structure gate refuses the page."""
    (root / "source_texts" / "note.html").write_text(
        '<!doctype html><html lang="en"><body><p>Read the <a href="/faq">answers</a> first.</p></body></html>\n',
        encoding="utf-8")
    project = load_project(root)
    [page] = [page for page in project.sources() if page.domain == "note"]
    extract_page(project, page)
    update_domain(project, "note", "de")
    with editing(project.catalogue_path("de", "note")) as po:
        po[0].msgstr = "Lesen Sie zuerst die <1>Antworten</1>."
    tom = login(create_app(root, config={"TESTING": True}), "tom")
    page_text = tom.get("/catalogues/de/note/page").get_data(as_text=True)
    assert '<html lang="de">' in page_text and '<a href="/faq">Antworten</a>' in page_text
    with editing(project.catalogue_path("de", "note")) as po:
        po[0].msgstr = 'Lesen Sie zuerst die <1>Antworten</1> <a href="//evil">hier</a>.'
    refused = tom.get("/catalogues/de/note/page")
    assert refused.status_code == 409
    assert re.search(r"note\.po:\d+: msgid", refused.get_data(as_text=True))

def test_the_review_ui_cuts_a_page_as_extract_does_with_the_projects_format_options(root: Path) -> None:
    """A short text page configured as hard-wrapped: the editor's preview finds every segment in the
    catalogue (it parsed the page without the project's options before, so line by line)."""
    (root / "l10n.toml").write_text('wrapped_text = ["notes.txt"]\n', encoding="utf-8")
    (root / "source_texts" / "notes.txt").write_text(
        "The new version brings faster start-up and a cleaner\nconfiguration file for every user.\n"
        "It also fixes a crash that some people saw when\nthey opened very large pages.\n", encoding="utf-8")
    project = load_project(root)
    [page] = [page for page in project.sources() if page.domain == "notes"]
    extract_page(project, page)
    update_domain(project, "notes", "de")
    tom = login(create_app(root, config={"TESTING": True}), "tom")
    pieces = [piece for piece in tom.get("/api/catalogues/de/notes/preview").json["pieces"] if "state" in piece]
    assert len(pieces) == 2 and all(piece["id"] is not None for piece in pieces)

def test_the_text_preview_shows_an_html_msgid_as_the_reader_sees_it(root: Path) -> None:
    """The HTML format has decoded the references already: decoding again would show `AT&T` where the
    page shows the characters `AT&amp;T`."""
    (root / "source_texts" / "entity.html").write_text("<p>Write AT&amp;amp;T for the entity.</p>\n", encoding="utf-8")
    project = load_project(root)
    [page] = [page for page in project.sources() if page.domain == "entity"]
    extract_page(project, page)
    update_domain(project, "entity", "de")
    tom = login(create_app(root, config={"TESTING": True}), "tom")
    [piece] = tom.get("/api/catalogues/de/entity/preview").json["pieces"]
    assert piece["text"] == "Write AT&amp;T for the entity."

def test_script_in_a_source_sentence_is_data_not_markup(tom: Api) -> None:
    listed = tom.get("/api/catalogues/de/unsafe/entries")
    assert listed.headers["Content-Type"].startswith("application/json")
    assert listed.json[0]["msgid"] == UNSAFE_SENTENCE
    page = tom.get("/catalogues/de/unsafe").get_data(as_text=True)
    assert "alert(" not in page  # entries reach the page only through the API, as text
    dashboard = tom.get("/").get_data(as_text=True)
    assert "<script>alert" not in dashboard
    preview = tom.get("/api/catalogues/de/unsafe/preview").json
    assert preview["pieces"][0]["text"] == UNSAFE_SENTENCE


def test_dashboard_shows_every_page_with_progress_and_downloads(tom: Api) -> None:
    page = tom.get("/").get_data(as_text=True)
    assert f'href="/catalogues/de/{IOM}"' in page and 'href="/catalogues/de/unsafe"' in page
    assert f'href="/catalogues/de/{IOM}.po"' in page and f'href="/catalogues/de/{IOM}/page"' in page
    assert 'class="s-machine"' in page and "<title>machine: 3</title>" in page


# -- concurrency ----------------------------------------------------------------------------------

def test_concurrent_saves_lose_nothing_and_same_entry_races_conflict(app: Flask, root: Path) -> None:
    clients = [login(app, name) for name in ("tom", "rita", "adam")]
    listed = entries(clients[0])
    results: dict[str, int] = {}
    race: list[int] = []

    def work(number: int, api: Api) -> None:
        for entry in listed[number::3][:4]:
            response = api.put(f"{ENTRIES}/{entry['id']}", {"msgstr": f"Text {entry['id']}", "state": "translated",
                                                          "version": entry["version"]})
            results[entry["id"]] = response.status_code
        target = listed[-1]  # everyone saves the same entry from the same version: one wins
        race.append(api.put(f"{ENTRIES}/{target['id']}", {"msgstr": f"Race {number}", "state": "translated",
                                                          "version": target["version"]}).status_code)

    threads = [threading.Thread(target=work, args=(n, api)) for n, api in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(race) == [200, 409, 409]
    po = read_catalogue(root / "locales" / "de" / "LC_MESSAGES" / f"{IOM}.po")
    saved = {entry_id(e): e.msgstr for e in live_entries(po)}
    for ident, status in results.items():
        if ident != entry_id(po.find(listed[-1]["msgid"])):
            assert status == 200 and saved[ident] == f"Text {ident}"


# -- the commands ---------------------------------------------------------------------------------

def run_cli(*args: str, stdin: str = "") -> tuple[int, str]:
    """`l10n ARGS` in-process with `stdin` as standard input (no terminal: the hidden prompt reads it there);
    (exit code, stdout + stderr)."""
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main(list(args))
        code = 0
    except SystemExit as exit:
        code = int(exit.code or 0)
    finally:
        sys.stdin = saved
    return code, out.getvalue() + err.getvalue()


def test_users_commands_store_hashed_passwords(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    root = str(tmp_path)
    code, output = run_cli("users", "add", "nina", "--role", "reviewer", "--password-stdin", "--root", root,
                           stdin="secret-pass-1\n")
    assert code == 0, output
    code, output = run_cli("users", "add", "omar", "--role", "translator", "--root", root,
                           stdin="other-pass-22\nother-pass-22\n")  # the hidden prompt, with confirmation
    assert code == 0, output
    code, output = run_cli("users", "list", "--root", root)
    assert "nina" in output and "reviewer" in output and "omar" in output and "translator" in output
    monkeypatch.setattr("sys.stdin", io.StringIO("another-pass\n"))
    with pytest.raises(SystemExit) as exit:
        main(["users", "add", "nina", "--role", "admin", "--password-stdin", "--root", root])
    assert exit.value.code == 2 and "already exists" in capsys.readouterr().err
    code, output = run_cli("users", "add", "zed", "--role", "boss", "--password-stdin", "--root", root,
                           stdin="long-enough-1\n")
    assert code == 2  # not a role
    code, output = run_cli("users", "passwd", "nina", "--password-stdin", "--root", root, stdin="new-secret-9\n")
    assert code == 0, output
    with db.opened(load_project(tmp_path)) as conn:
        assert db.authenticate(conn, "nina", "new-secret-9") is not None
        assert db.authenticate(conn, "nina", "secret-pass-1") is None
    raw = b"".join(path.read_bytes() for path in (tmp_path / "locales").glob(db.DB_NAME + "*"))  # with the WAL
    assert b"secret-pass-1" not in raw and b"new-secret-9" not in raw and b"scrypt:" in raw
    assert stat.S_IMODE(os.stat(tmp_path / "locales" / db.DB_NAME).st_mode) == 0o600


def test_demo_user_is_created_once(tmp_path: Path) -> None:
    project = load_project(tmp_path)
    name, password = ensure_demo_user(project)
    assert name == "admin" and len(password) >= 12
    assert ensure_demo_user(project) is None
    app = create_app(tmp_path)
    assert app.test_client().post("/api/login", json={"username": name, "password": password}).status_code == 200


def test_api_errors_are_json(tom: Api) -> None:
    response = tom.get("/api/nothing-here")
    assert response.status_code == 404 and "error" in response.json
    assert json.loads(tom.get(f"/api/catalogues/de/{IOM}").data)["domain"] == IOM


# -- the production server -------------------------------------------------------------------------

def test_idle_connections_do_not_take_a_thread_each(root: Path) -> None:
    """waitress: a fixed pool of request threads, a bounded number of open connections (werkzeug's development
    server started one thread per connection: 300 idle connections made 301 threads)."""
    server = start_background_server(create_app(root), threads=4, connection_limit=50)
    try:
        before = threading.active_count()
        idle = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(300)]
        for number, connection in enumerate(idle[:40]):  # some start a request and stall
            connection.sendall(b"GET /api/me HTTP/1.1\r\nHost: x\r\n" if number % 2 else b"GE")
        client = ApiClient(server.url, timeout=30)
        time.sleep(0.5)  # time to accept and read what they sent
        assert threading.active_count() <= before  # no thread was started for any of them
        for connection in idle:
            connection.close()
        client.login("tom", USERS["tom"][1])  # served once the idle connections are gone
        assert client.get(ENTRIES)[0] == 200
        assert threading.active_count() <= before
        client.close()
    finally:
        server.close()


def test_l10n_serve_runs_waitress_and_stops_on_ctrl_c(root: Path) -> None:
    import signal
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-c", "from l10n.cli import main; main()", "serve", "--root",
                                str(root), "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert "http://127.0.0.1:" in line, (line, process.stderr.read() if process.poll() is not None else "")
        url = "http://" + line.split("http://", 1)[1].split("/", 1)[0]
        client = ApiClient(url)
        status, _, headers = client.get("/api/me")
        assert status == 401 and headers["server"] == "l10n"  # waitress, named by `ident`
        client.login("tom", USERS["tom"][1])
        assert client.get("/api/me")[1]["user"] == "tom"
        client.close()
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) in (0, 130, -signal.SIGINT)
