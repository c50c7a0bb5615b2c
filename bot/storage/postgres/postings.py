"""Each term's sentences, newest first: the ``postings`` table (migration 0011).

A search wants the newest sentences matching its clauses, capped. The GIN index finds
them only in no particular order, so a common word cost a read of every sentence holding
it. The postings' primary key (column, lexeme, sentence id), read backwards, lists one
term's sentences newest first; a search merges the lists of its terms in that order
(``MergeAppend``) and groups each sentence's terms as they stream past, keeping the
sentences whose terms can satisfy every clause, until the cap is met. The cost follows
how far back the newest matches lie, not how many sentences hold each word. The merged
list is only a candidate list: each candidate is then checked against the query itself
(phrases, "k of n"), so the postings can never change an answer, only its cost.

An aggregate with its own ``ORDER BY`` keeps the planner from hashing the whole lists
instead of streaming them (it cannot hash such an aggregate), whatever it guesses of
their lengths.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from math import comb

import asyncpg

from bot.qa.records import Column, TermClause
from bot.storage.postgres.lexemes import MAX_COMBINATIONS, WEIGHTS, lexemes_of

# Postings of the rows of a relation ``s`` (id, lexemes): one per column and lexeme.
_KEYS = (
    'SELECT DISTINCT w.col::"char" AS col, u.lexeme AS term, s.id AS sentence_id'
    " FROM s, unnest(s.lexemes) AS u, unnest(u.weights) AS w(col)"
    " WHERE u.lexeme NOT IN (SELECT term FROM unposted_terms)"
)
POSTINGS_OF_ROWS = f"INSERT INTO postings (col, term, sentence_id) {_KEYS}"
# Lists merged in one search at most: each lexeme is a bit of a bigint.
MAX_LISTS = 63


async def post_sentences(connection: asyncpg.Connection, where: str, *args: object) -> None:
    """Post the stored sentences ``where`` selects (on ``sentences s``)."""
    await connection.execute(
        f"WITH s AS (SELECT s.id, s.lexemes FROM sentences s WHERE {where}) {POSTINGS_OF_ROWS}",
        *args,
    )


async def unpost_sentences(connection: asyncpg.Connection, where: str, *args: object) -> None:
    """Take away the postings of the stored sentences ``where`` selects, as stored now."""
    await connection.execute(
        f"WITH s AS (SELECT s.id, s.lexemes FROM sentences s WHERE {where})"
        f" DELETE FROM postings p USING ({_KEYS}) AS k"
        " WHERE p.col = k.col AND p.term = k.term AND p.sentence_id = k.sentence_id",
        *args,
    )


async def unposted_terms(executor: asyncpg.Pool | asyncpg.Connection) -> frozenset[str]:
    rows = await executor.fetch("SELECT term FROM unposted_terms")
    return frozenset(str(r["term"]) for r in rows)


@dataclass(frozen=True, slots=True)
class PostedClause:
    """What the postings can say of one clause: a matching row holds at least ``needed``
    of these phrases (each given by its posted lexemes) in ``column``."""

    column: Column
    phrases: tuple[tuple[str, ...], ...]
    needed: int


def posted_clauses(clauses: Sequence[TermClause], unposted: Collection[str]) -> list[PostedClause]:
    """The clauses the postings can narrow the search by; empty when every clause could be
    met by unposted words alone (or by no words: such a query is refused before this)."""
    found = []
    for clause in clauses:
        terms = list(dict.fromkeys(clause.terms))
        minimum = min(clause.minimum, len(terms))
        # As the query is built (lexemes.clauses_query): all of them, any of them, or
        # "k of n" as the combinations, and "any" when there would be too many.
        if minimum >= len(terms):
            needed = len(terms)
        elif minimum <= 1 or comb(len(terms), minimum) > MAX_COMBINATIONS:
            needed = 1
        else:
            needed = minimum
        phrases = []
        for phrase in (tuple(lexemes_of(term)) for term in terms):
            posted = tuple(sorted({lexeme for lexeme in phrase if lexeme not in unposted}))
            if posted:
                phrases.append(posted)
            elif phrase:
                needed -= 1  # only unposted words: it may be in any row
        if needed > 0 and phrases:
            found.append(PostedClause(clause.column, tuple(phrases), min(needed, len(phrases))))
    return found


def merged_postings(
    clauses: Sequence[PostedClause],
    documents: Mapping[tuple[str, str], int],
    params: list[object],
    *,
    bounds: Sequence[str] = (),
    limit: str | None = None,
) -> tuple[str, list[PostedClause], dict[tuple[str, str], int]]:
    """SQL of the postings (``k``, ``sentence_id``) of the clauses' lexemes, newest first
    (``limit`` of them, if given), each lexeme one bit ``k``; ``bounds`` are further
    conditions on ``sentence_id`` (their values already in ``params``). Returns the
    clauses as listed and each (column, lexeme)'s bit number. Past ``MAX_LISTS`` lexemes,
    only one clause's rarest lexemes are listed, any of which a match holds."""
    keys: dict[tuple[str, str], int] = {}
    for clause in clauses:
        for phrase in clause.phrases:
            for lexeme in phrase:
                keys.setdefault((clause.column, lexeme), len(keys))
    listed = list(clauses)
    if len(keys) > MAX_LISTS:
        listed = [driving_clause(clauses, documents)]
        # Any one of them is enough: lexemes past the last bit may share it.
        keys = {
            (listed[0].column, p[0]): min(n, MAX_LISTS - 1) for n, p in enumerate(listed[0].phrases)
        }
    within = "".join(f" AND {bound}" for bound in bounds)
    lists = []
    for (column, lexeme), number in keys.items():
        params.append(lexeme)
        lists.append(
            f"(SELECT {1 << number}::bigint AS k, sentence_id FROM postings"
            f" WHERE col = '{WEIGHTS[column]}' AND term = ${len(params)}{within}"
            " ORDER BY sentence_id DESC)"
        )
    merged = " UNION ALL ".join(lists)
    if limit is not None:
        merged = f"SELECT * FROM ({merged}) AS m ORDER BY sentence_id DESC LIMIT {limit}"
    return merged, listed, keys


