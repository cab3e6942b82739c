"""Load test of the review web UI on its production server (waitress, through `l10n serve`).

    .venv/bin/python bench/bench_webui.py            # 5,000 entries, 20 translators, ~1 s between saves
    .venv/bin/python bench/bench_webui.py --stress   # 10,000 entries, back to back, pretranslate + CLI writer
    .venv/bin/python bench/bench_webui.py --quick    # 1,000 entries, 10 clients, 200 saves

What it does, in `bench/_work/webui/` (gitignored):

1. Generates one English page of `--entries` distinct sentences (paragraphs of 1-3 sentences), runs
   extract + update through the library, makes 40 % of the entries machine translations (with a
   confidence) and 10 % translated, and adds the bench users. This template is kept between runs.
2. Starts `l10n serve` on a copy, in its own process (waitress, 8 request threads, as users run it;
   `trusted_proxies = 1`, so that the login flood below can come from many addresses), and warms it
   up (the first list parses the catalogue, checks every entry, parses the source page).
3. Times where a save's time goes in-process: parsing and writing the big PO file with l10n.catalog.
4. One client saves `--sequential` times alone: the latency of a save without contention.
5. Login flood (`--no-flood` skips it): one logged-in translator lists a page and saves, in rounds,
   alone and then while 8 anonymous clients (processes at nice 19) flood the server: GET /api/me as
   fast as answered (a plain request flood, for comparison), then wrong passwords to /api/login
   (a) all from one address (the throttle answers 429 at once), (b) each attempt from a new address
   and name (every attempt passes the throttle; only the bounded hashing protects the server), both
   as fast as answered, and (c) as (b) at 20 attempts a second per client. Prints the translator's
   p50/p95 in each case and the ratio to "alone" (target <= 1.5x).
6. The load: `--clients` threads, each with its own login and keep-alive connection, make
   `--saves` PUTs in total: each edits entries of its own (retrying once with the current version
   after a 409 caused by someone else, as the editor's "keep mine" does); every tenth save is a
   deliberate race, all clients saving the same entry from the same version at once (one must win,
   the others must get 409). Between saves the clients list entries: a page of 200 as the editor
   asks for it (with a state or text filter now and then) and, less often, the whole catalogue, and
   pause about `--think` seconds. With `--writers`, `l10n pretranslate --lang de` runs on the project
   with the tiny test model (an external writer through `catalog.editing`), and after it, until the
   clients finish, a writer loop changes entries of its own through `catalog.editing`, like a second
   terminal.
7. Stops everything and verifies against the PO file: every 200-acknowledged save is there, every
   change of the writer loop is there, no race had two winners. Lost updates must be 0.
8. Prints p50/p95/max latency of list (page of 200), list (all entries) and save, the counts, and the
   machine's load average before and after (the machine may be shared).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "_work" / "webui"
BIN_DIR = Path(sys.executable).parent
L10N = str(BIN_DIR / "l10n")
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from l10n.catalog import catalogue_text, editing, entry_id, live_entries, read_catalogue, write_catalogue  # noqa: E402
from l10n.config import load_project  # noqa: E402
from l10n.states import State, set_state, state_of  # noqa: E402
from webui import db  # noqa: E402
from webui.client import ApiClient  # noqa: E402

DOMAIN = "big"
USERS = [f"bench{n}" for n in range(1, 6)]
PASSWORD = "bench-password"
PAGE = 200

WHO = ["The International Organization for Migration", "IOM", "The Director General", "The EU", "Our team",
       "The United Nations", "Every Member State", "The new office", "The government of Belgium", "This report",
       "The conference", "Our partners", "The regional office", "A local volunteer"]
DOES = ["supports", "welcomes", "reviews", "publishes", "funds", "discusses", "protects", "opens", "updates",
        "presents", "evaluates", "extends"]
WHAT = ["the new pact on migration and asylum", "safe and regular pathways", "the 2030 Agenda", "a short report",
        "three projects in Germany", "the rights of migrants", "the annual budget", "a humane migration policy",
        "the latest data", "programmes for returning migrants", "the settings of the portal", "a training course"]
WHEN = ["today", "every year", "since 1951", "before the meeting", "after 30 April", "in the evening",
        "in 175 countries", "with 100 partners", "in Brussels", "this spring", "in Geneva"]


# -- the project ------------------------------------------------------------------------------------

def sentence(number: int, rng: random.Random) -> str:
    # The case number keeps every sentence distinct (one entry each).
    return f"{rng.choice(WHO)} {rng.choice(DOES)} {rng.choice(WHAT)} {rng.choice(WHEN)} as case {number}."


def build_template(path: Path, entries: int) -> None:
    """source page -> extract -> update -> some machine and translated entries -> users."""
    from l10n.extract import extract_page
    from l10n.update import update_domain

    rng = random.Random(7)
    if path.exists():
        shutil.rmtree(path)
    (path / "source_texts").mkdir(parents=True)
    lines, number = ["Heading of the big page\n"], 0
    while number < entries - 1:
        size = min(rng.choice([1, 1, 2, 3]), entries - 1 - number)
        lines.append(" ".join(sentence(number + k, rng) for k in range(size)) + "\n")
        number += size
    (path / "source_texts" / f"{DOMAIN}.txt").write_text("".join(lines), encoding="utf-8")
    shutil.copy(ROOT / "glossary.csv", path / "glossary.csv")
    project = load_project(path)
    page = project.source(DOMAIN)
    extract_page(project, page)
    update_domain(project, DOMAIN, "de")
    with editing(project.catalogue_path("de", DOMAIN)) as po:
        for index, entry in enumerate(live_entries(po)):
            share = index % 10
            if share < 4:
                entry.msgstr = f"MT {entry.msgid}"
                set_state(entry, State.MACHINE, machine={"origin": "mt", "model": "bench", "version": "1",
                                                         "confidence": round(rng.random(), 2)})
            elif share == 4:
                entry.msgstr = f"DE {entry.msgid}"
                set_state(entry, State.TRANSLATED)
    with db.opened(project) as conn:
        for name in USERS:
            db.add_user(conn, name, "translator", PASSWORD)
    # As behind a reverse proxy: the login flood below sends X-Forwarded-For to come from many addresses.
    (path / "l10n.toml").write_text("trusted_proxies = 1\n", encoding="utf-8")
    (path / ".entries").write_text(str(entries))


def prepare(entries: int) -> Path:
    template = WORK / f"template-{entries}"
    if not (template / ".entries").exists():
        print(f"building the {entries}-entry project (kept for the next run) ...", flush=True)
        build_template(template, entries)
    run = WORK / "run"
    if run.exists():
        shutil.rmtree(run)
    shutil.copytree(template, run)
    return run


def catalogue_path(root: Path) -> Path:
    return root / "locales" / "de" / "LC_MESSAGES" / f"{DOMAIN}.po"


def install_model(root: Path, env: dict[str, str]) -> Path | None:
    """The tiny test model, installed into the project's packages folder; None if it cannot be built."""
    try:
        from tiny_argos import build_tiny_package
    except ImportError as error:
        print(f"no test model ({error}): the writer loop alone plays the external writer")
        return None
    packages = root / "argos-packages"
    archive = build_tiny_package(WORK / "model")
    result = subprocess.run([L10N, "models", "install", "--file", str(archive), "--packages-dir", str(packages),
                             "--root", str(root)], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        print(f"could not install the test model: {result.stderr.strip()}")
        return None
    return packages


# -- where a save's time goes ---------------------------------------------------------------------------

def breakdown(path: Path) -> dict[str, float]:
    """Seconds for what one save of the big catalogue does (best of 3), measured here in-process."""
    scratch = path.with_name("scratch.po")
    timings: dict[str, list[float]] = defaultdict(list)
    for attempt in range(3):
        start = time.perf_counter()
        po = read_catalogue(path)
        timings["parse (read_catalogue)"].append(time.perf_counter() - start)
        catalogue_text(po)  # as a running server has: every entry rendered once
        for entry in live_entries(po)[attempt * 20:attempt * 20 + 20]:  # a batch of 20 saves
            entry.msgstr = f"changed {attempt} {entry.msgid}"
        start = time.perf_counter()
        catalogue_text(po)
        timings["serialise, 20 entries changed (catalogue_text, memoised)"].append(time.perf_counter() - start)
        start = time.perf_counter()
        write_catalogue(po, scratch)
        timings["write_catalogue (serialise + fsync + rename)"].append(time.perf_counter() - start)
    scratch.unlink()
    return {name: min(values) for name, values in timings.items()}


# -- the server -------------------------------------------------------------------------------------

def start_server(root: Path, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    log = open(WORK / "server.log", "w")
    command = [L10N, "serve", "--root", str(root), "--port", "0"]
    process = subprocess.Popen(command, env=env,
                               stdout=subprocess.PIPE, stderr=log, text=True, start_new_session=True)
    line = process.stdout.readline()  # "l10n review UI on http://127.0.0.1:PORT/ ..."
    if "http://" not in line:
        process.kill()
        raise SystemExit(f"the server did not start: {line!r}, see {WORK / 'server.log'}")
    url = line.split("http://", 1)[1].split("/", 1)[0]
    return process, f"http://{url}"


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)  # its own session: only what this script started
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# -- the load ------------------------------------------------------------------------------------------

@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latency: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter = field(default_factory=Counter)
    acknowledged: dict[str, str] = field(default_factory=dict)  # entry id -> text acknowledged with 200
    race_winners: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def timed(self, kind: str, call):
        start = time.perf_counter()
        result = call()
        elapsed = time.perf_counter() - start
        with self.lock:
            self.latency[kind].append(elapsed)
        return result


RACE_EVERY = 10  # every tenth planned save of each client is a race round


def client_work(number: int, url: str, own: list[dict], races: list[dict], saves: int, barrier: threading.Barrier,
                results: Results, total_entries: int, think: float = 0.0) -> None:
    try:
        _client_work(number, url, own, races, saves, barrier, results, total_entries, think)
    except Exception as error:  # noqa: BLE001 - reported, and the others must not wait at the barrier
        with results.lock:
            results.errors.append(f"client {number}: {error!r}")
        barrier.abort()


def _client_work(number: int, url: str, own: list[dict], races: list[dict], saves: int, barrier: threading.Barrier,
                 results: Results, total_entries: int, think: float) -> None:
    rng = random.Random(number)
    client = ApiClient(url)
    client.login(USERS[number % len(USERS)], PASSWORD)
    entries_url = f"/api/catalogues/de/{DOMAIN}/entries"
    own_entries = iter(own)
    for planned in range(saves):
        if planned % RACE_EVERY == RACE_EVERY - 1:  # all clients save the same entry from the same version
            target = races[planned // RACE_EVERY]
            text = f"Race {number} {target['id']}"
            barrier.wait(timeout=600)
            status, _, _ = results.timed("save", lambda: client.put(
                f"{entries_url}/{target['id']}", {"msgstr": text, "state": "translated", "version": target["version"]}))
            with results.lock:
                results.statuses[f"race {status}"] += 1
                if status == 200:
                    results.race_winners[target["id"]] += 1
                    results.acknowledged[target["id"]] = text
                elif status != 409:
                    results.errors.append(f"race: HTTP {status}")
            continue
        entry = next(own_entries)
        text = f"Bench {number} {entry['id']} {rng.randint(0, 10**6)}"
        body = {"msgstr": text, "state": "translated", "version": entry["version"]}
        status, answer, _ = results.timed("save", lambda: client.put(f"{entries_url}/{entry['id']}", body))
        if status == 409:  # changed by pretranslation meanwhile: "keep mine", as the editor offers
            with results.lock:
                results.statuses["own 409 (changed by pretranslate) -> retried"] += 1
            body["version"] = answer["current"]["version"]
            status, answer, _ = results.timed("save", lambda: client.put(f"{entries_url}/{entry['id']}", body))
        with results.lock:
            results.statuses[f"own {status}"] += 1
            if status == 200:
                results.acknowledged[entry["id"]] = text
            else:
                results.errors.append(f"own save: HTTP {status} {answer}")
        # what the editor does between saves: a page of entries, sometimes filtered; rarely everything
        offset = rng.randrange(0, max(1, total_entries - PAGE))
        query = rng.choice(["", "", "&state=todo", "&q=report", "&sort=confidence"])
        status, _, _ = results.timed("list page", lambda: client.get(
            f"{entries_url}?offset={offset}&limit={PAGE}{query}", decode=False))
        with results.lock:
            results.statuses[f"list {status}"] += 1
        if rng.random() < 0.1:
            status, _, _ = results.timed("list all", lambda: client.get(entries_url, decode=False))
            with results.lock:
                results.statuses[f"list {status}"] += 1
        if think:  # a translator reads and types between saves; 0 = stress test, back to back
            time.sleep(rng.uniform(0, 2 * think))
    client.connection.close()


FLOOD_CLIENTS = 8
FLOOD_ROUNDS = 40
FLOODS = (  # (label, kind, requests a second per client; 0: as fast as answered)
    ("GET /api/me, unpaced (control)", "me", 0),
    ("login, one address, unpaced", "one", 0),
    ("login, new address each, unpaced", "spread", 0),
    ("login, new address each, 20/s", "spread", 20),
)


def translator_rounds(client: ApiClient, own: list[dict], rounds: int, results: Results, label: str) -> None:
    """One logged-in translator: list a page, save an entry of their own, pause 0.1 s; `rounds` times."""
    entries_url = f"/api/catalogues/de/{DOMAIN}/entries"
    for number, entry in enumerate(own[:rounds]):
        offset = number * 131 % 4000
        status, _, _ = results.timed(f"{label}: list page", lambda: client.get(
            f"{entries_url}?offset={offset}&limit={PAGE}", decode=False))
        text = f"Flood round {label} {entry['id']}"
        status_save, _, _ = results.timed(f"{label}: save", lambda: client.put(
            f"{entries_url}/{entry['id']}", {"msgstr": text, "state": "translated", "version": entry["version"]}))
        with results.lock:
            results.statuses[f"translator list {status}"] += 1
            results.statuses[f"translator save {status_save}"] += 1
            if status_save == 200:
                results.acknowledged[entry["id"]] = text
            else:
                results.errors.append(f"translator save during {label}: HTTP {status_save}")
        time.sleep(0.1)


def flood(url: str, number: int, kind: str, per_second: float, stop_event: Any, answers: Any) -> None:
    """An anonymous client posting wrong passwords to /api/login, as fast as it is answered or
    `per_second` times a second; kind "me" asks GET /api/me instead (a request flood of the same rate
    that is no login, for comparison).

    In its own process, at the lowest CPU priority: an attacker's clients run on their own machines, so
    the figure should show what answering them costs the server, not these clients' own CPU on the same
    (2-core, shared) machine or their share of the translator's GIL."""
    os.nice(19)
    client = ApiClient(url)
    statuses: Counter = Counter()
    attempt = 0
    spread = kind == "spread"
    started = time.monotonic()
    while not stop_event.is_set():
        attempt += 1
        if per_second:
            time.sleep(max(0.0, started + attempt / per_second - time.monotonic()))
        # (a) one name from one address, as a script guessing one password; (b) a new name and address each
        # time, as a botnet: no counter ever reaches its limit. Neither is the clients' own 127.0.0.1.
        name = f"flood{number}-{attempt}" if spread else "admin"
        address = f"10.{number}.{attempt // 250 % 250}.{attempt % 250 + 1}" if spread else "192.0.2.66"
        try:
            if kind == "me":
                status, _, _ = client.get("/api/me")
            else:
                status, _, _ = client.post("/api/login", {"username": name, "password": "wrong-password"},
                                           headers={"X-Forwarded-For": address})
        except OSError:
            status = "connection error"
        statuses[status] += 1
    client.close()
    answers.put(dict(statuses))


def login_flood(url: str, own: list[dict], results: Results) -> tuple[dict[str, Counter], dict[str, float]]:
    """The translator alone, then during a one-address flood, then during a many-address flood.

    The translator logs in first: during a flood from many addresses the hashing slots are always taken,
    and a new login gets 503 (retry) most of the time; what is protected is the logged-in users' work."""
    import multiprocessing

    client = ApiClient(url)
    client.login(USERS[0], PASSWORD)
    translator_rounds(client, own[:FLOOD_ROUNDS], FLOOD_ROUNDS, results, "alone")
    flood_statuses: dict[str, Counter] = {}
    seconds: dict[str, float] = {}
    context = multiprocessing.get_context("fork")
    for chunk, (label, kind, per_second) in enumerate(FLOODS, start=1):
        stop_event, answers = context.Event(), context.Queue()
        workers = [context.Process(target=flood, args=(url, n, kind, per_second, stop_event, answers))
                   for n in range(FLOOD_CLIENTS)]
        for worker in workers:
            worker.start()
        time.sleep(1.0)  # let the flood reach its steady state
        started = time.monotonic()
        translator_rounds(client, own[chunk * FLOOD_ROUNDS:(chunk + 1) * FLOOD_ROUNDS], FLOOD_ROUNDS, results,
                          label)
        seconds[label] = time.monotonic() - started + 1.0
        stop_event.set()
        statuses: Counter = Counter()
        for _ in workers:
            statuses.update(answers.get(timeout=60))
        for worker in workers:
            worker.join()
        flood_statuses[label] = statuses
    client.close()
    return flood_statuses, seconds


def writer_loop(path: Path, entries: list[str], stop_event: threading.Event, written: dict[str, str],
                interval: float) -> None:
    """A second terminal: changes its own entries through catalog.editing (lock, re-read, atomic write)."""
    round_number = 0
    while not stop_event.wait(interval):
        round_number += 1
        with editing(path) as po:
            for msgid in entries[(round_number * 3) % len(entries):][:3]:
                entry = po.find(msgid)
                entry.msgstr = f"CLI {round_number} {msgid}"
                set_state(entry, State.NEEDS_WORK)
                written[msgid] = entry.msgstr


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--saves", type=int, default=600, help="PUT requests in total (races and retries count)")
    parser.add_argument("--sequential", type=int, default=10, help="saves of one client alone, before the load")
    parser.add_argument("--writers", action="store_true",
                        help="also run `l10n pretranslate` and then a CLI writer loop during the load")
    parser.add_argument("--writer-interval", type=float, default=5.0,
                        help="seconds between the writer loop's catalog.editing rounds (after pretranslate)")
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds a client pauses between saves (0: back to back, a stress test)")
    parser.add_argument("--no-flood", action="store_true", help="skip the login-flood comparison")
    parser.add_argument("--stress", action="store_true",
                        help="10,000 entries, 1,000 saves back to back, with pretranslate and the CLI writer")
    parser.add_argument("--quick", action="store_true", help="1,000 entries, 10 clients, 200 saves")
    args = parser.parse_args()
    if args.stress:
        args.entries, args.saves, args.think, args.writers = 10_000, 1000, 0.0, True
    if args.quick:
        args.entries, args.clients, args.saves = 1000, 10, 200
    WORK.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):  # argostranslate must not write to $HOME
        env[name] = str(WORK / "xdg" / name.lower())
    os.environ.update({k: env[k] for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")})

    load_before = os.getloadavg()
    root = prepare(args.entries)
    path = catalogue_path(root)
    packages = install_model(root, env) if args.writers else None
    times = breakdown(path)
    server, url = start_server(root, env)
    try:
        figures = run_load(args, root, path, url, packages, env, times)
    finally:
        stop(server)
    figures["load_average"] = (load_before, os.getloadavg())
    report(args, figures, times)


def run_load(args: argparse.Namespace, root: Path, path: Path, url: str, packages: Path | None,
             env: dict[str, str], times: dict[str, float]) -> dict:
    results = Results()
    probe = ApiClient(url)
    probe.login(USERS[0], PASSWORD)
    start = time.perf_counter()
    status, listed, _ = probe.get(f"/api/catalogues/de/{DOMAIN}/entries")
    cold = time.perf_counter() - start
    assert status == 200 and len(listed) == args.entries, (status, len(listed or []))

    entries_url = f"/api/catalogues/de/{DOMAIN}/entries"
    for number in range(50):  # one client alone, nothing else running: the cost of a list itself
        offset = number * 97 % max(1, args.entries - PAGE)
        results.timed("list page, alone", lambda: probe.get(f"{entries_url}?offset={offset}&limit={PAGE}",
                                                            decode=False))
        if number % 3 == 0:
            results.timed("list all, alone", lambda: probe.get(entries_url, decode=False))

    # entries: the races, the writer loop's, the sequential client's, and each client's own (all disjoint)
    rng = random.Random(3)
    pool = listed[1:]
    rng.shuffle(pool)
    per_client = args.saves // args.clients
    race_count = per_client // RACE_EVERY
    # Races and the writer loop use entries pretranslation leaves alone (it fills untranslated ones),
    # so a race is decided between the clients; the clients' own entries are of every state.
    settled = [entry for entry in pool if entry["state"] != "untranslated"]
    races = settled[:race_count]  # as every client saw them: the same version for everyone
    writer_entries = [entry["msgid"] for entry in settled[race_count:race_count + 60]]
    taken = {entry["id"] for entry in settled[:race_count + 60]}
    pool = [entry for entry in pool if entry["id"] not in taken]
    sequential = pool[:args.sequential]
    flood_entries = [] if args.no_flood else pool[args.sequential:args.sequential + (len(FLOODS) + 1) * FLOOD_ROUNDS]
    rest = pool[args.sequential + len(flood_entries):]
    own = [rest[n::args.clients][:per_client] for n in range(args.clients)]

    sequential_latency = []
    for entry in sequential:
        text = f"Alone {entry['id']}"
        start = time.perf_counter()
        status, _, _ = probe.put(f"/api/catalogues/de/{DOMAIN}/entries/{entry['id']}",
                                 {"msgstr": text, "state": "translated", "version": entry["version"]})
        sequential_latency.append(time.perf_counter() - start)
        assert status == 200, status
        results.acknowledged[entry["id"]] = text

    flood_statuses, flood_seconds = login_flood(url, flood_entries, results) if flood_entries else ({}, {})

    pretranslate = None
    pretranslate_started = time.perf_counter()
    if packages is not None:
        pretranslate = subprocess.Popen(
            [L10N, "pretranslate", "--lang", "de", "--root", str(root), "--packages-dir", str(packages)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    written: dict[str, str] = {}
    stop_writer = threading.Event()
    pretranslate_ended: list[float] = []

    def external_writers() -> None:
        if pretranslate is not None:
            pretranslate.wait()
            pretranslate_ended.append(time.perf_counter())
        if args.writers:
            writer_loop(path, writer_entries, stop_writer, written, interval=args.writer_interval)

    writer = threading.Thread(target=external_writers)
    barrier = threading.Barrier(args.clients)
    threads = [threading.Thread(target=client_work, args=(n, url, own[n], races, per_client,
                                                          barrier, results, args.entries, args.think))
               for n in range(args.clients)]
    load_started = time.perf_counter()
    writer.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    load_seconds = time.perf_counter() - load_started
    stop_writer.set()
    writer.join()
    pretranslate_output, pretranslate_seconds = "", None
    if pretranslate is not None:
        pretranslate_output = pretranslate.stdout.read()
        pretranslate_seconds = pretranslate_ended[0] - pretranslate_started
        if pretranslate.returncode != 0:
            results.errors.append(f"pretranslate exited {pretranslate.returncode}: {pretranslate_output[-300:]}")

    # -- verification against the file --
    final = {entry_id(e): e for e in live_entries(read_catalogue(path))}
    by_msgid = {e.msgid: e for e in final.values()}
    lost = [ident for ident, text in results.acknowledged.items() if final[ident].msgstr != text]
    lost_cli = [msgid for msgid, text in written.items() if by_msgid[msgid].msgstr != text]
    double_winners = [ident for ident, wins in results.race_winners.items() if wins > 1]
    machine_after = sum(1 for e in final.values() if state_of(e) is State.MACHINE)
    return {"cold": cold, "sequential": sequential_latency, "results": results, "lost": lost, "lost_cli": lost_cli,
            "double_winners": double_winners, "load_seconds": load_seconds, "written": len(written),
            "pretranslate": pretranslate_output, "machine_after": machine_after, "races": len(races),
            "pretranslate_started": pretranslate_started, "pretranslate_seconds": pretranslate_seconds,
            "flood": flood_statuses, "flood_seconds": flood_seconds}


def report(args: argparse.Namespace, figures: dict, times: dict[str, float]) -> None:
    results: Results = figures["results"]
    size = catalogue_path(WORK / "run").stat().st_size
    before, after = figures["load_average"]
    print(f"\ncatalogue: {args.entries} entries, {size / 1e6:.1f} MB; {args.clients} clients, ~{args.think:g} s "
          f"between saves; {sum(len(v) for k, v in results.latency.items() if k == 'save')} saves under load in "
          f"{figures['load_seconds']:.0f} s; CLI writers: {'yes' if args.writers else 'none'}; server: waitress "
          f"(`l10n serve`)")
    print(f"load average (1/5/15 min) before: {' '.join(f'{v:.2f}' for v in before)}, "
          f"after: {' '.join(f'{v:.2f}' for v in after)} ({os.cpu_count()} cores, shared)")
    print("\nwhere a save's time goes (in-process, best of 3):")
    for name, seconds in times.items():
        print(f"  {name:<46} {seconds * 1000:8.0f} ms")
    print(f"\nfirst list after start (parse + check every entry + parse the source): {figures['cold'] * 1000:.0f} ms")
    alone = figures["sequential"]
    if alone:
        print(f"save, one client alone ({len(alone)}): p50 {statistics.median(alone) * 1000:.0f} ms, "
              f"max {max(alone) * 1000:.0f} ms")
    if figures["flood"]:
        print(f"\nlogin flood: one translator (list a page + save, {FLOOD_ROUNDS} rounds) while "
              f"{FLOOD_CLIENTS} clients (processes at nice 19) post wrong passwords to /api/login")
        print(f"{'':<34} {'list p50':>9} {'list p95':>9} {'save p50':>9} {'save p95':>9}   vs alone (p50, p95)")
        base = {kind: results.latency[f"alone: {kind}"] for kind in ("list page", "save")}
        for label in ("alone", *figures["flood"]):
            cells, ratios = [], []
            for kind in ("list page", "save"):
                values = results.latency[f"{label}: {kind}"]
                cells += [percentile(values, 0.5), percentile(values, 0.95)]
                ratios += [percentile(values, 0.5) / percentile(base[kind], 0.5),
                           percentile(values, 0.95) / percentile(base[kind], 0.95)]
            print(f"{label:<34} " + " ".join(f"{c * 1000:7.0f}ms" for c in cells)
                  + ("" if label == "alone" else "   " + ", ".join(f"{r:.2f}x" for r in ratios)))
        for label, statuses in figures["flood"].items():
            print(f"  {label}: answers " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items(), key=str))
                  + f" ({sum(statuses.values()) / figures['flood_seconds'][label]:.0f}/s)")
    print(f"\n{'request':<17} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}   target")
    targets = {"list page": "", "list all": "p95 < 100 ms", "save": "p95 < 200 ms"}
    targets.update({f"{kind}, alone": "" for kind in targets})
    for kind in ("list page, alone", "list all, alone", "list page", "list all", "save"):
        values = results.latency.get(kind, [])
        if values:
            print(f"{kind:<17} {len(values):>6} {percentile(values, 0.5) * 1000:8.0f} "
                  f"{percentile(values, 0.95) * 1000:8.0f} {max(values) * 1000:8.0f}   {targets[kind]}")
    print("\nresponses:", ", ".join(f"{k}: {v}" for k, v in sorted(results.statuses.items())))
    print(f"races: {figures['races']} entries, winners per entry {dict(Counter(results.race_winners.values()))}")
    if args.writers:
        print(f"writer loop (catalog.editing every {args.writer_interval:g} s, after pretranslate): "
              f"{figures['written']} entry changes")
    if figures["pretranslate"]:
        print(f"pretranslate ran during the first {figures['pretranslate_seconds']:.0f} s of the load:")
        print("  " + "\n  ".join(figures["pretranslate"].strip().splitlines()[-6:]))
    print(f"machine entries at the end: {figures['machine_after']}")
    lost = len(figures["lost"]) + len(figures["lost_cli"])
    print(f"\nLOST UPDATES: {lost} (acknowledged saves {len(results.acknowledged)}, missing {len(figures['lost'])}; "
          f"writer-loop changes missing {len(figures['lost_cli'])}); races with two winners: "
          f"{len(figures['double_winners'])}")
    if results.errors:
        print("errors:", *results.errors[:10], sep="\n  ")
    if lost or figures["double_winners"] or results.errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
