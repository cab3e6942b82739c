"""Finding similar sentences fast: a word index in front of difflib.

Shared by `update` (msgmerge-style fuzzy matching of edited sentences) and the
translation memory (near matches for pretranslation and the web UI). Comparing
a sentence with every stored one is quadratic; the index only compares it with
the few stored sentences that share the most words with it, and difflib's
cheap upper bounds skip most of those before the real ratio is computed.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")

MAX_CANDIDATES = 12  # stored sentences compared per query, the ones sharing most words
RAREST_WORDS = 4  # query words looked up in the index
_WORD_RE = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD_RE.findall(text.lower())


class WordIndex(Generic[T]):
    """Items keyed by a text; `similar(text)` finds the items whose texts are most like `text`.

    Items are told apart by identity (polib entries hash and compare by content).
    """

    def __init__(self, items: Iterable[tuple[str, T]] = ()) -> None:
        self.by_word: dict[str, list[int]] = defaultdict(list)
        self.items: dict[int, tuple[str, T]] = {}  # key -> (text, item)
        self.keys: dict[int, int] = {}  # id(item) -> key; keys are never reused, ids may be
        self.next_key = 0
        for text, item in items:
            self.add(text, item)

    def __len__(self) -> int:
        return len(self.items)

    def add(self, text: str, item: T) -> None:
        if id(item) in self.keys:
            return
        key = self.keys[id(item)] = self.next_key
        self.next_key += 1
        self.items[key] = (text, item)
        for word in set(words(text)):
            self.by_word[word].append(key)

    def remove(self, item: T) -> None:
        # Word lists keep the key; lookups skip keys that are gone.
        key = self.keys.pop(id(item), None)
        if key is not None:
            del self.items[key]

    def similar(self, text: str, *, threshold: float, limit: int = 1,
                accept: Callable[[T], bool] | None = None,
                max_candidates: int = MAX_CANDIDATES) -> list[tuple[float, T]]:
        """Up to `limit` (score, item) with difflib ratio >= `threshold`, best first.

        Only the `max_candidates` items sharing the most words with `text` are compared;
        `accept` filters items before they are counted (e.g. same msgctxt only).
        """
        # Candidates share one of the query's rarest words: common words ("the", "of")
        # would make nearly every stored sentence a candidate on a big catalogue.
        # Ties are broken by the word itself: set order changes from run to run (hash
        # randomisation), and the candidates, hence the match, must not.
        query = sorted(set(words(text)), key=lambda word: (len(self.by_word.get(word, ())), word))
        shared: Counter[int] = Counter()
        for word in query[:RAREST_WORDS]:
            for key in self.by_word.get(word, ()):
                found = self.items.get(key)
                if found is None or (accept is not None and not accept(found[1])):
                    continue
                shared[key] += 1
        # Most shared words first; among equals, the item stored first (keys grow with insertion).
        candidates = sorted(shared.items(), key=lambda pair: (-pair[1], pair[0]))[:max_candidates]
        scored: list[tuple[float, int, T]] = []
        # The query is difflib's second sequence: its index is built once, not per candidate.
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(text)
        for key, _ in candidates:
            candidate_text, item = self.items[key]
            # The lowest score still useful: the threshold, or the worst of a full result list.
            floor = threshold if len(scored) < limit else max(threshold, scored[-1][0])
            matcher.set_seq1(candidate_text)
            if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
                continue
            score = matcher.ratio()
            if score >= floor:
                scored.append((score, key, item))
                scored.sort(key=lambda found: (-found[0], found[1]))  # equal scores: the earlier item
                del scored[limit:]
        return [(score, item) for score, _, item in scored]
