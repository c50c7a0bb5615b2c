"""The send window: even pacing, and never more than its ceiling within one window."""

from __future__ import annotations

import asyncio
import itertools

from bot.telegram.digest_queue import SendWindow


async def test_requests_in_flight_count_against_the_ceiling() -> None:
    window = SendWindow(1000.0, ceiling=3, window=0.3)
    loop = asyncio.get_running_loop()
    release = asyncio.Event()
    started: list[float] = []

    async def send() -> None:
        async with window.slot():
            started.append(loop.time())
            await release.wait()

    tasks = [asyncio.create_task(send()) for _ in range(4)]
    async with asyncio.timeout(10):
        while len(started) < 3:
            await asyncio.sleep(0.01)
    await asyncio.sleep(0.05)
    assert len(started) == 3  # the fourth waits: three are in flight
    release.set()
    await asyncio.wait_for(asyncio.gather(*tasks), 2)
    # It went only once the first three had been answered for a whole window.
    assert started[3] - started[2] >= 0.3


async def test_sends_are_spaced_evenly() -> None:
    window = SendWindow(50.0)
    loop = asyncio.get_running_loop()
    times: list[float] = []
    for _ in range(6):
        async with window.slot():
            times.append(loop.time())
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 0.019


async def test_no_limit_means_no_ceiling() -> None:
    window = SendWindow(None)
    release = asyncio.Event()
    inside = 0

    async def send() -> None:
        nonlocal inside
        async with window.slot():
            inside += 1
            await release.wait()

    tasks = [asyncio.create_task(send()) for _ in range(100)]
    await asyncio.sleep(0.05)
    assert inside == 100
    release.set()
    await asyncio.wait_for(asyncio.gather(*tasks), 2)
