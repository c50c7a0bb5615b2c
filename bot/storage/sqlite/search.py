"""Full-text search for questions: FTS5 queries built only from quoted terms.

User words never reach ``MATCH`` as syntax: each becomes a string literal
(``"tok"``, inner quotes doubled), so ``AND``, ``NEAR(``, ``*``, ``-``, ``^`` and
``col:`` filters are plain text. Results come newest first and are capped, so a
common word costs the same on a large archive as on a small one; the caller ranks.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from datetime import date
from math import comb

import aiosqlite

from bot.qa.records import Column, Scope, SentenceHit, TermClause, VocabularyTerm

# Above this many term combinations, "at least k of n" is searched as "any of n".
MAX_COMBINATIONS = 20
_COLUMNS: dict[Column, str] = {"text": "text", "speaker_terms": "speaker_terms"}
_DAY = "COALESCE(a.published, substr(a.ingested_at, 1, 10))"
_HIT_COLUMNS = (
    "s.id, s.article_id, s.paragraph, s.position, s.text, s.speaker, s.speaker_role,"
    " s.speaker_mode, s.speaker_terms, -bm25(sentences_fts, 1.0, 1.0) AS relevance,"
    f" a.title, a.published, {_DAY} AS day, a.section"
)
_VOCABULARY_TABLE = "temp.newsbot_sentence_terms"


def fts_phrase(term: str) -> str:
    """One user word as an FTS5 string literal (a NUL would end the query text early)."""
    return '"' + term.replace("\x00", "").replace('"', '""') + '"'


def clause_expression(clause: TermClause) -> str:
    """``column : (...)`` requiring ``minimum`` of the clause's terms."""
    terms = list(dict.fromkeys(clause.terms))
    minimum = min(clause.minimum, len(terms))
    phrases = [fts_phrase(t) for t in terms]
    if minimum >= len(phrases):
        inner = " AND ".join(phrases)
    elif minimum <= 1 or comb(len(phrases), minimum) > MAX_COMBINATIONS:
        inner = " OR ".join(phrases)
    else:
        inner = " OR ".join(
            "(" + " AND ".join(group) + ")" for group in itertools.combinations(phrases, minimum)
        )
    return f"{_COLUMNS[clause.column]} : ({inner})"


def match_expression(clauses: Sequence[TermClause]) -> str:
    return " AND ".join(clause_expression(c) for c in clauses)


def _scope_filter(scope: Scope) -> tuple[str, list[object]]:
    conditions: list[str] = []
    params: list[object] = []
    if scope.start is not None:
        conditions.append(f"{_DAY} >= ?")
        params.append(scope.start.isoformat())
    if scope.end is not None:
        conditions.append(f"{_DAY} <= ?")
        params.append(scope.end.isoformat())
    if scope.section is not None:
        conditions.append("a.section = ? COLLATE NOCASE")
        params.append(scope.section)
    return "".join(f" AND {c}" for c in conditions), params


