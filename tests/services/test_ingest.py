"""Ingestion end to end: real parsers, real sentence splitting, a real SQLite file."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
from pathlib import Path

import pytest

from bot.ingest.article import ParsedArticle
from bot.services.ingest import IngestService, expand_inputs, start_parsing_processes
from bot.storage.sqlite import SQLiteStorage, open_storage

PAGES = Path(__file__).resolve().parents[1] / "ingest" / "pages" / "dev"

PLAIN = "Budget agreed\n\nThe council agreed a budget on Tuesday.\n\nThe mayor said it was fair."


async def test_sample_page_is_stored_clean(storage: SQLiteStorage, sample_path: Path) -> None:
    service = IngestService(storage)
    result = await service.ingest_path(sample_path)
    assert result.status == "added", result
    assert (
        result.title
        == "US says Armenia and Azerbaijan have made ‘further progress’ toward a peace deal"
    )
    article = await storage.articles.get(result.article_id)
    assert article is not None
    assert article.byline == "Matthew Lee"
    assert article.dateline == "WASHINGTON (AP)"
    assert article.section == "Washington News"
    sentences = await storage.articles.sentences(result.article_id)
    texts = [s.text for s in sentences]
    assert texts[0].startswith("Secretary of State Antony Blinken says Armenia and Azerbaijan")
    assert texts[-1].endswith("in violation of the armistice terms.")
    joined = " ".join(texts)
    assert "cocaine" not in joined and "AP Photo" not in joined and "MOSCOW" not in joined
    assert [s.position for s in sentences] == list(range(len(sentences)))
    assert "Vladimir Putin" in {s.speaker for s in sentences}


async def test_duplicates_and_rejections_in_one_batch(
    storage: SQLiteStorage, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text(PLAIN)
    (tmp_path / "b.txt").write_text(PLAIN.upper().replace("  ", " "))  # same content, other case
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "big.txt").write_text("Title\n\n" + "word " * 1_000_000)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")  # not an article type: skipped in folders
    service = IngestService(storage, max_bytes=2_000_000)
    results = [await service.ingest(item) for item in expand_inputs([str(tmp_path)])]
    by_name = {Path(r.input).name: r for r in results}
    assert set(by_name) == {"a.txt", "b.txt", "empty.txt", "binary.txt", "big.txt"}
    assert by_name["a.txt"].status == "added"
    assert by_name["b.txt"].status == "duplicate"
    assert by_name["b.txt"].article_id == by_name["a.txt"].article_id
    assert "empty" in (by_name["empty.txt"].reason or "")
    assert "binary" in (by_name["binary.txt"].reason or "")
    assert "too large" in (by_name["big.txt"].reason or "")
    assert await storage.articles.count() == 1


async def test_missing_file_is_rejected(storage: SQLiteStorage, tmp_path: Path) -> None:
    result = await IngestService(storage).ingest(str(tmp_path / "nope.txt"))
    assert result.status == "rejected"
    assert result.reason == "no such file"


async def test_concurrent_uploads_of_one_article_store_it_once(storage: SQLiteStorage) -> None:
    service = IngestService(storage)
    results = await asyncio.gather(*(service.ingest_text(PLAIN) for _ in range(5)))
    assert sorted(r.status for r in results) == ["added"] + ["duplicate"] * 4
    assert len({r.article_id for r in results}) == 1
    conn = sqlite3.connect(storage.path)
    try:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    finally:
        conn.close()


async def test_pasted_text(storage: SQLiteStorage) -> None:
    result = await IngestService(storage).ingest_text(PLAIN, label="pasted")
    assert result.status == "added"
    sentences = await storage.articles.sentences(result.article_id)
    assert [s.text for s in sentences] == [
        "The council agreed a budget on Tuesday.",
        "The mayor said it was fair.",
    ]


async def test_a_parser_failure_rejects_one_input_and_the_batch_goes_on(
    storage: SQLiteStorage, caplog: pytest.LogCaptureFixture
) -> None:
    service = IngestService(storage)

    def broken() -> ParsedArticle:
        raise IndexError("parser bug")

    failed = await service._store("broken.txt", broken)
    assert failed.status == "rejected"
    assert failed.reason == "the article could not be processed (internal error)"
    assert "parser bug" in caplog.text
    assert (await service.ingest_text(PLAIN)).status == "added"


async def test_a_page_title_of_any_length_is_stored_clipped(storage: SQLiteStorage) -> None:
    title = "Council budget " * 400  # 6,000 characters
    body = "The council agreed a budget on Tuesday after a long debate. The mayor said it was fair."
    page = f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    page += f"<p>{body}</p><p>{body} It passed.</p></article></body></html>"
    result = await IngestService(storage).ingest_bytes(page.encode(), name="page.html")
    assert result.status == "added", result
    article = await storage.articles.get(result.article_id or 0)
    assert article is not None
    assert 50 < len(article.title) <= 300 and article.title.startswith("Council budget")
    assert article.title == result.title


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("lines.txt", "Flood\n" + "word\n" * 330_000, "330,002 lines"),
        ("lines.md", "# Flood\n" + "word\n" * 30_000, "30,002 lines"),
        (
            "page.html",
            "<html><body><article>" + "<p>word.</p>" * 40_000 + "</article></body></html>",
            "40,003 HTML elements",
        ),
        ("wall.txt", "Wall\n\n" + "Word. " * 60_000, "359,999 characters"),
        ("list.txt", "List\n\n" + "\n\n".join(f"Item {n}. Done." for n in range(3_000)), "5,000"),
    ],
)
async def test_inputs_no_article_could_be_are_refused_before_the_work(
    storage: SQLiteStorage, name: str, data: str, reason: str
) -> None:
    result = await IngestService(storage, max_bytes=3_000_000).ingest_bytes(
        data.encode(), name=name
    )
    assert result.status == "rejected" and reason in (result.reason or ""), result
    assert await storage.articles.count() == 0


async def test_a_long_article_within_the_bounds_is_stored_whole(storage: SQLiteStorage) -> None:
    paragraphs = [
        f"The council met on day {n} and agreed part {n} of the plan. It will meet again soon."
        for n in range(1, 2_001)
    ]
    text = "The whole plan\n\n" + "\n\n".join(paragraphs)
    result = await IngestService(storage).ingest_text(text)
    assert result.status == "added", result
    assert len(await storage.articles.sentences(result.article_id or 0)) == 4_000


def _mixed_batch(folder: Path, pages: Path) -> list[str]:
    """Web pages, texts, a repeat, an empty file and a missing one: every outcome."""
    folder.mkdir()
    for page in sorted(pages.glob("*.html"))[:6]:
        (folder / page.name).write_bytes(page.read_bytes())
    for n in range(6):
        (folder / f"story{n}.txt").write_text(f"Council story {n}\n\n{PLAIN} Vote number {n}.")
    (folder / "story9.txt").write_text((folder / "story2.txt").read_text())
    (folder / "empty.txt").write_bytes(b"")
    return [*expand_inputs([str(folder)]), str(folder / "missing.txt")]


async def _stored(storage: SQLiteStorage) -> list[tuple[object, ...]]:
    headers = await storage.articles.list_latest(limit=100)
    rows = []
    for header in sorted(headers, key=lambda h: h.id):
        article = await storage.articles.get(header.id)
        sentences = await storage.articles.sentences(header.id)
        assert article is not None
        rows.append(
            (
                article.id,
                article.title,
                article.published,
                article.byline,
                article.paragraphs,
                [(s.text, s.speaker, s.speaker_mode) for s in sentences],
            )
        )
    return rows


async def test_a_batch_parsed_in_processes_is_stored_as_one_parsed_here(
    storage: SQLiteStorage, tmp_path: Path
) -> None:
    items = _mixed_batch(tmp_path / "in", PAGES)
    one_by_one = [await IngestService(storage).ingest(item) for item in items]
    parsers = start_parsing_processes(2)
    try:
        other = await open_storage(tmp_path / "other.db")
        try:
            service = IngestService(other, parsers=parsers)
            ahead = [result async for result in service.ingest_all(items, ahead=4)]
            assert ahead == one_by_one
            assert await _stored(other) == await _stored(storage)
        finally:
            await other.close()
    finally:
        parsers.shutdown()
    outcomes = {Path(r.input).name: r.status for r in one_by_one}
    assert list(outcomes.values()).count("added") == 12
    assert outcomes["story9.txt"] == "duplicate"
    assert outcomes["empty.txt"] == outcomes["missing.txt"] == "rejected"


async def test_a_parsing_process_that_dies_costs_no_input(
    storage: SQLiteStorage, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    items = _mixed_batch(tmp_path / "in", PAGES)
    parsers = start_parsing_processes(1)
    try:
        os.kill(parsers.submit(os.getpid).result(timeout=30), signal.SIGKILL)
        service = IngestService(storage, parsers=parsers)
        results = [result async for result in service.ingest_all(items, ahead=2)]
    finally:
        parsers.shutdown()
    assert [r.status for r in results].count("added") == 12
    assert caplog.text.count("parsing here from now on") == 1
