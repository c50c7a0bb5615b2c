"""Admins manage feeds from Telegram; the polling job fills the archive and reports pauses."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest_asyncio

from bot.feeds.schedule import PAUSE_AFTER_FAILURES
from bot.services.bundle import Services
from bot.telegram.context import SERVICES_KEY
from bot.telegram.feed_handlers import FEED_POLLER_KEY, FeedPoller
from tests.fake_telegram.fixtures import fake_telegram  # noqa: F401
from tests.fake_telegram.server import FakeTelegram
from tests.feed_site import NewsSite, serving
from tests.telegram.conftest import (
    ADMIN_ID,
    USER_ID,
    Harness,
    admin_user,
    make_settings,
    running_bot,
)


@pytest_asyncio.fixture
async def site() -> AsyncIterator[NewsSite]:
    news = NewsSite()
    news.add_feed("alpha", stories=3)
    news.add_feed("beta", kind="atom", stories=2)
    async with serving(news):
        yield news


async def poll_now(harness: Harness) -> None:
    poller: FeedPoller = harness.application.bot_data[FEED_POLLER_KEY]
    assert await poller.wait_idle(30)  # a round the job may have started
    poller.tick()
    assert await poller.wait_idle(30)


def services(harness: Harness) -> Services:
    return harness.application.bot_data[SERVICES_KEY]


async def test_admin_adds_lists_pauses_resumes_and_removes_feeds(
    harness: Harness, site: NewsSite
) -> None:
    [added] = await harness.say(ADMIN_ID, f"/feed add {site.base}/home.html", user=admin_user())
    assert added["text"].startswith("Added feed #1: Alpha News (found on ")
    assert "3 entries now" in added["text"]
    [again] = await harness.say(ADMIN_ID, f"/feed add {site.feed_url('alpha')}", user=admin_user())
    assert again["text"] == "That feed is already there: #1 Alpha News."
    [bad] = await harness.say(ADMIN_ID, f"/feed add {site.base}/nope.rss", user=admin_user())
    assert bad["text"].startswith("Could not add the feed: the address answered HTTP 404")

    await poll_now(harness)
    [answer] = await harness.say(USER_ID, "Alphaville library plan", timeout=10)
    assert "Alphaville approves library plan 2" in answer["text"]

    [listing] = await harness.say(ADMIN_ID, "/feeds", user=admin_user())
    assert "#1 Alpha News" in listing["text"] and "3 articles added" in listing["text"]
    assert "✅ active" in listing["text"]
    [paused] = await harness.say(ADMIN_ID, "/feed pause 1", user=admin_user())
    assert paused["text"].startswith("Paused:") and "⏸ paused" in paused["text"]
    [resumed] = await harness.say(ADMIN_ID, "/feed resume #1", user=admin_user())
    assert resumed["text"].startswith("Resumed")
    [removed] = await harness.say(ADMIN_ID, "/feed remove 1", user=admin_user())
    assert removed["text"] == "Removed feed #1; the articles it brought stay."
    [gone] = await harness.say(ADMIN_ID, "/feed remove 1", user=admin_user())
    assert gone["text"] == "There is no feed #1."
    [number] = await harness.say(ADMIN_ID, "/feed pause ²", user=admin_user())
    assert "Send the feed's number" in number["text"]
    [usage] = await harness.say(ADMIN_ID, "/feed", user=admin_user())
    assert "/feed add https://example.com/rss.xml" in usage["text"]
    [empty] = await harness.say(ADMIN_ID, "/feeds", user=admin_user())
    assert empty["text"].startswith("No feeds yet.")


async def test_opml_upload_imports_feeds(harness: Harness, site: NewsSite) -> None:
    opml = (
        '<?xml version="1.0"?><opml version="2.0"><body>'
        f'<outline text="Alpha" xmlUrl="{site.feed_url("alpha")}"/>'
        f'<outline text="Beta" xmlUrl="{site.feed_url("beta")}"/>'
        "</body></opml>"
    ).encode()
    harness.fake.send_document(ADMIN_ID, opml, "subscriptions.opml", user=admin_user())
    [reply] = await harness.fake.wait_for_messages(ADMIN_ID, 1, timeout=10)
    assert reply["text"].startswith("Imported the OPML list: 2 feeds added, 0 already there")
    harness.fake.send_document(ADMIN_ID, b"<html>no</html>", "broken.opml", user=admin_user())
    [broken] = await harness.fake.wait_for_messages(ADMIN_ID, 1, timeout=10)
    assert broken["text"].startswith("Could not import broken.opml: the file is XML but not OPML")
    await poll_now(harness)
    assert await services(harness).storage.articles.count() == 6 + 5


async def test_opml_sent_while_add_waits_imports_feeds_and_ends_add(
    harness: Harness, site: NewsSite
) -> None:
    [prompt] = await harness.say(ADMIN_ID, "/add", user=admin_user())
    assert prompt["text"].startswith("Send the text or link")
    opml = f'<opml version="2.0"><body><outline xmlUrl="{site.feed_url("alpha")}"/></body></opml>'
    harness.fake.send_document(ADMIN_ID, opml.encode(), "mine.opml", user=admin_user())
    [reply] = await harness.fake.wait_for_messages(ADMIN_ID, 1, timeout=10)
    assert reply["text"].startswith("Imported the OPML list: 1 feed added")
    # /add has ended: a later message is a question, not an article to add
    [answer] = await harness.say(ADMIN_ID, "what did the council say?", user=admin_user())
    assert "added" not in answer["text"].lower()
    assert await services(harness).storage.articles.count() == 6


async def test_non_admins_are_refused(harness: Harness, site: NewsSite) -> None:
    for command in ("/feeds", f"/feed add {site.feed_url('alpha')}", "/feed remove 1"):
        [reply] = await harness.say(USER_ID, command)
        assert "only the bot's admins" in reply["text"], command
    harness.fake.send_document(USER_ID, b"<opml/>", "mine.opml")
    [refused] = await harness.fake.wait_for_messages(USER_ID, 1)
    assert "only the bot's admins" in refused["text"]
    assert await services(harness).feeds.list() == []


async def test_admins_hear_once_when_a_feed_is_paused(harness: Harness, site: NewsSite) -> None:
    [_] = await harness.say(ADMIN_ID, f"/feed add {site.feed_url('alpha')}", user=admin_user())
    feeds = services(harness).storage.feeds
    past = datetime.now(UTC) - timedelta(minutes=1)
    for _ in range(PAUSE_AFTER_FAILURES - 1):  # failures so far, and due again now
        await feeds.record_failure(1, error="HTTP 500", next_poll_at=past, pause_after=99, now=past)
    site.feeds["alpha"].status = 500
    await poll_now(harness)
    [notice] = await harness.fake.wait_for_messages(ADMIN_ID, 1, timeout=10)
    assert notice["text"].startswith("Feed #1 Alpha News is paused after 10 failed polls")
    assert "the feed answered HTTP 500" in notice["text"]
    await poll_now(harness)
    await poll_now(harness)
    assert harness.fake.messages_for(ADMIN_ID)[-1] == notice  # told once


async def test_feeds_from_the_settings_are_added_on_first_start_only(
    fake_telegram: FakeTelegram,  # noqa: F811
    bot_db: Path,
    tmp_path: Path,
    site: NewsSite,
) -> None:
    settings = make_settings(
        fake_telegram, bot_db, tmp_path / "none", feeds=(site.feed_url("beta"),)
    )
    async with running_bot(settings, typing_delay=0.0) as application:
        harness = Harness(fake_telegram, application, settings)
        [listing] = await harness.say(ADMIN_ID, "/feeds", user=admin_user())
        assert site.feed_url("beta") in listing["text"]
        await harness.say(ADMIN_ID, "/feed remove 1", user=admin_user())
    async with running_bot(settings, typing_delay=0.0) as application:
        harness = Harness(fake_telegram, application, settings)
        [listing] = await harness.say(ADMIN_ID, "/feeds", user=admin_user())
        assert listing["text"].startswith("No feeds yet.")
