"""`l10n check` beside `msgfmt -c --statistics` on real catalogues: time and peak memory, ratios in one run.

    .venv/bin/python bench/bench_check.py            # 30 German catalogues, then the 3-language corpus
    .venv/bin/python bench/bench_check.py --quick    # the 30 German catalogues only
    .venv/bin/python bench/bench_check.py --repeat 5

The catalogues are the machine's own: the `.mo` files system packages install in
/usr/share/locale/<lang>/LC_MESSAGES, read back with `msgunfmt` into
`bench/_work/check/<corpus>/<lang>/LC_MESSAGES/<domain>.po` (gitignored; made once).

- "30 de": 30 German catalogues (the 30 after the 10 largest, by message count);
- "big": every German, French and Ukrainian catalogue (about 240,000 messages).

For each corpus, taking turns (best of `--repeat`, wall seconds and peak RSS from /usr/bin/time):

- `msgfmt -c --statistics -o /dev/null FILE`, one process per catalogue (how gettext checks a folder);
- `l10n check --format json DIR` (counts, every quality check, compile, consistency): as users run it
  (worker processes, one per core, over 1 MiB of catalogues) and in one process (`--jobs 1`); the
  CPU column is the work done in all processes together;
- `msgfmt --statistics` per catalogue and `l10n check --counts-only DIR` (counting only).

Then, in-process on the "30 de" corpus, where a full check's time goes (parsing vs checking).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.installed import compile_project  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
WORK = BENCH_DIR / "_work" / "check"
L10N = str(Path(sys.executable).parent / "l10n")
LOCALE = Path("/usr/share/locale")
ENV = {**os.environ, "LC_ALL": "C"}


# -- corpora -------------------------------------------------------------------------------------

def unpack(mo: Path, target: Path) -> int:
    """`msgunfmt` one .mo into `target` (once); the number of messages."""
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["msgunfmt", str(mo), "-o", str(target)], check=True, env=ENV, capture_output=True)
    return sum(line.startswith("msgid ") for line in target.read_text(encoding="utf-8", errors="replace")
               .splitlines()) - 1


def corpus(name: str, languages: list[str], pick: slice | None = None) -> tuple[Path, list[Path], int]:
    """(folder, PO files, messages) of a corpus made from the installed .mo files of `languages`."""
    folder = WORK / name
    files, messages = [], 0
    for language in languages:
        sources = sorted((LOCALE / language / "LC_MESSAGES").glob("*.mo"))
        if pick is not None:
            sources = sorted(sources, key=lambda mo: -mo.stat().st_size)[pick]
        for mo in sorted(sources):
            target = folder / language / "LC_MESSAGES" / f"{mo.stem}.po"
            messages += unpack(mo, target)
            files.append(target)
    return folder, files, messages


# -- measuring -----------------------------------------------------------------------------------

def timed(command: list[str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in KiB of the command or any process it ran) via /usr/bin/time.

    CPU seconds (user + system, children included) hardly change when other jobs share the machine;
    wall seconds do.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        start = time.perf_counter()
        subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", out.name, *command], env=ENV,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - start
        user, system, rss = out.read().strip().splitlines()[-1].split()
        return wall, float(user) + float(system), int(rss)


def per_file(tool: list[str], files: list[Path]) -> list[str]:
    """One process of `tool FILE` per catalogue, in one shell loop."""
    script = 'for f in "$@"; do ' + " ".join(tool) + ' -o /dev/null "$f" 2>/dev/null; done'
    return ["sh", "-c", script, "sh", *map(str, files)]


def compare(rows: list[tuple[str, list[str], list[str]]], repeat: int) -> list[tuple[str, tuple, tuple]]:
    """Best wall time, best CPU time and lowest peak RSS of each (reference, l10n) pair, the two taking turns."""
    results = []
    for label, reference, ours in rows:
        runs: dict[str, list[tuple[float, float, int]]] = {"ref": [], "ours": []}
        for _ in range(repeat):
            runs["ref"].append(timed(reference))
            runs["ours"].append(timed(ours))
        best = {side: tuple(min(values) for values in zip(*found)) for side, found in runs.items()}
        results.append((label, best["ref"], best["ours"]))
    return results


def show(title: str, files: list[Path], messages: int, results: list[tuple[str, tuple, tuple]]) -> None:
    print(f"\n{title}: {len(files)} catalogues, {messages:,} messages (best of the runs)")
    print(f"  {'msgfmt | l10n':<44} {'wall s':>13} {'ratio':>6}  {'CPU s':>13} {'ratio':>6}  "
          f"{'peak MiB':>13} {'ratio':>6}")
    for label, (ref_s, ref_cpu, ref_kib), (our_s, our_cpu, our_kib) in results:
        print(f"  {label:<44} {ref_s:>6.2f} {our_s:>6.2f} {our_s / ref_s:>5.1f}×  {ref_cpu:>6.2f} {our_cpu:>6.2f} "
              f"{our_cpu / ref_cpu:>5.1f}×  {ref_kib / 1024:>6.1f} {our_kib / 1024:>6.1f} {our_kib / ref_kib:>5.1f}×")


def run_corpus(title: str, folder: Path, files: list[Path], messages: int, repeat: int) -> None:
    rows = [
        ("full: msgfmt -c --statistics | check", per_file(["msgfmt", "-c", "--statistics"], files),
         [L10N, "check", "--format", "json", str(folder)]),
        ("  the same, l10n in one process (--jobs 1)", per_file(["msgfmt", "-c", "--statistics"], files),
         [L10N, "check", "--jobs", "1", "--format", "json", str(folder)]),
        ("counts: msgfmt --statistics | --counts-only", per_file(["msgfmt", "--statistics"], files),
         [L10N, "check", "--counts-only", "--format", "json", str(folder)]),
    ]
    show(title, files, messages, compare(rows, repeat))


def breakdown(files: list[Path]) -> None:
    """In-process CPU seconds: counting, reading and parsing, checking, for the files of a corpus."""
    sys.path.insert(0, str(BENCH_DIR.parent))
    from l10n.catalog import read_catalogue
    from l10n.checks import check_catalogue
    from l10n.stats import count_file

    spent = dict.fromkeys(("count_file (the --counts-only scanner)", "read_catalogue (read, syntax, polib parse)",
                           "check_catalogue (every check)"), 0.0)
    for path in files:
        start = time.process_time()
        count_file(path)
        middle = time.process_time()
        po = read_catalogue(path)
        parsed = time.process_time()
        check_catalogue(po)
        done = time.process_time()
        for label, seconds in zip(spent, (middle - start, parsed - middle, done - parsed)):
            spent[label] += seconds
    messages = sum(1 for path in files for line in path.open(encoding="utf-8", errors="replace")
                   if line.startswith("msgid "))
    print("\n  in-process CPU, same files:")
    for label, seconds in spent.items():
        print(f"    {label:<44} {seconds:>6.2f} s  {1e6 * seconds / messages:>5.1f} µs a message")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="only the 30 German catalogues")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    compile_project()  # timed as installed: no compiling of sources at start-up
    if not shutil.which("msgfmt") or not Path("/usr/bin/time").exists():
        sys.exit("needs GNU gettext (msgfmt, msgunfmt) and /usr/bin/time")
    folder, files, messages = corpus("de30", ["de"], slice(10, 40))
    run_corpus("30 German catalogues", folder, files, messages, args.repeat)
    breakdown(files)
    if not args.quick:
        folder, files, messages = corpus("big", ["de", "fr", "uk"])
        run_corpus("German, French and Ukrainian catalogues", folder, files, messages, max(1, args.repeat - 1))


if __name__ == "__main__":
    main()
