"""Lexemes for PostgreSQL full-text search, made the way SQLite's index makes them.

SQLite's FTS5 index splits text with ``unicode61`` (letters and digits, diacritics
removed) and stems each token with the original Porter algorithm. Rather than
PostgreSQL's own parser and Snowball stemmer, which cut words differently, the lexemes
are computed here with the same tokenizer and stemmer the answer ranking uses
(``bot.qa.rank``), written as ``tsvector`` values in the transaction that stores the
text. A question's words go through the same function, so both backends find the same
sentences, and spelling suggestions see the same stems.

Queries are built only from quoted lexemes: a user's word can never become ``tsquery``
syntax (``&``, ``|``, ``!``, ``<->``, ``:*``), whatever it holds.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from math import comb

from bot.qa.rank import fold_marks, stem
from bot.qa.records import Column, TermClause

_TOKEN = re.compile(r"[^\W_]+")
# PostgreSQL keeps positions up to 16383 and refuses lexemes over 2 KB; news text never
# comes near either, and a longer "word" is cut to the same length in text and questions.
MAX_POSITION = 16383
MAX_LEXEME = 200
# FTS5's porter tokenizer leaves tokens shorter than 3 or longer than 64 bytes unstemmed.
_STEMMED_LENGTHS = range(3, 65)
# Above this many term combinations, "at least k of n" is searched as "any of n" (as in
# the SQLite backend).
MAX_COMBINATIONS = 20

# Sentence columns and article columns share one tsvector per table, told apart by weight.
WEIGHTS: dict[str, str] = {"text": "A", "speaker_terms": "B", "title": "A", "section": "B"}


def lexemes_of(text: str | None) -> list[str]:
    """The index's tokens of ``text``, stemmed, in order (repeats kept)."""
    if not text:
        return []
    return [_lexeme(token) for token in _TOKEN.findall(text.lower())]


def _lexeme(token: str) -> str:
    if len(token.encode("utf-8")) in _STEMMED_LENGTHS:
        return stem(token)[:MAX_LEXEME] or token
    return fold_marks(token)[:MAX_LEXEME] or token


@dataclass(frozen=True, slots=True)
class IndexedText:
    """What one row puts in its full-text column and in the term statistics."""

    vector: str  # tsvector literal
    tokens: int  # tokens over all its columns: BM25's document length
    terms: dict[str, frozenset[str]]  # column -> distinct lexemes, for document frequencies


def indexed(columns: Sequence[tuple[str, str | None]]) -> IndexedText:
    """A ``tsvector`` literal for one row: each column's lexemes at their positions,
    weighted by column, the columns one position apart so no phrase spans two."""
    positions: dict[str, list[str]] = {}
    terms: dict[str, frozenset[str]] = {}
    offset = 0
    for column, text in columns:
        weight = WEIGHTS[column]
        found = lexemes_of(text)
        terms[column] = frozenset(found)
        for index, lexeme in enumerate(found, start=offset + 1):
            positions.setdefault(lexeme, []).append(f"{min(index, MAX_POSITION)}{weight}")
        offset += len(found) + 1
    vector = " ".join(f"{quoted(lexeme)}:{','.join(at)}" for lexeme, at in positions.items())
    return IndexedText(vector, offset - len(columns), terms)


def quoted(lexeme: str) -> str:
    """A lexeme as a ``tsvector``/``tsquery`` literal: quoted, so it is never an operator."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


@dataclass(frozen=True, slots=True)
class Phrase:
    """One question word as the index sees it: its lexemes, adjacent, in one column
    (``None``: in any column of the row)."""

    lexemes: tuple[str, ...]
    column: str | None

    @property
    def query(self) -> str:
        weight = f":{WEIGHTS[self.column]}" if self.column else ""
        return " <-> ".join(f"{quoted(lexeme)}{weight}" for lexeme in self.lexemes)


@dataclass(frozen=True, slots=True)
class ScoredGroup:
    """Phrases that score together: only when ``condition`` holds for the row (``None``:
    always). SQLite's BM25 counts a phrase of an ``a AND b`` alternative only in rows
    where that whole alternative matches; a row's score is the sum over its groups."""

    condition: str | None
    phrases: tuple[Phrase, ...]
    every: bool = True  # the row holds every phrase (else: at least one)
    clause: int = 0  # groups of one clause are alternatives; the clauses must all hold