class SQLiteSearchRepository:
    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._conn = connection
        self._sections: tuple[int, list[str]] | None = None
        self._vocabulary_ready = False

    async def sentences(
        self, clauses: Sequence[TermClause], *, scope: Scope, cap: int
    ) -> list[SentenceHit]:
        """Sentences matching every clause within the scope, newest first, at most ``cap``."""
        if not clauses or cap <= 0:
            return []
        where, params = _scope_filter(scope)
        sql = (
            f"SELECT {_HIT_COLUMNS} FROM sentences_fts"
            " JOIN sentences s ON s.id = sentences_fts.rowid"
            " JOIN articles a ON a.id = s.article_id"
            f" WHERE sentences_fts MATCH ?{where}"
            " ORDER BY sentences_fts.rowid DESC LIMIT ?"
        )
        async with self._conn.execute(sql, (match_expression(clauses), *params, cap)) as cursor:
            rows = await cursor.fetchall()
        return [_hit(row) for row in rows]

    async def title_relevance(
        self, terms: Sequence[str], article_ids: Sequence[int]
    ) -> dict[int, float]:
        """BM25 of the articles' titles (and sections) for any of the terms."""
        if not terms or not article_ids:
            return {}
        expression = " OR ".join(fts_phrase(t) for t in dict.fromkeys(terms))
        async with self._conn.execute(
            "SELECT rowid, -bm25(articles_fts, 1.0, 0.3) FROM articles_fts"
            " WHERE articles_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))",
            (expression, json.dumps(sorted(set(article_ids)))),
        ) as cursor:
            return {int(row[0]): float(row[1]) for row in await cursor.fetchall()}

    async def known_terms(self, column: Column, terms: Sequence[str]) -> set[str]:
        """The terms that occur at least once in ``column``."""
        known: set[str] = set()
        for term in dict.fromkeys(terms):
            async with self._conn.execute(
                "SELECT 1 FROM sentences_fts WHERE sentences_fts MATCH ? LIMIT 1",
                (clause_expression(TermClause(column, (term,))),),
            ) as cursor:
                if await cursor.fetchone() is not None:
                    known.add(term)
        return known

    async def articles_mentioning(self, terms: Sequence[str], *, limit: int) -> list[int]:
        """Articles with all the terms in the title, then in one sentence; newest first."""
        if not terms or limit <= 0:
            return []
        expression = " AND ".join(fts_phrase(t) for t in dict.fromkeys(terms))
        found: list[int] = []
        async with self._conn.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
            " ORDER BY rowid DESC LIMIT ?",
            (f"title : ({expression})", limit),
        ) as cursor:
            found += [int(r[0]) for r in await cursor.fetchall()]
        if len(found) < limit:
            async with self._conn.execute(
                "SELECT s.article_id FROM sentences_fts"
                " JOIN sentences s ON s.id = sentences_fts.rowid"
                " WHERE sentences_fts MATCH ? ORDER BY sentences_fts.rowid DESC LIMIT ?",
                (f"text : ({expression})", limit * 20),
            ) as cursor:
                found += [int(r[0]) for r in await cursor.fetchall()]
        return list(dict.fromkeys(found))[:limit]

    async def latest_article_ids(self, *, limit: int) -> list[int]:
        """The most recently added articles: cheap on any archive size (rowid order)."""
        async with self._conn.execute(
            "SELECT id FROM articles ORDER BY id DESC LIMIT ?", (limit,)
        ) as cursor:
            return [int(r[0]) for r in await cursor.fetchall()]

    async def sections(self) -> list[str]:
        """Section names in use; re-read only when articles have been added."""
        async with self._conn.execute("SELECT max(id) FROM articles") as cursor:
            row = await cursor.fetchone()
        newest = int(row[0]) if row and row[0] is not None else 0
        if self._sections is None or self._sections[0] != newest:
            async with self._conn.execute(
                "SELECT DISTINCT section FROM articles WHERE section IS NOT NULL"
            ) as cursor:
                names = sorted({str(r[0]) for r in await cursor.fetchall() if str(r[0]).strip()})
            self._sections = (newest, names)
        return list(self._sections[1])

    async def vocabulary(
        self, column: Column, prefixes: Sequence[str], *, limit: int = 2000
    ) -> list[VocabularyTerm]:
        """Indexed terms of ``column`` starting with any of the prefixes."""
        await self._ensure_vocabulary()
        found: dict[str, int] = {}
        for prefix in dict.fromkeys(p for p in prefixes if p):
            upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            async with self._conn.execute(
                f"SELECT term, doc FROM {_VOCABULARY_TABLE}"
                " WHERE term >= ? AND term < ? AND col = ? LIMIT ?",
                (prefix, upper, _COLUMNS[column], limit),
            ) as cursor:
                for term, documents in await cursor.fetchall():
                    found[str(term)] = int(documents)
        return [VocabularyTerm(t, d) for t, d in found.items()]

    async def column_text_with(self, column: Column, term: str) -> str | None:
        """Some stored text of ``column`` holding ``term``: shows how the stem is spelt."""
        async with self._conn.execute(
            f"SELECT s.{_COLUMNS[column]} FROM sentences_fts"
            " JOIN sentences s ON s.id = sentences_fts.rowid"
            " WHERE sentences_fts MATCH ? ORDER BY sentences_fts.rowid DESC LIMIT 1",
            (clause_expression(TermClause(column, (term,))),),
        ) as cursor:
            row = await cursor.fetchone()
        return str(row[0]) if row and row[0] else None

    async def _ensure_vocabulary(self) -> None:
        if not self._vocabulary_ready:
            # A temp table: per connection, no migration, sees main's index live.
            await self._conn.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {_VOCABULARY_TABLE}"
                " USING fts5vocab(main, sentences_fts, col)"
            )
            self._vocabulary_ready = True


def _hit(row: aiosqlite.Row) -> SentenceHit:
    return SentenceHit(
        sentence_id=row[0],
        article_id=row[1],
        paragraph=row[2],
        position=row[3],
        text=row[4],
        speaker=row[5],
        speaker_role=row[6],
        speaker_mode=row[7],
        speaker_terms=row[8],
        relevance=float(row[9]),
        title=row[10],
        published=date.fromisoformat(row[11]) if row[11] else None,
        day=date.fromisoformat(row[12]),
        section=row[13],
    )
