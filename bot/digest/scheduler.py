"""Daily digests: what goes into a chat's digest, and which chats are due now.

Exactly once per chat and local day
-----------------------------------
Every slot (chat, local date) becomes one row in ``deliveries`` before anything is sent,
claimed in the same transaction that moves the subscription to its next slot; the table's
``UNIQUE (chat_id, local_date)`` decides races between schedulers, within one process or
between processes sharing the database file. A delivery then moves
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

Digests missed while the bot was down are sent on start if at most ``catch_up`` late;
older slots are recorded as ``skipped`` and the subscription moves to its next slot.
Summaries are computed once per article and length for a whole run (a per-run dict in
front of the database cache), not once per subscriber.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bot.digest.compose import DigestItem, DigestMessage, compose_digest, empty_digest, rank_items
from bot.digest.schedule import DueDecision, decide_due, parse_local_time, zone_from_name
from bot.services.summaries import ArticleSummary, SummaryService
from bot.storage.digest_records import Delivery, DeliveryClaim, Subscription
from bot.storage.interface import Storage

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]
SummaryCache = dict[tuple[int, int], ArticleSummary | None]

FIRST_DIGEST_WINDOW = timedelta(hours=24)
MAX_ARTICLES = 10
CANDIDATE_ARTICLES = 50
DEFAULT_SUMMARY_SENTENCES = 2


@dataclass(frozen=True, slots=True)
class DigestContent:
    chat_id: int
    local_date: date
    since: datetime
    until: datetime
    items: tuple[DigestItem, ...]  # ranked, as shown
    more: int  # new articles left out of the digest
    messages: tuple[DigestMessage, ...]  # empty when there is nothing new

    @property
    def is_empty(self) -> bool:
        return not self.items


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
    ) -> DigestContent:
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
        ranked = rank_items(items, cutoff=until)
        shown = ranked[: self.max_articles]
        more = len(ranked) - len(shown)
        messages = compose_digest(shown, local_date=local_date, more=more) if shown else []
        return DigestContent(chat_id, local_date, since, until, tuple(shown), more, tuple(messages))

    async def preview(self, chat_id: int, *, cache: SummaryCache | None = None) -> DigestContent:
        """The chat's digest as it would be now; changes nothing (the scheduled one stays)."""
        now = self.clock()
        subscription = await self._storage.subscriptions.get(chat_id)
        zone = zone_from_name(subscription.zone) if subscription else self.default_zone
        sentences = subscription.summary_sentences if subscription else DEFAULT_SUMMARY_SENTENCES
        since = since_for(subscription, now)
        return await self.build(
            chat_id,
            since=since,
            until=now,
            sentences=sentences,
            local_date=now.astimezone(zone.tz).date(),
            cache=cache,
        )

    @staticmethod
    def empty_messages(local_date: date) -> list[DigestMessage]:
        return empty_digest(local_date=local_date)


def since_for(subscription: Subscription | None, until: datetime) -> datetime:
    """Where the chat's next digest starts: its last sent cutoff, or a day back."""
    if subscription is not None and subscription.last_cutoff is not None:
        return subscription.last_cutoff
    return until - FIRST_DIGEST_WINDOW


@dataclass(frozen=True, slots=True)
class DigestJob:
    """One claimed digest ready to send."""

    delivery: Delivery
    messages: tuple[DigestMessage, ...]


@dataclass(slots=True)
class RunReport:
    claimed: int = 0
    reclaimed: int = 0
    submitted: int = 0
    skipped_late: int = 0
    skipped_empty: int = 0
    unknown: int = 0
    chats: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DueChat:
    subscription: Subscription
    decision: DueDecision


class DigestScheduler:
    """Finds due chats, claims their slots and hands the digests to ``submit``.

    ``submit`` is the bounded delivery queue's ``put``: it blocks while the queue is full,
    so claims run only a queue's length ahead of what is actually being sent.
    """

    def __init__(
        self,
        storage: Storage,
        digests: DigestService,
        submit: Callable[[DigestJob], Awaitable[None]],
        *,
        clock: Clock,
        catch_up: timedelta,
        owner: str,
        claim_lease: timedelta = timedelta(minutes=2),
        sending_lease: timedelta = timedelta(minutes=15),
        batch_size: int = 50,
        max_batches: int = 100_000,
    ) -> None:
        self._storage = storage
        self._digests = digests
        self._submit = submit
        self.clock = clock
        self.catch_up = catch_up
        self.owner = owner
        self.claim_lease = claim_lease
        self.sending_lease = sending_lease
        self.batch_size = batch_size
        self.max_batches = max_batches

    async def due_chats(self, *, limit: int = 1000) -> list[DueChat]:
        """Which chats are due now and what would happen to each; claims nothing."""
        now = self.clock()
        return [
            DueChat(subscription, self._decide(subscription, now))
            for subscription in await self._storage.subscriptions.due(now, limit=limit)
        ]

    async def run_due(self) -> RunReport:
        report = RunReport()
        now = self.clock()
        cache: SummaryCache = {}
        for expired in await self._storage.deliveries.expire_sending(
            started_before=now - self.sending_lease
        ):
            report.unknown += 1
            logger.warning(
                "digest for chat %s on %s was being sent when its scheduler stopped; "
                "not resending it (it may or may not have arrived)",
                expired.chat_id,
                expired.local_date,
            )
        for _ in range(self.max_batches):
            reclaimed = await self._storage.deliveries.reclaim_stale(
                owner=self.owner,
                claimed_before=now - self.claim_lease,
                now=now,
                limit=self.batch_size,
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
            taken = await self._storage.deliveries.claim(claims, owner=self.owner, now=now)
            for delivery in taken:
                report.claimed += 1
                await self._dispatch(delivery, by_chat[delivery.chat_id], cache, report)
            if len(due) < self.batch_size:
                break
        return report

    def _decide(self, subscription: Subscription, now: datetime) -> DueDecision:
        zone = zone_from_name(subscription.zone)
        return decide_due(
            now, parse_local_time(subscription.local_time), zone.tz, catch_up=self.catch_up
        )

    def _claim(self, subscription: Subscription, now: datetime) -> DeliveryClaim:
        decision = self._decide(subscription, now)
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
            since=since_for(subscription, now),
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
            await self._storage.deliveries.mark_skipped(
                delivery.id, owner=self.owner, note="no longer subscribed", advance_cutoff=False
            )
            return
        if now - delivery.due_at > self.catch_up:
            report.skipped_late += 1
            await self._storage.deliveries.mark_skipped(
                delivery.id,
                owner=self.owner,
                note="claimed by a scheduler that stopped; now past the catch-up window",
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
        content = await self._digests.build(
            delivery.chat_id,
            since=delivery.since,
            until=delivery.until,
            sentences=subscription.summary_sentences,
            local_date=delivery.local_date,
            cache=cache,
        )
        messages = content.messages
        if content.is_empty:
            if not subscription.send_empty:
                report.skipped_empty += 1
                await self._storage.deliveries.mark_skipped(
                    delivery.id, owner=self.owner, note="nothing new", advance_cutoff=True
                )
                return
            messages = tuple(self._digests.empty_messages(delivery.local_date))
        report.submitted += 1
        report.chats.append(delivery.chat_id)
        await self._submit(DigestJob(delivery, messages))
