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

from bot.qa.records import Column, Scope, SentenceHit, TermClause
from bot.qa.spelling import deletions, spelling_terms_of
from bot.storage.interface import QueryRefused

# Above this many term combinations, "at least k of n" is searched as "any of n".
MAX_COMBINATIONS = 20
_COLUMNS: dict[Column, str] = {"text": "text", "speaker_terms": "speaker_terms"}
_DAY = "COALESCE(a.published, substr(a.ingested_at, 1, 10))"
_HIT_COLUMNS = (
    "s.id, s.article_id, s.paragraph, s.position, s.text, s.speaker, s.speaker_role,"
    f" s.speaker_mode, s.speaker_terms, a.title, a.published, {_DAY} AS day, a.section"
)
# SQLite's default limit on host parameters is far above this; lists are cut into chunks.
_CHUNK = 400
# Terms whose deletions are written together: enough that a batch of articles rewrites the
# variants index a few times rather than once per article, few enough that a lookup checks
# the waiting ones in a few milliseconds.
SPELLING_BATCH = 5_000
# Sentences counted for a word's rarity before it counts as common.
DOCUMENTS_COUNTED = 2000


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

    async def term_documents(self, column: Column, stems: Sequence[str]) -> dict[str, int]:
        """How many sentences hold each indexed (stemmed) term in ``column``, counted up to
        ``DOCUMENTS_COUNTED`` (past that a word is simply common); absent terms are left
        out. Counting stops early, so a common word costs no more than a rare one."""
        found: dict[str, int] = {}
        unique = list(dict.fromkeys(t for t in stems if t))
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start : start + _CHUNK]
            sql = " UNION ALL ".join(
                f"SELECT {i}, (SELECT count(*) FROM (SELECT 1 FROM sentences_fts"
                f" WHERE sentences_fts MATCH ? LIMIT {DOCUMENTS_COUNTED}))"
                for i in range(len(chunk))
            )
            params = [clause_expression(TermClause(column, (t,))) for t in chunk]
            for index, count in await self._matching(sql, params):
                if count:
                    found[chunk[int(index)]] = int(count)
        return found

    async def sentence_total(self) -> int:
        """About how many sentences are stored (the highest id): the scale for rarity."""
        async with self._conn.execute("SELECT max(id) FROM sentences") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    async def phrase_found(self, words: Sequence[str]) -> bool:
        """Whether the words occur together, in this order, in a sentence or a title."""
        if not words:
            return False
        phrase = fts_phrase(" ".join(words))
        if await self._matching(
            "SELECT 1 FROM sentences_fts WHERE sentences_fts MATCH ? LIMIT 1", (f"text : {phrase}",)
        ):
            return True
        return bool(
            await self._matching(
                "SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1",
                (f"title : {phrase}",),
            )
        )

    async def titled_articles(
        self, clauses: Sequence[TermClause], *, scope: Scope, limit: int
    ) -> list[int]:
        """Articles whose title matches every clause (their column ignored), newest first."""
        if not clauses or limit <= 0:
            return []
        where, params = _scope_filter(scope)
        expression = " AND ".join(
            clause_expression(TermClause("text", c.terms, c.minimum)).replace("text :", "title :")
            for c in clauses
        )
        rows = await self._matching(
            "SELECT articles_fts.rowid FROM articles_fts JOIN articles a"
            " ON a.id = articles_fts.rowid"
            f" WHERE articles_fts MATCH ?{where} ORDER BY articles_fts.rowid DESC LIMIT ?",
            (expression, *params, limit),
        )
        return [int(r[0]) for r in rows]

    async def article_hits(
        self, article_ids: Sequence[int], *, clauses: Sequence[TermClause] = ()
    ) -> list[SentenceHit]:
        """The sentences of these articles (those matching every clause, if any), in order."""
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return []
        marks = ", ".join("?" * len(ids))
        if clauses:
            sql = (
                f"SELECT {_HIT_COLUMNS} FROM sentences_fts"
                " JOIN sentences s ON s.id = sentences_fts.rowid"
                " JOIN articles a ON a.id = s.article_id"
                f" WHERE sentences_fts MATCH ? AND s.article_id IN ({marks})"
                " ORDER BY s.article_id, s.position"
            )
            params: tuple[object, ...] = (match_expression(clauses), *ids)
        else:
            sql = (
                f"SELECT {_HIT_COLUMNS} FROM sentences s"
                " JOIN articles a ON a.id = s.article_id"
                f" WHERE s.article_id IN ({marks}) ORDER BY s.article_id, s.position"
            )
            params = tuple(ids)
        rows = await self._matching(sql, params)
        return [_hit(row) for row in rows]

    async def sentence_hits(self, sentence_ids: Sequence[int]) -> list[SentenceHit]:
        """These sentences, as search hits (those that exist), in id order."""
        ids = list(dict.fromkeys(sentence_ids))
        if not ids:
            return []
        marks = ", ".join("?" * len(ids))
        rows = await self._conn.execute_fetchall(
            f"SELECT {_HIT_COLUMNS} FROM sentences s JOIN articles a ON a.id = s.article_id"
            f" WHERE s.id IN ({marks}) ORDER BY s.id",
            ids,
        )
        return [_hit(row) for row in rows]

    async def contexts(
        self, sentence_ids: Sequence[int], *, before: int = 3
    ) -> dict[int, tuple[str, ...]]:
        """For each sentence, what a reader has read just before it: its article's first
        sentence and up to ``before`` sentences preceding it in its paragraph, in order."""
        ids = list(dict.fromkeys(sentence_ids))
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        rows = await self._conn.execute_fetchall(
            "SELECT s.id, c.text FROM sentences s JOIN sentences c"
            " ON c.article_id = s.article_id AND c.id != s.id AND (c.position = 0"
            " OR (c.paragraph = s.paragraph AND c.position BETWEEN s.position - ? AND s.position))"
            f" WHERE s.id IN ({marks}) ORDER BY s.id, c.position",
            (before, *ids),
        )
        found: dict[int, list[str]] = {}
        for sentence_id, text in rows:
            found.setdefault(int(sentence_id), []).append(str(text))
        return {key: tuple(value) for key, value in found.items()}

    async def close_terms(self, variants: Sequence[str], *, limit: int = 200) -> list[str]:
        """Indexed terms sharing a one-letter deletion (or none) with any of the variants."""
        unique = list(dict.fromkeys(v for v in variants if v))
        if not unique:
            return []
        found: list[str] = []
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start : start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            async with self._conn.execute(
                "SELECT DISTINCT t.term FROM spelling_variants v"
                " JOIN spelling_terms t ON t.id = v.term_id"
                f" WHERE v.variant IN ({marks}) LIMIT ?",
                (*chunk, limit),
            ) as cursor:
                found += [str(r[0]) for r in await cursor.fetchall()]
        # terms stored since the deletions were last written
        wanted = set(unique)
        async with self._conn.execute(
            "SELECT t.term FROM spelling_pending p JOIN spelling_terms t ON t.id = p.term_id"
        ) as cursor:
            for (term,) in await cursor.fetchall():
                if term in wanted or not wanted.isdisjoint(deletions(term)):
                    found.append(str(term))
        return list(dict.fromkeys(found))[:limit]


