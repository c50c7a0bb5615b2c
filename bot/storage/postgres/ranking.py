"""BM25 in PostgreSQL, computed as SQLite's ``bm25()`` computes it.

PostgreSQL's own ``ts_rank`` knows nothing of how rare a word is, and the answers are
tuned on BM25 scores. So the score is built here from the same parts as FTS5's: for each
phrase of the query, its inverse document frequency (from ``search_terms``) times a
saturating function of how often the row holds it (``ts_rank_cd`` of that phrase alone,
which counts its occurrences at the phrase's weight) and of the row's length against the
table's average (``search_totals``). A phrase occurring k times in the query counts k
times, as in FTS5.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import asyncpg

from bot.storage.postgres.lexemes import Phrase, ScoredGroup

# How SQLite's bm25() turns a document frequency into a weight, never quite zero.
_MIN_IDF = 1e-6
# ts_rank_cd's weights are {D, C, B, A} and at most 1; unused weights never occur.
_EVERY_WEIGHT = (1.0, 1.0, 1.0, 1.0)


@dataclass(frozen=True, slots=True)
class Statistics:
    """What BM25 needs to know of a table for one query's phrases."""

    rows: int
    average_length: float
    documents: dict[Phrase, int]

    def idf(self, phrase: Phrase) -> float:
        hits = self.documents.get(phrase, 0)
        value = math.log((0.5 + self.rows - hits) / (0.5 + hits))
        return value if value > 0 else _MIN_IDF


def _statistics_column(phrase: Phrase, table: str) -> str:
    if table == "articles":
        return "heading"  # title and section counted together
    return phrase.column or "text"


async def term_statistics(
    connection: asyncpg.Connection | asyncpg.Pool, phrases: Iterable[Phrase], *, table: str
) -> Statistics:
    """Rows, average length and each phrase's document frequency (a phrase of several
    lexemes counts as often as its rarest lexeme: an upper bound, close for names)."""
    phrases = set(phrases)
    wanted = sorted(
        {(_statistics_column(p, table), lexeme) for p in phrases for lexeme in p.lexemes}
    )
    row = await connection.fetchrow(
        "SELECT totals.rows, totals.tokens, found.cols, found.terms, found.documents"
        " FROM search_totals AS totals, LATERAL (SELECT array_agg(col) AS cols,"
        "  array_agg(term) AS terms, array_agg(documents) AS documents FROM search_terms"
        "  WHERE (col, term) IN (SELECT * FROM unnest($2::text[], $3::text[]))) AS found"
        " WHERE totals.name = $1",
        table,
        [column for column, _ in wanted],
        [lexeme for _, lexeme in wanted],
    )
    counts: dict[tuple[str, str], int] = {}
    if row is not None and row["cols"] is not None:
        counts = {
            (column, term): int(n)
            for column, term, n in zip(row["cols"], row["terms"], row["documents"], strict=True)
        }
    documents = {
        p: min(counts.get((_statistics_column(p, table), lexeme), 0) for lexeme in p.lexemes)
        for p in phrases
    }
    rows = int(row["rows"]) if row else 0
    tokens = int(row["tokens"]) if row else 0
    return Statistics(rows, (tokens / rows) if rows and tokens else 1.0, documents)


Weights = tuple[float, float, float, float]


def heading_scale(*, title: float, section: float) -> tuple[Weights, float]:
    """ts_rank_cd weights for an article's title (A) and section (B) and the factor that
    restores them: FTS5 column weights may exceed 1, ts_rank_cd's may not."""
    top = max(title, section)
    return (0.1, 0.1, section / top, title / top), top


class Bm25:
    """Writes the BM25 expression of a row for a query's phrases; its values go into the
    statement's parameter list, so the SQL text repeats for repeated query shapes."""

    def __init__(
        self,
        statistics: Statistics,
        params: list[object],
        *,
        vector: str,
        tokens: str,
        scale: tuple[Weights, float] = (_EVERY_WEIGHT, 1.0),
    ) -> None:
        self._statistics = statistics
        self._params = params
        self._vector = vector
        self._tokens = tokens
        self._weights, self._factor = scale
        self._written: dict[Phrase, str] = {}
        self._average: str | None = None
        self._weights_param = ""

    def _param(self, value: object) -> str:
        self._params.append(value)
        return f"${len(self._params)}"

    def sql(self, groups: Iterable[ScoredGroup]) -> str:
        """The row's score: each group's phrases, the conditional ones only where they hold."""
        parts = []
        for group in groups:
            score = " + ".join(self._phrase(phrase) for phrase in group.phrases)
            if group.condition is None:
                parts.append(f"({score})")
            else:
                condition = self._param(group.condition)
                parts.append(
                    f"(CASE WHEN {self._vector} @@ {condition}::tsquery THEN {score} ELSE 0 END)"
                )
        return "(" + " + ".join(parts) + ")" if parts else "0.0"

    def _phrase(self, phrase: Phrase) -> str:
        """One phrase's part: written once per statement, its values passed once."""
        if phrase not in self._written:
            if self._average is None:
                self._average = self._param(self._statistics.average_length)
                self._weights_param = self._param(list(self._weights))
            idf = self._param(self._statistics.idf(phrase))
            query = self._param(phrase.query)
            frequency = (
                f"ts_rank_cd({self._weights_param}::float4[], {self._vector}, {query}::tsquery, 0)"
            )
            if self._factor != 1.0:
                frequency = f"{frequency} * {self._factor!r}"
            self._written[phrase] = (
                f"{idf}::float8 * newsbot_bm25_part({frequency}, {self._tokens},"
                f" {self._average}::float8)"
            )
        return self._written[phrase]
