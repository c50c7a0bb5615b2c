"""Summaries of stored articles: real sumy, a real SQLite cache."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.services.ingest import IngestService
from bot.services.summaries import SummaryService
from bot.storage.sqlite import SQLiteStorage


@pytest.fixture
async def sample_id(storage: SQLiteStorage, sample_path: Path) -> int:
    result = await IngestService(storage).ingest_path(sample_path)
    assert result.article_id is not None
    return result.article_id


async def test_summary_is_cached_per_length_and_algorithm(
    storage: SQLiteStorage, sample_id: int
) -> None:
    service = SummaryService(storage, algorithm="default", default_sentences=3)
    summary = await service.summarize(sample_id)
    assert summary is not None
    assert summary.length == 3 and len(summary.sentences) == 3
    assert summary.sentences[0].startswith("Secretary of State Antony Blinken says")
    assert summary.article_length > 3
    stored = [s.text for s in await storage.articles.sentences(sample_id)]
    assert all(s in stored for s in summary.sentences)
    assert [stored.index(s) for s in summary.sentences] == sorted(
        stored.index(s) for s in summary.sentences
    )
    await service.summarize(sample_id, sentences=5, algorithm="textrank")
    conn = sqlite3.connect(storage.path)
    try:
        keys = conn.execute("SELECT algorithm, length FROM summaries ORDER BY length").fetchall()
    finally:
        conn.close()
    assert keys == [("default", 3), ("textrank", 5)]
    again = await service.summarize(sample_id)
    assert again is not None and again.sentences == summary.sentences


async def test_concurrent_requests_compute_once(storage: SQLiteStorage, sample_id: int) -> None:
    service = SummaryService(storage)
    results = await asyncio.gather(*(service.summarize(sample_id) for _ in range(8)))
    assert len({tuple(r.sentences) for r in results if r}) == 1


async def test_missing_article_and_bad_algorithm(storage: SQLiteStorage, sample_id: int) -> None:
    service = SummaryService(storage)
    assert await service.summarize(sample_id + 100) is None
    with pytest.raises(ValueError, match="unknown summary algorithm"):
        await service.summarize(sample_id, algorithm="nope")
    with pytest.raises(ValueError, match="unknown summary algorithm"):
        SummaryService(storage, algorithm="nope")


async def test_length_is_bounded(storage: SQLiteStorage, sample_id: int) -> None:
    service = SummaryService(storage)
    assert (await service.summarize(sample_id, sentences=0)).length == 1  # type: ignore[union-attr]
    assert (await service.summarize(sample_id, sentences=99)).length == 10  # type: ignore[union-attr]


async def test_deleted_article_drops_its_cached_summaries(
    storage: SQLiteStorage, sample_id: int
) -> None:
    await SummaryService(storage).summarize(sample_id)
    await storage.articles.delete(sample_id)
    conn = sqlite3.connect(storage.path)
    try:
        assert conn.execute("SELECT count(*) FROM summaries").fetchone()[0] == 0
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Armenia story", True),
        ("#{id}", True),
        ("{id}", True),
        ("Lachin corridor", True),
        ("the of and", False),
        ("zebra xylophone", False),
        ('NEAR( "*', False),
    ],
)
async def test_find_article(
    storage: SQLiteStorage, sample_id: int, query: str, found: bool
) -> None:
    header = await SummaryService(storage).find_article(query.format(id=sample_id))
    assert (header is not None and header.id == sample_id) is found
