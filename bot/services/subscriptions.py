"""Daily digest subscriptions: who gets one, when, in which zone, and how long."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from datetime import time as local_time_of_day

from bot.digest.schedule import (
    ScheduleInputError,
    Zone,
    format_local_time,
    next_slot,
    parse_local_time,
    parse_zone,
    zone_from_name,
)
from bot.storage.digest_records import InactiveReason, Subscription, SubscriptionStats
from bot.storage.interface import Storage

MIN_SUMMARY_SENTENCES = 1
MAX_SUMMARY_SENTENCES = 5
DEFAULT_SUMMARY_SENTENCES = 2
SUGGESTED_TIMES = ("07:00", "08:00", "12:00", "18:00", "21:00")

Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class SubscriptionService:
    """Validation and scheduling rules; storage keeps the rows.

    Every change recomputes ``next_due_at`` from the local time and zone, so the scheduler
    only ever asks the database "whose slot has come?".
    """

    def __init__(
        self,
        storage: Storage,
        *,
        default_zone: str = "UTC",
        clock: Clock = _utc_now,
        default_summary_sentences: int = DEFAULT_SUMMARY_SENTENCES,
    ) -> None:
        self._storage = storage
        self.default_zone = parse_zone(default_zone)
        self.clock = clock
        self.default_summary_sentences = _clamp_length(default_summary_sentences)

    def parse(self, time_text: str, zone_text: str | None = None) -> tuple[str, Zone]:
        """A user's "07:30 Europe/Berlin" as stored values; raises with a helpful message."""
        local = parse_local_time(time_text)
        zone = parse_zone(zone_text) if zone_text else self.default_zone
        return format_local_time(local), zone

    async def zone_for(self, chat_id: int) -> Zone:
        """The chat's own zone if it has one, else the bot's default."""
        existing = await self._storage.subscriptions.get(chat_id)
        return zone_from_name(existing.zone) if existing else self.default_zone

    async def subscribe(
        self, chat_id: int, chat_type: str, time_text: str, zone_text: str | None = None
    ) -> Subscription:
        """Subscribe or change the time; without a zone, the chat keeps its current one."""
        local = format_local_time(parse_local_time(time_text))
        zone = parse_zone(zone_text) if zone_text else await self.zone_for(chat_id)
        now = self.clock()
        due = next_slot(now, parse_local_time(local), zone.tz).due_at
        return await self._storage.subscriptions.upsert(
            chat_id,
            chat_type=chat_type,
            local_time=local,
            zone=zone.name,
            next_due_at=due,
            summary_sentences=self.default_summary_sentences,
            now=now,
        )

    async def get(self, chat_id: int) -> Subscription | None:
        return await self._storage.subscriptions.get(chat_id)

    async def unsubscribe(self, chat_id: int) -> bool:
        return await self._storage.subscriptions.deactivate(
            chat_id, InactiveReason.UNSUBSCRIBED, now=self.clock()
        )

    async def set_summary_length(self, chat_id: int, sentences: int) -> Subscription | None:
        if not MIN_SUMMARY_SENTENCES <= sentences <= MAX_SUMMARY_SENTENCES:
            raise ScheduleInputError(
                f"The summary length is {MIN_SUMMARY_SENTENCES}–{MAX_SUMMARY_SENTENCES} sentences."
            )
        return await self._storage.subscriptions.set_options(
            chat_id, summary_sentences=sentences, now=self.clock()
        )

    async def set_send_empty(self, chat_id: int, send_empty: bool) -> Subscription | None:
        return await self._storage.subscriptions.set_options(
            chat_id, send_empty=send_empty, now=self.clock()
        )

    async def mark_blocked(self, chat_id: int) -> bool:
        """The chat removed or blocked the bot: stop sending, remember to offer it back."""
        return await self._storage.subscriptions.deactivate(
            chat_id, InactiveReason.BLOCKED, now=self.clock()
        )

    async def reactivation_offer(self, chat_id: int) -> bool:
        """True when the chat lost its digest by blocking the bot (not by unsubscribing)."""
        existing = await self._storage.subscriptions.get(chat_id)
        return (
            existing is not None
            and not existing.active
            and existing.inactive_reason is InactiveReason.BLOCKED
        )

    async def resume(self, chat_id: int) -> Subscription | None:
        """Back on the old time and zone, from the next slot on (no back-filled digest)."""
        existing = await self._storage.subscriptions.get(chat_id)
        if existing is None:
            return None
        now = self.clock()
        due = next_slot(
            now, parse_local_time(existing.local_time), zone_from_name(existing.zone).tz
        )
        return await self._storage.subscriptions.reactivate(
            chat_id, next_due_at=due.due_at, now=now
        )

    async def remember_chat(self, chat_id: int, chat_type: str) -> None:
        await self._storage.subscriptions.remember_chat(chat_id, chat_type, now=self.clock())

    async def stats(self) -> SubscriptionStats:
        return await self._storage.subscriptions.stats()


def local_time_of(subscription: Subscription) -> local_time_of_day:
    return parse_local_time(subscription.local_time)


def _clamp_length(sentences: int) -> int:
    return max(MIN_SUMMARY_SENTENCES, min(MAX_SUMMARY_SENTENCES, sentences))
