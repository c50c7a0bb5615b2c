"""Term statistics kept beside the PostgreSQL full-text index.

``search_terms`` counts, per column, the rows holding each lexeme, and ``search_totals``
the rows and tokens of each table: BM25 needs both (SQLite's FTS5 keeps them inside its
index). Updating them in the transaction that stores an article made every writer wait
for every other on the rows of common words ("said", and the totals). So a transaction
only appends what it changes to ``search_changes``, one row that no one else writes, and
those rows are folded into the statistics in batches by one process at a time, in one
fixed order. Readers that need exact figures fold what is pending first; the answers'
searches do not depend on them (they read the postings).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import asyncpg

from bot.qa.spelling import deletions
from bot.storage.postgres.lexemes import IndexedText

TermCounts = Counter[tuple[str, str]]

# pg_advisory_xact_lock key held while folding: "newsfold" as a number.
FOLD_LOCK = 0x6E657773666F6C64
# Pending changes folded per transaction: a few seconds of ingest.
FOLD_BATCH = 500


def count_terms(rows: Iterable[IndexedText]) -> TermCounts:
    """(column, lexeme) -> rows holding it, over ``rows``."""
    counts: TermCounts = Counter()
    for row in rows:
        for column, lexemes in row.terms.items():
            counts.update((column, lexeme) for lexeme in lexemes)
    return counts


@dataclass(slots=True)
class StatisticsChange:
    """What some rows add to (or, negative, take from) the statistics."""

    terms: TermCounts = field(default_factory=Counter)
    sentences: tuple[int, int] = (0, 0)  # rows, tokens
    articles: tuple[int, int] = (0, 0)
    spelling: set[str] = field(default_factory=set)  # terms new to the spelling index, maybe

    def add(self, other: StatisticsChange) -> None:
        self.terms.update(other.terms)
        self.sentences = (
            self.sentences[0] + other.sentences[0],
            self.sentences[1] + other.sentences[1],
        )
        self.articles = (self.articles[0] + other.articles[0], self.articles[1] + other.articles[1])
        self.spelling |= other.spelling


def change_insert(first: int) -> str:
    """SQL appending a change (its ``change_arguments`` numbered from ``first``): the
    start of an INSERT … SELECT whose FROM and WHERE the caller may add."""
    types = ("text[]", "text[]", "bigint[]", "bigint", "bigint", "bigint", "bigint", "text[]")
    marks = [f"${n}::{kind}" for n, kind in enumerate(types, start=first)]
    return (
        "INSERT INTO search_changes (cols, terms, documents, sentence_rows, sentence_tokens,"
        f" article_rows, article_tokens, spelling) SELECT {', '.join(marks)}"
    )


def change_arguments(change: StatisticsChange) -> list[object]:
    changed = sorted((key, n) for key, n in change.terms.items() if n)
    return [
        [column for (column, _), _ in changed],
        [term for (_, term), _ in changed],
        [n for _, n in changed],
        *change.sentences,
        *change.articles,
        sorted(change.spelling),
    ]


async def record_change(connection: asyncpg.Connection, change: StatisticsChange) -> None:
    """Append the change, in the caller's transaction: it counts once that commits."""
    if not any(change.terms.values()) and not any(change.sentences) and not any(change.articles):
        return
    await connection.execute(change_insert(1), *change_arguments(change))


async def fold_changes(pool: asyncpg.Pool, *, wait: bool) -> bool:
    """Fold the pending changes into the statistics; False when another process was
    folding and ``wait`` is off (it folds them, or the next fold does)."""
    while True:
        async with pool.acquire() as connection, connection.transaction():
            if wait:
                await connection.execute("SELECT pg_advisory_xact_lock($1)", FOLD_LOCK)
            elif not await connection.fetchval("SELECT pg_try_advisory_xact_lock($1)", FOLD_LOCK):
                return False
            rows = await connection.fetch(
                "DELETE FROM search_changes WHERE id IN"
                " (SELECT id FROM search_changes ORDER BY id LIMIT $1) RETURNING *",
                FOLD_BATCH,
            )
            if not rows:
                return True
            change = StatisticsChange()
            for row in rows:
                keys = zip(row["cols"], row["terms"], strict=True)
                change.add(
                    StatisticsChange(
                        Counter(dict(zip(keys, row["documents"], strict=True))),
                        (row["sentence_rows"], row["sentence_tokens"]),
                        (row["article_rows"], row["article_tokens"]),
                        set(row["spelling"]),
                    )
                )
            await _apply(connection, change)
        if len(rows) < FOLD_BATCH:
            return True


async def pending_changes(executor: asyncpg.Pool | asyncpg.Connection) -> bool:
    return bool(await executor.fetchval("SELECT EXISTS (SELECT 1 FROM search_changes)"))


async def _apply(connection: asyncpg.Connection, change: StatisticsChange) -> None:
    """The change written into the statistics, rows in one fixed order."""
    changed = sorted((key, n) for key, n in change.terms.items() if n)
    if changed:
        columns = [column for (column, _), _ in changed]
        words = [term for (_, term), _ in changed]
        await connection.execute(
            "INSERT INTO search_terms AS t (col, term, documents)"
            " SELECT col, term, documents FROM unnest($1::text[], $2::text[], $3::bigint[])"
            '  AS u(col, term, documents) ORDER BY col, term COLLATE "C"'
            " ON CONFLICT (col, term) DO UPDATE SET documents = t.documents + excluded.documents",
            columns,
            words,
            [n for _, n in changed],
        )
        if any(n < 0 for _, n in changed):
            await connection.execute(
                "DELETE FROM search_terms WHERE documents <= 0"
                " AND (col, term) IN (SELECT * FROM unnest($1::text[], $2::text[]))",
                columns,
                words,
            )
    for name, (rows, tokens) in (("articles", change.articles), ("sentences", change.sentences)):
        if rows or tokens:
            await connection.execute(
                "UPDATE search_totals SET rows = rows + $2, tokens = tokens + $3 WHERE name = $1",
                name,
                rows,
                tokens,
            )
    await _record_spelling_terms(connection, change.spelling)


async def _record_spelling_terms(connection: asyncpg.Connection, terms: Iterable[str]) -> None:
    """Add the new ones among the terms, with their deletions, to the spelling index."""
    wanted = sorted(terms)
    if not wanted:
        return
    rows = await connection.fetch(
        "INSERT INTO spelling_terms (term) SELECT unnest($1::text[]) ORDER BY 1"
        " ON CONFLICT (term) DO NOTHING RETURNING id, term",
        wanted,
    )
    if not rows:
        return
    pairs = [
        (variant, int(row["id"]))
        for row in rows
        for variant in sorted({str(row["term"]), *deletions(str(row["term"]))})
    ]
    await connection.execute(
        "INSERT INTO spelling_variants (variant, term_id)"
        " SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT DO NOTHING",
        [v for v, _ in pairs],
        [i for _, i in pairs],
    )
