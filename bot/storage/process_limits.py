"""The limits of a bot that runs as one process, counted in that process.

An SQLite database serves one bot process, so its storage keeps the per-user flood window
and the send budget here, in memory; the PostgreSQL backend keeps the same limits in the
database, where every process sharing it counts together (``bot/storage/postgres/limits.py``).
Both are pure enough to be tested with a fake clock.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from bot.storage.limit_records import FloodVerdict, SendTurn

WINDOW_SECONDS = 60.0


class FloodGate:
    """Counts each user's messages over the last minute and refuses those over the limit.

    A sliding window (not a fixed one) so a burst straddling a minute boundary cannot
    double the allowance. Memory stays bounded: a user's timestamps are capped at the
    limit, and idle users are forgotten on a periodic sweep.
    """

    def __init__(
        self,
        limit_per_minute: int,
        *,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if limit_per_minute < 1:
            raise ValueError("the flood limit must allow at least one message per window")
        self._limit = limit_per_minute
        self._window = window
        self._clock = clock
        self._seen: dict[int, deque[float]] = {}
        self._warned_until: dict[int, float] = {}
        self._next_sweep = clock() + window

    @property
    def limit(self) -> int:
        return self._limit

    def check(self, user_id: int) -> FloodVerdict:
        now = self._clock()
        if now >= self._next_sweep:
            self._sweep(now)
        stamps = self._seen.setdefault(user_id, deque(maxlen=self._limit))
        while stamps and stamps[0] <= now - self._window:
            stamps.popleft()
        if len(stamps) < self._limit:
            stamps.append(now)
            self._warned_until.pop(user_id, None)
            return FloodVerdict(allowed=True)
        free_at = stamps[0] + self._window
        warn = now >= self._warned_until.get(user_id, float("-inf"))
        if warn:
            self._warned_until[user_id] = free_at
        return FloodVerdict(allowed=False, retry_after=max(free_at - now, 0.0), warn=warn)

    def tracked_users(self) -> int:
        return len(self._seen)

    def _sweep(self, now: float) -> None:
        horizon = now - self._window
        for user_id in [u for u, s in self._seen.items() if not s or s[-1] <= horizon]:
            del self._seen[user_id]
            self._warned_until.pop(user_id, None)
        self._next_sweep = now + self._window


class SendPacer:
    """Spaces sends evenly: each caller is told how long to wait for its turn, so that the
    turns handed out never exceed ``per_second`` (no bursts: Telegram counts any second)."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._next = float("-inf")

    def reserve(self, per_second: float) -> SendTurn:
        now = self._clock()
        turn = max(self._next, now)
        self._next = turn + 1.0 / per_second
        return SendTurn(at=turn, wait=turn - now)


class ProcessLimits:
    """The storage contract's limits for a backend that serves one bot process."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._gates: dict[tuple[int, float], FloodGate] = {}
        self._pacer = SendPacer(clock=clock)

    async def admit(self, user_id: int, *, limit: int, window: float) -> FloodVerdict:
        gate = self._gates.get((limit, window))
        if gate is None:
            gate = self._gates[(limit, window)] = FloodGate(limit, window=window, clock=self._clock)
        return gate.check(user_id)

    async def reserve_send(self, *, per_second: float) -> SendTurn:
        return self._pacer.reserve(per_second)
