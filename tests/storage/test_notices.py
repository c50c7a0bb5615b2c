"""Messages owed to chats: held while a process works, due when it stops, one per lost answer."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.storage.interface import Storage
from bot.storage.records import NoticeKind

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


async def test_held_notices_wait_for_their_holder(storage: Storage) -> None:
    notices = storage.notices
    mine = await notices.hold(7, NoticeKind.UPLOAD, "interrupted", owner="now", now=NOW)
    earlier = await notices.hold(8, NoticeKind.UPLOAD, "interrupted", owner="before", now=NOW)
    assert await notices.due() == []
    await notices.rewrite(earlier, "Added article #3")
    assert await notices.release_held(except_owner="now") == 1
    [due] = await notices.due()
    assert (due.id, due.chat_id, due.text, due.kind) == (earlier, 8, "Added article #3", "upload")
    await notices.release(mine)
    assert [n.id for n in await notices.due()] == [mine, earlier]  # oldest first
    await notices.attempted(earlier)
    await notices.delete(mine)
    [left] = await notices.due()
    assert left.id == earlier and left.attempts == 1


async def test_a_chat_is_owed_one_undelivered_notice_at_a_time(storage: Storage) -> None:
    notices = storage.notices
    assert await notices.post(9, NoticeKind.UNDELIVERED, "first", now=NOW)
    assert not await notices.post(9, NoticeKind.UNDELIVERED, "second", now=NOW)
    assert await notices.post(10, NoticeKind.UNDELIVERED, "other chat", now=NOW)
    assert [n.text for n in await notices.due()] == ["first", "other chat"]
