"""The sentence evaluation set and how a segmenter is scored on it.

Shared by `tests/test_sentence_eval.py` and `bench/bench_sentences.py`. A segmenter is any
function from a block of text to the list of its sentences' `(start, end)` spans.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

EVAL_DIR = Path(__file__).resolve().parent

Spans = list[tuple[int, int]]
Segmenter = Callable[[str], Spans]


@dataclass(frozen=True)
class Paragraph:
    """One block of the evaluation set: its text and the offsets where its sentences start."""

    domain: str  # the file name without suffix: documentation, news, legal, ...
    line: int  # 1-based line of the paragraph's first sentence in its file
    sentences: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.sentences)

    @property
    def boundaries(self) -> set[int]:
        """Offsets where a sentence other than the first starts."""
        offsets, position = set(), 0
        for sentence in self.sentences[:-1]:
            position += len(sentence) + 1
            offsets.add(position)
        return offsets


def paragraphs(directory: Path = EVAL_DIR) -> Iterator[Paragraph]:
    """Every paragraph of every `*.txt` file: one sentence a line, a blank line between paragraphs."""
    for path in sorted(directory.glob("*.txt")):
        lines: list[str] = []
        first = 0
        for number, line in enumerate([*path.read_text(encoding="utf-8").splitlines(), ""], 1):
            if line.strip():
                if not lines:
                    first = number
                lines.append(line.strip())
            elif lines:
                yield Paragraph(path.stem, first, tuple(lines))
                lines = []


@dataclass
class Score:
    """Boundary counts over a set of paragraphs; precision and recall are fractions in [0, 1]."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    sentences: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0


def predicted_boundaries(text: str, spans: Spans) -> set[int]:
    """Offsets where the segmenter starts a sentence other than the first."""
    return {start for start, _ in spans[1:]}


def score(segmenter: Segmenter, items: list[Paragraph]) -> tuple[Score, list[tuple[Paragraph, list[str]]]]:
    """Score `segmenter` on `items`; also return each paragraph it got wrong with its output."""
    total = Score()
    wrong = []
    for paragraph in items:
        text = paragraph.text
        spans = segmenter(text)
        predicted, wanted = predicted_boundaries(text, spans), paragraph.boundaries
        total.true_positives += len(predicted & wanted)
        total.false_positives += len(predicted - wanted)
        total.false_negatives += len(wanted - predicted)
        total.sentences += len(paragraph.sentences)
        if predicted != wanted:
            wrong.append((paragraph, [text[a:b] for a, b in spans]))
    return total, wrong
