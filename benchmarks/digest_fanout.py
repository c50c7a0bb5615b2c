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
import contextlib
import os
import signal
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from telegram.ext import ExtBot  # noqa: E402

from benchmarks.databases import BACKENDS, scratch_database  # noqa: E402
from bot.services.digests import DeliveryLedger, DigestScheduler, DigestService  # noqa: E402
from bot.services.summaries import SummaryService  # noqa: E402
from bot.storage.backends import opened_storage  # noqa: E402
from bot.storage.digest_records import DeliveryStatus  # noqa: E402
from bot.storage.interface import Storage  # noqa: E402
from bot.telegram.digest_queue import DEFAULT_MESSAGES_PER_SECOND, DeliveryQueue  # noqa: E402
from bot.telegram.requests import TelegramRequest  # noqa: E402
from bot.telegram.send_budget import SharedSendBudget  # noqa: E402
from tests.digest.support import add_article  # noqa: E402
from tests.fake_telegram.fixtures import FAKE_TOKEN  # noqa: E402
from tests.fake_telegram.server import FakeTelegram  # noqa: E402

TELEGRAM_LIMIT = 30.0
FIRST_CHAT = 10_000_000
LEASE_SECONDS = 5.0  # short claim/sending leases so a restart takes over quickly


# ------------------------------------------------------------------ the child: a bot process


async def child(db: str, base_url: str, limited: bool, deadline: float) -> None:
    async with opened_storage(db) as storage:
        await serve(storage, base_url, limited, deadline)


async def serve(storage: Storage, base_url: str, limited: bool, deadline: float) -> None:
    """One bot process: the bot's own request and rate limiter, sharing the send budget."""
    bot = ExtBot(
        FAKE_TOKEN,
        base_url=base_url,
        request=TelegramRequest(),
        rate_limiter=SharedSendBudget(lambda: storage.limits) if limited else None,
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


# ------------------------------------------------------------------ the parent: fake Telegram


async def prepare(db: str, subscribers: int) -> None:
    async with opened_storage(db) as storage:
        now = datetime.now(UTC)
        await add_article(storage, "Benchmark story", ingested_at=now - timedelta(hours=1))
        due = now - timedelta(seconds=30)
        for n in range(subscribers):
            await storage.subscriptions.upsert(
                FIRST_CHAT + n, chat_type="private", local_time=f"{due:%H:%M}", zone="UTC",
                next_due_at=due, summary_sentences=2, now=now,
            )  # fmt: skip


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
    db: str, fake: FakeTelegram, limited: bool, timeout: float
) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        "--child",
        "--db",
        db,
        "--base-url",
        fake.base_url,
        "--timeout",
        str(timeout),
        *(["--limited"] if limited else []),
        cwd=str(REPO),
    )


async def run(
    name: str, subscribers: int, *, limited: bool, kill_at_half: bool, backend: str, workers: int
) -> Result:
    timeout = subscribers / (TELEGRAM_LIMIT * 0.8) + 120
    async with scratch_database(backend) as db:
        await prepare(db, subscribers)
        fake = FakeTelegram(flood_limits=limited)
        await fake.start()
        try:
            processes = [await spawn(db, fake, limited, timeout) for _ in range(workers)]
            deadline = time.monotonic() + timeout
            if kill_at_half:
                while len(fake.sent) < subscribers // 2 and time.monotonic() < deadline:
                    if processes[0].returncode is not None:
                        break
                    await asyncio.sleep(0.01)
                processes[0].send_signal(signal.SIGKILL)
                await processes[0].wait()
                if workers == 1:
                    print(f"  killed the bot at {len(fake.sent)} messages; restarting", flush=True)
                    processes = [await spawn(db, fake, limited, timeout)]
                else:
                    print(
                        f"  killed one of {workers} workers at {len(fake.sent)} messages",
                        flush=True,
                    )
            for process in processes:
                with contextlib.suppress(ProcessLookupError):
                    await asyncio.wait_for(process.wait(), max(1.0, deadline - time.monotonic()))
            per_chat = Counter(record["chat_id"] for record in fake.sent)
            times = fake.send_times()
        finally:
            await fake.stop()
        async with opened_storage(db) as storage:
            statuses = {s.value: n for s, n in (await storage.deliveries.status_counts()).items()}
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
    workers = args.workers or (3 if args.backend == "postgresql" else 1)
    print(
        f"digest fan-out, {args.subscribers} subscribers due in the same minute,"
        f" {workers} bot process{'es' * (workers > 1)} on {args.backend}",
        flush=True,
    )
    results = []
    runs = [
        ("limited", True, False, args.skip_limited),
        ("unlimited", False, False, args.skip_unlimited),
        ("killed", True, True, args.skip_kill),
    ]
    for name, limited, kill, skip in runs:
        if skip:
            continue
        results.append(
            await run(
                name,
                args.subscribers,
                limited=limited,
                kill_at_half=kill,
                backend=args.backend,
                workers=workers,
            )
        )
        print(results[-1].line(), flush=True)
    return 0 if all(r.duplicates == 0 for r in results) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=1500)
    parser.add_argument("--skip-limited", action="store_true")
    parser.add_argument("--skip-kill", action="store_true")
    parser.add_argument("--skip-unlimited", action="store_true")
    parser.add_argument("--backend", choices=BACKENDS, default="sqlite")
    parser.add_argument("--workers", type=int, default=0, help="bot processes (default 1, or 3)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
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
