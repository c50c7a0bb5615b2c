from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from bot.storage.backends import opened_storage
from bot.storage.digest_records import DeliveryClaim, DeliveryStatus, InactiveReason
from bot.storage.interface import Storage

NOW = datetime(2024, 5, 1, 5, 0, tzinfo=UTC)
DUE = datetime(2024, 5, 1, 5, 30, tzinfo=UTC)
NEXT = DUE + timedelta(days=1)


async def _subscribe(storage: Storage, chat_id: int = 10, due: datetime = DUE) -> None:
    await storage.subscriptions.upsert(
        chat_id,
        chat_type="private",
        local_time="07:30",
        zone="Europe/Berlin",
        next_due_at=due,
        summary_sentences=2,
        now=NOW,
    )


def _claim(chat_id: int = 10, *, send: bool = True, expected: datetime = DUE) -> DeliveryClaim:
    return DeliveryClaim(
        chat_id=chat_id,
        local_date=date(2024, 5, 1),
        due_at=DUE,
        expected_next_due=expected,
        since=DUE - timedelta(days=1),
        until=DUE,
        next_due_at=NEXT,
        send=send,
    )


async def test_subscribe_change_time_keeps_options(storage: Storage) -> None:
    await _subscribe(storage)
    await storage.subscriptions.set_options(10, summary_sentences=4, send_empty=True, now=NOW)
    changed = await storage.subscriptions.upsert(
        10,
        chat_type="private",
        local_time="18:00",
        zone="UTC",
        next_due_at=DUE,
        summary_sentences=2,
        now=NOW,
    )
    assert (changed.local_time, changed.zone) == ("18:00", "UTC")
    assert changed.summary_sentences == 4 and changed.send_empty
    assert changed.active and changed.next_due_at == DUE


async def test_deactivate_reactivate_and_stats(storage: Storage) -> None:
    await _subscribe(storage, 10)
    await _subscribe(storage, 11)
    await storage.subscriptions.remember_chat(12, "group", now=NOW)
    assert await storage.subscriptions.deactivate(11, InactiveReason.BLOCKED, now=NOW)
    assert not await storage.subscriptions.deactivate(11, InactiveReason.BLOCKED, now=NOW)
    stats = await storage.subscriptions.stats()
    assert (stats.chats, stats.active, stats.inactive) == (3, 1, 1)
    blocked = await storage.subscriptions.get(11)
    assert blocked is not None and blocked.inactive_reason is InactiveReason.BLOCKED
    back = await storage.subscriptions.reactivate(11, next_due_at=NEXT, now=NOW)
    assert back is not None and back.active and back.inactive_reason is None


async def test_due_lists_only_active_subscriptions_whose_slot_has_come(
    storage: Storage,
) -> None:
    await _subscribe(storage, 10, DUE)
    await _subscribe(storage, 11, NEXT)
    await _subscribe(storage, 12, DUE)
    await storage.subscriptions.deactivate(12, InactiveReason.UNSUBSCRIBED, now=NOW)
    assert [s.chat_id for s in await storage.subscriptions.due(DUE)] == [10]
    assert await storage.subscriptions.due(DUE - timedelta(seconds=1)) == []


async def test_a_slot_is_claimed_once_and_moves_the_subscription_on(
    storage: Storage,
) -> None:
    await _subscribe(storage)
    first = await storage.deliveries.claim([_claim()], owner="a", now=DUE)
    second = await storage.deliveries.claim([_claim()], owner="b", now=DUE)
    assert [d.claimed_by for d in first] == ["a"] and second == []
    subscription = await storage.subscriptions.get(10)
    assert subscription is not None and subscription.next_due_at == NEXT
    assert await storage.subscriptions.due(DUE) == []


async def test_unique_chat_and_local_date_even_if_the_slot_is_expected_again(
    storage: Storage,
) -> None:
    await _subscribe(storage)
    assert await storage.deliveries.claim([_claim()], owner="a", now=DUE)
    # The chat changes its time later the same day: the subscription expects a new slot,
    # but the local day already has its digest.
    await _subscribe(storage, 10, DUE + timedelta(hours=10))
    again = _claim(expected=DUE + timedelta(hours=10))
    assert await storage.deliveries.claim([again], owner="a", now=DUE) == []


