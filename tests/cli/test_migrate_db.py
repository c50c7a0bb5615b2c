"""`newsbot migrate-db`: a SQLite archive copied into PostgreSQL, whole and resumably."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.services.answers import AnswerService
from bot.services.ingest import IngestService
from bot.storage.backends import opened_storage
from bot.storage.digest_records import DeliveryClaim
from bot.storage.interface import Storage
from bot.storage.records import NoticeKind
from bot.storage.transfer import copy_sqlite_to_postgres
from tests.conftest import SAMPLE
from tests.telegram.articles import ARTICLES

NOW = datetime(2024, 5, 1, 5, 0, tzinfo=UTC)


async def _fill(path: Path) -> None:
    async with opened_storage(path) as storage:
        service = IngestService(storage)
        await service.ingest_path(SAMPLE)
        for name, text in ARTICLES.items():
            await service.ingest_text(text, label=name)
        await storage.articles.delete(2)  # a gap in the ids
        latest = await storage.articles.list_latest(limit=1)
        await storage.summaries.put(latest[0].id, algorithm="default", length=2, positions=[0, 3])
        for chat in (10, 11):
            await storage.subscriptions.upsert(
                chat, chat_type="private", local_time="07:30", zone="UTC",
                next_due_at=NOW, summary_sentences=2, now=NOW,
            )  # fmt: skip
        await storage.subscriptions.set_options(11, send_empty=True, now=NOW)
        claim = DeliveryClaim(10, NOW.date(), NOW, NOW, NOW - timedelta(days=1), NOW,
                              NOW + timedelta(days=1), True)  # fmt: skip
        [delivery] = await storage.deliveries.claim([claim], owner="old", now=NOW)
        await storage.deliveries.start_sending(delivery.id, owner="old", now=NOW)
        await storage.deliveries.mark_sent(delivery.id, owner="old", now=NOW, messages=2)
        await storage.feeds.add("https://news.example/rss", title="News",
                                interval=timedelta(minutes=15), now=NOW)  # fmt: skip
        await storage.notices.post(10, NoticeKind.UNDELIVERED, "may be missing", now=NOW)


async def _snapshot(storage: Storage) -> dict[str, object]:
    headers = await storage.articles.list_latest(limit=100)
    return {
        "articles": [
            (await storage.articles.get(h.id), await storage.articles.sentences(h.id))
            for h in headers
        ],
        "summary": await storage.summaries.get(headers[0].id, algorithm="default", length=2),
        "subscriptions": [await storage.subscriptions.get(c) for c in (10, 11)],
        "deliveries": await storage.deliveries.for_chat(10),
        "feeds": await storage.feeds.list_all(),
        "notices": [(n.chat_id, n.kind, n.text) for n in await storage.notices.due(now=NOW)],
        "answer": [
            (i.article_id, i.text)
            for i in (await AnswerService(storage).answer("what did Blinken say")).items
        ],
    }


async def _same(source: Path, target: str) -> None:
    async with opened_storage(source) as old, opened_storage(target) as new:
        ours, theirs = await _snapshot(old), await _snapshot(new)
        assert theirs == ours and ours["answer"]


async def _added_after_the_copied(target: str) -> bool:
    async with opened_storage(target) as new:
        newest = max(h.id for h in await new.articles.list_latest(limit=100))
        added = await IngestService(new).ingest_text("A new story.\n\nIt happened today.")
        return added.article_id is not None and added.article_id > newest


def test_everything_is_copied_with_its_ids(
    tmp_path: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "old.db"
    asyncio.run(_fill(source))
    assert (
        main(["migrate-db", "--from", f"sqlite:///{source}", "--to", postgres_url, "--json"]) == 0
    )
    report = json.loads(capsys.readouterr().out)
    stored = len(ARTICLES)  # and the sample, less the one deleted
    assert report["articles"] == stored and report["articles_already_there"] == 0
    assert report["rows"]["subscriptions"] == 2 and report["rows"]["deliveries"] == 1
    asyncio.run(_same(source, postgres_url))
    # Again: nothing more to copy, nothing copied twice.
    assert main(["migrate-db", "--from", str(source), "--to", postgres_url, "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["articles"] == 0 and again["articles_already_there"] == stored
    assert set(again["rows"].values()) == {0}
    assert asyncio.run(_added_after_the_copied(postgres_url))


class Stopped(Exception):
    """The copying process going away (a crash, Ctrl+C) after its first batch."""


def test_an_interrupted_copy_continues_where_it_stopped(
    tmp_path: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "old.db"
    asyncio.run(_fill(source))

    def stop_after_first_batch(done: int, total: int) -> None:
        raise Stopped

    async def interrupted() -> int:
        with pytest.raises(Stopped):
            await copy_sqlite_to_postgres(
                source, postgres_url, batch=2, progress=stop_after_first_batch
            )
        async with opened_storage(postgres_url) as partial:
            return await partial.articles.count()

    assert asyncio.run(interrupted()) == 2
    assert main(["migrate-db", "--from", str(source), "--to", postgres_url, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["articles"], report["articles_already_there"]) == (len(ARTICLES) - 2, 2)
    asyncio.run(_same(source, postgres_url))


def test_only_sqlite_to_postgresql_and_only_into_its_own_copy(
    tmp_path: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "old.db"
    asyncio.run(_fill(source))
    assert main(["migrate-db", "--from", postgres_url, "--to", str(source)]) == 2
    assert "--from sqlite:///PATH" in capsys.readouterr().err

    async def other_archive() -> None:
        async with opened_storage(postgres_url) as other:
            await IngestService(other).ingest_text("Another archive.\n\nNot this one.")

    asyncio.run(other_archive())
    assert main(["migrate-db", "--from", str(source), "--to", postgres_url]) == 1
    assert "already holds other articles" in capsys.readouterr().err
