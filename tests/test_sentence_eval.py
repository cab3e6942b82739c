"""Sentence boundaries on the evaluation set of real-looking English text (tests/sentence_eval/)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "sentence_eval"))

from scoring import paragraphs, score  # noqa: E402

from l10n.sentences import split_sentences  # noqa: E402

PARAGRAPHS = list(paragraphs())


def test_the_set_is_large_and_varied() -> None:
    assert sum(len(p.sentences) for p in PARAGRAPHS) >= 300
    assert len({p.domain for p in PARAGRAPHS}) >= 8


def test_boundary_precision_and_recall() -> None:
    result, wrong = score(split_sentences, PARAGRAPHS)
    report = "\n".join(f"{p.domain}.txt:{p.line}: {' | '.join(got)}" for p, got in wrong)
    assert result.precision >= 0.99, f"precision {result.precision:.3f}; wrong paragraphs:\n{report}"
    assert result.recall >= 0.98, f"recall {result.recall:.3f}; wrong paragraphs:\n{report}"


def test_scoring_counts_missed_and_extra_boundaries() -> None:
    sample = [p for p in PARAGRAPHS if len(p.sentences) == 3][:1]
    one_piece, _ = score(lambda text: [(0, len(text))], sample)
    assert (one_piece.true_positives, one_piece.false_negatives, one_piece.false_positives) == (0, 2, 0)
    assert one_piece.recall == 0.0 and one_piece.precision == 1.0

    def every_word(text: str) -> list[tuple[int, int]]:
        spans, start = [], 0
        for word in text.split(" "):
            spans.append((start, start + len(word)))
            start += len(word) + 1
        return spans

    words, _ = score(every_word, sample)
    assert words.true_positives == 2 and words.recall == 1.0 and words.precision < 0.5
