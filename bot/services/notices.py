"""What the bot still owes a chat, kept in the database until Telegram has taken it.

Two things must never be lost without a word:

* an admin's upload: a notice is held while it is fetched and stored, saying that a
  restart interrupted it; once stored it says what became of it (added, duplicate,
  rejected) and is dropped when that report has been sent. If the process stops anywhere
  in between, the next start releases the notice and the admin hears the truth.
* an answer Telegram may not have delivered (it stayed unreachable through every retry):
  the chat gets one notice, sent as soon as Telegram answers again.

The faces word the notices (they are Telegram HTML); this service keeps and hands them out.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Callable
from datetime import datetime

from bot.storage.interface import Storage
from bot.storage.records import Notice, NoticeKind

Clock = Callable[[], datetime]


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
        return await self._notices.hold(chat_id, kind, text, owner=self.owner, now=self.clock())

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
        """At start: notices held by processes that have stopped become due."""
        return await self._notices.release_held(except_owner=self.owner)

    async def due(self, *, limit: int = 100) -> list[Notice]:
        return await self._notices.due(limit=limit)

    async def sent(self, notice: Notice) -> None:
        await self._notices.delete(notice.id)

    async def attempted(self, notice: Notice) -> None:
        await self._notices.attempted(notice.id)
