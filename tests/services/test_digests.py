"""Scheduled digests end to end below the handlers: claim, compose, send, record."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.storage.digest_records import DeliveryStatus, InactiveReason
from bot.telegram.digest_rendering import messages_to_send
from bot.telegram.replies import send_html
from tests.digest.rig import digest_rig, stored_subscriptions
from tests.digest.support import ControlledClock, add_article
from tests.fake_telegram.server import FakeTelegram

pytestmark = pytest.mark.timeout(60)

# Wednesday 1 May 2024, 04:00 UTC = 06:00 in Berlin; the digest is due at 07:30 Berlin.
START = datetime(2024, 5, 1, 4, 0, tzinfo=UTC)
DUE = datetime(2024, 5, 1, 5, 30, tzinfo=UTC)
CHAT = 501


@pytest.fixture
def clock() -> ControlledClock:
    return ControlledClock(START)


@pytest.fixture
async def clock_at_due(
    db_path: Path, fake_telegram: FakeTelegram, clock: ControlledClock
) -> ControlledClock:
    """CHAT subscribed to one story by an earlier run that has exited; the digest is due."""
    await stored_subscriptions(db_path, fake_telegram, clock, CHAT, ingested_at=START)
    clock.set(DUE)
    return clock


def _texts(fake: FakeTelegram, chat_id: int) -> list[str]:
    return [record["text"] for record in fake.messages_for(chat_id)]


async def test_due_digest_has_the_new_articles_and_goes_out_once(
    db_path: Path, fake_telegram: FakeTelegram, clock: ControlledClock
) -> None:
    async with digest_rig(db_path, fake_telegram, clock) as rig:
        await add_article(rig.storage, "Old news", ingested_at=START - timedelta(hours=30))
        for n in range(3):
            await add_article(
                rig.storage, f"Fresh story {n}", ingested_at=START - timedelta(hours=n)
            )
        await rig.subscriptions.subscribe(CHAT, "private", "07:30")
        assert (await rig.run()).submitted == 0  # not due yet
        clock.set(DUE + timedelta(seconds=20))
        report = await rig.run()
        assert report.submitted == 1
        [text] = _texts(fake_telegram, CHAT)
        assert "Your daily digest" in text and "3 new articles" in text
        assert all(f"Fresh story {n}" in text for n in range(3))
        assert "Old news" not in text
        markup = fake_telegram.messages_for(CHAT)[0]["reply_markup"]["inline_keyboard"]
        data = {button["callback_data"] for row in markup for button in row}
        assert any(d.startswith("summary:") for d in data)
        assert any(d.startswith("article:") for d in data)
        # A second scan, a restart on the same day: nothing more.
        clock.advance(minutes=5)
        assert (await rig.run()).submitted == 0
    clock.advance(hours=1)
    async with digest_rig(db_path, fake_telegram, clock, owner="restarted") as rig:
        assert (await rig.run()).submitted == 0
        assert len(_texts(fake_telegram, CHAT)) == 1
        # Next day: only what came in since the last digest.
        await add_article(rig.storage, "Tomorrow's story", ingested_at=clock.advance(hours=5))
        clock.set(DUE + timedelta(days=1))
        assert (await rig.run()).submitted == 1
        second = _texts(fake_telegram, CHAT)[1]
        assert "1 new article " in second and "Tomorrow's story" in second
        assert "Fresh story" not in second


async def test_an_empty_day_is_skipped_unless_the_chat_asked(
    db_path: Path, fake_telegram: FakeTelegram, clock: ControlledClock
) -> None:
    async with digest_rig(db_path, fake_telegram, clock) as rig:
        await rig.subscriptions.subscribe(CHAT, "private", "07:30")
        await rig.subscriptions.subscribe(CHAT + 1, "private", "07:30")
        await rig.subscriptions.set_send_empty(CHAT + 1, True)
        clock.set(DUE)
        report = await rig.run()
        assert report.skipped_empty == 1 and report.submitted == 1
        assert _texts(fake_telegram, CHAT) == []
        [text] = _texts(fake_telegram, CHAT + 1)
        assert "No new articles" in text
        skipped = await rig.storage.deliveries.get(CHAT, date(2024, 5, 1))
        assert skipped is not None and skipped.status is DeliveryStatus.SKIPPED


@pytest.mark.parametrize(("late_hours", "sent"), [(2, True), (8, False)])
async def test_a_digest_missed_while_down_is_caught_up_within_the_window(
    db_path: Path, fake_telegram: FakeTelegram, clock: ControlledClock, late_hours: int, sent: bool
) -> None:
    async with digest_rig(db_path, fake_telegram, clock, owner="before") as rig:
        await add_article(rig.storage, "Overnight story", ingested_at=DUE + timedelta(hours=1))
        await rig.subscriptions.subscribe(CHAT, "private", "07:30")
    # The bot is down through 07:30 and starts again later (catch-up window: 6 h).
    clock.set(DUE + timedelta(hours=late_hours))
    async with digest_rig(db_path, fake_telegram, clock, owner="after") as rig:
        report = await rig.run()
        assert len(_texts(fake_telegram, CHAT)) == (1 if sent else 0)
        assert report.skipped_late == (0 if sent else 1)
        delivery = await rig.storage.deliveries.get(CHAT, date(2024, 5, 1))
        assert delivery is not None
        assert delivery.status is (DeliveryStatus.SENT if sent else DeliveryStatus.SKIPPED)
        subscription = await rig.subscriptions.get(CHAT)
        assert subscription is not None
        assert subscription.next_due_at == DUE + timedelta(days=1)
        if not sent:
            # Skipped, not lost: the next day's digest covers the last 24 hours.
            clock.set(DUE + timedelta(days=1))
            await rig.run()
            [text] = _texts(fake_telegram, CHAT)
            assert "Overnight story" in text


async def test_a_crash_after_claiming_never_sends_twice(
    db_path: Path, fake_telegram: FakeTelegram, clock_at_due: ControlledClock
) -> None:
    clock = clock_at_due
    # Process A claims the slot and "crashes" before sending anything.
    async with digest_rig(db_path, fake_telegram, clock, owner="a", deliver=False) as crashed:
        report = await crashed.scheduler.run_due()
        assert report.claimed == 1 and len(crashed.held) == 1
    # Process B starts on the same file at once: the claim is still A's.
    async with digest_rig(db_path, fake_telegram, clock, owner="b") as rig:
        assert (await rig.run()).submitted == 0
        assert _texts(fake_telegram, CHAT) == []
        # After the claim lease it is safe to take over: it was never sent.
        clock.advance(minutes=3)
        report = await rig.run()
        assert report.reclaimed == 1 and report.submitted == 1
        assert len(_texts(fake_telegram, CHAT)) == 1
        clock.advance(minutes=10)
        await rig.run()
        assert len(_texts(fake_telegram, CHAT)) == 1


async def test_a_crash_between_sending_and_recording_is_not_resent(
    db_path: Path, fake_telegram: FakeTelegram, clock_at_due: ControlledClock
) -> None:
    clock = clock_at_due
    async with digest_rig(db_path, fake_telegram, clock, owner="a", deliver=False) as crashed:
        await crashed.scheduler.run_due()
        [job] = crashed.held
        # What a worker does up to the crash: the point of no return, then Telegram.
        assert await crashed.storage.deliveries.start_sending(
            job.delivery.id, owner="a", now=clock()
        )
        await send_html(crashed.bot, CHAT, messages_to_send(job.digest)[0].text)
        # ...and the process dies before recording "sent".
    assert len(_texts(fake_telegram, CHAT)) == 1
    for minutes in (1, 20, 60):
        clock.set(DUE + timedelta(minutes=minutes))
        async with digest_rig(db_path, fake_telegram, clock, owner=f"b{minutes}") as rig:
            await rig.run()
    assert len(_texts(fake_telegram, CHAT)) == 1
    async with digest_rig(db_path, fake_telegram, clock, owner="check") as rig:
        delivery = await rig.storage.deliveries.get(CHAT, date(2024, 5, 1))
        assert delivery is not None and delivery.status is DeliveryStatus.UNKNOWN


async def test_concurrent_schedulers_on_one_database_send_each_digest_once(
    db_path: Path, fake_telegram: FakeTelegram, clock: ControlledClock
) -> None:
    chats = list(range(1000, 1060))
    await stored_subscriptions(db_path, fake_telegram, clock, *chats, ingested_at=START)
    clock.set(DUE)
    async with (
        digest_rig(db_path, fake_telegram, clock, owner="a") as first,
        digest_rig(db_path, fake_telegram, clock, owner="b") as second,
        digest_rig(db_path, fake_telegram, clock, owner="c") as third,
    ):
        reports = await asyncio.gather(first.run(), second.run(), third.run())
        # ...and again, as the next ticks would.
        await asyncio.gather(first.run(), second.run(), third.run())
    assert sum(report.submitted for report in reports) == len(chats)
    assert all(len(_texts(fake_telegram, chat_id)) == 1 for chat_id in chats)


async def test_summaries_are_computed_once_per_article_not_per_subscriber(
    db_path: Path, fake_telegram: FakeTelegram, clock: ControlledClock
) -> None:
    async with digest_rig(db_path, fake_telegram, clock) as rig:
        for n in range(4):
            await add_article(rig.storage, f"Story {n}", ingested_at=START, sentences=8)
        for chat_id in range(2000, 2025):
            await rig.subscriptions.subscribe(chat_id, "private", "07:30")
        clock.set(DUE)
        await rig.run()
        texts = {text for chat_id in range(2000, 2025) for text in _texts(fake_telegram, chat_id)}
        assert len(texts) == 1  # everyone got the same digest
        async with rig.storage._conn.execute(
            "SELECT article_id, length FROM summaries ORDER BY article_id"
        ) as cursor:
            rows = [tuple(row) for row in await cursor.fetchall()]
        assert rows == [(n, 2) for n in range(1, 5)]


async def test_429_is_waited_out_and_retried(
    db_path: Path, fake_telegram: FakeTelegram, clock: ControlledClock
) -> None:
    async with digest_rig(db_path, fake_telegram, clock) as rig:
        await rig.subscribe_to_story(CHAT, ingested_at=START)
        fake_telegram.fail_next("sendMessage", error_code=429, retry_after=1, chat_id=CHAT)
        clock.set(DUE)
        await rig.run()
        calls = [c for c in fake_telegram.calls_of("sendMessage")]
        assert [c["ok"] for c in calls] == [False, True]
        assert len(_texts(fake_telegram, CHAT)) == 1
        assert rig.queue.stats.rate_limited == 1
        delivery = await rig.storage.deliveries.get(CHAT, date(2024, 5, 1))
        assert delivery is not None and delivery.status is DeliveryStatus.SENT
        assert delivery.attempts == 2


async def test_network_errors_are_retried_with_bounded_attempts(
    db_path: Path, fake_telegram: FakeTelegram, clock: ControlledClock
) -> None:
    async with digest_rig(db_path, fake_telegram, clock) as rig:
        await rig.subscribe_to_story(CHAT, CHAT + 1, ingested_at=START)
        fake_telegram.fail_next("sendMessage", error_code=502, times=2, chat_id=CHAT)
        fake_telegram.fail_next("sendMessage", error_code=502, times=10, chat_id=CHAT + 1)
        clock.set(DUE)
        await rig.run()
        assert len(_texts(fake_telegram, CHAT)) == 1
        assert _texts(fake_telegram, CHAT + 1) == []
        failed = await rig.storage.deliveries.get(CHAT + 1, date(2024, 5, 1))
        assert failed is not None and failed.status is DeliveryStatus.FAILED
        assert failed.attempts == 4
        # A failed day does not consume its articles: the cutoff did not move.
        subscription = await rig.subscriptions.get(CHAT + 1)
        assert subscription is not None and subscription.last_cutoff is None
        assert subscription.active


async def test_403_marks_the_subscription_inactive(
    db_path: Path, fake_telegram: FakeTelegram, clock: ControlledClock
) -> None:
    async with digest_rig(db_path, fake_telegram, clock) as rig:
        await rig.subscribe_to_story(CHAT, ingested_at=START)
        fake_telegram.block_chat(CHAT)
        clock.set(DUE)
        await rig.run()
        subscription = await rig.subscriptions.get(CHAT)
        assert subscription is not None and not subscription.active
        assert subscription.inactive_reason is InactiveReason.BLOCKED
        assert await rig.subscriptions.reactivation_offer(CHAT)
        clock.set(DUE + timedelta(days=1))
        await rig.run()
        assert len(fake_telegram.calls_of("sendMessage")) == 1  # not tried again


async def test_a_long_digest_is_split_under_telegrams_limit(
    db_path: Path, fake_telegram: FakeTelegram, clock: ControlledClock
) -> None:
    async with digest_rig(db_path, fake_telegram, clock) as rig:
        for n in range(10):
            await add_article(
                rig.storage,
                f"Long story {n} " + "with a long title " * 5,
                ingested_at=START,
                sentences=30,
            )
        await rig.subscriptions.subscribe(CHAT, "private", "07:30")
        await rig.subscriptions.set_summary_length(CHAT, 5)
        clock.set(DUE)
        await rig.run()
        records = fake_telegram.messages_for(CHAT)
        assert len(records) >= 2
        assert all(len(record["text"]) <= 4096 for record in records)
        shown = [n for n in range(10) for r in records if f"Long story {n} " in r["text"]]
        assert sorted(shown) == list(range(10))  # each article in exactly one message
        for record in records:
            ids = {
                button["callback_data"].split(":")[1]
                for row in record["reply_markup"]["inline_keyboard"]
                for button in row
            }
            assert all(f"#{article_id}" in record["text"] for article_id in ids)


async def test_a_slow_answer_from_telegram_is_waited_for_not_resent(
    db_path: Path, fake_telegram: FakeTelegram, clock: ControlledClock
) -> None:
    """Slower than PTB's default 5 s read timeout, well within the bot's own."""
    async with digest_rig(db_path, fake_telegram, clock) as rig:
        await rig.subscribe_to_story(CHAT, ingested_at=START)
        fake_telegram.slow_next("sendMessage", 5.5, chat_id=CHAT)
        clock.set(DUE)
        await rig.run()
        assert len(_texts(fake_telegram, CHAT)) == 1
        delivery = await rig.storage.deliveries.get(CHAT, date(2024, 5, 1))
        assert delivery is not None and delivery.status is DeliveryStatus.SENT


@pytest.mark.parametrize("how", ["answer lost", "answer too late", "connection dropped"])
async def test_a_send_that_may_have_arrived_is_recorded_unknown_and_never_resent(
    db_path: Path, fake_telegram: FakeTelegram, clock: ControlledClock, how: str
) -> None:
    async with digest_rig(db_path, fake_telegram, clock, read_timeout=0.5) as rig:
        await rig.subscribe_to_story(CHAT, ingested_at=START)
        if how == "answer lost":
            fake_telegram.drop_next("sendMessage", after_handling=True, chat_id=CHAT)
        elif how == "answer too late":
            fake_telegram.slow_next("sendMessage", 1.5, chat_id=CHAT)
        else:
            fake_telegram.drop_next("sendMessage", chat_id=CHAT)
        clock.set(DUE)
        await rig.run()
        await asyncio.sleep(1.5)  # the late answer, if any, has come and gone
        sent_before = len(_texts(fake_telegram, CHAT))
        assert sent_before == (0 if how == "connection dropped" else 1)
        assert len(fake_telegram.calls_of("sendMessage")) == 1  # asked exactly once
        delivery = await rig.storage.deliveries.get(CHAT, date(2024, 5, 1))
        assert delivery is not None and delivery.status is DeliveryStatus.UNKNOWN
        assert "not resent" in (delivery.note or "")
        assert rig.queue.stats.unknown == 1
        # Later scans leave it alone; its articles wait for the next day's digest.
        clock.set(DUE + timedelta(hours=1))
        await rig.run()
        assert len(fake_telegram.calls_of("sendMessage")) == 1
        subscription = await rig.subscriptions.get(CHAT)
        assert subscription is not None and subscription.last_cutoff is None


async def test_a_5xx_answer_is_sent_again_and_arrives_once(
    db_path: Path, fake_telegram: FakeTelegram, clock: ControlledClock
) -> None:
    async with digest_rig(db_path, fake_telegram, clock) as rig:
        await rig.subscribe_to_story(CHAT, ingested_at=START)
        fake_telegram.fail_next("sendMessage", error_code=500, chat_id=CHAT)
        clock.set(DUE)
        await rig.run()
        assert [c["error_code"] for c in fake_telegram.calls_of("sendMessage")] == [500, None]
        assert len(_texts(fake_telegram, CHAT)) == 1
        delivery = await rig.storage.deliveries.get(CHAT, date(2024, 5, 1))
        assert delivery is not None and delivery.status is DeliveryStatus.SENT


async def test_a_digest_counts_every_new_article_not_just_its_candidates(
    db_path: Path, fake_telegram: FakeTelegram, clock: ControlledClock
) -> None:
    async with digest_rig(db_path, fake_telegram, clock) as rig:
        for n in range(449):
            await add_article(rig.storage, f"Story {n}", ingested_at=START, sentences=2)
        await rig.subscriptions.subscribe(CHAT, "private", "07:30")
        clock.set(DUE)
        await rig.run()
        texts = _texts(fake_telegram, CHAT)
        assert "449 new articles since your last digest" in texts[0]
        assert "…and 439 more" in texts[-1]
        shown = [line for text in texts for line in text.splitlines() if ". Story " in line]
        assert len(shown) == 10
