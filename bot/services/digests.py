"""Daily digests as a use case: what goes into a chat's digest, which chats are due now,
claiming their slots, and recording what became of each delivery.

Sending is not done here: the scheduler is given a :class:`DigestSender` (in the bot, the
paced Telegram send queue), hands it each claimed digest as data, and the sender reports
back through the :class:`DeliveryLedger` it was given.

Exactly once per chat and local day
-----------------------------------
Every slot (chat, local date) becomes one row in ``deliveries`` before anything is sent,
claimed in the same transaction that moves the subscription to its next slot; the table's
``UNIQUE (chat_id, local_date)`` decides races between schedulers, within one process or
between processes sharing the database. A delivery then moves
``claimed → sending → sent`` (or ``failed`` / ``skipped``):

* ``claimed`` means "not handed to Telegram yet". If the process dies here the claim is
  safe to take over: once older than ``claim_lease`` another scheduler (or the restarted
  one) reclaims it and sends it, still within the catch-up window. Nobody sent it before,
  so this stays exactly once.
* ``sending`` is committed *before* the first message goes to Telegram. If the process dies
  after that and before ``sent`` is recorded, nobody can know whether Telegram got the
  message: after ``sending_lease`` the row becomes ``unknown`` and is logged, and it is
  **never resent**. For that crash window (the duration of one HTTP request per chat) the
  guarantee is at most once; a missing digest is judged better than a duplicate. The
  articles are not lost: the chat's cutoff only moves on ``sent``, so the next digest
  starts from the last one known to have arrived.
* The same holds without a crash: a request that may have reached Telegram but got no
  answer (a read timeout, a connection lost mid-request) makes the delivery ``unknown`` at
  once, and it is not resent. Only failures that say Telegram did not take the message —
  the connection never opened, a 5xx answer, a 429 — are sent again.

Digests missed while the bot was down are sent on start if at most ``catch_up`` late;
older slots are recorded as ``skipped`` and the subscription moves to its next slot.
Summaries are computed once per article and length for a whole run (a per-run dict in
front of the database cache), not once per subscriber.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from bot.digest.content import (
    MAX_ARTICLES,
    Digest,
    DigestItem,
    assemble_digest,
    digest_since,
)
from bot.digest.schedule import DueDecision, decide_due, parse_local_time, zone_from_name
from bot.services.subscriptions import DEFAULT_SUMMARY_SENTENCES
from bot.services.summaries import ArticleSummary, SummaryService
from bot.storage.digest_records import Delivery, DeliveryClaim, InactiveReason, Subscription
from bot.storage.interface import DeliveryRepository, Storage

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]
SummaryCache = dict[tuple[int, int], ArticleSummary | None]

CANDIDATE_ARTICLES = 50


@dataclass(frozen=True, slots=True)
class DueChat:
    subscription: Subscription
    decision: DueDecision


class DigestService:
    """Builds a chat's digest; shared by the scheduler, /digest and the command line."""

    def __init__(
        self,
        storage: Storage,
        summaries: SummaryService,
        *,
        clock: Clock,
        default_zone: str = "UTC",
        max_articles: int = MAX_ARTICLES,
    ) -> None:
        self._storage = storage
        self._summaries = summaries
        self.clock = clock
        self.default_zone = zone_from_name(default_zone)
        self.max_articles = max_articles

    async def build(
        self,
        chat_id: int,
        *,
        since: datetime,
        until: datetime,
        sentences: int,
        local_date: date,
        cache: SummaryCache | None = None,
    ) -> Digest:
        cache = {} if cache is None else cache
        headers = [
            header
            for header in await self._storage.articles.ingested_since(
                since, limit=CANDIDATE_ARTICLES
            )
            if header.ingested_at <= until
        ]
        items: list[DigestItem] = []
        for header in headers:
            key = (header.id, sentences)
            if key not in cache:
                cache[key] = await self._summaries.summarize(header.id, sentences=sentences)
            summary = cache[key]
            if summary is not None:
                items.append(DigestItem(header, tuple(summary.sentences), summary.article_length))
        # The candidates are the newest few; the digest says how many arrived in all.
        arrived = await self._storage.articles.count_ingested(since=since, until=until)
        return assemble_digest(
            chat_id,
            items,
            local_date=local_date,
            since=since,
            until=until,
            max_articles=self.max_articles,
            new_articles=arrived,
        )

    async def preview(self, chat_id: int, *, cache: SummaryCache | None = None) -> Digest:
        """The chat's digest as it would be now; changes nothing (the scheduled one stays)."""
        now = self.clock()
        subscription = await self._storage.subscriptions.get(chat_id)
        zone = zone_from_name(subscription.zone) if subscription else self.default_zone
        sentences = subscription.summary_sentences if subscription else DEFAULT_SUMMARY_SENTENCES
        return await self.build(
            chat_id,
            since=digest_since(subscription.last_cutoff if subscription else None, now),
            until=now,
            sentences=sentences,
            local_date=now.astimezone(zone.tz).date(),
            cache=cache,
        )

    async def due_chats(self, *, catch_up: timedelta, limit: int = 1000) -> list[DueChat]:
        """Which chats are due now and what would happen to each; claims nothing."""
        now = self.clock()
        return [
            DueChat(subscription, due_decision(subscription, now, catch_up=catch_up))
            for subscription in await self._storage.subscriptions.due(now, limit=limit)
        ]


