from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.digest.schedule import ScheduleInputError
from bot.services.subscriptions import SubscriptionService
from bot.storage.sqlite import SQLiteStorage
from tests.digest.support import ControlledClock

# Wednesday 1 May 2024, 04:00 UTC
START = datetime(2024, 5, 1, 4, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> ControlledClock:
    return ControlledClock(START)


@pytest.fixture
def service(storage: SQLiteStorage, clock: ControlledClock) -> SubscriptionService:
    return SubscriptionService(storage, default_zone="Europe/Berlin", clock=clock)


async def test_subscribing_in_several_zones(service: SubscriptionService) -> None:
    berlin = await service.subscribe(1, "private", "07:30")
    tokyo = await service.subscribe(2, "private", "07:30", "Asia/Tokyo")
    new_york = await service.subscribe(3, "private", "7:30", "america/new_york")
    fixed = await service.subscribe(4, "private", "07:30", "+05:30")
    utc = await service.subscribe(5, "private", "07:30", "UTC")
    assert berlin.zone == "Europe/Berlin"  # the default zone
    assert berlin.next_due_at == datetime(2024, 5, 1, 5, 30, tzinfo=UTC)
    assert tokyo.next_due_at == datetime(2024, 5, 1, 22, 30, tzinfo=UTC)  # already past today
    assert new_york.zone == "America/New_York"
    assert new_york.next_due_at == datetime(2024, 5, 1, 11, 30, tzinfo=UTC)
    assert fixed.zone == "+05:30"
    assert fixed.next_due_at == datetime(2024, 5, 2, 2, 0, tzinfo=UTC)
    assert utc.next_due_at == datetime(2024, 5, 1, 7, 30, tzinfo=UTC)


async def test_a_new_time_without_zone_keeps_the_chats_zone(service: SubscriptionService) -> None:
    await service.subscribe(1, "private", "07:30", "Asia/Tokyo")
    changed = await service.subscribe(1, "private", "21:00")
    assert changed.zone == "Asia/Tokyo" and changed.local_time == "21:00"


async def test_bad_input_is_explained(service: SubscriptionService) -> None:
    with pytest.raises(ScheduleInputError, match="HH:MM"):
        await service.subscribe(1, "private", "25:00")
    with pytest.raises(ScheduleInputError, match="Europe/Paris"):
        await service.subscribe(1, "private", "07:30", "Europe/Pariss")
    assert await service.get(1) is None


async def test_summary_length_is_bounded(service: SubscriptionService) -> None:
    await service.subscribe(1, "private", "07:30")
    updated = await service.set_summary_length(1, 5)
    assert updated is not None and updated.summary_sentences == 5
    with pytest.raises(ScheduleInputError):
        await service.set_summary_length(1, 6)


async def test_reactivation_is_offered_after_blocking_not_after_unsubscribing(
    service: SubscriptionService, clock: ControlledClock
) -> None:
    await service.subscribe(1, "private", "07:30")
    await service.subscribe(2, "private", "07:30")
    assert not await service.reactivation_offer(1)
    await service.mark_blocked(1)
    await service.unsubscribe(2)
    assert await service.reactivation_offer(1)
    assert not await service.reactivation_offer(2)
    assert not await service.reactivation_offer(3)
    clock.set(datetime(2024, 5, 3, 12, 0, tzinfo=UTC))
    resumed = await service.resume(1)
    assert resumed is not None and resumed.active
    # From the next slot on: no back-filled digest for the days it was blocked.
    assert resumed.next_due_at == datetime(2024, 5, 4, 5, 30, tzinfo=UTC)
    assert not await service.reactivation_offer(1)


async def test_stats_count_chats_and_active_subscribers(service: SubscriptionService) -> None:
    await service.remember_chat(9, "group")
    await service.subscribe(1, "private", "07:30")
    await service.subscribe(2, "private", "07:30")
    await service.unsubscribe(2)
    stats = await service.stats()
    assert (stats.chats, stats.active) == (3, 1)
