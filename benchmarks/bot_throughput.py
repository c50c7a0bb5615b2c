"""How many plain questions per second the bot answers end to end, next to an echo bot.

The bot runs in its own process, polling the local fake Bot API served by this process,
so the bot gets a core of its own as it would in production; this process plays Telegram
and the users. Both bots use the same PTB set-up (concurrent updates, the request and
rate limiter of bot/telegram/requests.py), so the echo bot is the ceiling of
python-telegram-bot on this machine and the ratio is what answering costs on top of it.

Two measurements per bot:

* throughput: a burst of questions from many users at once, until every reply arrived
  (Telegram's 30 messages/s broadcast limit is switched off in the rate limiter here,
  since it would cap both bots at 30/s and hide the difference);
* latency: questions paced at ``--rate`` per second (default 20, under Telegram's limit,
  with the production rate limiter), time from the update being queued to the reply
  being received by the fake server; p50 / p95 / max.

    python benchmarks/bot_throughput.py [--eval-dir DIR] [--articles N] [--burst N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.services.ingest import IngestService, iter_input_files  # noqa: E402
from bot.storage.sqlite import open_storage  # noqa: E402
from tests.fake_telegram.server import FakeTelegram  # noqa: E402

DEFAULT_EVAL_DIR = REPO.parent / "shared" / "eval" / "bbc-full" / "test"
TOKEN = "123456789:BENCHMARK-token"
FIRST_CHAT = 10_000_000
WARM_UP_QUESTIONS = 40


# ----------------------------------------------------------------------------- bot side


def serve_bot(kind: str, base_url: str, db: str, rate_limited: bool) -> None:
    """Child process: one bot, polling until SIGTERM (PTB's run_polling handles it)."""
    from telegram import Update
    from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler
    from telegram.ext import filters as ptb_filters

    from bot.app import CONCURRENT_UPDATES, build_application
    from bot.config import Settings
    from bot.telegram.requests import RetryingRateLimiter, TelegramRequest

    limiter = (
        RetryingRateLimiter()
        if rate_limited
        else RetryingRateLimiter(overall_max_rate=0, group_max_rate=0)
    )
    if kind == "echo":

        async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            if update.effective_message and update.effective_message.text:
                await update.effective_message.reply_text(update.effective_message.text)

        application = (
            ApplicationBuilder()
            .token(TOKEN)
            .base_url(f"{base_url}/bot")
            .request(TelegramRequest())
            .rate_limiter(limiter)
            .concurrent_updates(CONCURRENT_UPDATES)
            .build()
        )
        application.add_handler(MessageHandler(ptb_filters.TEXT, echo))
    else:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            telegram_bot_token=TOKEN,
            telegram_api_base_url=f"{base_url}/bot",
            telegram_file_base_url=f"{base_url}/file/bot",
            db_path=Path(db),
            corpus_dir=Path(db).parent / "no-corpus",
            flood_limit_per_minute=1_000_000,
            log_level="WARNING",
        )
        application = build_application(settings, rate_limiter=limiter)
    application.run_polling(poll_interval=0, timeout=1, close_loop=True)


# ----------------------------------------------------------------------------- harness


@dataclass(frozen=True, slots=True)
class Figures:
    throughput: float
    answered: int
    seconds: float
    p50_ms: float
    p95_ms: float
    max_ms: float


async def ingest(eval_dir: Path, db: Path, limit: int | None) -> tuple[int, list[str]]:
    """Fill the database; the questions are the articles' titles, as a reader would ask."""
    storage = await open_storage(db)
    titles: list[str] = []
    try:
        service = IngestService(storage)
        failed = 0
        for path in list(iter_input_files(eval_dir))[:limit]:
            try:
                result = await service.ingest_path(path)
            except Exception as exc:  # one unreadable article must not stop the measurement
                failed += 1
                print(f"skipped {path.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
                continue
            if result.status == "added" and result.title:
                titles.append(result.title)
        if failed:
            print(f"{failed} articles could not be ingested", file=sys.stderr)
        return await storage.articles.count(), titles
    finally:
        await storage.close()


async def answers_alone(db: Path, questions: list[str]) -> float:
    """The same questions straight to AnswerService: the bound on what the bot can reach."""
    from bot.services.answers import AnswerService

    storage = await open_storage(db)
    try:
        service = AnswerService(storage)
        for question in questions[:WARM_UP_QUESTIONS]:
            await service.answer(question)
        started = time.perf_counter()
        for question in questions:
            await service.answer(question)
        return len(questions) / (time.perf_counter() - started)
    finally:
        await storage.close()


async def wait_for_sent(fake: FakeTelegram, count: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while len(fake.sent) < count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"only {len(fake.sent)} of {count} replies within {timeout}s")
        await asyncio.sleep(0.002)


async def run_bot_process(
    kind: str, fake: FakeTelegram, db: Path, *, rate_limited: bool
) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve-bot", kind, "--base-url", fake.url, "--db", str(db)]
        + ([] if rate_limited else ["--no-rate-limit"]),
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        },
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not fake.calls_of("getUpdates"):
        if process.poll() is not None:
            raise RuntimeError(f"the {kind} bot exited with code {process.returncode}")
        if time.monotonic() > deadline:
            await stop_bot_process(process)
            raise TimeoutError(f"the {kind} bot did not start polling within 120 s")
        await asyncio.sleep(0.05)
    return process


async def stop_bot_process(process: subprocess.Popen[bytes]) -> None:
    """Asynchronously, so the fake server keeps answering the bot's shutdown requests."""
    process.terminate()
    deadline = time.monotonic() + 30
    while process.poll() is None:
        if time.monotonic() > deadline:
            process.kill()
            process.wait(timeout=10)
            return
        await asyncio.sleep(0.05)


