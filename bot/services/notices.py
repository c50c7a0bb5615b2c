"""What the bot still owes a chat, kept in the database until Telegram has taken it.

Two things must never be lost without a word:

* an admin's upload: a notice is held while it is fetched and stored, saying that a
  restart interrupted it; once stored it says what became of it (added, duplicate,
  rejected) and is dropped when that report has been sent. If the process stops anywhere
  in between, its hold lapses (``NOTICE_LEASE`` after it stopped renewing it; at once
  when the next start is the bot's only process) and the admin hears the truth.
* an answer Telegram may not have delivered (it stayed unreachable through every retry):
  the chat gets one notice, sent as soon as Telegram answers again.

Holding is a lease the holding process renews while it runs (:meth:`NoticeService.renew`),
and sending a notice claims it the same way, so with several processes each notice goes
out once, and a process that stops (even killed) leaves nothing held for ever.

The faces word the notices (they are Telegram HTML); this service keeps and hands them out.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from bot.storage.interface import Storage
from bot.storage.records import Notice, NoticeKind

Clock = Callable[[], datetime]

# How long a hold or a claim lasts unless renewed: a process renews its own every quarter
# of it, so only one that has stopped loses them.
NOTICE_LEASE = timedelta(minutes=1)


def process_owner() -> str:
    """Who holds a notice: this process, told apart from any earlier run of it."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


class NoticeService:
    def __init__(self, storage: Storage, *, clock: Clock, owner: str | None = None) -> None:
        self._notices = storage.notices
        self.clock = clock
        self.owner = owner or process_owner()

    async def hold(self, chat_id: int, kind: NoticeKind, text: str) -> int:
        """Kept back while this process is at work; said if it stops before :meth:`drop`."""
        now = self.clock()
        return await self._notices.hold(
            chat_id, kind, text, owner=self.owner, now=now, until=now + NOTICE_LEASE
        )

    async def rewrite(self, notice_id: int, text: str) -> None:
        await self._notices.rewrite(notice_id, text)

    async def drop(self, notice_id: int) -> None:
        await self._notices.delete(notice_id)

    async def release(self, notice_id: int) -> None:
        """Send it as soon as Telegram takes it, though this process still runs."""
        await self._notices.release(notice_id)

    async def post(self, chat_id: int, kind: NoticeKind, text: str) -> bool:
        """To be sent as soon as Telegram takes it; False when the chat is already owed one."""
        return await self._notices.post(chat_id, kind, text, now=self.clock())

    async def release_earlier_runs(self) -> int:
        """At start of the only process: what earlier runs held is due now (they stopped)."""
        return await self._notices.release_held(except_owner=self.owner)

    async def renew(self) -> int:
        """This process still runs: what it holds stays its own for another lease."""
        return await self._notices.renew(owner=self.owner, until=self.clock() + NOTICE_LEASE)

    async def claim(self, *, limit: int = 100) -> list[Notice]:
        """Due notices, oldest first, now this process's to send (no other's meanwhile)."""
        now = self.clock()
        return await self._notices.claim(
            owner=self.owner, now=now, until=now + NOTICE_LEASE, limit=limit
        )

    async def due(self, *, limit: int = 100) -> list[Notice]:
        """The notices waiting to be sent (whoever sends them)."""
        return await self._notices.due(now=self.clock(), limit=limit)

    async def sent(self, notice: Notice) -> None:
        await self._notices.delete(notice.id)

    async def attempted(self, notice: Notice) -> None:
        await self._notices.attempted(notice.id)

    async def give_back(self, notices: Iterable[Notice]) -> None:
        """Claimed but not sent: due again, for this process or another."""
        for notice in notices:
            await self._notices.release(notice.id)
