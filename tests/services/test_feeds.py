"""Feeds end to end: a local news site, real SQLite files, the real fetcher and ingestion."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.feeds.schedule import PAUSE_AFTER_FAILURES
from bot.ingest.fetch import Fetcher, FetchLimits
from bot.services.feeds import FeedService
from bot.services.ingest import IngestService
from bot.storage.backends import open_storage
from bot.storage.feed_records import FeedState
from bot.storage.interface import Storage
from tests.feed_site import NewsSite, make_story, serving, story_page

T0 = datetime(2024, 6, 1, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@dataclass
class Rig:
    site: NewsSite
    db_path: Path
    clock: Clock
    storage: Storage
    fetcher: Fetcher
    feeds: FeedService

    async def restart(self) -> None:
        """A new process on the same database: new storage, fetcher and services."""
        await self.close()
        self.storage, self.fetcher, self.feeds = await _services(self.db_path, self.clock)

    async def close(self) -> None:
        await self.fetcher.aclose()
        await self.storage.close()

    async def articles(self) -> int:
        return await self.storage.articles.count()


async def _services(db_path: Path, clock: Clock) -> tuple[Storage, Fetcher, FeedService]:
    storage = await open_storage(db_path)
    # The site listens on 127.0.0.1, which only an explicit allow_private reaches.
    fetcher = Fetcher(allow_private=True, limits=FetchLimits(deadline=2, max_bytes=1_000_000))
    ingest = IngestService(storage, fetcher=fetcher, clock=clock)
    return storage, fetcher, FeedService(storage, fetcher, ingest, clock=clock)


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[Rig]:
    site = NewsSite()
    site.add_feed("alpha", stories=6)
    site.add_feed("beta", kind="atom", stories=4)
    clock = Clock()
    db_path = tmp_path / "feeds.db"
    async with serving(site):
        storage, fetcher, feeds = await _services(db_path, clock)
        rig = Rig(site, db_path, clock, storage, fetcher, feeds)
        try:
            yield rig
        finally:
            await rig.close()


async def add(rig: Rig, url: str) -> int:
    result = await rig.feeds.add(url)
    assert result.status == "added", result.reason
    assert result.feed is not None
    return result.feed.id


async def test_new_entries_become_articles_once_however_often_polled(rig: Rig) -> None:
    alpha = await add(rig, rig.site.feed_url("alpha"))
    beta = await add(rig, rig.site.feed_url("beta"))
    first = {r.feed_id: r for r in await rig.feeds.poll_due()}
    assert (first[alpha].status, first[alpha].added, first[alpha].errors) == ("ok", 6, 0)
    assert (first[beta].status, first[beta].added) == ("ok", 4)
    assert await rig.articles() == 10

    rig.site.feeds["alpha"].publish(2)
    for _ in range(100):
        rig.clock.advance(timedelta(hours=1))
        await rig.feeds.poll_due()
    assert await rig.articles() == 12
    assert rig.site.page_requests() == 12  # each page fetched once, ever
    listed = {f.id: f for f in await rig.feeds.list()}
    assert listed[alpha].articles_added == 8 and listed[beta].articles_added == 4


async def test_not_modified_costs_no_ingest(rig: Rig) -> None:
    await add(rig, rig.site.feed_url("alpha"))
    await rig.feeds.poll_due()
    pages = rig.site.page_requests()
    rig.clock.advance(timedelta(minutes=16))
    [again] = await rig.feeds.poll_due()
    assert again.status == "not_modified" and again.added == 0
    assert rig.site.conditional_hits == 1
    assert rig.site.page_requests() == pages


async def test_entry_metadata_wins_and_tracking_parameters_go(rig: Rig) -> None:
    await add(rig, rig.site.feed_url("alpha"))
    await rig.feeds.poll_due()
    story = rig.site.feeds["alpha"].stories[3]
    [header] = await rig.storage.articles.find_by_words(["plan", "3", "Alphaville"], limit=1)
    article = await rig.storage.articles.get(header.id)
    assert article is not None
    assert article.title == story.title  # not the page's "… | Site"
    assert article.byline == "Ada Reporter"  # not the page's "Page Guess"
    assert article.section == "Regional News"
    assert article.published == date(2024, 5, 6)
    assert article.url == f"{rig.site.base}/news/alpha-3"
    assert article.paragraphs == tuple(story.paragraphs)


async def test_an_entry_whose_page_fails_falls_back_to_its_own_text(rig: Rig) -> None:
    feed = rig.site.feeds["beta"]
    feed.stories[1].page_status = 404
    feed.stories[2].page_status = 500
    await add(rig, rig.site.feed_url("beta"))
    [report] = await rig.feeds.poll_due()
    assert (report.added, report.errors) == (4, 0)
    [header] = await rig.storage.articles.find_by_words(["Betaville", "plan", "1"], limit=1)
    article = await rig.storage.articles.get(header.id)
    assert article is not None
    assert article.kind == "feed" and article.title == feed.stories[1].title
    assert article.paragraphs == tuple(feed.stories[1].paragraphs)  # Atom carries it all


async def test_a_bad_entry_never_stops_the_feed(rig: Rig) -> None:
    feed = rig.site.feeds["alpha"]
    feed.stories[2].page_status = 404
    feed.stories[2].paragraphs = []  # and no summary to fall back on
    await add(rig, rig.site.feed_url("alpha"))
    [report] = await rig.feeds.poll_due()
    assert (report.status, report.added, report.errors) == ("ok", 5, 1)
    # Rejected entries are tried again on later polls, a few times, then left alone.
    for _ in range(5):
        feed.publish(1)  # a changed feed, so it is not a 304
        rig.clock.advance(timedelta(hours=1))
        await rig.feeds.poll_due()
    assert rig.site.requests["/news/alpha-2"] == 3


async def test_an_entry_refused_while_its_page_is_down_is_added_when_it_is_back(
    rig: Rig,
) -> None:
    """The feed itself is unchanged (it would answer 304), yet the entry is tried again."""
    feed = rig.site.feeds["alpha"]
    feed.stories[2].page_status = 503
    feed.stories[2].paragraphs = []  # no summary to fall back on
    await add(rig, rig.site.feed_url("alpha"))
    [first] = await rig.feeds.poll_due()
    assert (first.added, first.errors) == (5, 1)
    feed.stories[2].page_status = 200  # back, the feed unchanged
    feed.stories[2].page_body = story_page(make_story("alpha", 2))
    rig.clock.advance(timedelta(hours=1))
    [second] = await rig.feeds.poll_due()
    assert (second.status, second.added, second.errors) == ("ok", 1, 0)
    rig.clock.advance(timedelta(hours=1))
    [third] = await rig.feeds.poll_due()
    assert third.status == "not_modified"  # nothing left to retry: validators kept again


async def test_same_story_in_two_feeds_or_two_links_is_stored_once(rig: Rig) -> None:
    alpha = rig.site.feeds["alpha"]
    mirror = rig.site.add_feed("mirror")
    mirror.stories = list(alpha.stories)  # the same items, GUIDs included
    mirror.tracking = False  # links without utm_*: the same canonical URL
    await add(rig, rig.site.feed_url("alpha"))
    await add(rig, rig.site.feed_url("mirror"))
    reports = {r.url: r for r in await rig.feeds.poll_due()}
    total = sum(r.added for r in reports.values())
    duplicates = sum(r.duplicates for r in reports.values())
    assert (total, duplicates) == (6, 6)
    assert await rig.articles() == 6


async def test_redirected_feed_and_feed_found_on_a_page(rig: Rig) -> None:
    moved = await rig.feeds.add(f"{rig.site.base}/moved/beta")
    assert moved.status == "added" and moved.entries == 4
    found = await rig.feeds.add(f"{rig.site.base}/home.html")
    assert found.status == "added" and found.feed is not None
    assert found.feed.url == rig.site.feed_url("alpha")
    assert found.discovered_from == f"{rig.site.base}/home.html"
    reports = await rig.feeds.poll_due()
    assert sorted(r.added for r in reports) == [4, 6]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/not-a-feed.txt", "no RSS or Atom feed"),
        ("/feeds/nothing.rss", "HTTP 404"),
        ("/huge.rss", "too large"),
        ("not a url", "not a web address"),
    ],
)
async def test_adding_what_is_no_feed_says_why(rig: Rig, path: str, reason: str) -> None:
    url = path if " " in path else f"{rig.site.base}{path}"
    result = await rig.feeds.add(url)
    assert result.status == "rejected" and reason in (result.reason or "")
    assert await rig.feeds.list() == []


async def test_failing_feed_backs_off_pauses_once_and_recovers(rig: Rig) -> None:
    feed_id = await add(rig, rig.site.feed_url("alpha"))
    site_feed = rig.site.feeds["alpha"]
    site_feed.status = 500
    waits = []
    for _ in range(3):
        [report] = await rig.feeds.poll_due()
        assert report.status == "error" and "HTTP 500" in (report.reason or "")
        feed = await rig.storage.feeds.get(feed_id)
        assert feed is not None and feed.state is FeedState.FAILING
        waits.append(feed.next_poll_at - rig.clock.now)
        rig.clock.advance(waits[-1])
    assert waits == [timedelta(minutes=30), timedelta(minutes=60), timedelta(minutes=120)]

    site_feed.delay = 3  # slower than the deadline: a timeout is a failure too
    [slow] = await rig.feeds.poll_due()
    assert "did not arrive within 2 seconds" in (slow.reason or "")
    site_feed.delay = 0
    site_feed.status = 503  # with Retry-After: 120, less than the back-off: back-off wins
    reports = [slow]
    while True:
        feed = await rig.storage.feeds.get(feed_id)
        assert feed is not None
        rig.clock.advance(feed.next_poll_at - rig.clock.now)
        polled = await rig.feeds.poll_due()
        if not polled:
            break
        reports += polled
    assert [r.paused for r in reports] == [False] * (len(reports) - 1) + [True]
    feed = await rig.storage.feeds.get(feed_id)
    assert feed is not None and feed.state is FeedState.PAUSED and feed.paused_by_failures
    assert feed.consecutive_failures == PAUSE_AFTER_FAILURES

    [notice] = await rig.feeds.pause_notices()
    assert notice.id == feed_id
    await rig.feeds.notice_sent(feed_id)
    assert await rig.feeds.pause_notices() == []  # told once

    site_feed.status = 200
    resumed = await rig.feeds.resume(feed_id)
    assert resumed is not None and resumed.state is FeedState.ACTIVE
    [report] = await rig.feeds.poll_due()
    assert (report.status, report.added) == ("ok", 6)
    feed = await rig.storage.feeds.get(feed_id)
    assert feed is not None and feed.consecutive_failures == 0 and feed.last_error is None


async def test_paused_feeds_are_not_polled(rig: Rig) -> None:
    feed_id = await add(rig, rig.site.feed_url("alpha"))
    await rig.feeds.pause(feed_id)
    assert await rig.feeds.poll_due() == []
    assert rig.site.requests["/feeds/alpha.rss"] == 1  # only the check when it was added


async def test_a_restart_mid_poll_loses_nothing_and_stores_nothing_twice(rig: Rig) -> None:
    site_feed = rig.site.feeds["alpha"]
    site_feed.publish(6)
    for story in site_feed.stories[4:]:
        story.page_delay = 30  # these pages hang: the poll is cut off while they load
    await add(rig, rig.site.feed_url("alpha"))
    poll = asyncio.create_task(rig.feeds.poll_due())
    async with asyncio.timeout(20):
        while await rig.articles() < 4:
            await asyncio.sleep(0.05)
    poll.cancel()  # the bot stops mid-poll
    with pytest.raises(asyncio.CancelledError):
        await poll
    stored_before = await rig.articles()
    assert 4 <= stored_before < 12

    for story in site_feed.stories:
        story.page_delay = 0
    await rig.restart()
    [report] = await rig.feeds.poll_due()  # released on stop: due at once
    assert report.status == "ok"
    assert report.added == 12 - stored_before
    assert await rig.articles() == 12


async def test_a_crash_mid_poll_is_taken_over_after_the_lease(rig: Rig) -> None:
    await add(rig, rig.site.feed_url("alpha"))
    now = rig.clock.now
    # A process claimed the feed and died without a word: the lease stays.
    await rig.storage.feeds.claim_due(now, lease_until=now + timedelta(minutes=15), limit=10)
    await rig.restart()
    assert await rig.feeds.poll_due() == []
    rig.clock.advance(timedelta(minutes=15))
    [report] = await rig.feeds.poll_due()
    assert (report.status, report.added) == ("ok", 6)


async def test_opml_import_and_first_start_seeding(rig: Rig) -> None:
    opml = (
        '<?xml version="1.0"?><opml version="2.0"><body>'
        f'<outline text="Alpha" xmlUrl="{rig.site.feed_url("alpha")}"/>'
        f'<outline text="Beta" xmlUrl="{rig.site.feed_url("beta")}"/>'
        '<outline text="Bad" xmlUrl="gopher://old.example/feed"/>'
        "</body></opml>"
    ).encode()
    imported = await rig.feeds.import_opml(opml)
    assert [f.title for f in imported.added] == ["Alpha", "Beta"]
    assert [url for url, _ in imported.rejected] == ["gopher://old.example/feed"]
    again = await rig.feeds.import_opml(opml)
    assert (len(again.added), len(again.existing)) == (0, 2)

    seed = [rig.site.feed_url("alpha"), f"{rig.site.base}/broken.rss"]
    assert await rig.feeds.seed(seed) == 1  # alpha was there already
    await rig.feeds.remove(3)
    assert await rig.feeds.seed(seed) == 0  # only on the first start, never again
    assert len(await rig.feeds.list()) == 2


async def test_broken_feed_still_yields_its_entries(rig: Rig) -> None:
    await add(rig, f"{rig.site.base}/broken.rss")
    [report] = await rig.feeds.poll_due()
    assert (report.status, report.added) == ("ok", 3)