def due_decision(subscription: Subscription, now: datetime, *, catch_up: timedelta) -> DueDecision:
    zone = zone_from_name(subscription.zone)
    return decide_due(now, parse_local_time(subscription.local_time), zone.tz, catch_up=catch_up)


class DeliveryLedger:
    """Every change to one scheduler's deliveries, stamped with its owner and clock.

    The scheduler claims, takes over and skips through it; the sender records where each
    delivery it was handed stands: :meth:`start_sending` just before the first message
    leaves (the point of no return), :meth:`record_attempt` when Telegram must be asked
    again, then :meth:`sent` or :meth:`failed`. A change whose row another scheduler has
    taken over is refused (the repository matches the owner).
    """

    def __init__(self, deliveries: DeliveryRepository, *, owner: str, clock: Clock) -> None:
        self._deliveries = deliveries
        self.owner = owner
        self.clock = clock

    async def expire_sending(self, *, started_before: datetime) -> list[Delivery]:
        return await self._deliveries.expire_sending(started_before=started_before)

    async def reclaim_stale(
        self, *, claimed_before: datetime, now: datetime, limit: int
    ) -> list[Delivery]:
        return await self._deliveries.reclaim_stale(
            owner=self.owner, claimed_before=claimed_before, now=now, limit=limit
        )

    async def claim(self, claims: Sequence[DeliveryClaim], *, now: datetime) -> list[Delivery]:
        return await self._deliveries.claim(claims, owner=self.owner, now=now)

    async def skipped(self, delivery: Delivery, note: str, *, advance_cutoff: bool) -> None:
        await self._deliveries.mark_skipped(
            delivery.id, owner=self.owner, note=note, advance_cutoff=advance_cutoff
        )

    async def start_sending(self, delivery: Delivery) -> bool:
        """False when another scheduler took the claim over: then this one must not send."""
        return await self._deliveries.start_sending(delivery.id, owner=self.owner, now=self.clock())

    async def record_attempt(self, delivery: Delivery) -> None:
        await self._deliveries.record_attempt(delivery.id, owner=self.owner, now=self.clock())

    async def sent(self, delivery: Delivery, *, messages: int) -> None:
        """Delivered: the chat's next digest starts where this one ended."""
        await self._deliveries.mark_sent(
            delivery.id, owner=self.owner, now=self.clock(), messages=messages
        )

    async def failed(self, delivery: Delivery, note: str, *, chat_gone: bool = False) -> None:
        """Not delivered; ``chat_gone`` (blocked, removed) also pauses the subscription."""
        await self._deliveries.mark_failed(
            delivery.id,
            owner=self.owner,
            note=note,
            now=self.clock(),
            deactivate=InactiveReason.BLOCKED if chat_gone else None,
        )

    async def unknown(self, delivery: Delivery, note: str) -> None:
        """A request may have reached Telegram, unanswered: never resent (at most once)."""
        await self._deliveries.mark_unknown(delivery.id, owner=self.owner, note=note)

    async def release(self) -> int:
        """Give back the claims not handed to Telegram yet, for the next start to send."""
        return await self._deliveries.release(owner=self.owner)


@dataclass(frozen=True, slots=True)
class DigestJob:
    """One claimed digest ready to send; an empty one only for chats that asked for it."""

    delivery: Delivery
    digest: Digest


class DigestSender(Protocol):
    """Takes claimed digests to their chats and records the outcome in the ledger."""

    async def submit(self, job: DigestJob) -> None:
        """Accept one job; may wait while the sender is busy (back-pressure on claims)."""
        ...


@dataclass(slots=True)
class RunReport:
    claimed: int = 0
    reclaimed: int = 0
    submitted: int = 0
    skipped_late: int = 0
    skipped_empty: int = 0
    unknown: int = 0
    chats: list[int] = field(default_factory=list)


