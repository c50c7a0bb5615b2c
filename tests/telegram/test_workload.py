"""The workload limits as bookkeeping: one request per user, a bounded queue per chat."""

from __future__ import annotations

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
