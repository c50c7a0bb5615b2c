"""The Porter stemmer as published (M. F. Porter, "An algorithm for suffix stripping", 1980).

Search terms and the spelling index are stems of this algorithm, made at ingest as well as
when a question is asked. It lives here rather than coming from nltk because importing
nltk costs a third of a second, which storing an article does not need; it gives exactly
what nltk's ``PorterStemmer(PorterStemmer.ORIGINAL_ALGORITHM)`` gives (a test compares
them word for word).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise

_VOWELS = frozenset("aeiou")

# A rule: (suffix, replacement, condition on the stem left when the suffix is removed).
# The first rule whose suffix the word ends with decides: if its condition fails, the
# word stays as it is and no later rule of the list is tried.
_Rule = tuple[str, str, Callable[[str], bool] | None]


def porter_stem(word: str) -> str:
    """The stem of a word, lower-cased (``relational`` → ``relat``, ``ponies`` → ``poni``)."""
    word = word.lower()
    for step in (_step1a, _step1b, _step1c, _step2, _step3, _step4, _step5a, _step5b):
        word = step(word)
    return word


def _consonants(word: str) -> list[bool]:
    """Whether each letter is a consonant: not a vowel, and ``y`` only after a vowel (or first)."""
    flags: list[bool] = []
    for letter in word:
        if letter in _VOWELS:
            flags.append(False)
        elif letter == "y":
            flags.append(not flags or not flags[-1])
        else:
            flags.append(True)
    return flags


def _measure(stem: str) -> int:
    """m in [C](VC){m}[V]: how many times a vowel is followed by a consonant."""
    flags = _consonants(stem)
    return sum(1 for before, after in pairwise(flags) if not before and after)


def _positive_measure(stem: str) -> bool:
    return _measure(stem) > 0


def _measure_above_one(stem: str) -> bool:
    return _measure(stem) > 1


def _has_vowel(stem: str) -> bool:
    return not all(_consonants(stem))


def _ends_double_consonant(word: str) -> bool:
    return len(word) >= 2 and word[-1] == word[-2] and _consonants(word)[-1]


def _ends_cvc(word: str) -> bool:
    """Consonant, vowel, consonant, the last not w, x or y (``-wil``, ``-hop``)."""
    if len(word) < 3 or word[-1] in "wxy":
        return False
    flags = _consonants(word)
    return flags[-3] and not flags[-2] and flags[-1]


def _apply(word: str, rules: Sequence[_Rule]) -> str:
    for suffix, replacement, condition in rules:
        if word.endswith(suffix):
            stem = word[: len(word) - len(suffix)]
            return stem + replacement if condition is None or condition(stem) else word
    return word


def _step1a(word: str) -> str:
    return _apply(
        word, (("sses", "ss", None), ("ies", "i", None), ("ss", "ss", None), ("s", "", None))
    )


def _step1b(word: str) -> str:
    if word.endswith("eed"):
        return word[:-1] if _positive_measure(word[:-3]) else word
    for suffix in ("ed", "ing"):
        if word.endswith(suffix) and _has_vowel(word[: -len(suffix)]):
            stem = word[: -len(suffix)]
            break
    else:
        return word
    if stem.endswith(("at", "bl", "iz")):
        return stem + "e"
    if _ends_double_consonant(stem):
        return stem if stem[-1] in "lsz" else stem[:-1]
    if _measure(stem) == 1 and _ends_cvc(stem):
        return stem + "e"
    return stem


def _step1c(word: str) -> str:
    return _apply(word, (("y", "i", _has_vowel),))


def _rules(pairs: Sequence[tuple[str, str]], condition: Callable[[str], bool]) -> tuple[_Rule, ...]:
    return tuple((suffix, replacement, condition) for suffix, replacement in pairs)


_STEP2 = _rules(
    [
        ("ational", "ate"),
        ("tional", "tion"),
        ("enci", "ence"),
        ("anci", "ance"),
        ("izer", "ize"),
        ("abli", "able"),
        ("alli", "al"),
        ("entli", "ent"),
        ("eli", "e"),
        ("ousli", "ous"),
        ("ization", "ize"),
        ("ation", "ate"),
        ("ator", "ate"),
        ("alism", "al"),
        ("iveness", "ive"),
        ("fulness", "ful"),
        ("ousness", "ous"),
        ("aliti", "al"),
        ("iviti", "ive"),
        ("biliti", "ble"),
    ],
    _positive_measure,
)
_STEP3 = _rules(
    [
        ("icate", "ic"),
        ("ative", ""),
        ("alize", "al"),
        ("iciti", "ic"),
        ("ical", "ic"),
        ("ful", ""),
        ("ness", ""),
    ],
    _positive_measure,
)
_STEP4 = (
    *_rules(
        [(s, "") for s in ("al", "ance", "ence", "er", "ic", "able", "ible", "ant")],
        _measure_above_one,
    ),
    *_rules([(s, "") for s in ("ement", "ment", "ent")], _measure_above_one),
    ("ion", "", lambda stem: _measure(stem) > 1 and stem[-1] in "st"),
    *_rules(
        [(s, "") for s in ("ou", "ism", "ate", "iti", "ous", "ive", "ize")], _measure_above_one
    ),
)


def _step2(word: str) -> str:
    return _apply(word, _STEP2)


def _step3(word: str) -> str:
    return _apply(word, _STEP3)


def _step4(word: str) -> str:
    return _apply(word, _STEP4)


def _step5a(word: str) -> str:
    if word.endswith("e"):
        stem = word[:-1]
        measure = _measure(stem)
        if measure > 1 or (measure == 1 and not _ends_cvc(stem)):
            return stem
    return word


def _step5b(word: str) -> str:
    if word.endswith("ll") and _measure(word[:-1]) > 1:
        return word[:-1]
    return word
