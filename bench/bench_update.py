"""`l10n update` beside `msgmerge --previous`, and the PO reader/writer beside polib.

    .venv/bin/python bench/bench_update.py              # 10k-entry page catalogue + a real pair
    .venv/bin/python bench/bench_update.py --quick      # 2k entries, one repeat: a smoke run
    .venv/bin/python bench/bench_update.py --real git   # another catalogue of /usr/share/locale/de

Work files go to `bench/_work/update/` (gitignored, rebuilt on every run).

1. Page catalogue: a deterministic (seeded) German catalogue of N sentences, all translated, and a
   new template in which 1 % (then 10 %) of the sentences were edited (a word replaced, added or
   dropped), 2 % removed and 2 % added: what `extract` gives after an editor's pass over the pages.
2. Real pair: a German catalogue the machine's packages install, read back with `msgunfmt`, and a
   template made from it with the same kind of edits.

For each pair it prints, best of `--repeat`:
- the time of `msgmerge --previous` (a subprocess: its start-up counts, as ours is counted
  in-process from reading both files to writing the result, about the same work);
- the time of l10n's update (read template and catalogue, merge, write), in-process and as the
  `l10n update` command (start-up and imports counted);
- how many edited sentences got their own old translation back (the fuzzy match found the
  sentence they were edited from), for both tools, and whether l10n's output is identical
  across 3 runs with different PYTHONHASHSEED.
Then read and write speed of `l10n.pofile` against polib on the page catalogue (µs per entry).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import polib

BENCH_DIR = Path(__file__).resolve().parent
WORK = BENCH_DIR / "_work" / "update"
REPO = BENCH_DIR.parent
sys.path.insert(0, str(REPO))

from bench.installed import compile_project  # noqa: E402
from l10n import pofile  # noqa: E402
from l10n.catalog import read_catalogue, write_catalogue  # noqa: E402
from l10n.update import update_catalogue  # noqa: E402

WORDS = ("migration people organisation international support members countries programme data report "
         "annual office refugees health border labour mobility return community government partners "
         "project training emergency response climate displacement protection rights policy research "
         "Germany Europe regional national local children women families workers students school city "
         "water food shelter camp registration assistance information services access employment").split()
VERBS = "helps supports provides improves protects publishes strengthens coordinates welcomes funds".split()

HEADER = ('msgid ""\nmsgstr ""\n"Project-Id-Version: bench\\n"\n"POT-Creation-Date: 2024-01-01 10:00+0000\\n"\n'
          '"PO-Revision-Date: 2024-01-02 10:00+0000\\n"\n"Language: de\\n"\n"MIME-Version: 1.0\\n"\n'
          '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n')


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 22))]
    words.insert(rng.randint(1, 3), rng.choice(VERBS))
    return " ".join(words).capitalize() + rng.choice(".!?.")


def edit(text: str, rng: random.Random) -> str:
    """An editor's change: one word replaced, added or dropped."""
    words = text[:-1].split(" ")
    where = rng.randrange(1, len(words))
    action = rng.choice(("replace", "add", "drop"))
    if action == "replace":
        words[where] = rng.choice(WORDS)
    elif action == "add":
        words.insert(where, rng.choice(WORDS))
    elif len(words) > 4:
        del words[where]
    return " ".join(words) + text[-1]


def write_pair(old: list[tuple[str, str]], folder: Path, seed: int, edited_share: float = 0.10,
               removed: float = 0.02, added: float = 0.02) -> tuple[Path, Path, dict[str, str]]:
    """old.po (the translated catalogue) and new.pot (edited), plus edited msgid -> its old msgid."""
    rng = random.Random(seed)
    entries = [polib.POEntry(msgid=msgid, msgstr=msgstr, occurrences=[("page.txt", str(number))])
               for number, (msgid, msgstr) in enumerate(old, 1)]
    seen = {msgid for msgid, _ in old}
    template: list[polib.POEntry] = []
    edited: dict[str, str] = {}
    for entry in entries:
        roll = rng.random()
        if roll < removed:
            continue
        msgid = entry.msgid
        if roll < removed + edited_share and "\n" not in msgid and msgid.count(" ") >= 3:
            changed = edit(msgid, rng)
            if changed not in seen:
                seen.add(changed)
                edited[changed] = msgid
                msgid = changed
        template.append(polib.POEntry(msgid=msgid, msgstr="", occurrences=entry.occurrences))
        if rng.random() < added:
            new = sentence(rng)
            if new not in seen:
                seen.add(new)
                template.append(polib.POEntry(msgid=new, msgstr="", occurrences=[("page.txt", "0")]))
    folder.mkdir(parents=True, exist_ok=True)
    old_path, pot_path = folder / "old.po", folder / "new.pot"
    old_po = pofile.parse(HEADER)
    old_po.extend(entries)
    write_catalogue(old_po, old_path)
    pot = pofile.parse(HEADER)
    pot.extend(template)
    write_catalogue(pot, pot_path)
    return old_path, pot_path, edited


