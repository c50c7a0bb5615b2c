"""Daily digest fan-out: N subscribers due in the same minute, against the local fake Bot API.

Runs the real pipeline (SQLite claims, DigestScheduler, DeliveryQueue, PTB's ExtBot) in a
child process, so the process can be killed halfway and restarted like a crashed bot:

    python benchmarks/digest_fanout.py [--subscribers N] [--skip-limited] [--skip-kill]
                                        [--skip-unlimited]

Three runs, each on a fresh database:
  limited    the fake enforces Telegram's limits (30 msg/s); the bot uses its rate limiter
  unlimited  no limits anywhere, to measure the pipeline's ceiling
  killed     limited, the child is SIGKILLed at half and started again

Printed per run: messages/s (and as a ratio of 30/s), duplicates, missing, 429 answers.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from telegram.ext import ExtBot  # noqa: E402

from bot.services.digests import DeliveryLedger, DigestScheduler, DigestService  # noqa: E402
from bot.services.summaries import SummaryService  # noqa: E402
from bot.storage.digest_records import DeliveryStatus  # noqa: E402
from bot.storage.sqlite import open_storage  # noqa: E402
from bot.storage.sqlite.subscriptions import utc_text  # noqa: E402
from bot.telegram.digest_queue import DEFAULT_MESSAGES_PER_SECOND, DeliveryQueue  # noqa: E402
from bot.telegram.requests import RetryingRateLimiter, TelegramRequest  # noqa: E402
from tests.digest.support import add_article  # noqa: E402
from tests.fake_telegram.fixtures import FAKE_TOKEN  # noqa: E402
from tests.fake_telegram.server import FakeTelegram  # noqa: E402

TELEGRAM_LIMIT = 30.0
FIRST_CHAT = 10_000_000
LEASE_SECONDS = 5.0  # short claim/sending leases so a restart takes over quickly


# ------------------------------------------------------------------ the child: a bot process


async def child(db: Path, base_url: str, limited: bool, deadline: float) -> None:
    storage = await open_storage(db)
    bot = ExtBot(
        FAKE_TOKEN,
        base_url=base_url,
        request=TelegramRequest(),
        rate_limiter=RetryingRateLimiter() if limited else None,
    )
    await bot.initialize()
    ledger = DeliveryLedger(
        storage.deliveries, owner=f"bench:{os.getpid()}", clock=lambda: datetime.now(UTC)
    )
    queue = DeliveryQueue(
        bot,
        ledger,
        messages_per_second=DEFAULT_MESSAGES_PER_SECOND if limited else None,
        workers=8 if limited else 32,
    )
    summaries = SummaryService(storage)
    digests = DigestService(storage, summaries, clock=lambda: datetime.now(UTC))
    scheduler = DigestScheduler(
        storage,
        digests,
        queue,
        ledger,
        catch_up=timedelta(hours=6),
        claim_lease=timedelta(seconds=LEASE_SECONDS),
        sending_lease=timedelta(seconds=LEASE_SECONDS),
    )
    queue.start()
    try:
        while time.monotonic() < deadline:
            await scheduler.run_due()
            await queue.join(deadline - time.monotonic())
            counts = await storage.deliveries.status_counts()
            pending = counts.get(DeliveryStatus.CLAIMED, 0) + counts.get(DeliveryStatus.SENDING, 0)
            due = await storage.subscriptions.due(datetime.now(UTC), limit=1)
            if not pending and not due:
                break
            await asyncio.sleep(1.0)  # a dead process's claims wait for their lease
    finally:
        await queue.stop(5)
        await bot.shutdown()
        await storage.close()


# ------------------------------------------------------------------ the parent: fake Telegram


async def prepare(db: Path, subscribers: int) -> None:
    storage = await open_storage(db)
    try:
        now = datetime.now(UTC)
        await add_article(storage, "Benchmark story", ingested_at=now - timedelta(hours=1))
    finally:
        await storage.close()
    due = now - timedelta(seconds=30)
    connection = sqlite3.connect(db)
    with connection:
        connection.executemany(
            "INSERT INTO subscriptions (chat_id, chat_type, local_time, zone, next_due_at,"
            " created_at, updated_at) VALUES (?, 'private', ?, 'UTC', ?, ?, ?)",
            [
                (FIRST_CHAT + n, f"{due:%H:%M}", utc_text(due), utc_text(now), utc_text(now))
                for n in range(subscribers)
            ],
        )
    connection.close()


@dataclass
class Result:
    name: str
    subscribers: int
    delivered: int
    duplicates: int
    missing: int
    seconds: float
    rate: float
    rejections: int
    statuses: dict[str, int]

    def line(self) -> str:
        return (
            f"{self.name:<10} {self.subscribers:>6} subscribers  {self.rate:7.1f} msg/s "
            f"({self.rate / TELEGRAM_LIMIT:5.2f} of 30/s)  {self.seconds:6.1f} s  "
            f"duplicates {self.duplicates}  missing {self.missing}  429s {self.rejections}  "
            f"rows {self.statuses}"
        )


async def spawn(
    db: Path, fake: FakeTelegram, limited: bool, timeout: float
) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        "--child",
        "--db",
        str(db),
        "--base-url",
        fake.base_url,
        "--timeout",
        str(timeout),
        *(["--limited"] if limited else []),
        cwd=str(REPO),
    )


async def run(name: str, subscribers: int, *, limited: bool, kill_at_half: bool) -> Result:
    timeout = subscribers / (TELEGRAM_LIMIT * 0.8) + 120
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        await prepare(db, subscribers)
        fake = FakeTelegram(flood_limits=limited)
        await fake.start()
        try:
            process = await spawn(db, fake, limited, timeout)
            deadline = time.monotonic() + timeout
            if kill_at_half:
                while len(fake.sent) < subscribers // 2 and time.monotonic() < deadline:
                    if process.returncode is not None:
                        break
                    await asyncio.sleep(0.01)
                process.send_signal(signal.SIGKILL)
                await process.wait()
                print(f"  killed the bot at {len(fake.sent)} messages; restarting", flush=True)
                process = await spawn(db, fake, limited, timeout)
            await asyncio.wait_for(process.wait(), max(1.0, deadline - time.monotonic()))
            per_chat = Counter(record["chat_id"] for record in fake.sent)
            times = fake.send_times()
        finally:
            await fake.stop()
        connection = sqlite3.connect(db)
        statuses = dict(
            connection.execute("SELECT status, count(*) FROM deliveries GROUP BY status")
        )
        connection.close()
    seconds = (max(times) - min(times)) if len(times) > 1 else 0.0
    return Result(
        name=name,
        subscribers=subscribers,
        delivered=len(per_chat),
        duplicates=sum(count - 1 for count in per_chat.values()),
        missing=sum(1 for n in range(subscribers) if per_chat.get(FIRST_CHAT + n, 0) == 0),
        seconds=seconds,
        rate=(len(times) - 1) / seconds if seconds else 0.0,
        rejections=fake.flood_rejections,
        statuses=statuses,
    )


async def main_async(args: argparse.Namespace) -> int:
    print(f"digest fan-out, {args.subscribers} subscribers due in the same minute", flush=True)
    results = []
    if not args.skip_limited:
        results.append(await run("limited", args.subscribers, limited=True, kill_at_half=False))
        print(results[-1].line(), flush=True)
    if not args.skip_unlimited:
        results.append(await run("unlimited", args.subscribers, limited=False, kill_at_half=False))
        print(results[-1].line(), flush=True)
    if not args.skip_kill:
        results.append(await run("killed", args.subscribers, limited=True, kill_at_half=True))
        print(results[-1].line(), flush=True)
    return 0 if all(r.duplicates == 0 for r in results) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=1500)
    parser.add_argument("--skip-limited", action="store_true")
    parser.add_argument("--skip-kill", action="store_true")
    parser.add_argument("--skip-unlimited", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    parser.add_argument("--limited", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--timeout", type=float, default=600.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        asyncio.run(child(args.db, args.base_url, args.limited, time.monotonic() + args.timeout))
        return 0
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    raise SystemExit(main())
