"""The limits every bot process counts together: the storage contract, on every backend."""

from __future__ import annotations

import asyncio
import itertools
import time

import pytest

from bot.storage.backends import opened_storage
from bot.storage.interface import Storage


async def test_a_user_over_the_limit_is_refused_and_warned_once(storage: Storage) -> None:
    verdicts = [await storage.limits.admit(7, limit=3, window=60.0) for _ in range(5)]
    assert [v.allowed for v in verdicts] == [True, True, True, False, False]
    assert [v.warn for v in verdicts] == [False, False, False, True, False]
    assert verdicts[3].retry_after == pytest.approx(60.0, abs=2.0)
    other = await storage.limits.admit(8, limit=3, window=60.0)
    assert other.allowed


async def test_messages_leave_the_window_as_it_slides(storage: Storage) -> None:
    assert (await storage.limits.admit(7, limit=1, window=0.3)).allowed
    refused = await storage.limits.admit(7, limit=1, window=0.3)
    assert not refused.allowed and 0 < refused.retry_after <= 0.3
    await asyncio.sleep(refused.retry_after + 0.05)
    assert (await storage.limits.admit(7, limit=1, window=0.3)).allowed


async def test_send_turns_are_evenly_spaced(storage: Storage) -> None:
    waits = [await storage.limits.reserve_send(per_second=20.0) for _ in range(5)]
    # Each turn comes 0.05 s after the one before, however fast they were asked for.
    assert waits[0] == pytest.approx(0.0, abs=0.01)
    assert waits[-1] == pytest.approx(0.2, abs=0.03)
    assert all(b > a for a, b in itertools.pairwise(waits))


async def test_processes_sharing_postgresql_count_together(postgres_url: str) -> None:
    async with opened_storage(postgres_url) as first, opened_storage(postgres_url) as second:
        verdicts = await asyncio.gather(
            *(store.limits.admit(7, limit=4, window=60.0) for store in [first, second] * 4)
        )
        assert sum(v.allowed for v in verdicts) == 4
        assert sum(v.warn for v in verdicts) == 1
        started = time.monotonic()
        waits = await asyncio.gather(
            *(store.limits.reserve_send(per_second=50.0) for store in [first, second] * 10)
        )
        elapsed = time.monotonic() - started
        # 20 turns at 50/s: the last one is about 0.38 s after the first, whoever took it.
        assert max(waits) == pytest.approx(0.38 - elapsed, abs=0.1)
        assert len({round(w, 3) for w in waits}) == 20