def page_pair(size: int, edited_share: float, removed: float = 0.02, added: float = 0.02
              ) -> tuple[Path, Path, dict[str, str]]:
    rng = random.Random(7)
    old: dict[str, str] = {}
    while len(old) < size:
        text = sentence(rng)
        old[text] = "DE: " + text
    return write_pair(list(old.items()), WORK / f"page-{size}-{edited_share:.2f}-{removed:.2f}", seed=11,
                      edited_share=edited_share, removed=removed, added=added)


def real_pair(name: str) -> tuple[Path, Path, dict[str, str]] | None:
    mo = Path(f"/usr/share/locale/de/LC_MESSAGES/{name}.mo")
    if not mo.exists() or not shutil.which("msgunfmt"):
        return None
    folder = WORK / f"real-{name}"
    folder.mkdir(parents=True, exist_ok=True)
    unpacked = folder / "unpacked.po"
    subprocess.run(["msgunfmt", str(mo), "-o", str(unpacked)], check=True, capture_output=True)
    po = read_catalogue(unpacked)
    old = [(entry.msgid, entry.msgstr) for entry in po if not entry.msgid_plural and not entry.msgctxt]
    return write_pair(old, folder, seed=13)


def best(function, repeat: int) -> tuple[float, float]:
    """(best wall-clock seconds, best CPU seconds of this process and its children) over `repeat` runs.

    CPU time is the steadier figure on a loaded machine; msgmerge may use two threads.
    """
    walls, cpus = [], []
    for _ in range(repeat):
        before = os.times()
        start = time.perf_counter()
        function()
        walls.append(time.perf_counter() - start)
        after = os.times()
        cpus.append(sum(after[:4]) - sum(before[:4]))
    return min(walls), min(cpus)


def l10n_update(old_path: Path, pot_path: Path, out: Path) -> None:
    new, _ = update_catalogue(read_catalogue(pot_path), read_catalogue(old_path), "de")
    write_catalogue(new, out)


def l10n_update_command(old_path: Path, pot_path: Path, project: Path) -> None:
    """`l10n update --lang de` as a user runs it (start-up and imports counted) on a copy of the pair."""
    (project / "source_texts").mkdir(parents=True, exist_ok=True)
    (project / "source_texts" / "page.txt").write_text("A page.\n", encoding="utf-8")
    (project / "l10n.toml").write_text('languages = ["de"]\n', encoding="utf-8")  # as a real project has
    catalogue = project / "locales" / "de" / "LC_MESSAGES" / "page.po"
    catalogue.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pot_path, project / "locales" / "page.pot")
    shutil.copyfile(old_path, catalogue)
    subprocess.run([str(Path(sys.executable).parent / "l10n"), "update", "--lang", "de", "--root", str(project)],
                   check=True, capture_output=True)


def recovered(result: Path, old_path: Path, edited: dict[str, str]) -> tuple[int, int]:
    """(edited sentences whose fuzzy translation is their own old one, edited sentences)."""
    old = {entry.msgid: entry.msgstr for entry in read_catalogue(old_path)}
    merged = {entry.msgid: entry.msgstr for entry in read_catalogue(result) if not entry.obsolete}
    hits = sum(1 for new, before in edited.items() if merged.get(new) == old[before])
    return hits, len(edited)


def deterministic(old_path: Path, pot_path: Path, folder: Path) -> bool:
    outputs = set()
    for seed in ("1", "2", "3"):
        out = folder / f"seed-{seed}.po"
        code = ("import sys; from pathlib import Path; sys.path.insert(0, sys.argv[4]);"
                "from bench.bench_update import l10n_update; l10n_update(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))")
        subprocess.run([sys.executable, "-c", code, str(old_path), str(pot_path), str(out), str(REPO)],
                       check=True, env={**os.environ, "PYTHONHASHSEED": seed})
        outputs.add(out.read_bytes())
    return len(outputs) == 1


