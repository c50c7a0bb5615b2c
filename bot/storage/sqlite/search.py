"""Full-text search for questions: FTS5 queries built only from quoted terms.

User words never reach ``MATCH`` as syntax: each becomes a string literal
(``"tok"``, inner quotes doubled), so ``AND``, ``NEAR(``, ``*``, ``-``, ``^`` and
``col:`` filters are plain text. Results come newest first and are capped, so a
common word costs the same on a large archive as on a small one; the caller ranks.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date
from math import comb

import aiosqlite

from bot.qa.rank import BM25_WEIGHT as _BM25_WEIGHT
from bot.qa.rank import COVERAGE_WEIGHT as _COVERAGE_WEIGHT
from bot.qa.rank import TITLE_WEIGHT as _TITLE_WEIGHT
from bot.qa.records import (
    Column,
    KeywordCandidates,
    Scope,
    SentenceHit,
    TermClause,
    VocabularyTerm,
)
from bot.storage.interface import QueryRefused

# Above this many term combinations, "at least k of n" is searched as "any of n".
MAX_COMBINATIONS = 20
_COLUMNS: dict[Column, str] = {"text": "text", "speaker_terms": "speaker_terms"}
_DAY = "COALESCE(a.published, substr(a.ingested_at, 1, 10))"
_HIT_COLUMNS = (
    "s.id, s.article_id, s.paragraph, s.position, s.text, s.speaker, s.speaker_role,"
    " s.speaker_mode, s.speaker_terms, -bm25(sentences_fts, 1.0, 1.0) AS relevance,"
    f" a.title, a.published, {_DAY} AS day, a.section"
)
_CANDIDATE_COLUMNS = (
    "s.id, s.article_id, s.paragraph, s.position, s.text, s.speaker, s.speaker_role,"
    " s.speaker_mode, s.speaker_terms, c.rel, a.title, a.published, c.day, a.section,"
    " c.title_rel, c.top_rel, c.top_title"
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


def _any_of(terms: Sequence[str]) -> str:
    return " OR ".join(fts_phrase(t) for t in dict.fromkeys(terms))


def _keyword_sql(tiers: int, where: str) -> str:
    """One statement for a whole keyword search, so it costs one round trip.

    Each tier reads the newest ``cap`` matches and runs only while the tiers before it
    found fewer than ``enough`` sentences.
    A sentence keeps the BM25 of the last tier that found it and the coverage floor of
    the strictest one. Titles are scored in the same statement over the candidates'
    article range, and the candidates are pre-ordered by the final score with coverage
    replaced by its floor, so only the front of the list reaches Python.
    """
    joins = (
        " JOIN sentences s ON s.id = sentences_fts.rowid JOIN articles a ON a.id = s.article_id"
        if where
        else ""
    )
    ctes = []
    for tier in range(1, tiers + 1):
        # The gate sits in LIMIT: a LIMIT of 0 skips the scan, a WHERE condition would not.
        limit = "?"
        if tier > 1:
            earlier = " UNION ALL ".join(f"SELECT id FROM t{n}" for n in range(1, tier))
            limit = f"CASE WHEN (SELECT count(DISTINCT id) FROM ({earlier})) < ? THEN ? ELSE 0 END"
        ctes.append(
            f"t{tier} AS MATERIALIZED (SELECT sentences_fts.rowid AS id,"
            " -bm25(sentences_fts, 1.0, 1.0) AS rel"
            f" FROM sentences_fts{joins} WHERE sentences_fts MATCH ?{where}"
            f" ORDER BY sentences_fts.rowid DESC LIMIT {limit})"
        )
    hits = " UNION ALL ".join(f"SELECT id, rel, {n} AS tier FROM t{n}" for n in range(1, tiers + 1))
    # The BM25 of the last tier that found a sentence (a bare column of max()), and the
    # coverage floor of the first.
    floor = " ".join(f"WHEN h.id IN (SELECT id FROM t{n}) THEN ?" for n in range(1, tiers))
    need = f"CASE {floor} ELSE ? END" if floor else "?"
    ctes.append(
        f"found AS MATERIALIZED (SELECT h.id, h.rel, {need} AS need, s.article_id, s.text,"
        f" {_DAY} AS day FROM (SELECT id, rel, max(tier) FROM ({hits}) GROUP BY id) h"
        " JOIN sentences s ON s.id = h.id JOIN articles a ON a.id = s.article_id)"
    )
    ctes.append(
        "titles AS MATERIALIZED (SELECT rowid AS article_id,"
        " -bm25(articles_fts, 1.0, 0.3) AS title_rel FROM articles_fts"
        " WHERE articles_fts MATCH ? AND rowid BETWEEN (SELECT min(article_id) FROM found)"
        " AND (SELECT max(article_id) FROM found)"
        # ``+``: a membership test on each match, not one FTS5 lookup per article.
        " AND +rowid IN (SELECT article_id FROM found))"
    )
    ctes.append(
        "scored AS (SELECT f.*, t.title_rel,"
        " coalesce(nullif(max(f.rel) OVER (), 0), 1.0) AS top_rel,"
        " coalesce(nullif(max(t.title_rel) OVER (), 0), 1.0) AS top_title"
        " FROM found f LEFT JOIN titles t USING (article_id))"
    )
    ctes.append(
        f"ranked AS (SELECT *, {_COVERAGE_WEIGHT} * need"
        f" + {_BM25_WEIGHT} * max(rel, 0) / top_rel"
        f" + {_TITLE_WEIGHT} * max(coalesce(title_rel, 0), 0) / top_title AS guess FROM scored)"
    )
    ctes.append(
        "copies AS (SELECT *, row_number() OVER"
        " (PARTITION BY text ORDER BY guess DESC, day DESC, article_id DESC) AS copy"
        " FROM ranked)"
    )
    return (
        "WITH " + ", ".join(ctes) + f" SELECT {_CANDIDATE_COLUMNS} FROM copies c"
        " JOIN sentences s ON s.id = c.id JOIN articles a ON a.id = s.article_id"
        " WHERE c.copy = 1 ORDER BY c.guess DESC, c.day DESC, c.article_id DESC, s.position"
        " LIMIT ?"
    )


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

    async def _matching(self, sql: str, params: Sequence[object]) -> Iterable[aiosqlite.Row]:
        """Run a full-text query; FTS5 refusing it becomes the contract's QueryRefused."""
        try:
            return await self._conn.execute_fetchall(sql, params)
        except sqlite3.OperationalError as exc:
            raise QueryRefused(str(exc)) from exc

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
        rows = await self._matching(sql, (match_expression(clauses), *params, cap))
        return [_hit(row) for row in rows]

    async def keyword_candidates(
        self,
        terms: Sequence[str],
        minimums: Sequence[int],
        *,
        scope: Scope,
        cap: int,
        enough: int,
        keep: int,
    ) -> KeywordCandidates:
        """Sentences holding at least ``minimums[i]`` of the terms, tier by tier.

        A tier reads the newest ``cap`` matches and runs only while the earlier tiers found
        fewer than ``enough`` sentences; of all those, the ``keep`` that look best (exact
        copies of a sentence once) come back, with their titles' BM25.
        """
        unique = tuple(dict.fromkeys(terms))
        if not unique or not minimums or cap <= 0 or keep <= 0:
            return KeywordCandidates((), {}, 1.0, 1.0)
        where, scope_params = _scope_filter(scope)
        params: list[object] = []
        count = len(unique)
        for tier, minimum in enumerate(minimums):
            params.append(match_expression([TermClause("text", unique, min(minimum, count))]))
            params += scope_params
            if tier:
                params.append(enough)
            params.append(cap)
        params += [min(m, count) / count for m in minimums]
        params += [_any_of(unique), keep]
        rows = await self._matching(_keyword_sql(len(minimums), where), params)
        if not rows:
            return KeywordCandidates((), {}, 1.0, 1.0)
        titles = {int(r[1]): float(r[14]) for r in rows if r[14] is not None}
        return KeywordCandidates(
            tuple(_hit(r) for r in rows), titles, float(rows[0][15]), float(rows[0][16])
        )

    async def known_terms(self, column: Column, terms: Sequence[str]) -> set[str]:
        """The terms that occur at least once in ``column``."""
        unique = list(dict.fromkeys(terms))
        if not unique:
            return set()
        # One statement for all the terms: each EXISTS stops at the first match.
        sql = " UNION ALL ".join(
            f"SELECT {i} WHERE EXISTS (SELECT 1 FROM sentences_fts WHERE sentences_fts MATCH ?)"
            for i in range(len(unique))
        )
        expressions = [clause_expression(TermClause(column, (t,))) for t in unique]
        rows = await self._matching(sql, expressions)
        return {unique[int(r[0])] for r in rows}

    async def articles_mentioning(self, terms: Sequence[str], *, limit: int) -> list[int]:
        """Articles with all the terms in the title, then in one sentence; newest first."""
        if not terms or limit <= 0:
            return []
        expression = " AND ".join(fts_phrase(t) for t in dict.fromkeys(terms))
        found: list[int] = []
        async with self._conn.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
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
