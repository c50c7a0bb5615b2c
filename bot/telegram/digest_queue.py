"""The paced Telegram send queue for digests: a bounded queue of claimed digests and a fixed
pool of sending workers. It is the digest scheduler's sender.

Telegram allows about 30 messages a second overall, one a second per private chat and 20
a minute per group. The queue paces sends itself (a sliding window, by default a little
under 30/s so interactive replies keep some room) and PTB's ``AIORateLimiter`` paces every
request of the bot; on top of both:

* 429 (``RetryAfter``): every worker pauses for ``retry_after``, then the same message is
  retried; Telegram did not take it, so this cannot duplicate.
* failures that certainly did not reach Telegram (``NotDelivered``: no connection, a 5xx
  answer; see ``bot/telegram/requests.py``): retried with exponential back-off, a bounded
  number of times; then the delivery fails.
* any other network failure — a read timeout, a connection lost mid-request — may have
  delivered the message: the delivery is recorded ``unknown`` and never resent.
* 403 (``Forbidden``: blocked, or removed from the group): the delivery fails and the
  subscription becomes inactive ("blocked"), to be offered again when the chat returns.

Each delivery is marked ``sending`` (the point of no return) before its first message and
``sent`` after its last, through the scheduler's ledger; see ``bot/services/digests.py``
for why.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.services.digests import DeliveryLedger, DigestJob
from bot.telegram.digest_rendering import messages_to_send
from bot.telegram.keyboards import digest_keyboard
from bot.telegram.replies import send_html
from bot.telegram.requests import NotDelivered
from bot.telegram.send_budget import SharedSendBudget

logger = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]

DEFAULT_MESSAGES_PER_SECOND = 28.0
DEFAULT_WORKERS = 8
DEFAULT_QUEUE_SIZE = 64
MAX_ATTEMPTS = 4  # sends Telegram certainly did not get, per delivery
MAX_RATE_LIMIT_WAITS = 10  # 429 answers per delivery before giving up
BACKOFF_SECONDS = 1.0
MAX_BACKOFF_SECONDS = 30.0
PER_CHAT_GAP_SECONDS = 1.0  # between the messages of one digest (one per second per chat)
_IDLE_POLL_SECONDS = 0.5


class SendWindow:
    """Paces sends evenly at ``limit`` per second, never lets Telegram see more than
    ``ceiling`` in one second, and lets nobody send during a 429 pause.

    Even spacing rather than "N per window": a burst at the start of each second is what
    makes Telegram's one-second window overflow. Spacing alone is not enough, though:
    requests that leave evenly can still arrive bunched (a slow response holds the next
    ones back, then they go together). So a send also waits until the requests in flight
    plus those answered within the last second are fewer than ``ceiling``; every request
    Telegram received in any one-second window is among those, which bounds what it sees.
    """

    def __init__(self, limit: float | None, *, ceiling: int | None = None, window: float = 1.0):
        self.interval = 1.0 / limit if limit else 0.0
        self.ceiling = ceiling if ceiling is not None else (math.ceil(limit) + 1 if limit else 0)
        self.window = window
        self._next = 0.0
        self._lock = asyncio.Lock()
        self._paused_until = 0.0
        self._in_flight = 0
        self._answered: deque[float] = deque()

    def pause(self, seconds: float) -> None:
        loop = asyncio.get_running_loop()
        self._paused_until = max(self._paused_until, loop.time() + seconds)

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold a place for one request from just before it is sent until it is answered."""
        if not self.interval:
            yield
            return
        await self._acquire()
        try:
            yield
        finally:
            self._in_flight -= 1
            self._answered.append(asyncio.get_running_loop().time())

    async def _acquire(self) -> None:
        loop = asyncio.get_running_loop()
        async with self._lock:
            while True:
                now = loop.time()
                while self._answered and now - self._answered[0] >= self.window:
                    self._answered.popleft()
                wait = max(self._paused_until, self._next) - now
                if wait <= 0 and len(self._answered) + self._in_flight < self.ceiling:
                    break
                if wait <= 0:
                    oldest = self._answered[0] + self.window - now if self._answered else 0.0
                    wait = max(oldest, 0.005)
                await asyncio.sleep(wait)
            self._next = now + self.interval
            self._in_flight += 1


@dataclass(slots=True)
class DeliveryStats:
    delivered: int = 0
    messages: int = 0
    failed: int = 0
    blocked: int = 0
    rate_limited: int = 0
    network_retries: int = 0
    unknown: int = 0  # a request went unanswered: it may have arrived, so never resent
    abandoned: int = 0  # lost the claim to another scheduler before sending


