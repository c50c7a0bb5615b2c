"""Term statistics kept beside the PostgreSQL full-text index.

``search_terms`` counts, per column, the rows holding each lexeme, and ``search_totals``
the rows and tokens of each table: BM25 needs both (SQLite's FTS5 keeps them inside its
index), and spelling suggestions read the terms by prefix. They change in the transaction
that adds or deletes an article, always last and in one fixed order, so concurrent writers
never deadlock and hold the shared counter rows only for the moment before they commit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import asyncpg

from bot.storage.postgres.lexemes import IndexedText

TermCounts = Counter[tuple[str, str]]


def count_terms(rows: Iterable[IndexedText]) -> TermCounts:
    """(column, lexeme) -> rows holding it, over ``rows``."""
    counts: TermCounts = Counter()
    for row in rows:
        for column, lexemes in row.terms.items():
            counts.update((column, lexeme) for lexeme in lexemes)
    return counts


async def change_statistics(
    connection: asyncpg.Connection,
    terms: TermCounts,
    totals: dict[str, tuple[int, int]],
    *,
    sign: int = 1,
) -> None:
    """Add rows' terms and their tables' (rows, tokens) to the statistics; ``sign`` -1
    takes them away (counts may also carry their own signs: a rewrite's difference)."""
    changed = sorted((key, sign * n) for key, n in terms.items() if n)
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
    for name in sorted(totals):
        rows, tokens = totals[name]
        if rows or tokens:
            await connection.execute(
                "UPDATE search_totals SET rows = rows + $2, tokens = tokens + $3 WHERE name = $1",
                name,
                sign * rows,
                sign * tokens,
            )
