"""The workload limits as bookkeeping: one request per user, a bounded queue per chat."""

from __future__ import annotations

import asyncio

from bot.telegram.workload import Workload


def test_a_user_has_one_request_at_a_time_and_hears_so_once() -> None:
    workload = Workload()
    with workload.working(7):
        assert workload.busy(7) and not workload.busy(8)
        assert workload.tell_busy(7)
        assert not workload.tell_busy(7)
    assert not workload.busy(7)
    with workload.working(7):
        assert workload.tell_busy(7)  # a new busy stretch: told again
    assert workload.tracked() == 0


def test_a_chat_queue_is_bounded_and_given_back() -> None:
    workload = Workload(max_queued=5)
    assert workload.reserve(1, 4)
    assert not workload.reserve(1, 2)
    assert workload.reserve(2, 5)  # another chat has its own share
    workload.sent(1, 4)
    assert workload.reserve(1, 5)
    workload.sent(1, 5)
    workload.sent(2, 5)
    assert workload.tracked() == 0


async def test_one_more_request_waits_briefly_for_the_one_under_way() -> None:
    workload = Workload()
    finished = asyncio.Event()

    async def first() -> None:
        with workload.working(7):
            await finished.wait()

    task = asyncio.create_task(first())
    await asyncio.sleep(0)
    waiting = asyncio.create_task(workload.free_soon(7, within=2.0))
    await asyncio.sleep(0.05)
    assert not await workload.free_soon(7, within=2.0)  # a third is refused at once
    finished.set()
    assert await waiting  # the second went on once the first was done
    await task
    with workload.working(7):
        assert not await workload.free_soon(7, within=0.1)  # still busy after the wait
