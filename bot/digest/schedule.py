"""When a chat's digest is due: local times, time zones, daylight saving and catch-up.

Pure functions over aware datetimes, so every rule is testable with any "now".

Daylight saving keeps the local time: a digest at 07:30 in Europe/Berlin arrives at 07:30
on both sides of a transition. A local time skipped by a spring-forward gap is sent at the
first valid instant after it (02:30 on the March transition day → 03:00 CEST); a local time
repeated by a fall-back change is sent at its first occurrence only.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

ACCEPTED_TIME_FORMS = "HH:MM in 24-hour time, e.g. 07:30 or 18:00"
ACCEPTED_ZONE_FORMS = (
    "an IANA time zone name such as Europe/Berlin or America/New_York, "
    "UTC, or a fixed offset such as +02:00 or -05:30"
)
_TIME = re.compile(r"^(\d{1,2})[:.h](\d{2})$")
_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)
_MAX_OFFSET = timedelta(hours=14)


class ScheduleInputError(ValueError):
    """A time or zone a user typed that cannot be used; the message says what would work."""


@dataclass(frozen=True, slots=True)
class Zone:
    """A zone as stored: its canonical name, and the tzinfo it stands for."""

    name: str
    tz: tzinfo


_ECHO_CHARS = 40
_LONGEST_ZONE_NAME = 40


def _echo(text: str) -> str:
    """What the user typed, shown back short: the message must stay a message."""
    text = " ".join(text.split())
    return text if len(text) <= _ECHO_CHARS else text[: _ECHO_CHARS - 1] + "…"


def parse_local_time(text: str) -> time:
    match = _TIME.match(text.strip())
    if not match:
        raise ScheduleInputError(
            f"“{_echo(text)}” is not a time I understand. Use {ACCEPTED_TIME_FORMS}."
        )
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise ScheduleInputError(
            f"“{_echo(text)}” is not a time of day. Use {ACCEPTED_TIME_FORMS}."
        )
    return time(hour, minute)


def format_local_time(value: time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def parse_zone(text: str) -> Zone:
    """An IANA name (any letter case), UTC/GMT, or a fixed ±HH:MM offset."""
    cleaned = text.strip()
    if cleaned.upper() in {"UTC", "GMT", "Z", "UTC+0", "UTC-0", "+00:00"}:
        return Zone("UTC", UTC)
    offset = _OFFSET.match(cleaned)
    if offset:
        sign = 1 if offset.group(1) == "+" else -1
        hours, minutes = int(offset.group(2)), int(offset.group(3) or 0)
        delta = timedelta(hours=hours, minutes=minutes)
        if minutes > 59 or delta > _MAX_OFFSET:
            raise ScheduleInputError(
                f"“{_echo(text)}” is not a real UTC offset (they run from -14:00 to +14:00)."
            )
        if not delta:
            return Zone("UTC", UTC)
        return Zone(f"{offset.group(1)}{hours:02d}:{minutes:02d}", timezone(sign * delta))
    canonical = _zone_names_by_fold().get(cleaned.casefold().replace(" ", "_"))
    if canonical:
        return Zone(canonical, ZoneInfo(canonical))
    suggestions = suggest_zones(cleaned)
    hint = f" Did you mean {', '.join(suggestions)}?" if suggestions else ""
    raise ScheduleInputError(
        f"I don't know the time zone “{_echo(text)}”.{hint} Use {ACCEPTED_ZONE_FORMS}."
    )


def zone_from_name(name: str) -> Zone:
    """A stored zone name back into a zone (names were validated when stored)."""
    try:
        return parse_zone(name)
    except ScheduleInputError:
        # A zone removed from a newer tz database: fall back rather than stop the schedule.
        try:
            return Zone(name, ZoneInfo(name))
        except (ZoneInfoNotFoundError, ValueError):
            return Zone("UTC", UTC)


def suggest_zones(text: str, *, limit: int = 3) -> list[str]:
    """Close zone names: the whole name, or just the city ("berlin" → Europe/Berlin)."""
    key = text.strip().casefold().replace(" ", "_")
    if len(key) > _LONGEST_ZONE_NAME:
        return []  # no zone is that long, and comparing costs time in proportion
    names = _zone_names_by_fold()
    found = difflib.get_close_matches(key, list(names), n=limit, cutoff=0.6)
    cities = _zone_names_by_city()
    for city in difflib.get_close_matches(key, list(cities), n=limit, cutoff=0.7):
        found.append(cities[city].casefold())
    seen: dict[str, None] = {}
    for folded in found:
        seen.setdefault(names[folded], None)
    return list(seen)[:limit]


@cache
def _zone_names_by_fold() -> dict[str, str]:
    return {name.casefold(): name for name in available_timezones() if "/" in name or name == "UTC"}


@cache
def _zone_names_by_city() -> dict[str, str]:
    cities: dict[str, str] = {}
    for name in sorted(available_timezones()):
        if name.count("/") >= 1 and not name.startswith(("Etc/", "SystemV/", "posix/", "right/")):
            cities.setdefault(name.rsplit("/", 1)[1].casefold(), name)
    return cities


@dataclass(frozen=True, slots=True)
class Slot:
    """One day's digest: the local date it belongs to and the instant it is due."""

    local_date: date
    due_at: datetime  # UTC


def slot_for(day: date, local: time, tz: tzinfo) -> Slot:
    """The instant ``local`` happens on ``day``; a skipped time moves to the gap's end."""
    wall = datetime.combine(day, local, tzinfo=tz)  # fold=0: the first of a repeated time
    instant = wall.astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) == wall.replace(tzinfo=None):
        return Slot(day, instant)
    # A spring-forward gap: fold=1 reads the wall time with the new offset (earlier
    # instant), fold=0 with the old one (later); the transition lies between them.
    low = wall.replace(fold=1).astimezone(UTC)
    high = instant
    if low > high:
        low, high = high, low
    before = low.astimezone(tz).utcoffset()
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(tz).utcoffset() == before:
            low = middle
        else:
            high = middle
    return Slot(day, high.replace(microsecond=0))


def latest_slot(now: datetime, local: time, tz: tzinfo) -> Slot:
    """The most recent slot at or before ``now``."""
    today = now.astimezone(tz).date()
    for offset in range(0, 3):
        slot = slot_for(today - timedelta(days=offset), local, tz)
        if slot.due_at <= now:
            return slot
    raise AssertionError("a daily slot always exists within three days")  # pragma: no cover


def next_slot(now: datetime, local: time, tz: tzinfo) -> Slot:
    """The first slot strictly after ``now``."""
    today = now.astimezone(tz).date()
    for offset in range(-1, 3):
        slot = slot_for(today + timedelta(days=offset), local, tz)
        if slot.due_at > now:
            return slot
    raise AssertionError("a daily slot always exists within three days")  # pragma: no cover


@dataclass(frozen=True, slots=True)
class DueDecision:
    """What to do about a subscription whose stored next slot has come.

    ``send`` is False when the slot is more than the catch-up window late; either way the
    subscription moves on to ``next_due_at``.
    """

    slot: Slot
    send: bool
    lateness: timedelta
    next_due_at: datetime


def decide_due(now: datetime, local: time, tz: tzinfo, *, catch_up: timedelta) -> DueDecision:
    """Only the latest missed slot counts: after days of downtime one digest, not several."""
    slot = latest_slot(now, local, tz)
    lateness = now - slot.due_at
    return DueDecision(
        slot=slot,
        send=lateness <= catch_up,
        lateness=lateness,
        next_due_at=next_slot(now, local, tz).due_at,
    )
