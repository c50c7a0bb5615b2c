from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.ingest.article import ParsedArticle
from bot.storage.migrations import load_migrations
from bot.storage.records import AddStatus, NewSentence
from bot.storage.sqlite import SQLiteStorage, open_storage

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def _article(title: str = "Talks resume", url: str | None = None, **kw: object) -> ParsedArticle:
    return ParsedArticle(
        title=title,
        paragraphs=("The talks resumed on Monday.", "Officials said more work remains."),
        published=date(2024, 4, 30),
        url=url,
        **kw,  # type: ignore[arg-type]
    )


SENTENCES = [
    NewSentence(0, 0, "The talks resumed on Monday."),
    NewSentence(
        1, 1, "Officials said more work remains.", "officials", None, "reported", "officials"
    ),
]


async def test_schema_is_versioned_with_wal_and_foreign_keys(sqlite_storage: SQLiteStorage) -> None:
    assert await sqlite_storage.schema_version() == len(load_migrations())
    conn = sqlite3.connect(sqlite_storage.path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()
    assert {"articles", "sentences", "sentences_fts", "articles_fts"} <= tables


async def test_reopening_does_not_migrate_twice(db_path: Path) -> None:
    first = await open_storage(db_path)
    await first.articles.add(_article(), SENTENCES, content_hash="h1", ingested_at=NOW)
    await first.close()
    second = await open_storage(db_path)
    try:
        assert await second.articles.count() == 1
        assert await second.schema_version() == len(load_migrations())
    finally:
        await second.close()


async def test_newer_schema_is_refused(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(RuntimeError, match="newer than this program"):
        await open_storage(db_path)


async def test_failed_insert_leaves_no_fts5_rows(sqlite_storage: SQLiteStorage) -> None:
    bad = [*SENTENCES, NewSentence(0, 0, "same position twice violates the unique rule")]
    with pytest.raises(sqlite3.IntegrityError):
        await sqlite_storage.articles.add(_article(), bad, content_hash="h1", ingested_at=NOW)
    assert await sqlite_storage.articles.count() == 0
    conn = sqlite3.connect(sqlite_storage.path)
    try:
        assert conn.execute("SELECT count(*) FROM sentences").fetchone()[0] == 0
        assert (
            conn.execute(
                "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'talks'"
            ).fetchone()[0]
            == 0
        )
    finally:
        conn.close()
    ok = await sqlite_storage.articles.add(
        _article(), SENTENCES, content_hash="h1", ingested_at=NOW
    )
    assert ok.status is AddStatus.ADDED


async def test_delete_leaves_the_fts5_index_intact(sqlite_storage: SQLiteStorage) -> None:
    outcome = await sqlite_storage.articles.add(
        _article(), SENTENCES, content_hash="h1", ingested_at=NOW
    )
    assert await sqlite_storage.articles.delete(outcome.article_id)
    assert not await sqlite_storage.articles.delete(outcome.article_id)
    assert await sqlite_storage.articles.get(outcome.article_id) is None
    conn = sqlite3.connect(sqlite_storage.path)
    try:
        assert conn.execute("SELECT count(*) FROM sentences").fetchone()[0] == 0
        hits = conn.execute(
            "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'officials'"
        ).fetchone()[0]
        assert hits == 0
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('integrity-check')")
    finally:
        conn.close()


async def test_a_write_cancelled_as_it_begins_leaves_the_database_free(
    sqlite_storage: SQLiteStorage, db_path: Path
) -> None:
    """A task stopped (at shutdown, say) just as its write transaction begins: the BEGIN
    still runs on the connection's thread, and must not leave the write lock taken."""
    entered = False

    async def write() -> None:
        nonlocal entered
        async with sqlite_storage.transaction():
            entered = True

    task = asyncio.create_task(write())
    await asyncio.sleep(0)  # the task has handed its BEGIN to the connection's thread
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not entered
    # This process writes again, and so does another one, without waiting.
    added = await sqlite_storage.articles.add(
        _article(), [], content_hash="after-cancel", ingested_at=datetime.now(UTC)
    )
    assert added.status is AddStatus.ADDED

    def other_process_writes() -> None:
        with sqlite3.connect(db_path, timeout=30) as conn:
            conn.execute("INSERT INTO chats VALUES (-1, 'group', 'x', 'x')")

    await asyncio.to_thread(other_process_writes)
