"""Finding similar sentences fast: a word index in front of difflib.

Shared by `update` (msgmerge-style fuzzy matching of edited sentences) and the
translation memory (near matches for pretranslation and the web UI). Comparing
a sentence with every stored one is quadratic; the index only compares it with
the few stored sentences that share the most words with it, and difflib's
cheap upper bounds skip most of those before the real ratio is computed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")

MAX_CANDIDATES = 12  # stored sentences compared per query, the ones sharing most words
RAREST_WORDS = 6  # query words looked up in the index (4 missed sentences whose words are all common)
_WORD_RE = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD_RE.findall(text.lower())


def _index_words(text: str) -> set[str]:
    """The words `text` is indexed under; a text without any ("…", "→ %s") under "", so that
    such texts still find each other (msgmerge matches them too)."""
    return set(words(text)) or {""}


AFFIX = 4  # characters of a word's start and end that the second look-up goes by
AFFIX_WORDS = 3  # texts of up to so many words get the second look-up


def _affixes(text: str) -> set[str]:
    """The starts and ends of the words of `text` ("setting" -> "<sett", ">ting"): what an edited
    word still shares with the word it was ("Setting" -> "Settings", "Colour" -> "Color")."""
    return {affix for word in words(text) for affix in (f"<{word[:AFFIX]}", f">{word[-AFFIX:]}")}


class WordIndex(Generic[T]):
    """Items keyed by a text; `similar(text)` finds the items whose texts are most like `text`.

    Items are told apart by identity (polib entries hash and compare by content).
    """

    def __init__(self, items: Iterable[tuple[str, T]] = ()) -> None:
        self.by_word: dict[str, list[int]] = defaultdict(list)
        self.items: dict[int, tuple[str, T]] = {}  # key -> (text, item)
        self.keys: dict[int, int] = {}  # id(item) -> key; keys are never reused, ids may be
        self.next_key = 0
        self.by_affix: dict[str, list[int]] | None = None  # built on the first look-up that needs it
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
        for word in _index_words(text):
            self.by_word[word].append(key)
        if self.by_affix is not None:
            for affix in _affixes(text):
                self.by_affix[affix].append(key)

    def remove(self, item: T) -> None:
        # Word lists keep the key; lookups skip keys that are gone.
        key = self.keys.pop(id(item), None)
        if key is not None:
            del self.items[key]

    def similar(self, text: str, *, threshold: float, limit: int = 1,
                accept: Callable[[T], bool] | None = None,
                max_candidates: int = MAX_CANDIDATES) -> list[tuple[float, T]]:
        """Up to `limit` (score, item) with difflib ratio >= `threshold`, best first.

        Only the `max_candidates` items sharing the most words with `text` are compared (when
        none is similar enough: those sharing the most starts and ends of words, see `_affixes`),
        those with the highest upper bound of the ratio first (difflib's quick_ratio),
        until no bound can beat the results; `accept` filters the candidates (e.g. same
        msgctxt only). Equal scores: the item stored first.
        """
        # Candidates share one of the query's rarest words: common words ("the", "of")
        # would make nearly every stored sentence a candidate on a big catalogue.
        # Ties are broken by the word itself: set order changes from run to run (hash
        # randomisation), and the candidates, hence the match, must not.
        candidates = self._best_candidates(self._shared(_index_words(text), self.by_word), accept, max_candidates)
        found = self._scored(text, candidates, threshold, limit)
        if found or not 0 < len(words(text)) <= AFFIX_WORDS:
            return found
        # None: a short text whose edited word was all it had in common ("Setting" -> "Settings")
        # is looked up again by the starts and ends of its words (an index built on first use;
        # a longer text shares its other words, and new sentences need not pay for the look-up).
        if self.by_affix is None:
            self.by_affix = defaultdict(list)
            for key, (stored, _) in self.items.items():
                for affix in _affixes(stored):
                    self.by_affix[affix].append(key)
        tried = set(candidates)
        more = [key for key in self._best_candidates(self._shared(_affixes(text), self.by_affix), accept,
                                                     max_candidates + len(tried)) if key not in tried]
        return self._scored(text, more[:max_candidates], threshold, limit)

    @staticmethod
    def _shared(keys: set[str], index: dict[str, list[int]]) -> Counter[int]:
        """How many of the rarest `keys` each stored item is indexed under."""
        query = sorted(keys, key=lambda word: (len(index.get(word, ())), word))
        shared: Counter[int] = Counter()
        for word in query[:RAREST_WORDS]:
            shared.update(index.get(word, ()))  # counted in C: common words have long lists
        return shared

    def _scored(self, text: str, candidates: list[int], threshold: float, limit: int) -> list[tuple[float, T]]:
        """The best `limit` of `candidates` with difflib ratio >= `threshold` against `text`."""
        if not candidates:
            return []
        # The query is difflib's second sequence: its index is built once, not per candidate.
        import difflib  # only when some sentence changed: an update with none does not load it

        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(text)
        bounds: list[tuple[float, int]] = []  # (upper bound of the ratio, key)
        for key in candidates:
            matcher.set_seq1(self.items[key][0])
            if matcher.real_quick_ratio() >= threshold:
                bound = matcher.quick_ratio()
                if bound >= threshold:
                    bounds.append((bound, key))
        bounds.sort(key=lambda pair: (-pair[0], pair[1]))
        scored: list[tuple[float, int, T]] = []
        for bound, key in bounds:
            # The lowest score still useful: the threshold, or the worst of a full result list.
            floor = threshold if len(scored) < limit else max(threshold, scored[-1][0])
            if bound < floor:
                break  # the bounds are sorted: no candidate left can reach the floor
            candidate_text, item = self.items[key]
            matcher.set_seq1(candidate_text)
            score = matcher.ratio()
            if score >= floor:
                scored.append((score, key, item))
                scored.sort(key=lambda found: (-found[0], found[1]))  # equal scores: the earlier item
                del scored[limit:]
        return [(score, item) for score, _, item in scored]

    def _best_candidates(self, shared: Counter[int], accept: Callable[[T], bool] | None,
                         wanted: int) -> list[int]:
        """Keys of up to `wanted` stored, accepted items sharing the most words, best first.

        Equal counts keep the order in which the keys were counted (rarest word first,
        then insertion order): deterministic. Word lists keep removed keys; they are
        skipped here, looking further down the ranking when needed.
        """
        for size in (wanted * 4, None):
            ranked = shared.most_common(size)
            chosen = [key for key, _ in ranked
                      if key in self.items and (accept is None or accept(self.items[key][1]))][:wanted]
            if len(chosen) == wanted or size is None or len(ranked) < size:
                return chosen
        return []
