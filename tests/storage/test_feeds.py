"""The feed repository's contract: what any storage backend must do for feeds."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.storage.backends import opened_storage
from bot.storage.feed_records import EntryStatus, FeedState
from bot.storage.interface import Storage

NOW = datetime(2024, 5, 1, 5, 0, tzinfo=UTC)
EVERY = timedelta(minutes=15)
URL = "https://news.example/rss.xml"


async def test_add_is_idempotent_per_url(storage: Storage) -> None:
    feed, created = await storage.feeds.add(URL, title="News", interval=EVERY, now=NOW)
    again, created_again = await storage.feeds.add(URL, title="Other", interval=EVERY, now=NOW)
    assert created and not created_again and again == feed
    assert (feed.state, feed.interval, feed.next_poll_at, feed.title) == (
        FeedState.ACTIVE,
        EVERY,
        NOW,
        "News",
    )


async def test_two_pollers_never_claim_the_same_feed(storage: Storage) -> None:
    for n in range(20):
        await storage.feeds.add(f"{URL}?n={n}", title=None, interval=EVERY, now=NOW)
    lease = NOW + timedelta(minutes=15)
    first, second = await asyncio.gather(
        storage.feeds.claim_due(NOW, lease_until=lease, limit=15),
        storage.feeds.claim_due(NOW, lease_until=lease, limit=15),
    )
    ids = [f.id for f in first + second]
    assert len(ids) == 20 and len(set(ids)) == 20
    assert await storage.feeds.claim_due(NOW, lease_until=lease, limit=50) == []
    await storage.feeds.release(ids[:3], now=NOW)
    assert len(await storage.feeds.claim_due(NOW, lease_until=lease, limit=50)) == 3


async def test_entries_known_by_key_or_link_and_rejected_ones_retried(storage: Storage) -> None:
    feed, _ = await storage.feeds.add(URL, title=None, interval=EVERY, now=NOW)
    other, _ = await storage.feeds.add(URL + "2", title=None, interval=EVERY, now=NOW)
    record = storage.feeds.record_entry
    await record(feed.id, "g1", canonical_url="https://n/1", article_id=None,
                 status=EntryStatus.DUPLICATE, reason=None, now=NOW)  # fmt: skip
    await record(feed.id, "g2", canonical_url="https://n/2", article_id=None,
                 status=EntryStatus.REJECTED, reason="404", now=NOW)  # fmt: skip
    keys = ["g1", "g2", "https://n/1", "https://n/2", "g3"]
    assert await storage.feeds.known_entries(feed.id, keys, max_attempts=2) == {"g1", "https://n/1"}
    assert await storage.feeds.known_entries(other.id, keys, max_attempts=2) == set()
    await record(feed.id, "g2", canonical_url="https://n/2", article_id=None,
                 status=EntryStatus.REJECTED, reason="404", now=NOW)  # fmt: skip
    known = await storage.feeds.known_entries(feed.id, keys, max_attempts=2)
    assert known == {"g1", "https://n/1", "g2", "https://n/2"}


async def test_failures_pause_and_success_or_resume_clears_them(storage: Storage) -> None:
    feed, _ = await storage.feeds.add(URL, title=None, interval=EVERY, now=NOW)
    for n in range(1, 4):
        failed = await storage.feeds.record_failure(
            feed.id, error=f"HTTP 500 #{n}", next_poll_at=NOW, pause_after=3, now=NOW
        )
        assert failed is not None and failed.consecutive_failures == n
    assert failed.state is FeedState.PAUSED and failed.paused_by_failures
    assert [f.id for f in await storage.feeds.unnotified_pauses()] == [feed.id]
    await storage.feeds.mark_notified(feed.id)
    assert await storage.feeds.unnotified_pauses() == []
    assert await storage.feeds.claim_due(NOW, lease_until=NOW, limit=5) == []

    resumed = await storage.feeds.resume(feed.id, now=NOW)
    assert resumed is not None and resumed.state is FeedState.ACTIVE
    assert resumed.consecutive_failures == 0 and not resumed.paused_by_failures
    await storage.feeds.record_failure(
        feed.id, error="timeout", next_poll_at=NOW, pause_after=3, now=NOW
    )
    later = NOW + timedelta(hours=1)
    await storage.feeds.record_success(
        feed.id, title="News", etag='"e1"', last_modified=None, interval=EVERY,
        next_poll_at=later, now=NOW,
    )  # fmt: skip
    await storage.feeds.record_success(
        feed.id, title=None, etag=None, last_modified="Wed, 01 May 2024 05:00:00 GMT",
        interval=EVERY, next_poll_at=later, now=NOW,
    )  # fmt: skip
    done = await storage.feeds.get(feed.id)
    assert done is not None
    assert (done.state, done.consecutive_failures, done.last_error) == (FeedState.ACTIVE, 0, None)
    assert (done.title, done.etag, done.last_modified) == (
        "News",
        '"e1"',
        "Wed, 01 May 2024 05:00:00 GMT",
    )
    assert done.last_success_at == NOW and done.next_poll_at == later


async def test_an_admin_pause_survives_polls_and_removal_keeps_nothing(storage: Storage) -> None:
    feed, _ = await storage.feeds.add(URL, title=None, interval=EVERY, now=NOW)
    await storage.feeds.pause(feed.id, now=NOW)
    await storage.feeds.record_failure(
        feed.id, error="late", next_poll_at=NOW, pause_after=1, now=NOW
    )
    paused = await storage.feeds.get(feed.id)
    assert paused is not None and paused.state is FeedState.PAUSED
    assert not paused.paused_by_failures  # the admin's pause, not the poller's
    await storage.feeds.record_entry(feed.id, "g", canonical_url=None, article_id=None,
                                     status=EntryStatus.REJECTED, reason="x", now=NOW)  # fmt: skip
    assert await storage.feeds.remove(feed.id)
    assert not await storage.feeds.remove(feed.id)
    assert await storage.feeds.list_all() == []


async def test_seed_happens_once_per_database(storage: Storage) -> None:
    urls = [URL, URL + "2"]
    assert await storage.feeds.seed(urls, interval=EVERY, now=NOW) == 2
    await storage.feeds.remove(1)
    assert await storage.feeds.seed(urls, interval=EVERY, now=NOW) == 0
    assert [f.url for f in await storage.feeds.list_all()] == [URL + "2"]


async def test_due_feeds_are_leased_to_one_poller(database_setting: str) -> None:
    async with (
        opened_storage(database_setting) as first,
        opened_storage(database_setting) as second,
    ):
        for n in range(6):
            await first.feeds.add(f"https://{n}.example/rss", title=None, interval=EVERY, now=NOW)
        lease = NOW + timedelta(minutes=15)
        taken = await asyncio.gather(
            first.feeds.claim_due(NOW, lease_until=lease, limit=4),
            second.feeds.claim_due(NOW, lease_until=lease, limit=4),
        )
        ids = [f.id for batch in taken for f in batch]
        assert sorted(ids) == sorted(set(ids)) and len(ids) == 6
        assert await first.feeds.claim_due(NOW, lease_until=lease, limit=10) == []
        stored = await first.feeds.get(ids[0])
        assert stored is not None and stored.next_poll_at == lease
        assert stored.last_polled_at == NOW
        await first.feeds.release(ids[:2], now=NOW)
        again = await second.feeds.claim_due(NOW, lease_until=lease, limit=10)
        assert sorted(f.id for f in again) == sorted(ids[:2])
