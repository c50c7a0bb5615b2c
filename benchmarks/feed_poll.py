"""Feed polling at scale: 200 feeds × 50 entries from a local news site.

A child process serves the feeds and every entry's page on 127.0.0.1 (like a remote site,
its CPU is not the poller's); this process polls them with the bot's FeedService, real
fetcher and ingestion into a fresh SQLite file, and prints:

* cold poll: every feed new, every entry page fetched, parsed and stored — seconds and
  articles/s;
* warm poll: the same feeds again once due, all answering 304 — seconds;
* peak RSS of the polling process.

    python benchmarks/feed_poll.py [--feeds 200] [--entries 50] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.ingest.fetch import Fetcher, FetchLimits  # noqa: E402
from bot.services.feeds import FeedService  # noqa: E402
from bot.services.ingest import IngestService  # noqa: E402
from bot.storage.backends import open_storage  # noqa: E402
from tests.feed_site import NewsSite, serving  # noqa: E402


def serve(feeds: int, entries: int, pipe: multiprocessing.connection.Connection) -> None:  # type: ignore[name-defined]
    async def main() -> None:
        site = NewsSite()
        for n in range(feeds):
            site.add_feed(f"f{n:03d}", kind="atom" if n % 4 == 3 else "rss", stories=entries)
        async with serving(site):
            pipe.send([site.feed_url(name) for name in site.feeds])
            await asyncio.sleep(3600)

    asyncio.run(main())


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


async def one_round(urls: list[str], entries: int) -> tuple[float, int, float, int]:
    with tempfile.TemporaryDirectory() as folder:
        storage = await open_storage(Path(folder) / "bench.db")
        clock = Clock()
        async with Fetcher(allow_private=True, limits=FetchLimits(deadline=30)) as fetcher:
            ingest = IngestService(storage, fetcher=fetcher, clock=clock)
            feeds = FeedService(storage, fetcher, ingest, clock=clock)
            for url in urls:
                await storage.feeds.add(url, title=None, interval=feeds.interval, now=clock())
            started = time.perf_counter()
            cold = await feeds.poll_due()
            cold_seconds = time.perf_counter() - started
            added = sum(r.added for r in cold)
            errors = [r for r in cold if r.status == "error" or r.errors]
            if errors:
                print(f"  {len(errors)} feeds with errors, e.g. {errors[0]}", file=sys.stderr)
            clock.now += timedelta(hours=1)
            started = time.perf_counter()
            warm = await feeds.poll_due()
            warm_seconds = time.perf_counter() - started
            not_modified = sum(r.status == "not_modified" for r in warm)
        await storage.close()
    return cold_seconds, added, warm_seconds, not_modified


async def measure(args: argparse.Namespace, urls: list[str]) -> None:
    colds, rates, warms = [], [], []
    for round_number in range(1, args.rounds + 1):
        cold, added, warm, not_modified = await one_round(urls, args.entries)
        rate = added / cold
        colds.append(cold)
        rates.append(rate)
        warms.append(warm)
        print(
            f"round {round_number}: cold {cold:.1f} s, {added} articles, {rate:.0f} articles/s;"
            f" warm {warm:.2f} s, {not_modified}/{len(urls)} not modified"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"median of {args.rounds}: cold poll {statistics.median(colds):.1f} s"
        f" ({statistics.median(rates):.0f} articles/s), warm poll (all 304)"
        f" {statistics.median(warms):.2f} s; peak RSS {peak:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    receive, send = multiprocessing.Pipe(duplex=False)
    server = multiprocessing.Process(
        target=serve, args=(args.feeds, args.entries, send), daemon=True
    )
    server.start()
    try:
        if not receive.poll(120):
            raise SystemExit("the news site did not start")
        urls = receive.recv()
        asyncio.run(measure(args, urls))
    finally:
        server.terminate()
        server.join(10)


if __name__ == "__main__":
    main()
