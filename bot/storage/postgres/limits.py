"""Limits every bot process sharing the database counts together, on the database's clock.

* The per-user flood window: one row per user with the times of their last messages,
  updated under a row lock by ``newsbot_flood_admit`` in one round trip, so a user writing
  to several workers at once (webhook updates are spread across them) is counted once.
* The bot's send budget: one row holding the next free turn. Each message takes the next
  turn (``max(next, now) + 1/rate``) in one ``UPDATE`` and waits for it, so all processes
  together send evenly at the rate, and a process that dies loses only turns it had taken.
"""

from __future__ import annotations

import time

import asyncpg

from bot.storage.limit_records import FloodVerdict, SendTurn

# Idle users' windows are deleted this often (seconds), by whichever process gets there.
_SWEEP_EVERY = 60.0


class PostgresLimitRepository:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool
        self._next_sweep = time.monotonic() + _SWEEP_EVERY

    async def admit(self, user_id: int, *, limit: int, window: float) -> FloodVerdict:
        if limit < 1:
            raise ValueError("the flood limit must allow at least one message per window")
        row = await self._pool.fetchrow(
            "SELECT allowed, retry_after, warn FROM newsbot_flood_admit($1, $2, $3)",
            user_id,
            limit,
            window,
        )
        if time.monotonic() >= self._next_sweep:
            self._next_sweep = time.monotonic() + _SWEEP_EVERY
            await self._pool.execute(
                "DELETE FROM flood_windows WHERE last_at < clock_timestamp() - make_interval("
                "secs => $1)",
                window,
            )
        return FloodVerdict(row["allowed"], float(row["retry_after"]), row["warn"])

    async def reserve_send(self, *, per_second: float) -> SendTurn:
        # One reading of the clock, so the turn and the wait for it agree exactly.
        row = await self._pool.fetchrow(
            "UPDATE send_turns SET next_at = greatest(next_at, now.at) + make_interval(secs => $1)"
            " FROM (SELECT clock_timestamp() AS at) AS now WHERE name = 'telegram'"
            " RETURNING extract(epoch FROM next_at)::float8 - $1 AS turn,"
            " extract(epoch FROM next_at - now.at)::float8 - $1 AS wait",
            1.0 / per_second,
        )
        return SendTurn(at=float(row["turn"]), wait=max(float(row["wait"]), 0.0))
