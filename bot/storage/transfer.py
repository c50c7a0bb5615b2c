"""Copying a SQLite archive into PostgreSQL: articles, sentences and their speakers,
summaries, chats, subscriptions, the delivery log, feeds and notices, with their ids.

Resumable: articles go in id order, a batch per transaction, so an interrupted copy
continues after the last article the target holds (checked to be the source's own); every
other table is copied with ``ON CONFLICT DO NOTHING`` and can simply be copied again. The
source is only read (its schema is brought up to date first, as on any start).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import aiosqlite
import asyncpg

from bot.ingest.article import ParsedArticle
from bot.storage.postgres import open_storage as open_postgres
from bot.storage.postgres.articles import store_article
from bot.storage.postgres.pool import clean, transaction
from bot.storage.postgres.terms import StatisticsChange, record_change
from bot.storage.records import NewSentence
from bot.storage.sqlite import open_storage as open_sqlite

# The tables besides articles and sentences, parents before children.
TABLES = (
    "summaries",
    "chats",
    "subscriptions",
    "deliveries",
    "feeds",
    "feed_entries",
    "feed_markers",
    "notices",
)
BATCH = 200
Progress = Callable[[int, int], None]  # (articles copied, articles in the source)


class TransferError(RuntimeError):
    """The copy cannot go on: the target holds other articles, or a database failed."""


@dataclass(slots=True)
class TransferReport:
    articles: int = 0  # copied by this run
    articles_before: int = 0  # already in the target (an earlier, interrupted run)
    rows: dict[str, int] = field(default_factory=dict)  # other tables: rows copied now


async def copy_sqlite_to_postgres(
    source: str | Path, target: str, *, batch: int = BATCH, progress: Progress | None = None
) -> TransferReport:
    try:
        return await _copy(source, target, batch, progress)
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, sqlite3.Error) as exc:
        raise TransferError(f"the copy stopped: {exc or type(exc).__name__}") from exc


async def _copy(
    source: str | Path, target: str, batch: int, progress: Progress | None
) -> TransferReport:
    report = TransferReport()
    sqlite = await open_sqlite(source)
    await sqlite.close()  # migrated to this program's schema; read below on its own
    postgres = await open_postgres(target)
    try:
        async with aiosqlite.connect(Path(source)) as reader:
            reader.row_factory = aiosqlite.Row
            await _copy_articles(reader, postgres.pool, report, batch, progress)
            for table in TABLES:
                report.rows[table] = await _copy_table(reader, postgres.pool, table)
        await _advance_identities(postgres.pool)
    finally:
        await postgres.close()
    return report


async def _copy_articles(
    reader: aiosqlite.Connection,
    pool: asyncpg.Pool,
    report: TransferReport,
    batch: int,
    progress: Progress | None,
) -> None:
    total = await _scalar(reader, "SELECT count(*) FROM articles")
    last = await pool.fetchval("SELECT coalesce(max(id), 0) FROM articles")
    report.articles_before = await pool.fetchval("SELECT count(*) FROM articles")
    if last:
        theirs = await pool.fetchval("SELECT content_hash FROM articles WHERE id = $1", last)
        ours = await _scalar(reader, "SELECT content_hash FROM articles WHERE id = ?", last)
        if ours != theirs:
            raise TransferError(
                "the PostgreSQL database already holds other articles; copy into an empty one"
            )
    while True:
        async with reader.execute(
            "SELECT * FROM articles WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
        ) as cursor:
            articles = list(await cursor.fetchall())
        if not articles:
            return
        ids = [row["id"] for row in articles]
        sentences: dict[int, list[aiosqlite.Row]] = {i: [] for i in ids}
        marks = ",".join("?" * len(ids))
        async with reader.execute(
            f"SELECT * FROM sentences WHERE article_id IN ({marks}) ORDER BY article_id, position",
            ids,
        ) as cursor:
            for row in await cursor.fetchall():
                sentences[row["article_id"]].append(row)
        change = StatisticsChange()
        async with transaction(pool) as conn:
            for row in articles:
                stored = await store_article(
                    conn,
                    _parsed(row),
                    [_sentence(s) for s in sentences[row["id"]]],
                    content_hash=row["content_hash"],
                    ingested_at=datetime.fromisoformat(row["ingested_at"]),
                    attribution_version=_column(row, "attribution_version", 0),
                    article_id=row["id"],
                    sentence_ids=[s["id"] for s in sentences[row["id"]]],
                )
                if stored.article_id is None:
                    raise TransferError(
                        f"article {row['id']} has the hash or URL of another article"
                        " already in the PostgreSQL database"
                    )
                change.add(stored.change)
            await record_change(conn, change)
        last = ids[-1]
        report.articles += len(articles)
        if progress is not None:
            progress(report.articles_before + report.articles, total)


async def _copy_table(reader: aiosqlite.Connection, pool: asyncpg.Pool, table: str) -> int:
    """Every row the target lacks, columns converted to the target's types."""
    async with reader.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ) as cursor:
        if await cursor.fetchone() is None:
            return 0
    types = {
        row["column_name"]: row["data_type"]
        for row in await pool.fetch(
            "SELECT column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = $1",
            table,
        )
    }
    async with reader.execute(f"SELECT * FROM {table}") as cursor:
        rows = list(await cursor.fetchall())
    if not rows:
        return 0
    columns = [c for c in rows[0].keys() if c in types]  # noqa: SIM118 (sqlite Row)
    marks = ", ".join(f"${n}" for n in range(1, len(columns) + 1))
    statement = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) ON CONFLICT DO NOTHING"
    )
    copied = 0
    async with transaction(pool) as conn:
        for row in rows:
            values = [_convert(row[c], types[c]) for c in columns]
            status = await conn.execute(statement, *values)
            copied += int(status.rsplit(" ", 1)[-1])
    return copied


async def _advance_identities(pool: asyncpg.Pool) -> None:
    """New rows get ids after the copied ones."""
    for table in ("articles", "sentences", "deliveries", "feeds", "notices"):
        await pool.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
            f" coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
        )


def _convert(value: Any, data_type: str) -> Any:
    if value is None:
        return None
    if data_type == "timestamp with time zone":
        return datetime.fromisoformat(value)
    if data_type == "date":
        return date.fromisoformat(value)
    if data_type == "boolean":
        return bool(value)
    if data_type == "ARRAY":
        return json.loads(value)
    if isinstance(value, str):
        return clean(value)
    return value


def _parsed(row: aiosqlite.Row) -> ParsedArticle:
    published = row["published"]
    return ParsedArticle(
        title=row["title"],
        paragraphs=tuple(json.loads(row["paragraphs"])),
        published=date.fromisoformat(published) if published else None,
        section=row["section"],
        byline=row["byline"],
        dateline_place=row["dateline_place"],
        dateline_agency=row["dateline_agency"],
        source=row["source"],
        url=row["url"],
        kind=row["kind"],
    )


def _sentence(row: aiosqlite.Row) -> NewSentence:
    return NewSentence(
        paragraph=row["paragraph"],
        position=row["position"],
        text=row["text"],
        speaker=row["speaker"],
        speaker_role=row["speaker_role"],
        speaker_mode=row["speaker_mode"],
        speaker_terms=row["speaker_terms"],
    )


def _column(row: aiosqlite.Row, name: str, default: Any) -> Any:
    return row[name] if name in row.keys() else default  # noqa: SIM118 (sqlite Row)


async def _scalar(reader: aiosqlite.Connection, sql: str, *params: Any) -> Any:
    async with reader.execute(sql, params) as cursor:
        row = await cursor.fetchone()
    return row[0] if row else None
