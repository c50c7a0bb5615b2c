"""The limits every bot process counts together: the storage contract, on every backend."""

from __future__ import annotations

import asyncio
import itertools
import time

import pytest

from bot.storage.backends import opened_storage
from bot.storage.interface import Storage


async def test_a_user_over_the_limit_is_refused_and_warned_once(storage: Storage) -> None:
    started = time.monotonic()
    verdicts = [await storage.limits.admit(7, limit=3, window=60.0) for _ in range(5)]
    elapsed = time.monotonic() - started
    assert [v.allowed for v in verdicts] == [True, True, True, False, False]
    assert [v.warn for v in verdicts] == [False, False, False, True, False]
    # Free again a minute after the first message, which came at most `elapsed` ago.
    assert 60.0 - elapsed - 1e-3 <= verdicts[3].retry_after <= 60.0 + 1e-3
    other = await storage.limits.admit(8, limit=3, window=60.0)
    assert other.allowed


SHORT_WINDOW = 0.5


async def test_messages_leave_the_window_as_it_slides(storage: Storage) -> None:
    # Two messages asked for within the window (a stalled machine may need a few users to
    # get there): the second is refused until the first has left the window.
    for user_id in range(1, 21):
        started = time.monotonic()
        assert (await storage.limits.admit(user_id, limit=1, window=SHORT_WINDOW)).allowed
        refused = await storage.limits.admit(user_id, limit=1, window=SHORT_WINDOW)
        elapsed = time.monotonic() - started
        if elapsed < SHORT_WINDOW:
            break
    else:
        pytest.fail(f"no two messages were asked for within {SHORT_WINDOW} s")
    assert not refused.allowed
    assert SHORT_WINDOW - elapsed - 1e-3 <= refused.retry_after <= SHORT_WINDOW + 1e-3
    await asyncio.sleep(refused.retry_after + 0.05)
    assert (await storage.limits.admit(user_id, limit=1, window=SHORT_WINDOW)).allowed


# One turn every 1000 s: the turns asked for below all come long before the first one is
# due, however slowly the machine runs, so each must be given the next free turn.
SLOW_RATE = 0.001
SPACING = 1 / SLOW_RATE


async def test_send_turns_are_evenly_spaced(storage: Storage) -> None:
    started = time.monotonic()
    turns = [await storage.limits.reserve_send(per_second=SLOW_RATE) for _ in range(5)]
    elapsed = time.monotonic() - started
    # The first turn is at once; each later one comes exactly one spacing after the one
    # before, on the storage's clock.
    assert turns[0].wait == 0.0
    gaps = [b.at - a.at for a, b in itertools.pairwise(turns)]
    assert gaps == pytest.approx([SPACING] * 4, abs=1e-3)
    # Each is told to wait from when it asked until its turn: at most the time from the
    # first turn, and less by no more than the time that has passed since.
    for turn in turns:
        since_first = turn.at - turns[0].at
        assert since_first - elapsed - 1e-3 <= turn.wait <= since_first + 1e-3


async def test_a_send_turn_after_a_pause_is_at_once(storage: Storage) -> None:
    """Idle time is not saved up, and a turn asked for after its predecessor's spacing has
    passed is not pushed back to it."""
    first = await storage.limits.reserve_send(per_second=1000.0)
    await asyncio.sleep(0.01)  # ten spacings: the next turn is free by now, at the latest
    later = await storage.limits.reserve_send(per_second=1000.0)
    assert later.wait == 0.0
    assert later.at - first.at >= 0.01


async def test_processes_sharing_postgresql_count_together(postgres_url: str) -> None:
    async with opened_storage(postgres_url) as first, opened_storage(postgres_url) as second:
        verdicts = await asyncio.gather(
            *(store.limits.admit(7, limit=4, window=60.0) for store in [first, second] * 4)
        )
        assert sum(v.allowed for v in verdicts) == 4
        assert sum(v.warn for v in verdicts) == 1
        started = time.monotonic()
        turns = await asyncio.gather(
            *(store.limits.reserve_send(per_second=SLOW_RATE) for store in [first, second] * 10)
        )
        elapsed = time.monotonic() - started
        # 20 turns, whoever took them: one at once, then one every spacing, none shared.
        at = sorted(turn.at for turn in turns)
        gaps = [b - a for a, b in itertools.pairwise(at)]
        assert gaps == pytest.approx([SPACING] * 19, abs=1e-3)
        assert min(turn.wait for turn in turns) == 0.0
        longest = max(turns, key=lambda turn: turn.at)
        assert 19 * SPACING - elapsed - 1e-3 <= longest.wait <= 19 * SPACING + 1e-3