async def record_spelling_terms(conn: aiosqlite.Connection, texts: Iterable[str]) -> None:
    """Add the texts' new terms to the spelling index; their deletions follow in bulk.

    Called in the transaction that stores the sentences, so the index never misses a word
    the search can find: a term is in ``spelling_terms`` at once, and until its deletions
    are written (``SPELLING_BATCH`` terms at a time) it waits in ``spelling_pending``,
    where :meth:`SQLiteSearchRepository.close_terms` checks it directly.
    """
    terms = sorted(spelling_terms_of(texts))
    for start in range(0, len(terms), _CHUNK):
        chunk = terms[start : start + _CHUNK]
        values = ", ".join(["(?)"] * len(chunk))
        # a term already indexed is ignored, so only the new ones come back, with their ids
        rows = await conn.execute_fetchall(
            f"INSERT OR IGNORE INTO spelling_terms (term) VALUES {values} RETURNING id", chunk
        )
        if rows:
            await conn.executemany(
                "INSERT INTO spelling_pending (term_id) VALUES (?)", [(r[0],) for r in rows]
            )
    waiting = await conn.execute_fetchall("SELECT count(*) FROM spelling_pending")
    if waiting[0][0] >= SPELLING_BATCH:
        await write_pending_deletions(conn)


async def write_pending_deletions(conn: aiosqlite.Connection) -> None:
    """Each waiting term itself and with each of its letters left out in turn (the same
    variants as :func:`bot.qa.spelling.deletions`), written in one statement."""
    await conn.execute(
        "WITH RECURSIVE cut (term_id, term, position) AS ("
        "  SELECT t.id, t.term, 0 FROM spelling_pending p JOIN spelling_terms t ON t.id = p.term_id"
        "  UNION ALL"
        "  SELECT term_id, term, position + 1 FROM cut WHERE position < length(term)"
        ") INSERT OR IGNORE INTO spelling_variants (variant, term_id)"
        " SELECT CASE position WHEN 0 THEN term"
        "  ELSE substr(term, 1, position - 1) || substr(term, position + 1) END, term_id"
        " FROM cut"
    )
    await conn.execute("DELETE FROM spelling_pending")


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
        title=row[9],
        published=date.fromisoformat(row[10]) if row[10] else None,
        day=date.fromisoformat(row[11]),
        section=row[12],
    )