class DeliveryQueue:
    """``submit`` blocks while the queue is full; ``workers`` tasks send what is in it."""

    def __init__(
        self,
        bot: Bot,
        ledger: DeliveryLedger,
        *,
        workers: int = DEFAULT_WORKERS,
        maxsize: int = DEFAULT_QUEUE_SIZE,
        messages_per_second: float | None = DEFAULT_MESSAGES_PER_SECOND,
        max_attempts: int = MAX_ATTEMPTS,
        max_rate_limit_waits: int = MAX_RATE_LIMIT_WAITS,
        backoff: float = BACKOFF_SECONDS,
        per_chat_gap: float = PER_CHAT_GAP_SECONDS,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._bot = bot
        self._ledger = ledger
        self.workers = workers
        self.max_attempts = max_attempts
        self.max_rate_limit_waits = max_rate_limit_waits
        self.backoff = backoff
        self.per_chat_gap = per_chat_gap
        self._sleep = sleep
        self._queue: asyncio.Queue[DigestJob] = asyncio.Queue(maxsize=maxsize)
        self._window = SendWindow(messages_per_second)
        self._tasks: list[asyncio.Task[None]] = []
        self._stopping = False
        self.stats = DeliveryStats()

    def start(self) -> None:
        if self._tasks:
            return
        self._stopping = False
        self._tasks = [
            asyncio.create_task(self._work(), name=f"digest-worker-{n}")
            for n in range(self.workers)
        ]

    async def submit(self, job: DigestJob) -> None:
        if self._stopping:
            raise RuntimeError("the delivery queue is stopping")
        await self._queue.put(job)

    async def join(self, timeout: float) -> bool:
        """Wait until everything queued so far is handled; False on timeout."""
        try:
            await asyncio.wait_for(self._queue.join(), timeout)
        except TimeoutError:
            return False
        return True

    async def stop(self, timeout: float = 10.0) -> None:
        """Finish the digests being sent, give back the claims still queued."""
        self._stopping = True
        with contextlib.suppress(asyncio.QueueEmpty):
            while True:
                self._queue.get_nowait()
                self._queue.task_done()
        if self._tasks:
            _, pending = await asyncio.wait(self._tasks, timeout=timeout)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        self._tasks = []
        released = await self._ledger.release()
        if released:
            logger.info("gave back %d digest claims for the next start", released)

    async def _work(self) -> None:
        while not self._stopping:
            try:
                job = await asyncio.wait_for(self._queue.get(), _IDLE_POLL_SECONDS)
            except TimeoutError:
                continue
            try:
                await self.deliver(job)
            except Exception:
                logger.exception("digest for chat %s failed unexpectedly", job.delivery.chat_id)
            finally:
                self._queue.task_done()

    async def deliver(self, job: DigestJob) -> bool:
        """Send one claimed digest; True when Telegram accepted all of it."""
        delivery = job.delivery
        chat_id = delivery.chat_id
        messages = messages_to_send(job.digest)
        started = False
        index = 0
        failures = 0
        rate_waits = 0
        while index < len(messages):
            message = messages[index]
            try:
                async with self._window.slot():
                    # "sending" is recorded only once the request is about to leave, so a
                    # crash while waiting for a slot or for the bot's send turn (shared by
                    # every process of the bot) leaves a claim that is safely resent.
                    await self._take_turn()
                    if not started:
                        if not await self._ledger.start_sending(delivery):
                            self.stats.abandoned += 1
                            logger.info(
                                "digest for chat %s was taken over by another scheduler", chat_id
                            )
                            return False
                        started = True
                    await send_html(
                        self._bot,
                        chat_id,
                        message.text,
                        reply_markup=digest_keyboard(
                            message.articles, first_number=message.first_number
                        ),
                    )
            except RetryAfter as exc:
                rate_waits += 1
                self.stats.rate_limited += 1
                wait = _seconds(exc.retry_after)
                if rate_waits > self.max_rate_limit_waits:
                    return await self._fail(job, f"rate limited {rate_waits} times: {exc}")
                logger.info("Telegram asks to wait %.0f s before sending more", wait)
                self._window.pause(wait)
                await self._ledger.record_attempt(delivery)
                continue
            except Forbidden as exc:
                self.stats.blocked += 1
                return await self._fail(job, str(exc), chat_gone=True)
            except BadRequest as exc:
                gone = "chat not found" in exc.message.lower()
                return await self._fail(job, str(exc), chat_gone=gone)
            except NotDelivered as exc:
                failures += 1
                if failures >= self.max_attempts:
                    return await self._fail(job, f"{failures} network failures: {exc}")
                self.stats.network_retries += 1
                delay = min(MAX_BACKOFF_SECONDS, self.backoff * 2 ** (failures - 1))
                logger.info(
                    "sending to chat %s failed (%s); retrying in %.1f s", chat_id, exc, delay
                )
                await self._sleep(delay)
                await self._ledger.record_attempt(delivery)
                continue
            except NetworkError as exc:  # a timeout or a lost answer: it may have arrived
                self.stats.unknown += 1
                note = (
                    f"message {index + 1} of {len(messages)} went unanswered ({exc!r}); not resent"
                )
                logger.warning("digest for chat %s: %s", chat_id, note)
                await self._ledger.unknown(delivery, note)
                return False
            except TelegramError as exc:
                return await self._fail(job, str(exc))
            index += 1
            self.stats.messages += 1
            if index < len(messages) and self.per_chat_gap > 0:
                await self._sleep(self.per_chat_gap)
        await self._ledger.sent(delivery, messages=len(messages))
        self.stats.delivered += 1
        return True

    async def _take_turn(self) -> None:
        limiter = getattr(self._bot, "rate_limiter", None)
        if isinstance(limiter, SharedSendBudget):
            await limiter.take_turn()

    async def _fail(self, job: DigestJob, note: str, *, chat_gone: bool = False) -> bool:
        self.stats.failed += 1
        logger.warning("digest for chat %s not delivered: %s", job.delivery.chat_id, note)
        await self._ledger.failed(job.delivery, note, chat_gone=chat_gone)
        return False


def _seconds(value: float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
