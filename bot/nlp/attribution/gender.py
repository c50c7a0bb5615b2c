"""The gender a name or a title gives, for binding "he" and "she" to the right person.

First names come from the list bundled with ``gender-guesser`` (about 45,000 names with
their use by country), read once on first use; only a name the list gives as male or
female somewhere (the United States, Britain or overall) and never as the other counts,
so an ambiguous "Terry" or "Lindsey" binds no pronoun rather than the wrong one.
"""

from __future__ import annotations

from functools import cache

from bot.nlp.attribution.lexicon import load_words

_COUNTRIES = ("usa", "great_britain")
_CERTAIN = {"male": "m", "female": "f"}
FEMALE_TITLES = load_words("female_titles")
MALE_TITLES = load_words("male_titles")


@cache
def _detector():  # type: ignore[no-untyped-def]
    import gender_guesser.detector

    return gender_guesser.detector.Detector(case_sensitive=False)


@cache
def first_name_gender(name: str) -> str | None:
    """ "m", "f" or None (unknown, ambiguous, or not a first name)."""
    if len(name) < 2 or not name.isalpha():
        return None
    detector = _detector()
    guesses = {detector.get_gender(name, country) for country in _COUNTRIES}
    guesses.add(detector.get_gender(name))
    male = not guesses.isdisjoint(("male", "mostly_male"))
    female = not guesses.isdisjoint(("female", "mostly_female"))
    if male == female or guesses.isdisjoint(_CERTAIN):
        return None
    return "m" if male else "f"


def title_gender(words: list[str]) -> str | None:
    """The gender a title gives ("spokeswoman", "widow", "Congressman"), else None."""
    for word in words:
        low = word.lower()
        if low in FEMALE_TITLES:
            return "f"
        if low in MALE_TITLES:
            return "m"
    return None
