"""Keeps the scheduler running inside the bot: a ticker wakes it, one loop does the work.

One repeating PTB job every ``interval`` seconds asks the database which chats are due,
rather than one job per subscription: the schedule then lives only in the database, so it
survives restarts without being rebuilt, needs no bookkeeping when a chat changes its time,
works the same with several bot processes, and a missed slot is caught up by the same
query. The cost is up to ``interval`` seconds of lateness, which a daily digest can afford.

The job itself only sets an event; the scan runs in one long-lived task, so a scan that
takes minutes (10,000 chats at 30 messages a second) never overlaps with the next tick.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

from bot.services.digests import DigestScheduler, RunReport
from bot.telegram.digest_queue import (
    DEFAULT_MESSAGES_PER_SECOND,
    PER_CHAT_GAP_SECONDS,
    DeliveryQueue,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DigestOptions:
    """Knobs for the digest machinery; the defaults are what production runs with."""

    interval: float = 30.0  # seconds between due scans
    workers: int = 8
    queue_size: int = 64
    messages_per_second: float | None = DEFAULT_MESSAGES_PER_SECOND
    per_chat_gap: float = PER_CHAT_GAP_SECONDS
    claim_lease_seconds: float = 120.0
    sending_lease_seconds: float = 900.0
    idle_timeout: float = 60.0  # the loop re-checks at least this often without a tick


class DigestRunner:
    def __init__(
        self, scheduler: DigestScheduler, queue: DeliveryQueue, *, idle_timeout: float = 60.0
    ) -> None:
        self.scheduler = scheduler
        self.queue = queue
        self.idle_timeout = idle_timeout
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self.runs = 0
        self.last_report: RunReport | None = None
        self._idle = asyncio.Event()

    def start(self) -> None:
        self.queue.start()
        if self._task is None:
            self._stopping = False
            self._task = asyncio.create_task(self._loop(), name="digest-scheduler")
        self.wake()

    def wake(self) -> None:
        self._idle.clear()
        self._wake.set()

    async def wait_idle(self, timeout: float) -> bool:
        """Until the scans asked for so far are done and their digests handled."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return await self.queue.join(timeout)

    async def stop(self, timeout: float = 10.0) -> None:
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(self._task, timeout)
            self._task = None
        await self.queue.stop(timeout)

    async def _loop(self) -> None:
        while not self._stopping:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.idle_timeout)
            self._wake.clear()
            if self._stopping:
                break
            try:
                report = await self.scheduler.run_due()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("the digest scan failed; retrying on the next tick")
            else:
                self.runs += 1
                self.last_report = report
                if report.submitted or report.skipped_late or report.unknown:
                    logger.info(
                        "digest scan: %d to send, %d too late, %d nothing new, %d unknown",
                        report.submitted,
                        report.skipped_late,
                        report.skipped_empty,
                        report.unknown,
                    )
            if not self._wake.is_set():
                self._idle.set()