async def test_delivery_lifecycle_and_cutoff(storage: Storage) -> None:
    await _subscribe(storage)
    [delivery] = await storage.deliveries.claim([_claim()], owner="a", now=DUE)
    assert not await storage.deliveries.start_sending(delivery.id, owner="b", now=DUE)
    assert await storage.deliveries.start_sending(delivery.id, owner="a", now=DUE)
    assert not await storage.deliveries.start_sending(delivery.id, owner="a", now=DUE)
    assert await storage.deliveries.mark_sent(delivery.id, owner="a", now=DUE, messages=2)
    stored = await storage.deliveries.get(10, date(2024, 5, 1))
    assert stored is not None and stored.status is DeliveryStatus.SENT
    assert stored.attempts == 1 and stored.messages == 2
    subscription = await storage.subscriptions.get(10)
    assert subscription is not None and subscription.last_cutoff == DUE


async def test_failed_with_blocked_deactivates_and_keeps_cutoff(storage: Storage) -> None:
    await _subscribe(storage)
    [delivery] = await storage.deliveries.claim([_claim()], owner="a", now=DUE)
    await storage.deliveries.start_sending(delivery.id, owner="a", now=DUE)
    assert await storage.deliveries.mark_failed(
        delivery.id, owner="a", note="blocked", now=DUE, deactivate=InactiveReason.BLOCKED
    )
    subscription = await storage.subscriptions.get(10)
    assert subscription is not None and not subscription.active
    assert subscription.last_cutoff is None


async def test_stale_claims_are_taken_over_and_stale_sends_become_unknown(
    storage: Storage,
) -> None:
    await _subscribe(storage, 10)
    await _subscribe(storage, 11)
    claimed = await storage.deliveries.claim([_claim(10), _claim(11)], owner="dead", now=DUE)
    await storage.deliveries.start_sending(claimed[1].id, owner="dead", now=DUE)
    later = DUE + timedelta(minutes=30)
    assert await storage.deliveries.reclaim_stale(owner="new", claimed_before=DUE, now=later) == []
    taken = await storage.deliveries.reclaim_stale(
        owner="new", claimed_before=later - timedelta(minutes=2), now=later
    )
    assert [(d.chat_id, d.claimed_by) for d in taken] == [(10, "new")]
    expired = await storage.deliveries.expire_sending(started_before=later)
    assert [(d.chat_id, d.status) for d in expired] == [(11, DeliveryStatus.UNKNOWN)]
    counts = await storage.deliveries.status_counts()
    assert counts == {DeliveryStatus.CLAIMED: 1, DeliveryStatus.UNKNOWN: 1}


async def test_released_claims_are_taken_over_at_once(storage: Storage) -> None:
    await _subscribe(storage)
    await storage.deliveries.claim([_claim()], owner="old", now=DUE)
    assert await storage.deliveries.release(owner="old") == 1
    taken = await storage.deliveries.reclaim_stale(owner="new", claimed_before=DUE, now=DUE)
    assert [d.claimed_by for d in taken] == ["new"]


async def test_two_connections_racing_for_many_slots_split_them(database_setting: str) -> None:
    async with (
        opened_storage(database_setting) as first,
        opened_storage(database_setting) as second,
    ):
        for chat_id in range(100):
            await _subscribe(first, chat_id)
        claims = [_claim(chat_id) for chat_id in range(100)]
        results = await asyncio.gather(
            first.deliveries.claim(claims, owner="a", now=DUE),
            second.deliveries.claim(list(reversed(claims)), owner="b", now=DUE),
            first.deliveries.claim(claims[::2], owner="c", now=DUE),
        )
        taken = [d.chat_id for result in results for d in result]
        assert sorted(taken) == list(range(100))


async def test_a_send_without_an_answer_is_closed_unknown_and_keeps_the_cutoff(
    storage: Storage,
) -> None:
    await _subscribe(storage)
    [delivery] = await storage.deliveries.claim([_claim()], owner="a", now=DUE)
    assert not await storage.deliveries.mark_unknown(delivery.id, owner="a", note="no answer")
    await storage.deliveries.start_sending(delivery.id, owner="a", now=DUE)
    assert not await storage.deliveries.mark_unknown(delivery.id, owner="b", note="no answer")
    assert await storage.deliveries.mark_unknown(delivery.id, owner="a", note="no answer")
    stored = await storage.deliveries.get(10, date(2024, 5, 1))
    assert stored is not None and stored.status is DeliveryStatus.UNKNOWN
    assert stored.note == "no answer"
    subscription = await storage.subscriptions.get(10)
    assert subscription is not None and subscription.last_cutoff is None
