"""When a feed is polled next: default, feed hints, HTTP caching, back-off, pause."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.feeds.schedule import (
    MAX_INTERVAL,
    MIN_INTERVAL,
    FeedHints,
    backoff,
    poll_interval,
    should_pause,
    update_period_minutes,
)

NOW = datetime(2024, 5, 6, 12, 0, tzinfo=UTC)
DEFAULT = timedelta(minutes=15)


def test_feed_hints_and_caching_headers_lengthen_never_shorten() -> None:
    assert poll_interval(DEFAULT) == DEFAULT
    assert poll_interval(DEFAULT, FeedHints(ttl_minutes=60)) == timedelta(minutes=60)
    assert poll_interval(DEFAULT, FeedHints(ttl_minutes=1)) == DEFAULT
    assert poll_interval(DEFAULT, FeedHints(update_period_minutes=30)) == timedelta(minutes=30)
    assert poll_interval(DEFAULT, None, {"cache-control": "public, max-age=3600"}) == timedelta(
        hours=1
    )
    assert poll_interval(DEFAULT, None, {"cache-control": "no-cache, max-age=3600"}) == DEFAULT
    assert poll_interval(DEFAULT, FeedHints(ttl_minutes=60 * 24 * 30)) == MAX_INTERVAL
    assert poll_interval(timedelta(minutes=1)) == MIN_INTERVAL


@pytest.mark.parametrize(
    ("period", "frequency", "minutes"),
    [("hourly", "2", 30), ("daily", None, 1440), ("Weekly", "7", 1440), ("often", "1", None)],
)
def test_syndication_update_period(period: str, frequency: str | None, minutes: float) -> None:
    assert update_period_minutes(period, frequency) == minutes


def test_backoff_doubles_respects_retry_after_and_stops_at_a_day() -> None:
    waits = [backoff(DEFAULT, n, now=NOW) for n in range(1, 8)]
    assert waits[:4] == [timedelta(minutes=m) for m in (30, 60, 120, 240)]
    assert waits[-1] == MAX_INTERVAL
    assert backoff(DEFAULT, 1, now=NOW, headers={"retry-after": "7200"}) == timedelta(hours=2)
    later = "Mon, 06 May 2024 15:00:00 GMT"
    assert backoff(DEFAULT, 1, now=NOW, headers={"retry-after": later}) == timedelta(hours=3)
    assert backoff(DEFAULT, 1, now=NOW, headers={"retry-after": "soon"}) == timedelta(minutes=30)


def test_many_failures_pause() -> None:
    assert not should_pause(9)
    assert should_pause(10)