def candidates(
    clauses: Sequence[PostedClause],
    documents: Mapping[tuple[str, str], int],
    params: list[object],
    *,
    bounds: Sequence[str] = (),
    limit: str | None = None,
) -> str:
    """A subquery of sentence ids, newest first, holding every sentence that matches the
    clauses (and others, to be checked against the query itself): the postings of their
    lexemes merged (``merged_postings``), a sentence kept when its lexemes can meet every
    clause. With a ``limit`` on the postings, the sentence at the edge may be missed."""
    merged, listed, keys = merged_postings(clauses, documents, params, bounds=bounds, limit=limit)
    # The lexemes each sentence holds, as bits; ORDER BY in the aggregate forbids hashing.
    held = "bit_or(p.k ORDER BY p.sentence_id DESC)"
    return (
        f"SELECT p.sentence_id FROM ({merged}) AS p GROUP BY p.sentence_id"
        f" HAVING {' AND '.join(_held(c, keys, held) for c in listed)}"
        " ORDER BY p.sentence_id DESC"
    )


def _held(clause: PostedClause, keys: Mapping[tuple[str, str], int], held: str) -> str:
    """SQL: the bits ``held`` hold all the lexemes of ``needed`` of the clause's phrases."""
    masks = [sum(1 << keys[clause.column, lexeme] for lexeme in p) for p in clause.phrases]
    present = " + ".join(f"(({held} & {mask}) = {mask})::int" for mask in masks)
    return f"({present}) >= {clause.needed}"


def driving_clause(
    clauses: Sequence[PostedClause], documents: Mapping[tuple[str, str], int]
) -> PostedClause:
    """The clause whose sentences are fewest by ``documents`` ((column, lexeme) -> rows,
    from the term statistics: they may lag, which costs time, never rows), as the lexemes
    to list: a row holding ``needed`` of n phrases holds one of any n - needed + 1 of
    them, and a phrase its rarest lexeme."""

    def rarest(phrase: tuple[str, ...], column: Column) -> tuple[int, str]:
        return min((documents.get((column, lexeme), 0), lexeme) for lexeme in phrase)

    options = []
    for clause in clauses:
        ranked = sorted(rarest(phrase, clause.column) for phrase in clause.phrases)
        chosen = ranked[: len(ranked) - clause.needed + 1]
        phrases = tuple((lexeme,) for _, lexeme in chosen)
        options.append((sum(n for n, _ in chosen), PostedClause(clause.column, phrases, 1)))
    return min(options, key=lambda option: option[0])[1]


def postings_listed(
    clauses: Sequence[PostedClause], documents: Mapping[tuple[str, str], int]
) -> int:
    """How many postings the lists of the clauses' lexemes hold, by the term statistics."""
    return sum(
        documents.get((clause.column, lexeme), 0)
        for clause in clauses
        for lexeme in {lexeme for phrase in clause.phrases for lexeme in phrase}
    )
