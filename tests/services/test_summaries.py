"""Summaries of stored articles: real sumy, a real SQLite cache."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.services.ingest import IngestService
from bot.services.summaries import SummaryService
from bot.storage.sqlite import SQLiteStorage


def _unframed(text: str, speaker: str | None) -> str:
    """The item without the speaker's name the summary put in (lead-in or brackets)."""
    if speaker:
        text = text.replace(f" [{speaker}]", "").removeprefix(f"{speaker}: ")
    return text


def _core(sentence: str) -> str:
    """A sentence without the closing marks a summary may turn into an ellipsis."""
    return sentence.strip().lstrip('"“').rstrip('."”…')


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
    assert summary.length == 3 and summary.shown == 3
    assert summary.sentences[0].startswith("Secretary of State Antony Blinken says")
    assert summary.article_length > 3
    stored = await storage.articles.sentences(sample_id)
    positions = [p for passage in summary.passages for p in passage.positions]
    assert positions == sorted(set(positions))
    for passage in summary.passages:
        shown = _unframed(passage.text, passage.speaker)
        assert all(_core(stored[p].text) in shown for p in passage.positions)
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


QUOTED = """Arsenal held to draw by Bayern

Arsenal drew 1-1 with Bayern Munich in the second leg of their Champions League tie on \
Wednesday night, a result that leaves the tie open.

Arsene Wenger said: "The only positive is that we are still in the tie. We were not at our \
best tonight and Bayern deserved more. We need to improve a lot before the return game."

He added that Thierry Henry would be fit for the trip to Munich next month.

"It was a difficult night for everybody at the club," Wenger said.

Bayern coach Felix Magath said his side had been the better team for most of the match.

"We should have won, but a draw in London is still a good result for us," he said.

The return leg in Munich is on 9 March, and the winner plays Chelsea or Barcelona.
"""


@pytest.mark.parametrize("length", [1, 2, 3, 4, 5, 6])
async def test_every_item_stands_on_its_own(storage: SQLiteStorage, length: int) -> None:
    result = await IngestService(storage).ingest_text(QUOTED)
    assert result.article_id is not None
    summary = await SummaryService(storage).summarize(result.article_id, sentences=length)
    assert summary is not None and summary.shown == min(length, summary.article_length)
    stored = await storage.articles.sentences(result.article_id)
    shown = {p for passage in summary.passages for p in passage.positions}
    for index, passage in enumerate(summary.passages):
        assert passage.text.count('"') % 2 == 0, passage.text
        first = passage.positions[0]
        speaker = stored[first].speaker
        if stored[first].text.startswith(("He ", "She ")) and speaker:
            # "He added …" names him, unless the sentence naming him is shown just before.
            assert first - 1 in shown or f"[{speaker}]" in passage.text, passage.text
        if passage.text.startswith(('"', "“")) and passage.text.rstrip().endswith(('"', "”")):
            before = summary.passages[index - 1].text if index else ""
            assert speaker and speaker.split()[-1] in passage.text + before, passage.text
