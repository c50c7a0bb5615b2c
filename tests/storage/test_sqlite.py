from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
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


async def test_schema_is_versioned_with_wal_and_foreign_keys(storage: SQLiteStorage) -> None:
    assert await storage.schema_version() == len(load_migrations())
    conn = sqlite3.connect(storage.path)
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


async def test_add_get_roundtrip(storage: SQLiteStorage) -> None:
    outcome = await storage.articles.add(
        _article(section="World", byline="Jane Roe", dateline_place="PARIS", dateline_agency="AP"),
        SENTENCES,
        content_hash="h1",
        ingested_at=NOW,
    )
    assert outcome.status is AddStatus.ADDED
    article = await storage.articles.get(outcome.article_id)
    assert article is not None
    assert article.title == "Talks resume"
    assert article.published == date(2024, 4, 30)
    assert article.dateline == "PARIS (AP)"
    assert article.paragraphs == _article().paragraphs
    assert article.ingested_at == NOW
    sentences = await storage.articles.sentences(outcome.article_id)
    assert [s.text for s in sentences] == [s.text for s in SENTENCES]
    assert sentences[1].speaker == "officials"


async def test_duplicates_by_content_and_by_url(storage: SQLiteStorage) -> None:
    first = await storage.articles.add(
        _article(url="https://example.com/a"), SENTENCES, content_hash="h1", ingested_at=NOW
    )
    same_content = await storage.articles.add(
        _article("Other title"), SENTENCES, content_hash="h1", ingested_at=NOW
    )
    same_url = await storage.articles.add(
        _article(url="https://example.com/a"), SENTENCES, content_hash="h2", ingested_at=NOW
    )
    assert same_content.status is AddStatus.DUPLICATE
    assert same_content.article_id == first.article_id
    assert same_content.duplicate_reason == "same content"
    assert same_url.status is AddStatus.DUPLICATE
    assert same_url.duplicate_reason == "same URL"
    assert await storage.articles.count() == 1


async def test_failed_insert_leaves_nothing_half_written(storage: SQLiteStorage) -> None:
    bad = [*SENTENCES, NewSentence(0, 0, "same position twice violates the unique rule")]
    with pytest.raises(sqlite3.IntegrityError):
        await storage.articles.add(_article(), bad, content_hash="h1", ingested_at=NOW)
    assert await storage.articles.count() == 0
    conn = sqlite3.connect(storage.path)
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
    ok = await storage.articles.add(_article(), SENTENCES, content_hash="h1", ingested_at=NOW)
    assert ok.status is AddStatus.ADDED


async def test_delete_cascades_to_sentences_and_index(storage: SQLiteStorage) -> None:
    outcome = await storage.articles.add(_article(), SENTENCES, content_hash="h1", ingested_at=NOW)
    assert await storage.articles.delete(outcome.article_id)
    assert not await storage.articles.delete(outcome.article_id)
    assert await storage.articles.get(outcome.article_id) is None
    conn = sqlite3.connect(storage.path)
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


async def test_latest_and_since(storage: SQLiteStorage) -> None:
    ids = []
    for n in range(3):
        outcome = await storage.articles.add(
            ParsedArticle(title=f"Story {n}", paragraphs=(f"Body number {n}.",)),
            [NewSentence(0, 0, f"Body number {n}.")],
            content_hash=f"h{n}",
            ingested_at=NOW + timedelta(hours=n),
        )
        ids.append(outcome.article_id)
    latest = await storage.articles.list_latest(limit=2)
    assert [h.id for h in latest] == [ids[2], ids[1]]
    since = await storage.articles.ingested_since(NOW + timedelta(minutes=30))
    assert {h.id for h in since} == {ids[1], ids[2]}
    assert await storage.articles.last_ingested_at() == NOW + timedelta(hours=2)


async def test_naive_timestamps_are_refused(storage: SQLiteStorage) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        await storage.articles.add(
            _article(), SENTENCES, content_hash="h1", ingested_at=datetime(2024, 1, 1)
        )
