"""Spelling hints for words that matched nothing: "Did you mean: putin?"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.qa.rank import stem
from bot.qa.records import VocabularyTerm

_TOKEN = re.compile(r"[^\W_]+")
MIN_WORD_LENGTH = 3


def max_distance(word: str) -> int:
    """Short words tolerate one slip, longer ones two; more suggests unrelated words."""
    return 1 if len(word) <= 5 else 2


def edit_distance(left: str, right: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap of neighbours costs 1), or ``limit + 1``
    as soon as it is certain to exceed ``limit``."""
    if abs(len(left) - len(right)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(right) + 1))
    for i, lc in enumerate(left, 1):
        current = [i] + [0] * len(right)
        for j, rc in enumerate(right, 1):
            cost = 0 if lc == rc else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and lc == right[j - 2] and left[i - 2] == rc:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def vocabulary_prefixes(word: str) -> list[str]:
    """Index ranges worth reading for a word: same first two letters, or one of them
    dropped or swapped, which covers most typing slips without scanning everything."""
    if len(word) < 2:
        return [word] if word else []
    prefixes = [word[:2], word[1] + word[0]]
    if len(word) > 2:
        prefixes += [word[0] + word[2], word[1:3]]
    return list(dict.fromkeys(prefixes))


def closest_terms(
    word: str, vocabulary: Sequence[VocabularyTerm], *, limit: int = 1
) -> list[VocabularyTerm]:
    """Indexed terms within a small edit distance of the word (or its stem), most common
    first among the closest; empty when the word is itself indexed."""
    word = word.lower()
    if len(word) < MIN_WORD_LENGTH:
        return []
    forms = {word, stem(word)}
    if any(term.term in forms for term in vocabulary):
        return []
    bound = max_distance(word)
    scored = []
    for term in vocabulary:
        distance = min(edit_distance(form, term.term, bound) for form in forms)
        if distance <= bound:
            scored.append((distance, -term.documents, term.term, term))
    scored.sort()
    return [entry[3] for entry in scored[:limit]]


def surface_form(term: str, text: str | None) -> str:
    """The word as printed in ``text`` whose stem is the indexed ``term``."""
    for token in _TOKEN.findall((text or "").lower()):
        if token == term or stem(token) == term:
            return token
    return term