class DigestScheduler:
    """Finds due chats, claims their slots and hands the digests to the sender.

    In the bot the sender is a bounded queue whose ``submit`` blocks while it is full, so
    claims run only a queue's length ahead of what is actually being sent.
    """

    def __init__(
        self,
        storage: Storage,
        digests: DigestService,
        sender: DigestSender,
        ledger: DeliveryLedger,
        *,
        catch_up: timedelta,
        claim_lease: timedelta = timedelta(minutes=2),
        sending_lease: timedelta = timedelta(minutes=15),
        batch_size: int = 50,
        max_batches: int = 100_000,
    ) -> None:
        self._storage = storage
        self._digests = digests
        self._sender = sender
        self.ledger = ledger
        self.catch_up = catch_up
        self.claim_lease = claim_lease
        self.sending_lease = sending_lease
        self.batch_size = batch_size
        self.max_batches = max_batches

    @property
    def clock(self) -> Clock:
        return self.ledger.clock

    async def run_due(self) -> RunReport:
        report = RunReport()
        now = self.clock()
        cache: SummaryCache = {}
        for expired in await self.ledger.expire_sending(started_before=now - self.sending_lease):
            report.unknown += 1
            logger.warning(
                "digest for chat %s on %s was being sent when its scheduler stopped; "
                "not resending it (it may or may not have arrived)",
                expired.chat_id,
                expired.local_date,
            )
        for _ in range(self.max_batches):
            reclaimed = await self.ledger.reclaim_stale(
                claimed_before=now - self.claim_lease, now=now, limit=self.batch_size
            )
            for delivery in reclaimed:
                report.reclaimed += 1
                await self._dispatch_reclaimed(delivery, now, cache, report)
            if len(reclaimed) < self.batch_size:
                break
        for _ in range(self.max_batches):
            due = await self._storage.subscriptions.due(now, limit=self.batch_size)
            if not due:
                break
            by_chat = {subscription.chat_id: subscription for subscription in due}
            claims = [self._claim(subscription, now) for subscription in due]
            for claim in claims:
                if not claim.send:
                    report.skipped_late += 1
                    logger.info(
                        "digest for chat %s on %s skipped: %s",
                        claim.chat_id,
                        claim.local_date,
                        claim.note,
                    )
            taken = await self.ledger.claim(claims, now=now)
            for delivery in taken:
                report.claimed += 1
                await self._dispatch(delivery, by_chat[delivery.chat_id], cache, report)
            if len(due) < self.batch_size:
                break
        return report

    def _claim(self, subscription: Subscription, now: datetime) -> DeliveryClaim:
        decision = due_decision(subscription, now, catch_up=self.catch_up)
        assert subscription.next_due_at is not None
        note = None
        if not decision.send:
            late = decision.lateness.total_seconds() / 3600
            window = self.catch_up.total_seconds() / 3600
            note = f"{late:.1f} h late, more than the {window:g} h catch-up window"
        return DeliveryClaim(
            chat_id=subscription.chat_id,
            local_date=decision.slot.local_date,
            due_at=decision.slot.due_at,
            expected_next_due=subscription.next_due_at,
            since=digest_since(subscription.last_cutoff, now),
            until=now,
            next_due_at=decision.next_due_at,
            send=decision.send,
            note=note,
        )

    async def _dispatch_reclaimed(
        self, delivery: Delivery, now: datetime, cache: SummaryCache, report: RunReport
    ) -> None:
        subscription = await self._storage.subscriptions.get(delivery.chat_id)
        if subscription is None or not subscription.active:
            await self.ledger.skipped(delivery, "no longer subscribed", advance_cutoff=False)
            return
        if now - delivery.due_at > self.catch_up:
            report.skipped_late += 1
            await self.ledger.skipped(
                delivery,
                "claimed by a scheduler that stopped; now past the catch-up window",
                advance_cutoff=False,
            )
            return
        logger.info(
            "taking over the digest for chat %s on %s from a stopped scheduler",
            delivery.chat_id,
            delivery.local_date,
        )
        await self._dispatch(delivery, subscription, cache, report)

    async def _dispatch(
        self,
        delivery: Delivery,
        subscription: Subscription,
        cache: SummaryCache,
        report: RunReport,
    ) -> None:
        digest = await self._digests.build(
            delivery.chat_id,
            since=delivery.since,
            until=delivery.until,
            sentences=subscription.summary_sentences,
            local_date=delivery.local_date,
            cache=cache,
        )
        if digest.is_empty and not subscription.send_empty:
            report.skipped_empty += 1
            await self.ledger.skipped(delivery, "nothing new", advance_cutoff=True)
            return
        report.submitted += 1
        report.chats.append(delivery.chat_id)
        await self._sender.submit(DigestJob(delivery, digest))
