"""`l10n check` benchmark: counts and checks on 100,000 entries, beside msgfmt --statistics and pocount.

    .venv/bin/python bench/bench_check.py                 # 200 catalogues x 500 entries
    .venv/bin/python bench/bench_check.py --quick         # 20 x 200, a smoke run
    .venv/bin/python bench/bench_check.py --no-pocount    # skip translate-toolkit

What it does, in `bench/_work/check/` (gitignored, rebuilt on every run):

1. Writes a deterministic corpus (seeded `random`, written by polib as l10n writes catalogues):
   German catalogues in every review state (translated, approved, machine, needs work,
   untranslated), with plural entries, contexts, obsolete entries, numbers, URLs and markup
   placeholders, and a few broken translations so the checks have something to report.
2. Times, as subprocesses (start-up counted alike), best of `--repeat`:
   - GNU `msgfmt --statistics -o /dev/null FILE`, one process per catalogue (how per-catalogue
     figures are had from gettext), and the same loop on an empty catalogue (process start-up);
   - `l10n check --counts-only --format json DIR` (the counts-only path: a line scanner);
   - `l10n check --format json DIR` (counts, every quality check, compile, sync, consistency);
   - translate-toolkit's `pocount DIR`, installed into its own venv `bench/_work/ttk-venv`
     (never into the project's), if it installs from the configured package index.
3. Checks that l10n's totals equal msgfmt's, then times the parts of a full check in-process to
   show where the time goes (reading, syntax check, scanner, polib's parser, the checks ...).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import polib

BENCH_DIR = Path(__file__).resolve().parent
WORK = BENCH_DIR / "_work" / "check"
TTK_VENV = BENCH_DIR / "_work" / "ttk-venv"
BIN_DIR = Path(sys.executable).parent
L10N = str(BIN_DIR / "l10n")
REPO = BENCH_DIR.parent
sys.path.insert(0, str(REPO))

from l10n.catalog import _check_syntax, _decode, read_catalogue  # noqa: E402
from l10n.checks import ConsistencyIndex, check_entry, compile_problems, plural_rule  # noqa: E402
from l10n.glossary import load_glossary  # noqa: E402
from l10n.states import State, set_state  # noqa: E402
from l10n.stats import _scan, count_catalogue, count_file  # noqa: E402

# English words and a German word for each: a "translation" keeps the words' order, the numbers (in German
# notation), URLs, markup and end punctuation, so only the deliberately broken entries have problems.
DICTIONARY = dict(pair.split(":") for pair in (
    "migration:Migration people:Menschen organization:Organisation international:international support:Unterstützung "
    "members:Mitglieder countries:Länder programme:Programm data:Daten report:Bericht annual:jährlich "
    "health:Gesundheit border:Grenze return:Rückkehr labour:Arbeit climate:Klima policy:Politik "
    "community:Gemeinschaft family:Familie children:Kinder women:Frauen rights:Rechte protection:Schutz "
    "partners:Partner project:Projekt training:Ausbildung integration:Integration government:Regierung "
    "dialogue:Dialog refugees:Geflüchtete emergency:Notfall response:Hilfe").split())
WORDS = list(DICTIONARY)
DE_PLURALS = "nplurals=2; plural=(n != 1);"
T = TypeVar("T")


# -- corpus --------------------------------------------------------------------------------------

def sentence_pair(rng: random.Random, number: int | None, url: bool, markup: bool) -> tuple[str, str]:
    """An English sentence and its German stand-in."""
    english = [rng.choice(WORDS) for _ in range(rng.randint(4, 22))]
    german = [DICTIONARY[word] for word in english]
    if number is not None:
        at = rng.randrange(len(english))
        english.insert(at, f"{number:,}")
        german.insert(at, f"{number:,}".replace(",", "."))
    if url:
        english.append("https://www.iom.int/news")
        german.append("https://www.iom.int/news")
    if markup:
        at = rng.randrange(len(english))
        english[at], german[at] = f"<1>{english[at]}</1>", f"<1>{german[at]}</1>"
    end = rng.choice([".", ".", ".", "?", ":"])
    return " ".join(english).capitalize() + end, " ".join(german).capitalize() + end


def write_corpus(catalogues: int, per_catalogue: int, seed: int = 20240430) -> list[Path]:
    rng = random.Random(seed)
    shutil.rmtree(WORK, ignore_errors=True)
    folder = WORK / "locales" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shared = [sentence_pair(rng, None, False, False) for _ in range(300)]  # navigation, repeated on pages
    paths = []
    for number in range(catalogues):
        po = polib.POFile(wrapwidth=79, encoding="utf-8")
        po.metadata = {"Project-Id-Version": f"page{number:03}", "Language": "de", "MIME-Version": "1.0",
                       "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
                       "Plural-Forms": DE_PLURALS}
        seen: set[str] = set()
        for index in range(per_catalogue):
            value = rng.choice([None, None, None, rng.randint(1, 2050), rng.randint(1000, 999999)])
            url, markup = rng.random() < 0.03, rng.random() < 0.05
            msgid, german = (rng.choice(shared) if rng.random() < 0.1
                             else sentence_pair(rng, value, url, markup))
            if msgid in seen:
                msgid = f"{msgid[:-1]} {index}{msgid[-1]}"
                german = f"{german[:-1]} {index}{german[-1]}"
            seen.add(msgid)
            broken = rng.random()
            if broken < 0.01:  # a number changed
                german = re.sub(r"\d", "7", german)
            elif broken < 0.02:  # end punctuation lost
                german = german[:-1]
            elif broken < 0.025:  # left in English
                german = msgid
            entry = polib.POEntry(msgid=msgid, msgstr=german, comment=f"paragraph {index}, sentence 1 of 1",
                                  occurrences=[(f"source_texts/page{number:03}.txt", str(index + 1))])
            if rng.random() < 0.02:
                entry.msgid_plural, entry.msgstr = f"{msgid[:-1]}s{msgid[-1]}", ""
                entry.msgstr_plural = {0: german, 1: german}
            if rng.random() < 0.03:
                entry.msgctxt = rng.choice(["menu", "heading", "button"])
            roll = rng.random()
            if roll < 0.15:
                entry.msgstr = ""
                entry.msgstr_plural = {index: "" for index in entry.msgstr_plural}
            elif roll < 0.40:
                set_state(entry, State.MACHINE, machine={"origin": "mt", "model": "translate-en_de",
                                                         "confidence": round(rng.random(), 2)})
            elif roll < 0.45:
                set_state(entry, State.NEEDS_WORK)
            elif roll < 0.55:
                set_state(entry, State.APPROVED, by="anna")
            po.append(entry)
        for index in range(per_catalogue // 50):
            po.append(polib.POEntry(msgid=f"Removed sentence {index} of page {number}.", msgstr="Entfernt.",
                                    obsolete=True))
        path = folder / f"page{number:03}.po"
        po.save(str(path))
        paths.append(path)
    shutil.copy(REPO / "glossary.csv", WORK / "glossary.csv")
    return paths


# -- timing --------------------------------------------------------------------------------------

def cpu_seconds() -> float:
    """CPU time (user + system) of this process and its finished children: unlike the wall clock,
    hardly changed by other work on a shared machine."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def best_of(repeat: int, action: Callable[[], Any]) -> tuple[tuple[float, float], Any]:
    """((wall seconds, CPU seconds), result) of the fastest of `repeat` runs."""
    best, result = (float("inf"), float("inf")), None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), cpu_seconds()
        result = action()
        took = (time.perf_counter() - start, cpu_seconds() - start_cpu)
        best = min(best, took)
    return best, result