def compare(label: str, pair: tuple[Path, Path, dict[str, str]], repeat: int) -> None:
    old_path, pot_path, edited = pair
    folder = old_path.parent
    entries = sum(1 for _ in read_catalogue(pot_path))
    ours_out, theirs_out = folder / "l10n.po", folder / "msgmerge.po"
    theirs, theirs_cpu = best(lambda: subprocess.run(["msgmerge", "--previous", "--quiet", "-o", str(theirs_out),
                                                      str(old_path), str(pot_path)], check=True), repeat)
    ours, ours_cpu = best(lambda: l10n_update(old_path, pot_path, ours_out), repeat)
    command, command_cpu = best(lambda: l10n_update_command(old_path, pot_path, folder / "project"), repeat)
    our_hits, total = recovered(ours_out, old_path, edited)
    their_hits, _ = recovered(theirs_out, old_path, edited)
    print(f"{label}: {entries} entries, {total} edited")
    def back(hits: int) -> str:
        return f"own old translation back: {hits}/{total} = {hits / total:.1%}" if total else ""

    print(f"  msgmerge --previous   {theirs * 1000:8.0f} ms wall {theirs_cpu * 1000:8.0f} ms CPU   {back(their_hits)}")
    print(f"  l10n update           {ours * 1000:8.0f} ms wall {ours_cpu * 1000:8.0f} ms CPU   "
          f"{back(our_hits) or '(in-process: read, merge, and write every entry anew to another file)'}")
    print(f"  `l10n update` command {command * 1000:8.0f} ms wall {command_cpu * 1000:8.0f} ms CPU   "
          "(the same, with start-up and imports)")
    print(f"  ratio l10n / msgmerge: in-process {ours / theirs:.2f}x wall, {ours_cpu / theirs_cpu:.2f}x CPU; "
          f"command {command / theirs:.2f}x wall, {command_cpu / theirs_cpu:.2f}x CPU")
    print(f"  identical output over 3 hash seeds: {deterministic(old_path, pot_path, folder)}")


def read_write_speed(path: Path, repeat: int) -> None:
    text = path.read_text(encoding="utf-8")
    count = sum(1 for _ in pofile.parse(text))
    ours_read = best(lambda: pofile.parse(text), repeat)[1]
    polib_read = best(lambda: polib.pofile(text), repeat)[1]
    po = pofile.parse(text)
    for entry in po:  # a changed catalogue is written in full
        entry.msgstr += "!"
    ours_write = best(lambda: pofile.dumps(po), 1)[1]
    for entry in po:
        entry.msgstr += "!"
    polib_po = polib.pofile(text, wrapwidth=79)
    polib_write = best(lambda: str(polib_po), 1)[1]
    per = 1e6 / count
    print(f"PO read/write, {count} entries (CPU µs per entry; write = every entry changed, rendered anew)")
    print(f"  read:  l10n.pofile {ours_read * per:6.1f}   polib {polib_read * per:6.1f}   "
          f"ratio {ours_read / polib_read:.2f}x")
    print(f"  write: l10n.pofile {ours_write * per:6.1f}   polib {polib_write * per:6.1f}   "
          f"ratio {ours_write / polib_write:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="entries of the page catalogue")
    parser.add_argument("--real", default="postgres-15", help="catalogue in /usr/share/locale/de/LC_MESSAGES")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    compile_project()  # timed as installed: no compiling of sources at start-up
    if args.quick:
        args.size, args.repeat = 2000, 1
    if not shutil.which("msgmerge"):
        sys.exit("bench_update: GNU gettext (msgmerge) is not installed")
    shutil.rmtree(WORK, ignore_errors=True)
    unchanged = page_pair(args.size, 0.0, removed=0.0, added=0.0)
    compare("page catalogue, template unchanged (no fuzzy search: reading and writing only)", unchanged,
            args.repeat)
    for share in (0.01, 0.10):
        page = page_pair(args.size, share)
        # msgmerge compares every new msgid with every old one: one run is minutes on the 10 % pair
        compare(f"page catalogue, {share:.0%} of the sentences edited, 2 % removed, 2 % added", page,
                args.repeat if share < 0.05 else 1)
    real = real_pair(args.real)
    if real is None:
        print(f"real pair: /usr/share/locale/de/LC_MESSAGES/{args.real}.mo or msgunfmt missing, skipped")
    else:
        compare(f"real pair ({args.real}.mo)", real, args.repeat)
    read_write_speed(page[0], args.repeat)


if __name__ == "__main__":
    main()
