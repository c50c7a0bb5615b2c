"""Feeds: adding sources, polling them, and turning new entries into articles.

A poll claims due feeds by moving their next poll time to a lease in one transaction, so
the bot's job and `newsbot feeds poll` from cron never poll one feed twice at once. Each
entry is recorded only once its article is stored (or found a duplicate, or rejected),
and the feed's ETag / Last-Modified only once every entry was handled: a poll cut short
by a crash or a restart is simply done again, and dedupe (entry key, canonical URL,
content hash) makes sure nothing is stored twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal
from urllib.parse import urlsplit

from bot.feeds.discover import discover_feeds
from bot.feeds.opml import NotOPML, parse_opml
from bot.feeds.parse import FEED_TYPES, FeedEntry, NotAFeed, ParsedFeed, new_entries, parse_feed
from bot.feeds.schedule import PAUSE_AFTER_FAILURES, backoff, poll_interval
from bot.ingest.decode import decode_text
from bot.ingest.errors import RejectedInput
from bot.ingest.fetch import ARTICLE_TYPES, Fetcher, FetchError, FetchResult, is_url
from bot.services.ingest import IngestResult, IngestService
from bot.storage.feed_records import EntryStatus, Feed, FeedState
from bot.storage.interface import Storage

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]
PollStatus = Literal["ok", "not_modified", "error"]
AddStatus = Literal["added", "exists", "rejected"]

FETCHES_AT_ONCE = 16  # feed documents and entry pages, over all hosts
FETCHES_PER_HOST = 4  # so one site is never hammered
FEEDS_AT_ONCE = 8
LEASE = timedelta(minutes=15)
ENTRY_ATTEMPTS = 3  # a rejected entry is tried again on this many polls
_FEED_OR_PAGE = (*FEED_TYPES, "text/html", "application/xhtml+xml", "text/plain")
_ENTRY_STATUS = {
    "added": EntryStatus.ADDED,
    "duplicate": EntryStatus.DUPLICATE,
    "rejected": EntryStatus.REJECTED,
}


@dataclass(frozen=True, slots=True)
class PollReport:
    """One feed's poll; its JSON form is a stable contract."""

    feed_id: int
    url: str
    status: PollStatus
    added: int = 0
    duplicates: int = 0
    errors: int = 0
    reason: str | None = None
    paused: bool = False  # this poll's failure paused the feed

    def to_json(self) -> dict[str, object]:
        return {
            "feed_id": self.feed_id,
            "url": self.url,
            "status": self.status,
            "added": self.added,
            "duplicates": self.duplicates,
            "errors": self.errors,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class FeedAddResult:
    input: str
    status: AddStatus
    feed: Feed | None = None
    entries: int | None = None  # entries in the feed when it was checked
    discovered_from: str | None = None  # the HTML page that announced the feed
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class OpmlImport:
    added: list[Feed]
    existing: list[Feed]
    rejected: list[tuple[str, str]]  # (url, reason)


class FeedService:
    def __init__(
        self,
        storage: Storage,
        fetcher: Fetcher,
        ingest: IngestService,
        *,
        clock: Clock,
        interval: timedelta = timedelta(minutes=15),
        fetches_at_once: int = FETCHES_AT_ONCE,
        fetches_per_host: int = FETCHES_PER_HOST,
        feeds_at_once: int = FEEDS_AT_ONCE,
        lease: timedelta = LEASE,
    ) -> None:
        self._storage = storage
        self._fetcher = fetcher
        self._ingest = ingest
        self.clock = clock
        self.interval = interval
        self._fetch_slots = asyncio.Semaphore(fetches_at_once)
        self._per_host = fetches_per_host
        self._host_slots: dict[str, asyncio.Semaphore] = {}
        self._feeds_at_once = feeds_at_once
        self._lease = lease

    # ------------------------------------------------------------------ sources

    async def add(self, url: str) -> FeedAddResult:
        """Check the address by fetching it once; a web page is searched for its feed."""
        url = url.strip()
        if not is_url(url):
            reason = "that is not a web address (it must start with http:// or https://)"
            return FeedAddResult(url, "rejected", reason=reason)
        existing = await self._storage.feeds.get_by_url(url)
        if existing:
            return FeedAddResult(url, "exists", feed=existing)
        try:
            feed_url, parsed, page = await self._find_feed(url)
        except RejectedInput as exc:
            return FeedAddResult(url, "rejected", reason=str(exc))
        feed, created = await self._storage.feeds.add(
            feed_url, title=parsed.title, interval=self.interval, now=self.clock()
        )
        return FeedAddResult(
            url,
            "added" if created else "exists",
            feed=feed,
            entries=len(parsed.entries),
            discovered_from=page,
        )

    async def _find_feed(self, url: str) -> tuple[str, ParsedFeed, str | None]:
        result = await self._fetch_ok(url, accept=_FEED_OR_PAGE)
        try:
            return url, await _parse(result), None
        except NotAFeed:
            if "html" not in result.content_type and b"<html" not in result.content[:2000].lower():
                raise RejectedInput("the address holds no RSS or Atom feed") from None
        candidates = discover_feeds(decode_text(result.content), base=result.url)
        if not candidates:
            raise RejectedInput("the page is not a feed and links to none")
        problems = []
        for candidate in candidates[:3]:
            try:
                found = await self._fetch_ok(candidate, accept=_FEED_OR_PAGE)
                return candidate, await _parse(found), url
            except RejectedInput as exc:
                problems.append(f"{candidate}: {exc}")
        raise RejectedInput("the feeds the page links to cannot be read: " + "; ".join(problems))

    async def import_opml(self, data: bytes) -> OpmlImport:
        """Every feed of an OPML list, added without fetching (the poller checks them)."""
        try:
            outlines = parse_opml(data)
        except NotOPML as exc:
            raise RejectedInput(str(exc)) from exc
        if not outlines:
            raise RejectedInput("the OPML file lists no feeds (no outline with an xmlUrl)")
        imported = OpmlImport([], [], [])
        now = self.clock()
        for outline in outlines:
            if not is_url(outline.url):
                imported.rejected.append((outline.url, "not an http(s) address"))
                continue
            feed, created = await self._storage.feeds.add(
                outline.url, title=outline.title, interval=self.interval, now=now
            )
            (imported.added if created else imported.existing).append(feed)
        return imported

    async def seed(self, urls: Sequence[str]) -> int:
        """NEWSBOT_FEEDS on a database's first start; never again after that."""
        valid = [u.strip() for u in urls if is_url(u.strip())]
        if not valid:
            return 0
        return await self._storage.feeds.seed(valid, interval=self.interval, now=self.clock())

    async def list(self) -> list[Feed]:
        return await self._storage.feeds.list_all()

    async def remove(self, feed_id: int) -> bool:
        return await self._storage.feeds.remove(feed_id)

    async def pause(self, feed_id: int) -> Feed | None:
        return await self._storage.feeds.pause(feed_id, now=self.clock())

    async def resume(self, feed_id: int) -> Feed | None:
        return await self._storage.feeds.resume(feed_id, now=self.clock())

    async def pause_notices(self) -> list[Feed]:
        return await self._storage.feeds.unnotified_pauses()

    async def notice_sent(self, feed_id: int) -> None:
        await self._storage.feeds.mark_notified(feed_id)

    # ------------------------------------------------------------------ polling

    async def poll_due(self, *, limit: int = 1000) -> list[PollReport]:
        """Poll every feed whose time has come; a poll cut short is released for the next."""
        now = self.clock()
        due = await self._storage.feeds.claim_due(now, lease_until=now + self._lease, limit=limit)
        if not due:
            return []
        pending = {feed.id for feed in due}
        gate = asyncio.Semaphore(self._feeds_at_once)

        async def one(feed: Feed) -> PollReport:
            async with gate:
                report = await self.poll_feed(feed)
            pending.discard(feed.id)
            return report

        try:
            return list(await asyncio.gather(*(one(feed) for feed in due)))
        except asyncio.CancelledError:
            if pending:
                await asyncio.shield(self._storage.feeds.release(sorted(pending), now=now))
            raise

    async def poll_feed(self, feed: Feed) -> PollReport:
        headers = {}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        try:
            result = await self._fetch(feed.url, headers=headers, accept=_FEED_OR_PAGE)
        except RejectedInput as exc:
            return await self._failed(feed, str(exc))
        if result.status == 304:
            await self._succeeded(feed, result, None)
            return PollReport(feed.id, feed.url, "not_modified")
        if not result.ok:
            return await self._failed(feed, f"the feed answered HTTP {result.status}", result)
        try:
            parsed = await _parse(result)
        except RejectedInput as exc:
            return await self._failed(feed, str(exc), result)
        if parsed.problem:
            logger.info(
                "feed %s is malformed, read as far as possible: %s", feed.url, parsed.problem
            )
        keys = [k for e in parsed.entries for k in (e.key, e.link) if k]
        known = await self._storage.feeds.known_entries(feed.id, keys, max_attempts=ENTRY_ATTEMPTS)
        fresh = new_entries(parsed.entries, known)
        results = await asyncio.gather(*(self._entry(feed, entry) for entry in fresh))
        # An entry refused now (its page down for a moment) is tried again at the next poll
        # even if the feed has not changed: without validators that poll is no 304.
        retry = any(r.status == "rejected" for r in results)
        await self._succeeded(feed, result, parsed, keep_validators=not retry)
        counts = {status: sum(r.status == status for r in results) for status in _ENTRY_STATUS}
        return PollReport(
            feed.id,
            feed.url,
            "ok",
            added=counts["added"],
            duplicates=counts["duplicate"],
            errors=counts["rejected"],
        )

    async def _entry(self, feed: Feed, entry: FeedEntry) -> IngestResult:
        """One entry, whatever happens to it: a bad entry never stops its feed."""
        try:
            result = await self._ingest.ingest_entry(entry, fetch_page=self._fetch_page)
        except Exception:
            logger.exception("feed %s: entry %s failed", feed.id, entry.key)
            result = IngestResult(entry.key, "rejected", reason="internal error")
        if result.status == "rejected":
            logger.info("feed %s: entry %s rejected: %s", feed.id, entry.key, result.reason)
        await self._storage.feeds.record_entry(
            feed.id,
            entry.key,
            canonical_url=entry.link,
            article_id=result.article_id,
            status=_ENTRY_STATUS[result.status],
            reason=result.reason,
            now=self.clock(),
        )
        return result

    async def _succeeded(
        self,
        feed: Feed,
        result: FetchResult,
        parsed: ParsedFeed | None,
        *,
        keep_validators: bool = True,
    ) -> None:
        now = self.clock()
        interval = poll_interval(self.interval, parsed.hints if parsed else None, result.headers)
        headers = result.headers if keep_validators else {}
        await self._storage.feeds.record_success(
            feed.id,
            title=parsed.title if parsed else None,
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
            interval=interval,
            next_poll_at=now + interval,
            now=now,
        )

    async def _failed(
        self, feed: Feed, reason: str, result: FetchResult | None = None
    ) -> PollReport:
        now = self.clock()
        failures = feed.consecutive_failures + 1
        wait = backoff(self.interval, failures, now=now, headers=result.headers if result else None)
        updated = await self._storage.feeds.record_failure(
            feed.id,
            error=reason,
            next_poll_at=now + wait,
            pause_after=PAUSE_AFTER_FAILURES,
            now=now,
        )
        # Paused feeds are never claimed, so a paused state here is this poll's doing.
        paused = updated is not None and updated.state is FeedState.PAUSED
        paused = paused and updated is not None and updated.paused_by_failures
        logger.warning("feed %s failed (%d in a row): %s", feed.url, failures, reason)
        return PollReport(feed.id, feed.url, "error", reason=reason, paused=paused)

    # ------------------------------------------------------------------ bounded fetching

    async def _fetch(
        self, url: str, *, headers: dict[str, str] | None = None, accept: tuple[str, ...]
    ) -> FetchResult:
        host = (urlsplit(url).hostname or "").lower()
        slots = self._host_slots.setdefault(host, asyncio.Semaphore(self._per_host))
        async with slots, self._fetch_slots:
            return await self._fetcher.get(url, headers=headers, accept=accept)

    async def _fetch_ok(self, url: str, *, accept: tuple[str, ...]) -> FetchResult:
        result = await self._fetch(url, accept=accept)
        if not result.ok:
            raise FetchError(f"the address answered HTTP {result.status}")
        return result

    async def _fetch_page(self, url: str) -> FetchResult:
        result = await self._fetch(url, accept=ARTICLE_TYPES)
        if not result.ok:
            raise FetchError(f"the page answered HTTP {result.status}")
        return result


async def _parse(result: FetchResult) -> ParsedFeed:
    try:
        return await asyncio.to_thread(
            parse_feed, result.content, url=result.url, content_type=result.content_type
        )
    except NotAFeed as exc:
        raise NotAFeedError(str(exc)) from exc


class NotAFeedError(RejectedInput, NotAFeed):
    """A fetched document that is no feed, in the words an admin reads."""
