"""Digests through the whole bot: PTB Application, its handlers and JobQueue, the local fake
Bot API, a real SQLite file and a clock the test moves."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application

from bot.app import build_application
from bot.config import Settings
from bot.ingest.fetch import Fetcher
from bot.services.answers import AnswerService
from bot.services.bundle import Services
from bot.services.feeds import FeedService
from bot.services.ingest import IngestService
from bot.services.notices import NoticeService
from bot.services.subscriptions import SubscriptionService
from bot.services.summaries import SummaryService
from bot.storage.digest_records import InactiveReason
from bot.storage.sqlite import SQLiteStorage, open_storage
from bot.telegram.context import SERVICES_KEY
from bot.telegram.digest_handlers import (
    ADMINS_ONLY,
    DIGEST_OPTIONS_KEY,
    DIGEST_RUNNER_KEY,
    start_digests,
    stop_digests,
)
from bot.telegram.digest_runner import DigestOptions, DigestRunner
from tests.digest.support import ControlledClock, add_article
from tests.fake_telegram.fixtures import FAKE_TOKEN
from tests.fake_telegram.server import FakeTelegram

pytestmark = pytest.mark.timeout(90)

JSON = dict[str, Any]
# Wednesday 1 May 2024, 04:00 UTC = 06:00 in Berlin.
START = datetime(2024, 5, 1, 4, 0, tzinfo=UTC)
DUE = datetime(2024, 5, 1, 5, 30, tzinfo=UTC)  # 07:30 Berlin
CHAT = 7001
GROUP = -1001234567890
WAIT = 10.0


@dataclass
class DigestBot:
    fake: FakeTelegram
    application: Application  # type: ignore[type-arg]
    storage: SQLiteStorage
    services: Services
    clock: ControlledClock

    @property
    def runner(self) -> DigestRunner:
        return self.application.bot_data[DIGEST_RUNNER_KEY]  # type: ignore[no-any-return]

    async def scan(self) -> None:
        """What the JobQueue tick does, now; then wait (bounded) for its digests."""
        self.runner.wake()
        assert await self.runner.wait_idle(WAIT)

    async def subscribe_with_article(self, title: str) -> None:
        """One article stored at START, then CHAT subscribes at 07:30 through the bot."""
        await add_article(self.storage, title, ingested_at=START)
        await self.say(CHAT, "/subscribe 07:30")

    async def say(self, chat_id: int, text: str, **kwargs: Any) -> JSON:
        self.fake.send_text(chat_id, text, **kwargs)
        [reply] = await self.fake.wait_for_messages(chat_id, 1, WAIT)
        return reply

    async def press(self, chat_id: int, message_id: int, data: str, **kwargs: Any) -> JSON:
        """Press a button that edits its message; returns the edited message."""
        self.fake.press_button(chat_id, message_id, data, **kwargs)
        await self.fake.wait_for_call("answerCallbackQuery", WAIT)
        await self.fake.wait_for_call(
            "editMessageText",
            WAIT,
            predicate=lambda call: call["params"].get("message_id") == message_id,
        )
        edited = self.fake.message(chat_id, message_id)
        assert edited is not None
        return edited


@pytest.fixture
def clock() -> ControlledClock:
    return ControlledClock(START)


def _buttons(message: JSON) -> list[str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button["callback_data"] for row in rows for button in row]


@contextlib.asynccontextmanager
async def digest_bot(
    fake: FakeTelegram, db_path: Path, clock: ControlledClock
) -> AsyncIterator[DigestBot]:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        telegram_bot_token=FAKE_TOKEN,
        telegram_api_base_url=fake.base_url,
        telegram_file_base_url=fake.base_file_url,
        db_path=db_path,
        corpus_dir=db_path.parent / "no-corpus",
        timezone="Europe/Berlin",
        flood_limit_per_minute=1000,
        digest_catch_up_hours=6,
    )
    application = build_application(settings, typing_delay=0.0)
    storage = await open_storage(db_path)
    fetcher = Fetcher()
    ingest = IngestService(storage, clock=clock)
    services = Services(
        settings=settings,
        storage=storage,
        fetcher=fetcher,
        ingest=ingest,
        answers=AnswerService(storage, clock=clock),
        summaries=SummaryService(storage),
        subscriptions=SubscriptionService(storage, default_zone="Europe/Berlin", clock=clock),
        feeds=FeedService(storage, fetcher, ingest, clock=clock),
        notices=NoticeService(storage, clock=clock),
    )
    application.bot_data[SERVICES_KEY] = services
    # Ticks only when the test says so: the clock is the test's, not the wall's.
    application.bot_data[DIGEST_OPTIONS_KEY] = DigestOptions(
        interval=3600, idle_timeout=3600, per_chat_gap=0.0
    )
    await asyncio.wait_for(application.initialize(), WAIT)
    try:
        runner = await start_digests(application)
        assert await runner.wait_idle(WAIT)  # the start-up scan (catch-up) is done
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=1)
        yield DigestBot(fake, application, storage, services, clock)
    finally:
        if application.updater is not None and application.updater.running:
            await asyncio.wait_for(application.updater.stop(), WAIT)
        if application.running:
            await asyncio.wait_for(application.stop(), WAIT)
        await stop_digests(application)
        await asyncio.wait_for(application.shutdown(), WAIT)
        await services.fetcher.aclose()
        await storage.close()


async def test_subscribe_forms_and_validation(fake_telegram: FakeTelegram, db_path: Path) -> None:
    async with digest_bot(fake_telegram, db_path, ControlledClock(START)) as bot:
        picker = await bot.say(CHAT, "/subscribe")
        assert "Europe/Berlin" in picker["text"]
        assert _buttons(picker) == [f"sub:at:{t}" for t in ("0700", "0800", "1200", "1800", "2100")]
        chosen = await bot.press(CHAT, picker["message_id"], "sub:at:0800")
        assert "08:00" in chosen["text"] and "Europe/Berlin" in chosen["text"]

        reply = await bot.say(CHAT, "/subscribe 07:30 Asia/Tokyo")
        assert "07:30" in reply["text"] and "Asia/Tokyo" in reply["text"]
        reply = await bot.say(CHAT, "/subscribe 18:00 +02:00")
        assert "18:00" in reply["text"] and "+02:00" in reply["text"]
        reply = await bot.say(CHAT, "/subscribe 07:30 Europe/Berlim")
        assert "Did you mean Europe/Berlin" in reply["text"]
        assert "/subscribe 07:30 Europe/Berlin" in reply["text"]  # the accepted forms
        reply = await bot.say(CHAT, "/subscribe 25:00")
        assert "HH:MM" in reply["text"] and "Examples" in reply["text"]

        subscription = await bot.services.subscriptions.get(CHAT)
        assert subscription is not None
        assert (subscription.local_time, subscription.zone) == ("18:00", "+02:00")


async def test_settings_buttons_change_the_subscription(
    fake_telegram: FakeTelegram, db_path: Path
) -> None:
    async with digest_bot(fake_telegram, db_path, ControlledClock(START)) as bot:
        await bot.say(CHAT, "/subscribe 07:30")
        settings = await bot.say(CHAT, "/settings")
        assert "07:30" in settings["text"] and "stay quiet" in settings["text"]
        assert {"set:len:1", "set:len:5", "set:empty:1", "sub:pick", "set:unsub"} <= set(
            _buttons(settings)
        )
        edited = await bot.press(CHAT, settings["message_id"], "set:len:4")
        assert "4 sentences" in edited["text"]
        edited = await bot.press(CHAT, settings["message_id"], "set:empty:1")
        assert "I tell you" in edited["text"]
        edited = await bot.press(CHAT, settings["message_id"], "set:unsub")
        assert "off" in edited["text"]
        subscription = await bot.services.subscriptions.get(CHAT)
        assert subscription is not None and not subscription.active
        assert subscription.summary_sentences == 4 and subscription.send_empty
        reply = await bot.say(CHAT, "/unsubscribe")
        assert "no daily digest" in reply["text"]


async def test_only_group_admins_may_subscribe_a_group(
    fake_telegram: FakeTelegram, db_path: Path
) -> None:
    member = {"id": 5001, "first_name": "Member"}
    admin = {"id": 5002, "first_name": "Admin"}
    fake_telegram.add_chat(GROUP, "supergroup", title="Newsroom")
    fake_telegram.set_chat_member(GROUP, admin["id"], "administrator")
    async with digest_bot(fake_telegram, db_path, ControlledClock(START)) as bot:
        refused = await bot.say(GROUP, "/subscribe 07:30", user=member, chat_type="supergroup")
        assert refused["text"] == ADMINS_ONLY
        assert await bot.services.subscriptions.get(GROUP) is None
        accepted = await bot.say(GROUP, "/subscribe 07:30", user=admin, chat_type="supergroup")
        assert "Subscribed" in accepted["text"]
        subscription = await bot.services.subscriptions.get(GROUP)
        assert subscription is not None and subscription.chat_type == "supergroup"


async def test_scheduled_digest_and_on_demand_digest(
    fake_telegram: FakeTelegram, db_path: Path, clock: ControlledClock
) -> None:
    async with digest_bot(fake_telegram, db_path, clock) as bot:
        await bot.subscribe_with_article("Talks resume in Vienna")
        on_demand = await bot.say(CHAT, "/digest")
        assert "Talks resume in Vienna" in on_demand["text"]
        assert any(data.startswith("summary:") for data in _buttons(on_demand))
        # The digest on demand does not use up the scheduled one.
        clock.set(DUE)
        await bot.scan()
        [scheduled] = await fake_telegram.wait_for_messages(CHAT, 1, WAIT)
        assert "Your daily digest" in scheduled["text"]
        assert "Talks resume in Vienna" in scheduled["text"]
        # Its "Summary" button is the bot's own.
        summary_button = next(d for d in _buttons(scheduled) if d.startswith("summary:"))
        fake_telegram.press_button(CHAT, scheduled["message_id"], summary_button)
        [summary] = await fake_telegram.wait_for_messages(CHAT, 1, WAIT)
        assert "Talks resume in Vienna" in summary["text"]
        clock.advance(minutes=1)
        await bot.scan()
        after = await bot.say(CHAT, "/digest")
        assert "No new articles" in after["text"]


async def test_a_digest_due_while_the_bot_was_down_is_sent_on_start(
    fake_telegram: FakeTelegram, db_path: Path, clock: ControlledClock
) -> None:
    storage = await open_storage(db_path)
    try:
        await add_article(storage, "Overnight story", ingested_at=START)
        await SubscriptionService(storage, default_zone="Europe/Berlin", clock=clock).subscribe(
            CHAT, "private", "07:30"
        )
    finally:
        await storage.close()
    clock.set(DUE + timedelta(hours=2))
    async with digest_bot(fake_telegram, db_path, clock):
        [digest] = await fake_telegram.wait_for_messages(CHAT, 1, WAIT)
        assert "Overnight story" in digest["text"]


async def test_blocked_chat_is_paused_then_offered_the_digest_back(
    fake_telegram: FakeTelegram, db_path: Path, clock: ControlledClock
) -> None:
    async with digest_bot(fake_telegram, db_path, clock) as bot:
        await bot.subscribe_with_article("Story")
        # The user blocks the bot; Telegram answers the scheduled digest with 403.
        fake_telegram.block_chat(CHAT)
        clock.set(DUE)
        await bot.scan()
        subscription = await bot.services.subscriptions.get(CHAT)
        assert subscription is not None and not subscription.active
        assert subscription.inactive_reason is InactiveReason.BLOCKED
        # /start offers it back (the welcome is the bot's; the offer comes from here).
        fake_telegram.unblock_chat(CHAT)
        welcome = await bot.say(CHAT, "/start")
        assert "sub:resume" in _buttons(welcome)
        # So does coming back through my_chat_member.
        fake_telegram.send_chat_member_update(CHAT, "member", "kicked")
        [offer] = await fake_telegram.wait_for_messages(CHAT, 1, WAIT)
        assert "Welcome back" in offer["text"] and _buttons(offer) == ["sub:resume"]
        resumed = await bot.press(CHAT, offer["message_id"], "sub:resume")
        assert "back" in resumed["text"] and "07:30" in resumed["text"]
        subscription = await bot.services.subscriptions.get(CHAT)
        assert subscription is not None and subscription.active
        # Kicked again through my_chat_member: paused without waiting for a 403.
        fake_telegram.send_chat_member_update(CHAT, "kicked", "member")
        for _ in range(100):
            subscription = await bot.services.subscriptions.get(CHAT)
            if subscription is not None and not subscription.active:
                break
            await asyncio.sleep(0.05)
        assert subscription is not None and not subscription.active


async def test_429_from_telegram_still_delivers_once(
    fake_telegram: FakeTelegram, db_path: Path, clock: ControlledClock
) -> None:
    async with digest_bot(fake_telegram, db_path, clock) as bot:
        await bot.subscribe_with_article("Story")
        fake_telegram.fail_next("sendMessage", error_code=429, retry_after=1, chat_id=CHAT)
        clock.set(DUE)
        await bot.scan()
        [digest] = await fake_telegram.wait_for_messages(CHAT, 1, WAIT)
        assert "Your daily digest" in digest["text"]
        failed = [c for c in fake_telegram.calls_of("sendMessage") if not c["ok"]]
        assert [c["error_code"] for c in failed] == [429]
        await bot.scan()
        assert len(fake_telegram.messages_for(CHAT)) == 2  # the /subscribe reply + one digest