def msgfmt_all(msgfmt: str, paths: list[Path]) -> dict[str, int]:
    totals = dict.fromkeys(("translated", "fuzzy", "untranslated"), 0)
    for path in paths:
        result = subprocess.run([msgfmt, "--statistics", "-o", os.devnull, str(path)], capture_output=True,
                                text=True, env={"LC_ALL": "C", "PATH": os.environ.get("PATH", "")})
        for number, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", result.stderr):
            totals[kind] += int(number)
    return totals


def l10n_check(*args: str) -> dict:
    result = subprocess.run([L10N, "check", str(WORK / "locales"), "--root", str(WORK), "--format", "json", *args],
                            capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise SystemExit(f"l10n check failed: {result.stderr}")
    return json.loads(result.stdout)


def pocount_available() -> str | None:
    """translate-toolkit's pocount in its own venv, installed on first use; None if it cannot be installed."""
    pocount = TTK_VENV / "bin" / "pocount"
    if pocount.exists():
        return str(pocount)
    print("installing translate-toolkit into bench/_work/ttk-venv (not the project's venv) ...", flush=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(TTK_VENV)], check=True, capture_output=True)
        subprocess.run([str(TTK_VENV / "bin" / "pip"), "install", "--quiet", "translate-toolkit"], check=True,
                       capture_output=True, timeout=600)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        print(f"translate-toolkit did not install: {error}", flush=True)
        return None
    return str(pocount) if pocount.exists() else None


