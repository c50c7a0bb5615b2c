"""The summary cache across an upgrade of the summariser, on every backend."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from bot.ingest.article import ParsedArticle
from bot.storage.backends import opened_storage
from bot.storage.interface import Storage
from bot.storage.migrations import load_migrations
from bot.storage.records import NewSentence
from bot.storage.sqlite import SQLiteStorage

RECOMPUTED = "summaries_recomputed.sql"


async def _back_to_before_recomputing(storage: Storage) -> None:
    """Make the database look as it did before summaries were recomputed."""
    if isinstance(storage, SQLiteStorage):
        (migration,) = [m for m in load_migrations() if m.name.endswith(RECOMPUTED)]
        conn = sqlite3.connect(storage.path)
        try:
            conn.execute(f"PRAGMA user_version = {migration.version - 1}")
            conn.commit()
        finally:
            conn.close()
    else:
        (migration,) = [m for m in load_migrations("postgres") if m.name.endswith(RECOMPUTED)]
        await storage.pool.execute(  # type: ignore[attr-defined]
            "UPDATE schema_version SET version = $1", migration.version - 1
        )


async def test_summaries_cached_by_earlier_rules_are_dropped(database_setting: str) -> None:
    async with opened_storage(database_setting) as storage:
        outcome = await storage.articles.add(
            ParsedArticle(title="Talks resume", paragraphs=("The talks resumed on Monday.",)),
            [NewSentence(0, 0, "The talks resumed on Monday.")],
            content_hash="h1",
            ingested_at=datetime(2024, 5, 1, tzinfo=UTC),
        )
        await storage.summaries.put(
            outcome.article_id, algorithm="default", length=3, positions=[0]
        )
        await _back_to_before_recomputing(storage)
    async with opened_storage(database_setting) as storage:
        assert (
            await storage.summaries.get(outcome.article_id, algorithm="default", length=3) is None
        )
        assert await storage.articles.get(outcome.article_id) is not None
