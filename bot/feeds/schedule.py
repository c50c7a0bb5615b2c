"""When to poll a feed next: its own hints, HTTP caching headers, and back-off on errors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

MIN_INTERVAL = timedelta(minutes=5)
MAX_INTERVAL = timedelta(hours=24)
PAUSE_AFTER_FAILURES = 10
_MAX_AGE = re.compile(r"(?:^|[,\s])(?:s-maxage|max-age)\s*=\s*\"?(\d+)", re.IGNORECASE)
_PERIOD_MINUTES = {
    "hourly": 60,
    "daily": 24 * 60,
    "weekly": 7 * 24 * 60,
    "monthly": 30 * 24 * 60,
    "yearly": 365 * 24 * 60,
}


@dataclass(frozen=True, slots=True)
class FeedHints:
    """What a feed says about its own update rate (RSS ``ttl``, ``sy:updatePeriod``)."""

    ttl_minutes: float | None = None
    update_period_minutes: float | None = None


def update_period_minutes(period: str | None, frequency: str | int | None) -> float | None:
    """``sy:updatePeriod`` / ``sy:updateFrequency`` as minutes between updates."""
    if not period:
        return None
    minutes = _PERIOD_MINUTES.get(period.strip().lower())
    if minutes is None:
        return None
    try:
        times = max(1, int(str(frequency).strip())) if frequency is not None else 1
    except ValueError:
        times = 1
    return minutes / times


def max_age(headers: dict[str, str] | None) -> timedelta | None:
    """Cache-Control's max-age (or s-maxage), unless the response may not be cached."""
    value = (headers or {}).get("cache-control", "")
    if not value or re.search(r"no-store|no-cache", value, re.IGNORECASE):
        return None
    match = _MAX_AGE.search(value)
    return timedelta(seconds=int(match.group(1))) if match else None


def retry_after(headers: dict[str, str] | None, now: datetime) -> timedelta | None:
    """Retry-After in seconds or as an HTTP date; None when absent or unreadable."""
    value = (headers or {}).get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return timedelta(seconds=int(value))
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        return None
    return max(moment - now, timedelta(0))


def poll_interval(
    default: timedelta,
    hints: FeedHints | None = None,
    headers: dict[str, str] | None = None,
) -> timedelta:
    """The wait after a successful poll: the default, longer when the feed or the server
    asks for it (polling more often than they allow only fetches the same thing), never
    below :data:`MIN_INTERVAL` nor above :data:`MAX_INTERVAL`."""
    interval = default
    for minutes in (hints.ttl_minutes, hints.update_period_minutes) if hints else ():
        if minutes:
            interval = max(interval, timedelta(minutes=minutes))
    cached = max_age(headers)
    if cached is not None:
        interval = max(interval, cached)
    return min(max(interval, MIN_INTERVAL), MAX_INTERVAL)


def backoff(
    interval: timedelta,
    failures: int,
    *,
    now: datetime,
    headers: dict[str, str] | None = None,
) -> timedelta:
    """The wait after ``failures`` failed polls in a row: the interval doubled per failure,
    at least what Retry-After asks, at most a day."""
    wait = max(interval, MIN_INTERVAL) * (2 ** min(max(failures, 1), 16))
    asked = retry_after(headers, now)
    if asked is not None:
        wait = max(wait, asked)
    return min(wait, MAX_INTERVAL)


def should_pause(failures: int) -> bool:
    return failures >= PAUSE_AFTER_FAILURES
