"""Start-up of the `l10n` command beside the bare interpreter and GNU msgfmt, ratios in one run.

    .venv/bin/python bench/bench_startup.py              # 30 rounds
    .venv/bin/python bench/bench_startup.py --rounds 60

Each round runs every command once, in turn, so a busy machine slows them alike;
the table shows the best and the median wall time over the rounds. The one-file
commands use a real catalogue: the machine's German `sed` messages, read back
with `msgunfmt` into bench/_work/startup/ (gitignored). What each command
imports is kept lean by tests/test_cli_startup.py; this script times it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.installed import compile_project  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
WORK = BENCH_DIR / "_work" / "startup"
PYTHON = sys.executable
L10N = str(Path(PYTHON).parent / "l10n")
TARGET_MS = 60  # `l10n --help` within this of the bare interpreter (issue 10)


def catalogue() -> Path:
    """A real one-file catalogue: the German messages of a system package."""
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / "de.po"
    if not path.exists():
        for name in ("sed", "grep", "tar", "coreutils"):
            mo = Path(f"/usr/share/locale/de/LC_MESSAGES/{name}.mo")
            if mo.exists():
                subprocess.run(["msgunfmt", str(mo), "-o", str(path)], check=True)
                break
        else:
            sys.exit("no German .mo file of sed, grep, tar or coreutils to read back")
    return path


def run(command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system) of one run; CPU time hardly changes on a busy machine."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=WORK)
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0  # reaped by wait4
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    compile_project()  # timed as installed: no compiling of sources at start-up
    po = str(catalogue())
    messages = sum(line.startswith("msgid ") for line in Path(po).read_text(encoding="utf-8").splitlines()) - 1
    commands = {
        "python -c pass": [PYTHON, "-c", "pass"],
        "l10n --help": [L10N, "--help"],
        "msgfmt --statistics FILE": ["msgfmt", "--statistics", "-o", "/dev/null", po],
        "l10n check --counts-only FILE": [L10N, "check", "--counts-only", po],
        "msgfmt -c --statistics FILE": ["msgfmt", "-c", "--statistics", "-o", "/dev/null", po],
        "l10n check FILE": [L10N, "check", po],
    }
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.rounds):
        for name, command in commands.items():
            wall, cpu = run(command)
            walls[name].append(wall)
            cpus[name].append(cpu)
    best = {name: min(values) * 1000 for name, values in walls.items()}
    median = {name: statistics.median(values) * 1000 for name, values in walls.items()}
    cpu = {name: min(values) * 1000 for name, values in cpus.items()}
    print(f"start-up, {args.rounds} rounds, one file = {Path(po).name} ({messages} messages); ms")
    print(f"  {'command':<32} {'wall best':>9} {'median':>7} {'CPU best':>9}")
    for name in commands:
        print(f"  {name:<32} {best[name]:>9.1f} {median[name]:>7.1f} {cpu[name]:>9.1f}")
    print()
    for label, figures in (("wall", best), ("CPU", cpu)):
        bare = figures["python -c pass"]
        over = figures["l10n --help"] - bare
        print(f"  {label}: l10n --help - bare interpreter: {over:+.1f} ms (target +{TARGET_MS} ms: "
              f"{'met' if over <= TARGET_MS else 'NOT met'})")
        for ours, theirs in (("l10n check --counts-only FILE", "msgfmt --statistics FILE"),
                             ("l10n check FILE", "msgfmt -c --statistics FILE")):
            print(f"  {label}: {ours} {figures[ours] - bare:+.1f} ms over the bare interpreter, "
                  f"{figures[ours] / figures[theirs]:.1f}× msgfmt ({figures[theirs]:.1f} ms)")

if __name__ == "__main__":
    main()
