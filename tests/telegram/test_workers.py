"""Several bot processes behind one webhook URL, sharing one PostgreSQL database.

Each worker is the real bot as ``newsbot run --webhook`` runs it (PTB's webhook server on
127.0.0.1); the test plays the reverse proxy, spreading Telegram's updates across them.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from telegram.ext import Application

from bot.app import build_application
from bot.config import Settings
from bot.storage.backends import opened_storage
from bot.storage.digest_records import DeliveryStatus
from bot.storage.records import NoticeKind
from tests.fake_telegram.server import FakeTelegram
from tests.telegram.conftest import USER_ID, make_settings, user

pytestmark = pytest.mark.timeout(120)

SECRET = "proxy-secret"
WAIT = 20.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.asynccontextmanager
async def webhook_worker(settings: Settings) -> AsyncIterator[str]:
    """One bot process's Application serving a webhook; yields the URL to post updates to."""
    application: Application = build_application(settings)  # type: ignore[type-arg]
    port = _free_port()
    await asyncio.wait_for(application.initialize(), 10)
    try:
        assert application.post_init is not None and application.updater is not None
        await asyncio.wait_for(application.post_init(application), 60)
        await application.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="hook",
            webhook_url=f"https://127.0.0.1:{port}/hook",
            secret_token=SECRET,
        )
        await application.start()
        yield f"http://127.0.0.1:{port}/hook"
    finally:
        if application.updater is not None and application.updater.running:
            await asyncio.wait_for(application.updater.stop(), 10)
        if application.running:
            await asyncio.wait_for(application.stop(), 10)
        await asyncio.wait_for(application.shutdown(), 10)
        if application.post_shutdown is not None:
            await asyncio.wait_for(application.post_shutdown(application), 10)


async def _post(session: aiohttp.ClientSession, url: str, update: dict[str, Any]) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with session.post(url, json=update, headers=headers) as response:
        assert response.status == 200


async def test_the_flood_limit_counts_a_user_across_workers(
    fake_telegram: FakeTelegram, postgres_url: str, test_corpus: Path
) -> None:
    settings = make_settings(fake_telegram, postgres_url, test_corpus, flood_limit_per_minute=3)
    async with (
        webhook_worker(settings) as first,
        webhook_worker(settings) as second,
        aiohttp.ClientSession() as session,
    ):
        for n in range(6):
            # The workers poll nothing: they get each update only through the "proxy".
            update = fake_telegram.send_text(USER_ID, "/latest", user=user())
            await _post(session, (first, second)[n % 2], update)
        replies = await fake_telegram.wait_for_messages(USER_ID, 4, WAIT)
        assert sum("Latest articles" in r["text"] for r in replies) == 3
        assert sum("Slow down" in r["text"] for r in replies) == 1
        await asyncio.sleep(0.5)
        assert len(fake_telegram.messages_for(USER_ID)) == 4


async def test_each_digest_goes_out_once_whichever_worker_claims_it(
    fake_telegram: FakeTelegram, postgres_url: str, test_corpus: Path
) -> None:
    chats = range(5000, 5040)
    now = datetime.now(UTC)
    due = now - timedelta(minutes=1)
    async with opened_storage(postgres_url) as storage:
        for chat_id in chats:
            await storage.subscriptions.upsert(
                chat_id,
                chat_type="private",
                local_time=f"{due:%H:%M}",
                zone="UTC",
                next_due_at=due,
                summary_sentences=1,
                now=now,
            )
    settings = make_settings(fake_telegram, postgres_url, test_corpus)
    # Three workers start at once: each fills the empty archive from the corpus (one
    # copy is kept) and starts its digest scheduler on the same due subscriptions.
    async with contextlib.AsyncExitStack() as workers:
        await asyncio.gather(
            *(workers.enter_async_context(webhook_worker(settings)) for _ in range(3))
        )
        async with opened_storage(postgres_url) as storage:
            for _ in range(int(WAIT * 10)):
                counts = await storage.deliveries.status_counts()
                if counts.get(DeliveryStatus.SENT, 0) == len(chats):
                    break
                await asyncio.sleep(0.1)
            assert counts == {DeliveryStatus.SENT: len(chats)}
            owners = {(await storage.deliveries.get(c, due.date())).claimed_by for c in chats}  # type: ignore[union-attr]
            assert await storage.articles.count() == len(list(test_corpus.iterdir()))
    per_chat = Counter(m["chat_id"] for m in fake_telegram.sent if m["chat_id"] in chats)
    assert set(per_chat) == set(chats)
    assert all(n == 1 for n in per_chat.values())  # one digest message each, never two
    assert owners  # whichever workers took part, every chat had one owner


async def test_each_owed_notice_goes_out_once_whichever_worker_sends_it(
    fake_telegram: FakeTelegram, postgres_url: str, test_corpus: Path
) -> None:
    chats = range(6000, 6030)
    async with opened_storage(postgres_url) as storage:
        for chat_id in chats:
            await storage.notices.post(
                chat_id, NoticeKind.UNDELIVERED, f"Owed to {chat_id}", now=datetime.now(UTC)
            )
    settings = make_settings(fake_telegram, postgres_url, test_corpus)
    # Three workers start at once, and each sends the due notices as it starts.
    async with contextlib.AsyncExitStack() as workers:
        await asyncio.gather(
            *(workers.enter_async_context(webhook_worker(settings)) for _ in range(3))
        )
        async with opened_storage(postgres_url) as storage:
            for _ in range(int(WAIT * 10)):
                if not await storage.notices.due(now=datetime.now(UTC)) and len(
                    fake_telegram.sent
                ) >= len(chats):
                    break
                await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)
    per_chat = Counter(m["chat_id"] for m in fake_telegram.sent if m["chat_id"] in chats)
    assert per_chat == Counter(chats)  # every notice, and none twice
