"""How close two proposal titles are, in pure Python (no search server needed).

A title becomes a set of keys: words folded (no accents, no case, ligatures
spelt out), French plurals folded ("bancs" -> "banc"), little words dropped
("des", "la", "pour"…). Two keys match when equal, or when one is the other
plus an ending (same first 5 letters and the shorter at least 80 % of the
longer's start: "pieton" ~ "pietonniser", "stationnement" ~ "stationner").

The score is a weighted Dice coefficient: 2 x (weight of matched keys) /
(weight of both titles), where a key's weight is its inverse document frequency
among the page's proposals, so that a word every proposal shares ("place" on
the market square's page) counts less than a rare one ("bancs"). 1.0 means the
same words; 0 nothing in common.

Cost: building the corpus is linear in the number of titles (a few thousand per
page at most, capped by the caller); a comparison only scores the proposals
that share a key prefix with the title (an inverted index), so it does not
grow with proposals that have nothing in common.
"""

import math
from collections import defaultdict
from dataclasses import dataclass

from core import folding

PREFIX = 5  # letters of a key used by the inverted index and the prefix match


def title_keys(title: str, *, ignore: frozenset[str]) -> frozenset[str]:
    return frozenset(key for key in folding.keys(title, ignore=ignore) if key)


def keys_match(first: str, second: str) -> bool:
    """Equal keys, or one key continuing the other ("jardin", "jardinage")."""
    if first == second:
        return True
    common = 0
    for letter, other in zip(first, second, strict=False):
        if letter != other:
            break
        common += 1
    return common >= PREFIX and common >= 0.8 * min(len(first), len(second))


@dataclass(frozen=True, eq=False)
class Entry:
    pk: int
    keys: frozenset[str]


class Corpus:
    """The titles of one page's proposals, ready to be compared."""

    # Likely-duplicate pairs follow key prefixes carried by at most this share of
    # the corpus (and at least this many entries): see `candidates`.
    COMMON_SHARE = 50
    COMMON_FLOOR = 30

    def __init__(self, rows, *, ignore: frozenset[str]):
        self.ignore = ignore
        self.entries = [Entry(pk, title_keys(title, ignore=ignore)) for pk, title in rows]
        self.document_frequency: dict[str, int] = defaultdict(int)
        self.by_prefix: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            for key in entry.keys:
                self.document_frequency[key] += 1
            for prefix in {key[:PREFIX] for key in entry.keys}:
                self.by_prefix[prefix].append(entry)
        self._weights: dict[str, float] = {}

    def __len__(self):
        return len(self.entries)

    def weight(self, key: str) -> float:
        """Inverse document frequency: rare words weigh more than common ones."""
        weight = self._weights.get(key)
        if weight is None:
            count = max(self.document_frequency.get(key, 0), 1)
            weight = self._weights[key] = math.log((len(self.entries) + 1) / count) + 0.1
        return weight

    def score(self, first: frozenset[str], second: frozenset[str]) -> float:
        """Mean of the weighted Dice and overlap coefficients, between 0 and 1."""
        if not first or not second:
            return 0.0
        weight = self.weight
        common = first & second
        matched = sum(map(weight, common))
        if len(common) < len(first) and len(common) < len(second):
            partners = set(second - common)
            for key in first - common:
                if len(key) < PREFIX:
                    continue
                for other in partners:
                    if other[:PREFIX] == key[:PREFIX] and keys_match(key, other):
                        partners.discard(other)
                        matched += (weight(key) + weight(other)) / 2
                        break
        if not matched:
            return 0.0
        first_total = sum(map(weight, first))
        second_total = sum(map(weight, second))
        dice = 2 * matched / (first_total + second_total)
        overlap = matched / min(first_total, second_total)
        return min((dice + overlap) / 2, 1.0)

    def candidates(self, keys: frozenset[str], *, skip_common: bool = False) -> set[Entry]:
        """Entries sharing a key prefix with `keys`.

        With `skip_common`, prefixes carried by more than 1/COMMON_SHARE of the
        corpus (and more than COMMON_FLOOR entries) are not followed, unless they
        are all there is: such words weigh little in the score, and following
        them would compare everything with everything on a page where one word
        is everywhere ("vélo" on a cycling plan).
        """
        prefixes = {key[:PREFIX] for key in keys}
        followed = prefixes
        if skip_common:
            limit = max(self.COMMON_FLOOR, len(self.entries) // self.COMMON_SHARE)
            rare = {prefix for prefix in prefixes if len(self.by_prefix.get(prefix, ())) <= limit}
            followed = rare or prefixes
        found: set[Entry] = set()
        for prefix in followed:
            found.update(self.by_prefix.get(prefix, ()))
        return found

    def similar_to(self, title: str, *, threshold: float, limit: int, exclude=()):
        """[(pk, score)] of the entries closest to `title`, best first."""
        keys = title_keys(title, ignore=self.ignore)
        scored = []
        for entry in self.candidates(keys):
            if entry.pk in exclude:
                continue
            score = self.score(keys, entry.keys)
            if score >= threshold:
                scored.append((entry.pk, score))
        scored.sort(key=lambda item: (-item[1], -item[0]))
        return scored[:limit]

    def pairs(self, *, threshold: float, limit: int):
        """[(pk, other pk, score)] of likely duplicates within the corpus, best first."""
        found = []
        for entry in self.entries:
            for other in self.candidates(entry.keys, skip_common=True):
                if other.pk <= entry.pk:
                    continue
                score = self.score(entry.keys, other.keys)
                if score >= threshold:
                    found.append((entry.pk, other.pk, score))
        found.sort(key=lambda item: (-item[2], item[0], item[1]))
        return found[:limit]