def in_process_breakdown(paths: list[Path]) -> list[tuple[str, float]]:
    """CPU seconds per part of a full check over all catalogues, each part timed on its own."""
    parts: list[tuple[str, float]] = []

    def timed(name: str, action: Callable[[], T]) -> T:
        start = time.process_time()  # the parts are single-threaded
        result = action()
        parts.append((name, time.process_time() - start))
        return result

    raws = timed("read files", lambda: [path.read_bytes() for path in paths])
    texts = timed("decode", lambda: [_decode(raw, path) for raw, path in zip(raws, paths)])
    timed("syntax check (catalog._check_syntax)", lambda: [_check_syntax(text, path)
                                                           for text, path in zip(texts, paths)])
    timed("count scanner (stats._scan)", lambda: [_scan(text) for text in texts])
    pos = timed("polib parse (polib.pofile)", lambda: [polib.pofile(text, wrapwidth=79) for text in texts])
    timed("count from polib (count_catalogue)", lambda: [count_catalogue(po) for po in pos])
    glossary = load_glossary(WORK / "glossary.csv", "de")

    def entries() -> None:
        for po in pos:
            forms = po.metadata.get("Plural-Forms")
            rule = plural_rule(forms)
            for entry in po:
                if not entry.obsolete:
                    check_entry(entry, nplurals=rule.nplurals if rule else None, glossary=glossary, plural_forms=forms)
    timed("entry checks (check_entry, with glossary)", entries)
    timed("compile check (incl. polib to_binary)", lambda: [compile_problems(po) for po in pos])

    def consistency() -> None:
        index = ConsistencyIndex()
        for path, po in zip(paths, pos):
            index.add(path.name, po)
        for path, po in zip(paths, pos):
            for entry in po:
                index.problems_for(entry, path.name)
    timed("consistency across catalogues", consistency)
    return parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="20 catalogues x 200 entries")
    parser.add_argument("--catalogues", type=int, default=200)
    parser.add_argument("--entries", type=int, default=500, help="live entries per catalogue")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-pocount", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.catalogues, args.entries, args.repeat = 20, 200, 1
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        raise SystemExit("GNU msgfmt is needed (apt-get install gettext)")

    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores", flush=True)
    start = time.perf_counter()
    paths = write_corpus(args.catalogues, args.entries)
    entries = args.catalogues * args.entries
    size = sum(path.stat().st_size for path in paths)
    print(f"corpus: {len(paths)} catalogues, {entries:,} live entries, {size / 1e6:.1f} MB "
          f"(written in {time.perf_counter() - start:.1f} s)", flush=True)

    rows: list[tuple[str, tuple[float, float]]] = []
    empty = WORK / "empty.po"
    empty.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n', encoding="utf-8")
    msgfmt_time, msgfmt_totals = best_of(args.repeat, lambda: msgfmt_all(msgfmt, paths))
    startup, _ = best_of(args.repeat, lambda: msgfmt_all(msgfmt, [empty] * len(paths)))
    rows.append(("msgfmt --statistics, one process per catalogue", msgfmt_time))
    rows.append(("  of which process start-up (same loop on an empty file)", startup))
    counts_time, counts_report = best_of(args.repeat, lambda: l10n_check("--counts-only"))
    rows.append(("l10n check --counts-only (one process)", counts_time))
    full_time, full_report = best_of(max(1, args.repeat - 1), lambda: l10n_check())
    rows.append(("l10n check, all checks (one process)", full_time))
    pocount_time = None
    if not args.no_pocount:
        pocount = pocount_available()
        if pocount:
            pocount_time, _ = best_of(args.repeat, lambda: subprocess.run(
                [pocount, str(WORK / "locales")], capture_output=True, check=True))
            rows.append(("translate-toolkit pocount DIR (one process)", pocount_time))

    ours = {key: counts_report["totals"][key] for key in msgfmt_totals}
    ours_full = {key: full_report["totals"][key] for key in msgfmt_totals}
    agree = ours == msgfmt_totals == ours_full
    problems = sum(len(item["problems"]) for item in full_report["catalogues"])
    failing = sum(1 for item in full_report["catalogues"] for problem in item["problems"] if problem["fails"])

    print()
    print(f"{'what':<58} {'wall s':>7} {'CPU s':>7} {'wall vs':>8} {'CPU vs':>7}")
    print(f"{'':<58} {'':>7} {'':>7} {'msgfmt':>8} {'msgfmt':>7}")
    for name, (wall, cpu) in rows:
        print(f"{name:<58} {wall:7.2f} {cpu:7.2f} {wall / msgfmt_time[0]:7.2f}x {cpu / msgfmt_time[1]:6.2f}x")
    print()
    print(f"totals: msgfmt {msgfmt_totals}; l10n {ours} -> {'equal' if agree else 'DIFFERENT'}")
    print(f"full check found {problems} problems ({failing} failing) in {len(paths)} catalogues")
    for label, index in (("wall", 0), ("CPU", 1)):
        line = f"{label}: counts-only {counts_time[index] / msgfmt_time[index]:.2f}x msgfmt (target <= 3x)"
        if pocount_time:
            line += (f", {pocount_time[index] / counts_time[index]:.1f}x faster than pocount; full check "
                     f"{full_time[index] / msgfmt_time[index]:.2f}x msgfmt, "
                     f"{pocount_time[index] / full_time[index]:.2f}x pocount's speed")
        print(line)

    print()
    print("where the time goes (in-process, all catalogues, CPU seconds):")
    parts = in_process_breakdown(paths)
    parts.append(("= count_file (read+decode+syntax+scan)", best_of(1, lambda: [count_file(p) for p in paths])[0][1]))
    parts.append(("= read_catalogue (read+decode+syntax+polib+dups)",
                  best_of(1, lambda: [read_catalogue(p) for p in paths])[0][1]))
    for name, seconds in parts:
        print(f"  {name:<48} {seconds:7.2f} s  {seconds / entries * 1e6:6.1f} µs/entry")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    if not agree:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