@dataclass(frozen=True, slots=True)
class TextQuery:
    """A ``tsquery``, its distinct phrases, and how they score."""

    text: str
    groups: tuple[ScoredGroup, ...]

    @property
    def phrases(self) -> set[Phrase]:
        return {p for group in self.groups for p in group.phrases}


class _Builder:
    def __init__(self) -> None:
        self.groups: list[ScoredGroup] = []
        self._pending: list[Phrase] = []
        self._clause = 0

    def term(self, word: str, column: str | None) -> str | None:
        """None for a word without letters or digits: it matches nothing, as in SQLite."""
        found = tuple(lexemes_of(word))
        if not found:
            return None
        phrase = Phrase(found, column)
        self._pending.append(phrase)
        return phrase.query

    def _group(self, text: str | None, *, conditional: bool, every: bool = True) -> str | None:
        phrases, self._pending = tuple(self._pending), []
        if text is not None and phrases:
            condition = text if conditional else None
            self.groups.append(ScoredGroup(condition, phrases, every, self._clause))
        return text

    def clause(self, clause: TermClause) -> str | None:
        """``minimum`` of the clause's terms in its column."""
        self._clause += 1
        terms = list(dict.fromkeys(clause.terms))
        column = clause.column
        minimum = min(clause.minimum, len(terms))
        if minimum >= len(terms):
            return self._group(_all_of([self.term(t, column) for t in terms]), conditional=False)
        if minimum <= 1 or comb(len(terms), minimum) > MAX_COMBINATIONS:
            parts = [self.term(t, column) for t in terms]
            return self._group(_any_of(parts), conditional=False, every=False)
        return _any_of(
            [
                self._group(_all_of([self.term(t, column) for t in group]), conditional=True)
                for group in itertools.combinations(terms, minimum)
            ]
        )

    def done(self, text: str | None) -> TextQuery | None:
        return TextQuery(text, tuple(self.groups)) if text else None


def _all_of(parts: Iterable[str | None]) -> str | None:
    collected = list(parts)
    if not collected or any(p is None for p in collected):
        return None
    return "(" + " & ".join(p for p in collected if p) + ")"


def _any_of(parts: Iterable[str | None]) -> str | None:
    kept = [p for p in parts if p is not None]
    return "(" + " | ".join(kept) + ")" if kept else None


def clauses_query(clauses: Sequence[TermClause]) -> TextQuery | None:
    """Every clause must hold; None when one of them can match nothing."""
    builder = _Builder()
    return builder.done(_all_of(builder.clause(c) for c in clauses))


def words_query(
    words: Sequence[str], column: Column | str | None, *, every: bool
) -> TextQuery | None:
    """All (``every``) or any of the words in ``column`` (``None``: any column)."""
    builder = _Builder()
    parts = [builder.term(w, column) for w in dict.fromkeys(words)]
    return builder.done(
        builder._group(_all_of(parts) if every else _any_of(parts), conditional=False, every=every)
    )


def matches_at_most(query: TextQuery, documents: Callable[[Phrase], int]) -> int:
    """An upper bound of the rows the query matches, from each phrase's document count:
    alternatives add up, what must all hold is bounded by its rarest part."""
    clauses: dict[int, int] = {}
    for group in query.groups:
        counts = [documents(p) for p in group.phrases]
        bound = min(counts) if group.every else sum(counts)
        clauses[group.clause] = clauses.get(group.clause, 0) + bound
    return min(clauses.values(), default=0)
