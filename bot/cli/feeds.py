"""`newsbot feeds add URL... | list [--json] | remove ID | poll [--once] [--json]`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bot.storage.backends import opened_storage

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.services.feeds import FeedAddResult, FeedService, PollReport
    from bot.storage.feed_records import Feed

POLL_EVERY_SECONDS = 60.0


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    feeds = commands.add_parser(
        "feeds",
        parents=[common],
        help="RSS/Atom feeds that fill the archive",
        description="Manage the feeds new articles come from, and poll them (e.g. from cron).",
    )
    actions = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)

    add = actions.add_parser(
        "add",
        parents=[common],
        help="add feeds (a site's page works too: its feed is found)",
    )
    add.add_argument("urls", nargs="+", metavar="URL")
    add.set_defaults(handler=run_add)

    listing = actions.add_parser("list", parents=[common], help="list the feeds")
    listing.add_argument("--json", action="store_true", help="one JSON object per feed line")
    listing.set_defaults(handler=run_list)

    remove = actions.add_parser("remove", parents=[common], help="remove a feed (articles stay)")
    remove.add_argument("feed_id", type=int, metavar="ID")
    remove.set_defaults(handler=run_remove)

    poll = actions.add_parser(
        "poll",
        parents=[common],
        help="poll the feeds that are due",
        description="Poll due feeds and add their new entries as articles. Without --once "
        f"it keeps polling (every {POLL_EVERY_SECONDS:g} s) until interrupted.",
    )
    poll.add_argument("--once", action="store_true", help="one round, then exit (for cron)")
    poll.add_argument("--json", action="store_true", help="one JSON object per feed line")
    poll.set_defaults(handler=run_poll)


@contextlib.asynccontextmanager
async def opened_feeds(settings: Settings) -> AsyncIterator[FeedService]:
    # feed parsing and the reading pipeline are loaded by the feeds commands alone
    from bot.services.feeds import FeedService
    from bot.services.ingest import IngestService, fetcher_for

    async with opened_storage(settings.db_path) as storage, fetcher_for(settings) as fetcher:
        ingest = IngestService(storage, max_bytes=settings.max_upload_bytes, fetcher=fetcher)
        yield FeedService(
            storage,
            fetcher,
            ingest,
            clock=lambda: datetime.now(UTC),
            interval=settings.feed_interval,
        )


async def run_add(args: argparse.Namespace, settings: Settings) -> int:
    rejected = 0
    async with opened_feeds(settings) as feeds:
        for url in args.urls:
            result = await feeds.add(url)
            rejected += result.status == "rejected"
            print(_describe_add(result), flush=True)
    return 1 if rejected == len(args.urls) else 0


def _describe_add(result: FeedAddResult) -> str:
    feed = result.feed
    if result.status == "rejected" or feed is None:
        return f"rejected  {result.input}: {result.reason}"
    if result.status == "exists":
        return f"exists    #{feed.id}  {feed.url}"
    found = f" (found on {result.discovered_from})" if result.discovered_from else ""
    title = feed.title or "untitled"
    return f"added     #{feed.id}  {title}  {feed.url}{found}, {result.entries} entries"


async def run_list(args: argparse.Namespace, settings: Settings) -> int:
    async with opened_feeds(settings) as feeds:
        listed = await feeds.list()
    for feed in listed:
        if args.json:
            print(json.dumps(feed_json(feed), ensure_ascii=False))
        else:
            last = f"{feed.last_success_at:%Y-%m-%d %H:%M}" if feed.last_success_at else "never"
            print(
                f"{feed.id:>5}  {feed.state.value:<8} {feed.articles_added:>5} articles"
                f"  last success {last}  {feed.title or 'untitled'}  {feed.url}"
            )
            if feed.last_error and feed.consecutive_failures:
                print(f"       {feed.consecutive_failures} failures: {feed.last_error}")
    if not listed and not args.json:
        print("no feeds yet: add one with `newsbot feeds add URL`", file=sys.stderr)
    return 0


def feed_json(feed: Feed) -> dict[str, object]:
    return {
        "feed_id": feed.id,
        "url": feed.url,
        "title": feed.title,
        "state": feed.state.value,
        "paused_by_failures": feed.paused_by_failures,
        "last_success": feed.last_success_at.isoformat() if feed.last_success_at else None,
        "last_error": feed.last_error,
        "failures": feed.consecutive_failures,
        "articles_added": feed.articles_added,
        "interval_minutes": feed.interval.total_seconds() / 60,
        "next_poll_at": feed.next_poll_at.isoformat(),
    }


async def run_remove(args: argparse.Namespace, settings: Settings) -> int:
    async with opened_feeds(settings) as feeds:
        removed = await feeds.remove(args.feed_id)
    if not removed:
        print(f"newsbot: no feed {args.feed_id}", file=sys.stderr)
        return 1
    print(f"removed feed {args.feed_id} (its articles stay)")
    return 0


async def run_poll(args: argparse.Namespace, settings: Settings) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    failed_rounds = 0
    async with opened_feeds(settings) as feeds:
        await feeds.seed(settings.feeds)
        while True:
            poll = asyncio.create_task(feeds.poll_due())
            stopping = asyncio.create_task(stop.wait())
            await asyncio.wait({poll, stopping}, return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
            if not poll.done():
                poll.cancel()  # releases the feeds it had claimed
                with contextlib.suppress(asyncio.CancelledError):
                    await poll
                return 130
            reports = poll.result()
            for report in reports:
                print(_describe_poll(report, as_json=args.json), flush=True)
            failed_rounds = int(bool(reports) and all(r.status == "error" for r in reports))
            for report in reports:
                if report.paused:
                    print(
                        f"newsbot: feed #{report.feed_id} {report.url} is paused after too many "
                        f"failures in a row (`/feed resume {report.feed_id}` in the bot)",
                        file=sys.stderr,
                    )
            if args.once:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), POLL_EVERY_SECONDS)
            if stop.is_set():
                break
    return 1 if failed_rounds else 0


def _describe_poll(report: PollReport, *, as_json: bool) -> str:
    if as_json:
        return json.dumps(report.to_json(), ensure_ascii=False)
    if report.status == "error":
        return f"#{report.feed_id:<4} error         {report.url}: {report.reason}"
    if report.status == "not_modified":
        return f"#{report.feed_id:<4} not modified  {report.url}"
    return (
        f"#{report.feed_id:<4} ok            {report.url}: {report.added} added, "
        f"{report.duplicates} duplicates, {report.errors} errors"
    )
