"""The digest pipeline wired for tests: real SQLite file, real PTB Bot, local fake Bot API."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from telegram import Bot

from bot.services.digests import (
    DeliveryLedger,
    DigestJob,
    DigestScheduler,
    DigestService,
    RunReport,
)
from bot.services.subscriptions import SubscriptionService
from bot.services.summaries import SummaryService
from bot.storage.sqlite import SQLiteStorage, open_storage
from bot.telegram.digest_queue import DeliveryQueue
from bot.telegram.requests import TelegramRequest
from tests.digest.support import ControlledClock, add_article
from tests.fake_telegram.fixtures import FAKE_TOKEN
from tests.fake_telegram.server import FakeTelegram

CATCH_UP = timedelta(hours=6)


class HeldJobs(list[DigestJob]):
    """A sender that keeps the claimed digests instead of sending them."""

    async def submit(self, job: DigestJob) -> None:
        self.append(job)


@dataclass
class DigestRig:
    """One "process": its own connection, scheduler, queue and owner id."""

    storage: SQLiteStorage
    clock: ControlledClock
    subscriptions: SubscriptionService
    digests: DigestService
    queue: DeliveryQueue
    scheduler: DigestScheduler
    held: HeldJobs
    bot: Bot

    async def run(self, timeout: float = 20.0) -> RunReport:
        """One scan, then wait (bounded) until its digests are handled."""
        report = await self.scheduler.run_due()
        assert await self.queue.join(timeout), "the delivery queue did not drain in time"
        return report

    async def subscribe_to_story(self, *chat_ids: int, ingested_at: datetime) -> None:
        """The usual start of a test: one article "Story", private chats subscribed at 07:30."""
        await add_article(self.storage, "Story", ingested_at=ingested_at)
        for chat_id in chat_ids:
            await self.subscriptions.subscribe(chat_id, "private", "07:30")


@contextlib.asynccontextmanager
async def digest_rig(
    db_path: Path,
    fake: FakeTelegram,
    clock: ControlledClock,
    *,
    owner: str = "rig",
    deliver: bool = True,
    default_zone: str = "Europe/Berlin",
    read_timeout: float | None = None,
    **queue_options: float,
) -> AsyncIterator[DigestRig]:
    """``deliver=False`` keeps claimed jobs in ``held`` instead of sending them; the bot
    speaks to Telegram as the real one does, with its timeouts (``read_timeout`` shortens
    the wait for an answer)."""
    storage = await open_storage(db_path)
    request = (
        TelegramRequest() if read_timeout is None else TelegramRequest(read_timeout=read_timeout)
    )
    bot = Bot(FAKE_TOKEN, base_url=fake.base_url, base_file_url=fake.base_file_url, request=request)
    await bot.initialize()
    options: dict[str, float] = {"per_chat_gap": 0.0, "backoff": 0.05}
    options.update(queue_options)
    ledger = DeliveryLedger(storage.deliveries, owner=owner, clock=clock)
    queue = DeliveryQueue(bot, ledger, **options)  # type: ignore[arg-type]
    held = HeldJobs()
    summaries = SummaryService(storage, default_sentences=2)
    digests = DigestService(storage, summaries, clock=clock, default_zone=default_zone)
    scheduler = DigestScheduler(
        storage, digests, queue if deliver else held, ledger, catch_up=CATCH_UP
    )
    rig = DigestRig(
        storage,
        clock,
        SubscriptionService(storage, default_zone=default_zone, clock=clock),
        digests,
        queue,
        scheduler,
        held,
        bot,
    )
    if deliver:
        queue.start()
    try:
        yield rig
    finally:
        if deliver:
            await queue.stop(timeout=5)
        await bot.shutdown()
        await storage.close()


async def stored_subscriptions(
    db_path: Path,
    fake: FakeTelegram,
    clock: ControlledClock,
    *chat_ids: int,
    ingested_at: datetime,
) -> None:
    """What an earlier run left in the file: ``subscribe_to_story``, then that rig is gone."""
    async with digest_rig(db_path, fake, clock) as rig:
        await rig.subscribe_to_story(*chat_ids, ingested_at=ingested_at)
