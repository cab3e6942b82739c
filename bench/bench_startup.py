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
import statistics
import subprocess
import sys
import time
from pathlib import Path

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


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=WORK)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
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
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.rounds):
        for name, command in commands.items():
            times[name].append(wall(command))
    best = {name: min(values) * 1000 for name, values in times.items()}
    median = {name: statistics.median(values) * 1000 for name, values in times.items()}
    print(f"start-up, {args.rounds} rounds, one file = {Path(po).name} ({messages} messages); ms")
    print(f"  {'command':<32} {'best':>7} {'median':>7}")
    for name in commands:
        print(f"  {name:<32} {best[name]:>7.1f} {median[name]:>7.1f}")
    print()
    bare = best["python -c pass"]
    help_over = best["l10n --help"] - bare
    print(f"  l10n --help - bare interpreter: {help_over:+.1f} ms (target +{TARGET_MS} ms: "
          f"{'met' if help_over <= TARGET_MS else 'NOT met'}); median {median['l10n --help'] - median['python -c pass']:+.1f}")
    for ours, theirs in (("l10n check --counts-only FILE", "msgfmt --statistics FILE"),
                         ("l10n check FILE", "msgfmt -c --statistics FILE")):
        print(f"  {ours} / {theirs}: {best[ours] / best[theirs]:.1f}× "
              f"(over the bare interpreter: {best[ours] - bare:+.1f} ms vs msgfmt {best[theirs]:.1f} ms)")


if __name__ == "__main__":
    main()