async def measure(
    kind: str, db: Path, questions: list[str], *, burst: int, rate: float, paced: int
) -> Figures:
    throughput = await _burst(kind, db, questions, burst)
    latencies = await _paced(kind, db, questions, rate, paced)
    latencies.sort()
    return Figures(
        throughput=throughput[0],
        answered=burst,
        seconds=throughput[1],
        p50_ms=statistics.median(latencies) * 1000,
        p95_ms=latencies[max(0, round(0.95 * len(latencies)) - 1)] * 1000,
        max_ms=latencies[-1] * 1000,
    )


async def _burst(kind: str, db: Path, questions: list[str], count: int) -> tuple[float, float]:
    async with FakeTelegram(max_poll_timeout=1.0) as fake:
        process = await run_bot_process(kind, fake, db, rate_limited=False)
        try:
            await _warm_up(fake, questions)
            start_count = len(fake.sent)
            started = time.monotonic()
            for index in range(count):
                chat = FIRST_CHAT + index  # one question per user, as many users at once
                fake.send_text(chat, questions[index % len(questions)], user=_user(chat))
            await wait_for_sent(fake, start_count + count, timeout=600)
            elapsed = fake.sent[-1]["time"] - started
        finally:
            await stop_bot_process(process)
    return count / elapsed, elapsed


async def _paced(kind: str, db: Path, questions: list[str], rate: float, count: int) -> list[float]:
    async with FakeTelegram(max_poll_timeout=1.0) as fake:
        process = await run_bot_process(kind, fake, db, rate_limited=True)
        try:
            await _warm_up(fake, questions)
            await asyncio.sleep(1.5)  # let the rate limiter's bucket drain after the warm-up
            asked: dict[int, float] = {}
            interval = 1.0 / rate
            started = time.monotonic()
            for index in range(count):
                chat = FIRST_CHAT + 1_000 + index
                await asyncio.sleep(max(0.0, started + index * interval - time.monotonic()))
                asked[chat] = time.monotonic()
                fake.send_text(chat, questions[index % len(questions)], user=_user(chat))
            deadline = time.monotonic() + 120
            while not all(fake.messages_for(chat) for chat in asked):
                if time.monotonic() > deadline:
                    raise TimeoutError("paced questions were not all answered")
                await asyncio.sleep(0.01)
        finally:
            await stop_bot_process(process)
    return [fake.messages_for(chat)[0]["time"] - at for chat, at in asked.items()]


async def _warm_up(fake: FakeTelegram, questions: list[str]) -> None:
    for index in range(WARM_UP_QUESTIONS):
        chat = FIRST_CHAT - 1 - index
        fake.send_text(chat, questions[-1 - index % len(questions)], user=_user(chat))
    await wait_for_sent(fake, WARM_UP_QUESTIONS, timeout=120)


def _user(chat: int) -> dict[str, object]:
    return {"id": chat, "first_name": "Reader"}


async def main_async(args: argparse.Namespace) -> None:
    eval_dir = Path(args.eval_dir)
    if not eval_dir.is_dir():
        raise SystemExit(f"no evaluation articles at {eval_dir} (use --eval-dir)")
    work = Path(tempfile.mkdtemp(prefix="newsbot-bench-"))
    try:
        db = work / "bench.db"
        began = time.monotonic()
        articles, titles = await ingest(eval_dir, db, args.articles)
        print(f"ingested {articles} articles from {eval_dir} in {time.monotonic() - began:.1f} s")
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
        alone = await answers_alone(db, titles[: args.paced])
        print(f"answer service alone, no Telegram: {alone:7.1f} questions/s (one process)")
        # Echo and newsbot alternate, round after round, so a slow spell of the machine
        # weighs on both; the ratio reported is the median of the rounds' ratios.
        ratios: list[float] = []
        latest: dict[str, Figures] = {}
        for round_number in range(1, args.rounds + 1):
            for kind in ("echo", "newsbot"):
                latest[kind] = f = await measure(
                    kind, db, titles, burst=args.burst, rate=args.rate, paced=args.paced
                )
                print(
                    f"round {round_number} {kind:>8}: {f.throughput:7.1f} msg/s ({f.answered} "
                    f"in {f.seconds:.2f} s); at {args.rate:g}/s: p50 {f.p50_ms:.1f} ms, "
                    f"p95 {f.p95_ms:.1f} ms, max {f.max_ms:.1f} ms"
                )
            ratios.append(latest["newsbot"].throughput / latest["echo"].throughput)
        ratio = statistics.median(ratios)
        spread = ", ".join(f"{r:.0%}" for r in ratios)
        print(f"newsbot / echo throughput: median {ratio:.0%} over rounds ({spread}) (aim >= 50%)")
        print(
            f"newsbot p95 latency at {args.rate:g}/s: {latest['newsbot'].p95_ms:.1f} ms "
            "(aim < 100 ms)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", default=str(DEFAULT_EVAL_DIR))
    parser.add_argument("--articles", type=int, default=None, help="ingest at most N")
    parser.add_argument("--burst", type=int, default=1000, help="questions in the burst")
    parser.add_argument("--rate", type=float, default=20.0, help="paced questions per second")
    parser.add_argument("--paced", type=int, default=200, help="paced questions")
    parser.add_argument("--rounds", type=int, default=3, help="alternating echo/newsbot rounds")
    parser.add_argument("--serve-bot", choices=("echo", "newsbot"), help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--no-rate-limit", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bot:
        serve_bot(args.serve_bot, args.base_url, args.db, rate_limited=not args.no_rate_limit)
        return
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
