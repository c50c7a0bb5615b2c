"""The bot's send budget: every message to a chat takes a turn, and a digest is recorded as
being sent only once its turn has come."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from telegram.ext import ExtBot

from bot.services.digests import DeliveryLedger, DigestJob, DigestService
from bot.services.summaries import SummaryService
from bot.storage.digest_records import DeliveryClaim, DeliveryStatus
from bot.storage.sqlite import open_storage
from bot.telegram.digest_queue import DeliveryQueue
from bot.telegram.requests import TelegramRequest
from bot.telegram.send_budget import SharedSendBudget
from tests.digest.support import add_article
from tests.fake_telegram.fixtures import FAKE_TOKEN
from tests.fake_telegram.server import FakeTelegram

CHAT = 6001


async def test_a_digest_waiting_for_its_turn_is_not_yet_being_sent(
    fake_telegram: FakeTelegram, db_path: Path
) -> None:
    storage = await open_storage(db_path)
    budget = SharedSendBudget(lambda: storage.limits, per_second=1.0)
    bot = ExtBot(FAKE_TOKEN, base_url=fake_telegram.base_url, request=TelegramRequest(),
                 rate_limiter=budget)  # fmt: skip
    await bot.initialize()
    queue: DeliveryQueue | None = None
    try:
        now = datetime.now(UTC)
        await add_article(storage, "Turn story", ingested_at=now - timedelta(hours=1))
        await storage.subscriptions.upsert(
            CHAT, chat_type="private", local_time="07:00", zone="UTC", next_due_at=now,
            summary_sentences=1, now=now,
        )  # fmt: skip
        claim = DeliveryClaim(CHAT, now.date(), now, now, now - timedelta(days=1), now,
                              now + timedelta(days=1), True)  # fmt: skip
        ledger = DeliveryLedger(storage.deliveries, owner="test", clock=lambda: datetime.now(UTC))
        [delivery] = await ledger.claim([claim], now=now)
        digest = await DigestService(storage, SummaryService(storage), clock=lambda: now).build(
            CHAT, since=delivery.since, until=delivery.until, sentences=1,
            local_date=delivery.local_date,
        )  # fmt: skip
        await storage.limits.reserve_send(per_second=1.0)  # someone took the turn now
        queue = DeliveryQueue(bot, ledger, workers=1, messages_per_second=None)
        queue.start()
        started = time.monotonic()
        await queue.submit(DigestJob(delivery, digest))
        await asyncio.sleep(0.4)
        waiting = await storage.deliveries.get(CHAT, delivery.local_date)
        assert waiting is not None and waiting.status is DeliveryStatus.CLAIMED
        [message] = await fake_telegram.wait_for_messages(CHAT, 1, 10)
        assert time.monotonic() - started >= 0.9  # its turn came a second after the last
        assert "Turn story" in message["text"]
        assert await queue.join(5)
        sent = await storage.deliveries.get(CHAT, delivery.local_date)
        assert sent is not None and sent.status is DeliveryStatus.SENT
        # The message took exactly one turn: the next is a second after it, not two.
        assert 0.5 < await storage.limits.reserve_send(per_second=1.0) <= 1.0
    finally:
        if queue is not None:
            await queue.stop(5)
        await bot.shutdown()
        await storage.close()
