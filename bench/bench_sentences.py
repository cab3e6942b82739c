"""Sentence segmentation: l10n side by side with pySBD, syntok and sentencex.

    .venv/bin/python bench/bench_sentences.py               # Golden Rules, evaluation set, speed
    .venv/bin/python bench/bench_sentences.py --pipeline    # also old vs new l10n segmenter on 2,000 pages
    .venv/bin/python bench/bench_sentences.py --show-errors # also each segmenter's wrong paragraphs

For each segmenter it prints:

- the English Golden Rules passed (of 48): the sentence list must match exactly;
- boundary precision and recall on the evaluation set in `tests/sentence_eval/` (a boundary is the
  offset where a sentence other than a paragraph's first starts);
- speed in sentences per second over both sets (best of `--repeat` rounds; l10n without its cache).

syntok and sentencex are not dependencies of the project: when they cannot be imported they are
installed with pip into `bench/_work/sentence-libs` (gitignored); if that fails they are skipped with
a note.

`--pipeline` times what extraction spends in segmentation: it builds `bench_pipeline.py`'s corpus
(same pages, same seed), records every block the formats hand to `split_sentences`, and then runs
those blocks, in order and with a fresh cache (as one `l10n extract` does), through the segmenter
before `l10n/sentence_rules.py` existed (`git show REV:l10n/sentences.py`) and through today's.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
WORK = BENCH_DIR / "_work"
LIBS = WORK / "sentence-libs"
sys.path[:0] = [str(ROOT / "tests" / "sentence_eval"), str(BENCH_DIR)]

from golden_rules import GOLDEN_RULES  # noqa: E402
from scoring import Paragraph, Segmenter, Spans, paragraphs, score  # noqa: E402

from l10n import sentences  # noqa: E402


def spans_of_strings(text: str, pieces: list[str]) -> Spans:
    """Offsets of a library's sentence strings, found in order in `text` (a piece not found is skipped)."""
    spans, cursor = [], 0
    for piece in pieces:
        piece = piece.strip()
        found = text.find(piece, cursor) if piece else -1
        if found >= 0:
            spans.append((found, found + len(piece)))
            cursor = found + len(piece)
    return spans


def import_or_install(module: str, package: str) -> object | None:
    """Import `module`, installing `package` into bench/_work/sentence-libs first if needed."""
    if str(LIBS) not in sys.path:
        sys.path.append(str(LIBS))
    try:
        return importlib.import_module(module)
    except ImportError:
        pass
    print(f"installing {package} into {LIBS.relative_to(ROOT)} ...", file=sys.stderr)
    result = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--target", str(LIBS), package],
                            capture_output=True, text=True, check=False)
    importlib.invalidate_caches()
    try:
        return importlib.import_module(module)
    except ImportError:
        print(f"note: {package} skipped (pip: {result.stderr.strip()[-200:] or 'not importable'})", file=sys.stderr)
        return None


def segmenters() -> dict[str, Segmenter]:
    """The contenders, each as text -> spans."""
    import pysbd

    found: dict[str, Segmenter] = {}
    pysbd_segmenter = pysbd.Segmenter(language="en", clean=False)
    found[f"pySBD {pysbd.__version__}"] = lambda text: spans_of_strings(text, pysbd_segmenter.segment(text))

    syntok = import_or_install("syntok.segmenter", "syntok")
    if syntok is not None:
        def syntok_spans(text: str) -> Spans:
            return [(sentence[0].offset, sentence[-1].offset + len(sentence[-1].value))
                    for paragraph in syntok.analyze(text) for sentence in paragraph if sentence]
        found[f"syntok {version('syntok')}"] = syntok_spans

    sentencex = import_or_install("sentencex", "sentencex")
    if sentencex is not None:
        found[f"sentencex {version('sentencex')}"] = lambda text: spans_of_strings(text, sentencex.segment("en", text))

    uncached = sentences._cached_spans.__wrapped__  # fast path on, cache off: each round does the work
    found["l10n"] = lambda text: list(uncached(text))
    return found


