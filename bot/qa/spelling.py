"""Spelling hints for words that matched nothing: "Did you mean: putin?".

Candidates come from an index of every term's one-letter deletions (kept by the storage
as articles arrive), so a hint costs a lookup rather than a scan of the vocabulary; here
they are checked by their true edit distance and ordered by how common they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bot.qa.rank import stem
from bot.qa.records import VocabularyTerm

_TOKEN = re.compile(r"[^\W_]+")
_LETTERS = re.compile(r"[^\W\d_]+")
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


def deletions(term: str) -> set[str]:
    """The term with each letter left out in turn. Two words one typing slip apart share
    one of these, or one of them is the other's, so close spellings are an index lookup."""
    return {term[:i] + term[i + 1 :] for i in range(len(term))}


def spelling_terms_of(texts: Iterable[str]) -> set[str]:
    """The index terms (stems) of the texts worth offering as spellings: words of letters
    only, at least ``MIN_WORD_LENGTH`` long."""
    words = {
        token
        for text in texts
        for token in _LETTERS.findall(text.lower())
        if len(token) >= MIN_WORD_LENGTH
    }
    return {stem(word) for word in words}


def lookup_variants(word: str) -> list[str]:
    """What to look up in the spelling index for a word: the word and its stem, and each
    with one letter left out."""
    word = word.lower()
    forms = {word, stem(word)}
    return sorted(forms | {v for form in forms for v in deletions(form)})


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
