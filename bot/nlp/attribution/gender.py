"""The gender a name or a title gives, for binding "he" and "she" to the right person.

First names come from ``words/first_names_female.txt`` and ``first_names_male.txt``
(about 36,000 names, derived from the MIT-licensed ``nomquamgender`` data by
``scripts/first_names.py``), read once on first use; ``first_names_either.txt`` holds
names both genders bear, which tell a person's name but no gender. Only names that at least 92 % of
their bearers share a gender are listed, so an ambiguous "Terry" or "Lindsey" binds no
pronoun rather than the wrong one.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from bot.nlp.attribution.lexicon import load_words

FEMALE_TITLES = load_words("female_titles")
MALE_TITLES = load_words("male_titles")


@cache
def _first_names() -> dict[str, str]:
    names = dict.fromkeys(load_words("first_names_male"), "m")
    names.update(dict.fromkeys(load_words("first_names_female"), "f"))
    return names


def _plain(name: str) -> str:
    """Lower case without accents, as the list is keyed: "José" -> "jose"."""
    low = name.lower()
    if low.isascii():
        return low
    return "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))


@cache
def first_name_gender(name: str) -> str | None:
    """ "m", "f" or None (unknown, ambiguous, or not a first name)."""
    if len(name) < 2 or not name.replace("-", "").isalpha():
        return None
    names = _first_names()
    key = _plain(name)
    found = names.get(key)
    if found is None and "-" in key:
        found = names.get(key.split("-", 1)[0])  # "Jean-Luc"
    return found


@cache
def _either_names() -> frozenset[str]:
    return load_words("first_names_either")


def is_first_name(name: str) -> bool:
    """Is ``name`` a first name of either gender ("Chris", "Drew" as well as "Mary")?"""
    return first_name_gender(name) is not None or _plain(name) in _either_names()


def title_gender(words: list[str]) -> str | None:
    """The gender a title gives ("spokeswoman", "widow", "Congressman"), else None."""
    for word in words:
        low = word.lower()
        if low in FEMALE_TITLES:
            return "f"
        if low in MALE_TITLES:
            return "m"
    return None
