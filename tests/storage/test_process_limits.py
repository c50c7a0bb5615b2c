"""One process's limits with a fake clock: the flood gate's sliding window and one warning per
burst; the send pacer's even turns."""

from __future__ import annotations

import pytest

from bot.storage.process_limits import FloodGate, SendPacer


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_allows_the_limit_then_refuses_with_the_wait() -> None:
    clock = FakeClock()
    gate = FloodGate(3, clock=clock)
    assert all(gate.check(7).allowed for _ in range(3))
    clock.now += 10
    refused = gate.check(7)
    assert not refused.allowed and refused.warn
    assert refused.retry_after == pytest.approx(50)


def test_warns_once_per_window_and_frees_as_old_messages_age_out() -> None:
    clock = FakeClock()
    gate = FloodGate(2, clock=clock)
    gate.check(1)
    clock.now += 30
    gate.check(1)
    warnings = [gate.check(1).warn for _ in range(5)]
    assert warnings == [True, False, False, False, False]
    clock.now += 30.001  # the first message left the window: one slot is free again
    assert gate.check(1).allowed
    again = gate.check(1)
    assert not again.allowed and again.warn  # a new burst is warned about again
    assert again.retry_after == pytest.approx(29.999)


def test_users_are_counted_separately() -> None:
    gate = FloodGate(1, clock=FakeClock())
    assert gate.check(1).allowed
    assert gate.check(2).allowed
    assert not gate.check(1).allowed


def test_idle_users_are_forgotten() -> None:
    clock = FakeClock()
    gate = FloodGate(5, clock=clock)
    for user_id in range(100):
        gate.check(user_id)
    clock.now += 61
    gate.check(999)
    assert gate.tracked_users() == 1


def test_a_limit_below_one_is_a_mistake() -> None:
    with pytest.raises(ValueError):
        FloodGate(0)


def test_the_pacer_hands_out_even_turns_and_no_burst_after_a_pause() -> None:
    clock = FakeClock()
    pacer = SendPacer(clock=clock)
    turns = [pacer.reserve(20.0) for _ in range(4)]
    assert [t.wait for t in turns] == pytest.approx([0.0, 0.05, 0.10, 0.15])
    assert [t.at for t in turns] == pytest.approx([1000.0, 1000.05, 1000.10, 1000.15])
    clock.now += 10  # idle time is not saved up for a burst
    turns = [pacer.reserve(20.0) for _ in range(2)]
    assert [t.wait for t in turns] == pytest.approx([0.0, 0.05])
    assert [t.at for t in turns] == pytest.approx([1010.0, 1010.05])
