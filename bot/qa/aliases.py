"""Other names for what a question asks about, read from the word lists in ``words/``.

An article says "Everton manager David Moyes" where a reader asks for "the Toffees boss",
and "Liberal Democrat" where the question says "Lib Dem". The lists are data, kept in
``words/*.txt``, so adding a club nickname or a party's short name needs no code.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

Phrase = tuple[str, ...]
_TOKEN = re.compile(r"[^\W_]+")


def tokens_of(text: str) -> Phrase:
    """A text as the index splits it: lower-case runs of letters and digits."""
    return tuple(_TOKEN.findall(text.lower()))


def _read(name: str) -> dict[Phrase, frozenset[Phrase]]:
    """``name``'s lines as phrase -> the other phrases it may be written as.

    "= a, b" lines make every form an alternative of every other; "a: b, c" lines give
    "a" the alternatives "b" and "c" only.
    """
    found: dict[Phrase, set[Phrase]] = defaultdict(set)
    text = (resources.files("bot.qa") / "words" / f"{name}.txt").read_text("utf-8")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("="):
            forms = [tokens_of(f) for f in line[1:].split(",")]
            forms = [f for f in forms if f]
            for form in forms:
                found[form].update(f for f in forms if f != form)
        elif ":" in line:
            head, _, rest = line.partition(":")
            key = tokens_of(head)
            if key:
                found[key].update(f for f in map(tokens_of, rest.split(",")) if f and f != key)
    return {key: frozenset(value) for key, value in found.items()}


@cache
def name_aliases() -> dict[Phrase, frozenset[Phrase]]:
    merged: dict[Phrase, set[Phrase]] = defaultdict(set)
    for name in ("aliases", "nations"):
        for key, forms in _read(name).items():
            merged[key].update(forms)
    return {key: frozenset(forms) for key, forms in merged.items()}


@cache
def nation_forms() -> frozenset[Phrase]:
    """Every listed way of naming a country or its people ("sri lanka", "sri lankan")."""
    found = _read("nations")
    return frozenset(found) | frozenset(f for forms in found.values() for f in forms)


@cache
def first_name_forms() -> dict[Phrase, frozenset[Phrase]]:
    return _read("first_names")


@dataclass(frozen=True, slots=True)
class Concept:
    """One thing a question asks about, with every way an article may write it."""

    asked: Phrase  # as the question wrote it
    forms: tuple[Phrase, ...]  # ``asked`` first, then its alternatives

    @property
    def words(self) -> str:
        return " ".join(self.asked)


def concepts_of(words: Sequence[str]) -> list[Concept]:
    """The question's words grouped into concepts: the longest listed phrase at each point
    ("lib dem", "chief executive") is one concept with its alternatives; other words stand
    alone."""
    aliases = name_aliases()
    longest = max((len(key) for key in aliases), default=1)
    tokens = [t for word in words for t in tokens_of(word)]
    found: list[Concept] = []
    index = 0
    while index < len(tokens):
        for size in range(min(longest, len(tokens) - index), 0, -1):
            phrase = tuple(tokens[index : index + size])
            if phrase in aliases or size == 1:
                others = sorted(aliases.get(phrase, ()), key=lambda p: (len(p), p))
                found.append(Concept(phrase, (phrase, *others)))
                index += size
                break
    return found


def first_name_variants(name: str) -> frozenset[str]:
    """A first name and its usual long and short forms ("vince" -> "vincent")."""
    name = name.lower()
    forms = first_name_forms().get((name,), frozenset())
    return frozenset({name, *(" ".join(f) for f in forms)})


def canonical_first_name(name: str) -> str:
    """One form for all the usual forms of a first name (the first in alphabetical order)."""
    return min(first_name_variants(name))
