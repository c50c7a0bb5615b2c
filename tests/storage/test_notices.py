"""Messages owed to chats: held while a process works and renews its lease, due when it
stops, claimed by one process at a time, one per lost answer."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from datetime import UTC, datetime, timedelta

from bot.storage.backends import opened_storage
from bot.storage.interface import Storage
from bot.storage.records import NoticeKind

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
LEASE = timedelta(minutes=1)


async def test_held_notices_wait_for_their_holder_while_it_renews(storage: Storage) -> None:
    notices = storage.notices
    mine = await notices.hold(
        7, NoticeKind.UPLOAD, "interrupted", owner="now", now=NOW, until=NOW + LEASE
    )
    earlier = await notices.hold(
        8, NoticeKind.UPLOAD, "interrupted", owner="before", now=NOW, until=NOW + LEASE
    )
    assert await notices.due(now=NOW) == []
    await notices.rewrite(earlier, "Added article #3")
    # "now" still runs and renews; "before" has stopped, and its lease runs out.
    assert await notices.renew(owner="now", until=NOW + 3 * LEASE) == 1
    later = NOW + 2 * LEASE
    [due] = await notices.due(now=later)
    assert (due.id, due.chat_id, due.text, due.kind) == (earlier, 8, "Added article #3", "upload")
    await notices.release(mine)
    assert [n.id for n in await notices.due(now=later)] == [mine, earlier]  # oldest first
    await notices.attempted(earlier)
    await notices.delete(mine)
    [left] = await notices.due(now=later)
    assert left.id == earlier and left.attempts == 1


async def test_the_only_process_releases_what_earlier_runs_held(storage: Storage) -> None:
    notices = storage.notices
    until = NOW + LEASE
    mine = await notices.hold(7, NoticeKind.UPLOAD, "working", owner="now", now=NOW, until=until)
    earlier = await notices.hold(
        8, NoticeKind.UPLOAD, "cut off", owner="before", now=NOW, until=until
    )
    assert await notices.release_held(except_owner="now") == 1
    assert [n.id for n in await notices.due(now=NOW)] == [earlier]  # before its lease ends
    await notices.release(mine)
    assert [n.id for n in await notices.due(now=NOW)] == [mine, earlier]


async def test_a_claimed_notice_is_no_other_process_s_until_given_back_or_lapsed(
    storage: Storage,
) -> None:
    notices = storage.notices
    for chat_id in (1, 2, 3):
        assert await notices.post(chat_id, NoticeKind.UNDELIVERED, f"to {chat_id}", now=NOW)
    until = NOW + LEASE
    first = await notices.claim(owner="a", now=NOW, until=until, limit=2)
    assert [n.chat_id for n in first] == [1, 2]
    assert [n.chat_id for n in await notices.claim(owner="b", now=NOW, until=until)] == [3]
    assert await notices.claim(owner="c", now=NOW, until=until) == []
    assert await notices.due(now=NOW) == []
    await notices.release(first[1].id)  # "a" could not send it: due again at once
    assert [n.chat_id for n in await notices.claim(owner="c", now=NOW, until=until)] == [2]
    # "a" stops without sending its first one: after its lease, another process sends it.
    await notices.renew(owner="b", until=NOW + 3 * LEASE)
    await notices.renew(owner="c", until=NOW + 3 * LEASE)
    later = NOW + 2 * LEASE
    [lapsed] = await notices.claim(owner="b", now=later, until=later + LEASE)
    assert lapsed.id == first[0].id


async def test_processes_claiming_at_once_each_get_other_notices(database_setting: str) -> None:
    async with contextlib.AsyncExitStack() as stack:
        workers = [
            await stack.enter_async_context(opened_storage(database_setting)) for _ in range(3)
        ]
        for chat_id in range(60):
            await workers[0].notices.post(chat_id, NoticeKind.UNDELIVERED, "lost", now=NOW)

        async def claim_all(storage: Storage, owner: str) -> list[int]:
            taken: list[int] = []
            while found := await storage.notices.claim(
                owner=owner, now=NOW, until=NOW + LEASE, limit=4
            ):
                taken += [n.chat_id for n in found]
                await asyncio.sleep(0)
            return taken

        claims = await asyncio.gather(
            *(claim_all(storage, f"worker {n}") for n, storage in enumerate(workers))
        )
    claimed = Counter(chat for taken in claims for chat in taken)
    assert claimed == Counter(range(60))  # every notice, each once


async def test_a_chat_is_owed_one_undelivered_notice_at_a_time(storage: Storage) -> None:
    notices = storage.notices
    assert await notices.post(9, NoticeKind.UNDELIVERED, "first", now=NOW)
    assert not await notices.post(9, NoticeKind.UNDELIVERED, "second", now=NOW)
    assert await notices.post(10, NoticeKind.UNDELIVERED, "other chat", now=NOW)
    assert [n.text for n in await notices.due(now=NOW)] == ["first", "other chat"]
