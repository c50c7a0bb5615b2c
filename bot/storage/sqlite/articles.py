"""Articles and their sentences in SQLite."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import UTC, date, datetime

import aiosqlite

from bot.ingest.article import ParsedArticle
from bot.storage.records import (
    AddOutcome,
    AddStatus,
    Article,
    ArticleHeader,
    NewSentence,
    Sentence,
    SpeakerUpdate,
    StaleArticle,
    is_row_id,
)
from bot.storage.sqlite.search import fts_phrase, record_spelling_terms

Transaction = Callable[[], AbstractAsyncContextManager[aiosqlite.Connection]]

INSERT_SENTENCE = (
    "INSERT INTO sentences (article_id, paragraph, position, text, speaker, speaker_role,"
    " speaker_mode, speaker_terms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_HEADER_COLUMNS = "id, title, published, section, ingested_at"
_LATEST_ORDER = "ORDER BY COALESCE(published, substr(ingested_at, 1, 10)) DESC, id DESC"


class SQLiteArticleRepository:
    def __init__(self, connection: aiosqlite.Connection, transaction: Transaction) -> None:
        self._conn = connection
        self._transaction = transaction

    async def find_duplicate(self, *, content_hash: str, url: str | None) -> AddOutcome | None:
        found = await self._first_id("SELECT id FROM articles WHERE content_hash = ?", content_hash)
        if found is not None:
            return AddOutcome(AddStatus.DUPLICATE, found, "same content")
        if url:
            found = await self._first_id("SELECT id FROM articles WHERE url = ?", url)
            if found is not None:
                return AddOutcome(AddStatus.DUPLICATE, found, "same URL")
        return None

    async def _first_id(self, sql: str, value: str) -> int | None:
        # one trip to the connection's thread: every article added is checked
        rows = list(await self._conn.execute_fetchall(sql, (value,)))
        return int(rows[0][0]) if rows else None

    async def add(
        self,
        article: ParsedArticle,
        sentences: Sequence[NewSentence],
        *,
        content_hash: str,
        ingested_at: datetime,
        attribution_version: int = 0,
    ) -> AddOutcome:
        async with self._transaction() as conn:
            # Checked inside the write transaction so two concurrent uploads of one
            # article cannot both pass the check.
            duplicate = await self.find_duplicate(content_hash=content_hash, url=article.url)
            if duplicate:
                return duplicate
            try:
                cursor = await conn.execute(
                    "INSERT INTO articles (title, section, byline, dateline_place,"
                    " dateline_agency, published, source, url, kind, ingested_at,"
                    " content_hash, paragraphs, attribution_version)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        article.title,
                        article.section,
                        article.byline,
                        article.dateline_place,
                        article.dateline_agency,
                        article.published.isoformat() if article.published else None,
                        article.source,
                        article.url,
                        article.kind,
                        _utc_text(ingested_at),
                        content_hash,
                        json.dumps(list(article.paragraphs), ensure_ascii=False),
                        attribution_version,
                    ),
                )
            except sqlite3.IntegrityError:
                duplicate = await self.find_duplicate(content_hash=content_hash, url=article.url)
                if duplicate:
                    return duplicate
                raise
            article_id = cursor.lastrowid
            assert article_id is not None
            await conn.executemany(INSERT_SENTENCE, sentence_rows(article_id, sentences))
            await record_spelling_terms(conn, (s.text for s in sentences))
        return AddOutcome(AddStatus.ADDED, article_id)

    async def get(self, article_id: int) -> Article | None:
        if not is_row_id(article_id):
            return None
        async with self._conn.execute(
            "SELECT id, title, published, section, byline, dateline_place, dateline_agency,"
            " source, url, kind, ingested_at, content_hash, paragraphs"
            " FROM articles WHERE id = ?",
            (article_id,),
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        return Article(
            id=row["id"],
            title=row["title"],
            published=_date(row["published"]),
            section=row["section"],
            byline=row["byline"],
            dateline_place=row["dateline_place"],
            dateline_agency=row["dateline_agency"],
            source=row["source"],
            url=row["url"],
            kind=row["kind"],
            ingested_at=_datetime(row["ingested_at"]),
            content_hash=row["content_hash"],
            paragraphs=tuple(json.loads(row["paragraphs"])),
        )

    async def list_latest(self, *, limit: int = 10, offset: int = 0) -> list[ArticleHeader]:
        async with self._conn.execute(
            f"SELECT {_HEADER_COLUMNS} FROM articles {_LATEST_ORDER} LIMIT ? OFFSET ?",
            (limit, offset),
        ) as cursor:
            return [_header(row) for row in await cursor.fetchall()]

    async def ingested_since(self, since: datetime, *, limit: int = 50) -> list[ArticleHeader]:
        async with self._conn.execute(
            f"SELECT {_HEADER_COLUMNS} FROM articles WHERE ingested_at > ?"
            " ORDER BY ingested_at DESC, id DESC LIMIT ?",
            (_utc_text(since), limit),
        ) as cursor:
            return [_header(row) for row in await cursor.fetchall()]

    async def count_ingested(self, *, since: datetime, until: datetime) -> int:
        async with self._conn.execute(
            "SELECT count(*) FROM articles WHERE ingested_at > ? AND ingested_at <= ?",
            (_utc_text(since), _utc_text(until)),
        ) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def headers(self, article_ids: Sequence[int]) -> dict[int, ArticleHeader]:
        article_ids = [i for i in article_ids if is_row_id(i)]
        if not article_ids:
            return {}
        marks = ",".join("?" * len(article_ids))
        async with self._conn.execute(
            f"SELECT {_HEADER_COLUMNS} FROM articles WHERE id IN ({marks})", tuple(article_ids)
        ) as cursor:
            return {row["id"]: _header(row) for row in await cursor.fetchall()}

    async def find_by_words(self, words: Sequence[str], *, limit: int = 5) -> list[ArticleHeader]:
        """Articles whose title (weighted) or body match all the words, best first."""
        if not words:
            return []
        query = " ".join(fts_phrase(word) for word in words)
        async with self._conn.execute(
            f"SELECT {_HEADER_COLUMNS} FROM articles JOIN ("
            "  SELECT rowid AS article_id, bm25(articles_fts, 4.0, 1.0) * 3 AS rank"
            "  FROM articles_fts WHERE articles_fts MATCH ?1"
            "  UNION ALL"
            "  SELECT s.article_id, min(hit.rank) FROM ("
            "    SELECT rowid AS sentence_id, bm25(sentences_fts) AS rank FROM sentences_fts"
            "    WHERE sentences_fts MATCH ?1 ORDER BY rank LIMIT 500"
            "  ) AS hit JOIN sentences s ON s.id = hit.sentence_id GROUP BY s.article_id"
            ") AS hit ON hit.article_id = articles.id"
            " GROUP BY articles.id ORDER BY sum(hit.rank), articles.id DESC LIMIT ?2",
            (query, limit),
        ) as cursor:
            return [_header(row) for row in await cursor.fetchall()]

    async def count(self) -> int:
        async with self._conn.execute("SELECT count(*) FROM articles") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def last_ingested_at(self) -> datetime | None:
        async with self._conn.execute("SELECT max(ingested_at) FROM articles") as cursor:
            row = await cursor.fetchone()
        return _datetime(row[0]) if row and row[0] else None

    async def delete(self, article_id: int) -> bool:
        if not is_row_id(article_id):
            return False
        async with self._transaction() as conn:
            cursor = await conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
            return cursor.rowcount > 0

    async def sentences(self, article_id: int) -> list[Sentence]:
        if not is_row_id(article_id):
            return []
        async with self._conn.execute(
            f"SELECT {_SENTENCE_COLUMNS} FROM sentences WHERE article_id = ? ORDER BY position",
            (article_id,),
        ) as cursor:
            return [_sentence(row) for row in await cursor.fetchall()]

    async def count_stale_attributions(self, version: int) -> int:
        async with self._conn.execute(
            "SELECT count(*) FROM articles WHERE attribution_version < ?", (version,)
        ) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def stale_attributions(self, version: int, *, limit: int) -> list[StaleArticle]:
        async with self._conn.execute(
            "SELECT id, title FROM articles WHERE attribution_version < ? ORDER BY id LIMIT ?",
            (version, limit),
        ) as cursor:
            heads = [(row["id"], row["title"]) for row in await cursor.fetchall()]
        if not heads:
            return []
        by_article: dict[int, list[Sentence]] = {article_id: [] for article_id, _ in heads}
        marks = ",".join("?" * len(heads))
        async with self._conn.execute(
            f"SELECT {_SENTENCE_COLUMNS} FROM sentences WHERE article_id IN ({marks})"
            " ORDER BY article_id, position",
            tuple(by_article),
        ) as cursor:
            for row in await cursor.fetchall():
                by_article[row["article_id"]].append(_sentence(row))
        return [
            StaleArticle(article_id, title, tuple(by_article[article_id]))
            for article_id, title in heads
        ]

    async def update_speakers(
        self, article_id: int, updates: Sequence[SpeakerUpdate], *, version: int
    ) -> None:
        async with self._transaction() as conn:
            await conn.executemany(
                "UPDATE sentences SET speaker = ?, speaker_role = ?, speaker_mode = ?,"
                " speaker_terms = ? WHERE id = ? AND article_id = ?",
                [
                    (
                        u.speaker,
                        u.speaker_role,
                        u.speaker_mode,
                        u.speaker_terms,
                        u.sentence_id,
                        article_id,
                    )
                    for u in updates
                ],
            )
            await conn.execute(
                "UPDATE articles SET attribution_version = ? WHERE id = ?", (version, article_id)
            )


_SENTENCE_COLUMNS = "id, article_id, paragraph, position, text, speaker, speaker_role, speaker_mode"


def _sentence(row: aiosqlite.Row) -> Sentence:
    return Sentence(
        id=row["id"],
        article_id=row["article_id"],
        paragraph=row["paragraph"],
        position=row["position"],
        text=row["text"],
        speaker=row["speaker"],
        speaker_role=row["speaker_role"],
        speaker_mode=row["speaker_mode"],
    )


def sentence_rows(article_id: int, sentences: Sequence[NewSentence]) -> list[tuple[object, ...]]:
    """Parameters of ``INSERT_SENTENCE`` for one article's sentences."""
    return [
        (
            article_id,
            s.paragraph,
            s.position,
            s.text,
            s.speaker,
            s.speaker_role,
            s.speaker_mode,
            s.speaker_terms,
        )
        for s in sentences
    ]


def _header(row: aiosqlite.Row) -> ArticleHeader:
    return ArticleHeader(
        id=row["id"],
        title=row["title"],
        published=_date(row["published"]),
        section=row["section"],
        ingested_at=_datetime(row["ingested_at"]),
    )


def _utc_text(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _datetime(value: str) -> datetime:
    return datetime.fromisoformat(value)