def version(distribution: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        for info in LIBS.glob(f"{distribution}-*.dist-info"):
            return info.name.split("-")[1]
        return "?"


def golden_rules(segmenter: Segmenter) -> tuple[int, list[int]]:
    """Rules passed, and the numbers of those failed."""
    failed = []
    for number, (text, expected) in enumerate(GOLDEN_RULES, 1):
        if [text[a:b] for a, b in segmenter(text)] != expected:
            failed.append(number)
    return len(GOLDEN_RULES) - len(failed), failed


def speed(segmenter: Segmenter, texts: list[str], sentence_count: int, repeat: int) -> float:
    """Sentences per second, best of `repeat` rounds over `texts`."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for text in texts:
            segmenter(text)
        best = min(best, time.perf_counter() - started)
    return sentence_count / best


def compare(repeat: int, show_errors: bool) -> None:
    items: list[Paragraph] = list(paragraphs())
    texts = [p.text for p in items] + [text for text, _ in GOLDEN_RULES]
    sentence_count = sum(len(p.sentences) for p in items) + sum(len(expected) for _, expected in GOLDEN_RULES)
    print(f"Golden Rules: {len(GOLDEN_RULES)}; evaluation set: {len(items)} paragraphs, "
          f"{sum(len(p.sentences) for p in items)} sentences, "
          f"{sum(len(p.boundaries) for p in items)} boundaries; speed over both sets "
          f"({sentence_count} sentences), best of {repeat}\n")
    print("| segmenter | Golden Rules | eval precision | eval recall | wrong paragraphs | sentences/s |")
    print("| --- | --- | --- | --- | --- | --- |")
    errors = {}
    for name, segmenter in segmenters().items():
        passed, failed = golden_rules(segmenter)
        result, wrong = score(segmenter, items)
        rate = speed(segmenter, texts, sentence_count, repeat)
        print(f"| {name} | {passed}/48 | {result.precision:.1%} | {result.recall:.1%} | {len(wrong)}/{len(items)} "
              f"| {rate:,.0f} |", flush=True)
        errors[name] = (failed, wrong)
    if show_errors:
        for name, (failed, wrong) in errors.items():
            print(f"\n## {name}: Golden Rules failed {failed}")
            for paragraph, got in wrong:
                print(f"  {paragraph.domain}.txt:{paragraph.line}: {' | '.join(got)}")


# -- old vs new on the pipeline benchmark's pages ----------------------------------------------------

def baseline_revision() -> str:
    """The commit before `l10n/sentence_rules.py` was added: the segmenter this work started from."""
    added = subprocess.run(["git", "log", "--format=%H", "--diff-filter=A", "-1", "--", "l10n/sentence_rules.py"],
                           cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    if not added:
        raise SystemExit("no commit adds l10n/sentence_rules.py yet: pass --baseline REV")
    return added + "^"


def load_baseline(revision: str) -> object:
    source = subprocess.run(["git", "show", f"{revision}:l10n/sentences.py"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    path = WORK / "sentences_baseline.py"
    WORK.mkdir(exist_ok=True)
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("sentences_baseline", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pipeline_blocks(pages: int, seed: int) -> tuple[list[str], float]:
    """Every text the formats segment while parsing the pipeline corpus, and the parse time (s)."""
    import bench_pipeline

    from l10n.formats import markdown, text as text_format

    specs = bench_pipeline.build_corpus(pages, seed, bench_pipeline.markdown_supported())
    recorded: list[str] = []
    real = sentences.split_sentences

    def recording(block: str, *args: object) -> list[tuple[int, int]]:
        recorded.append(block)
        return real(block, *args)

    started = time.perf_counter()
    with mock.patch.object(sentences, "split_sentences", recording):
        for spec in specs:
            (markdown if spec.markdown else text_format).parse(spec.render())
    return recorded, time.perf_counter() - started


def compare_pipeline(pages: int, seed: int, revision: str, repeat: int) -> None:
    blocks, parse_seconds = pipeline_blocks(pages, seed)
    old = load_baseline(revision)
    contenders: dict[str, Callable[[str], object]] = {f"before ({revision})": old, "now": sentences}
    best = {name: float("inf") for name in contenders}
    for _ in range(repeat):  # the two take turns, so load from other work hits both alike
        for name, module in contenders.items():
            module._cached_spans.cache_clear()
            started = time.perf_counter()
            for block in blocks:
                module.split_sentences(block)
            best[name] = min(best[name], time.perf_counter() - started)
    changed = sum(old.split_sentences(block) != sentences.split_sentences(block) for block in set(blocks))
    print(f"\nPipeline corpus: {pages} pages, {len(blocks):,} blocks segmented ({len(set(blocks)):,} distinct), "
          f"parsing all pages took {parse_seconds:.2f} s; best of {repeat}, fresh cache each round\n")
    print("| segmenter | seconds | ratio |")
    print("| --- | --- | --- |")
    base = best[f"before ({revision})"]
    for name, seconds in best.items():
        print(f"| {name} | {seconds:.3f} | {seconds / base:.2f}x |")
    print(f"\ndistinct blocks cut differently: {changed}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="best of N rounds (default 3)")
    parser.add_argument("--show-errors", action="store_true", help="list each segmenter's wrong paragraphs")
    parser.add_argument("--pipeline", action="store_true", help="time old vs new on the pipeline corpus")
    parser.add_argument("--pages", type=int, default=2000, help="pipeline corpus size (default 2000)")
    parser.add_argument("--seed", type=int, default=20240430, help="pipeline corpus seed (bench_pipeline's)")
    parser.add_argument("--baseline", help="git revision of the old segmenter (default: before sentence_rules.py)")
    args = parser.parse_args()
    compare(args.repeat, args.show_errors)
    if args.pipeline:
        compare_pipeline(args.pages, args.seed, args.baseline or baseline_revision(), args.repeat)


if __name__ == "__main__":
    main()
