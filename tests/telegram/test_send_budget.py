"""The bot's send budget: every message to a chat takes a turn, and a digest is recorded as
being sent only once its turn has come."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from telegram.ext import ExtBot

from bot.services.digests import DeliveryLedger, DigestJob, DigestService
from bot.services.summaries import SummaryService
from bot.storage.digest_records import DeliveryClaim, DeliveryStatus
from bot.storage.interface import LimitRepository
from bot.storage.limit_records import FloodVerdict, SendTurn
from bot.storage.sqlite import open_storage
from bot.telegram.digest_queue import DeliveryQueue
from bot.telegram.requests import TelegramRequest
from bot.telegram.send_budget import SharedSendBudget
from tests.digest.support import add_article
from tests.fake_telegram.fixtures import FAKE_TOKEN
from tests.fake_telegram.server import FakeTelegram

CHAT = 6001


class RecordedTurns:
    """The storage's limits, noting each send turn they hand out with the moment it was
    asked for (on the monotonic clock) and the delivery's status then."""

    def __init__(self, limits: LimitRepository, status: Callable[[], Awaitable[object]]) -> None:
        self._limits = limits
        self._status = status
        self.turns: list[tuple[float, SendTurn, object]] = []

    async def admit(self, user_id: int, *, limit: int, window: float) -> FloodVerdict:
        return await self._limits.admit(user_id, limit=limit, window=window)

    async def reserve_send(self, *, per_second: float) -> SendTurn:
        status = await self._status()
        asked = time.monotonic()
        turn = await self._limits.reserve_send(per_second=per_second)
        self.turns.append((asked, turn, status))
        return turn


async def test_a_digest_waiting_for_its_turn_is_not_yet_being_sent(
    fake_telegram: FakeTelegram, db_path: Path
) -> None:
    storage = await open_storage(db_path)
    delivery = None

    async def status() -> object:
        if delivery is None:
            return None
        found = await storage.deliveries.get(CHAT, delivery.local_date)
        return found.status if found is not None else None

    recorded = RecordedTurns(storage.limits, status)
    # A turn taken stays good for its message however slowly the machine runs, so the
    # message takes exactly one turn.
    budget = SharedSendBudget(lambda: recorded, per_second=1.0, stale_turn=3600.0)
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
        last = await storage.limits.reserve_send(per_second=1.0)  # someone took a turn now
        queue = DeliveryQueue(bot, ledger, workers=1, messages_per_second=None)
        queue.start()
        await queue.submit(DigestJob(delivery, digest))
        [message] = await fake_telegram.wait_for_messages(CHAT, 1, 10)
        arrived = time.monotonic()
        assert "Turn story" in message["text"]
        [(asked, turn, status_then)] = recorded.turns  # one turn for the one message
        assert turn.at - last.at >= 1.0 - 1e-6  # a second after the turn before it
        assert status_then is DeliveryStatus.CLAIMED  # not yet being sent while it waits
        assert arrived - asked >= turn.wait  # and it left only once its turn had come
        assert await queue.join(5)
        sent = await storage.deliveries.get(CHAT, delivery.local_date)
        assert sent is not None and sent.status is DeliveryStatus.SENT
        # The message took its turn, and no other: the next is a second after it.
        following = await storage.limits.reserve_send(per_second=1.0)
        assert following.at - turn.at >= 1.0 - 1e-6
    finally:
        if queue is not None:
            await queue.stop(5)
        await bot.shutdown()
        await storage.close()
