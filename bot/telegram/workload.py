"""How much one user or one chat may ask of the bot at once, so nobody can turn a few
cheap messages into thousands of sends or hold every handler slot.

* Per user, one expensive request at a time (a question, a summary, an article, a
  digest): while one is being worked on or sent, one more may wait up to two seconds for
  it; any other is refused with a short note, said once until the first is done. The
  flood gate counts messages; this counts work.
* Per chat, at most ``max_queued`` messages being sent at once: a reply that would go
  beyond is refused (in a group, several people may ask at the same moment).

Bookkeeping in memory; it resets with the process, which is all it needs to do.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import OrderedDict
from collections.abc import Hashable, Iterator

MAX_QUEUED_PER_CHAT = 12
ONE_REQUEST_PER_USER = 1
FREE_SOON_SECONDS = 2.0
_POLL_SECONDS = 0.02


class Workload:
    def __init__(
        self,
        *,
        max_queued: int = MAX_QUEUED_PER_CHAT,
        per_user: int = ONE_REQUEST_PER_USER,
    ) -> None:
        self.max_queued = max_queued
        self.per_user = per_user
        self._working: dict[int, int] = {}
        self._waiting: set[int] = set()
        self._told: set[int] = set()
        self._queued: dict[int, int] = {}

    # ------------------------------------------------------------------ users

    def busy(self, user_id: int) -> bool:
        return self._working.get(user_id, 0) >= self.per_user

    async def free_soon(self, user_id: int, *, within: float = FREE_SOON_SECONDS) -> bool:
        """Whether the user may start now, or once the request under way ends within
        ``within`` seconds. One request per user waits so; any more are refused at once.

        A reply reaches the user a moment before its handler has finished, and people (and
        tests) ask again at once: they must not be turned away for that moment.
        """
        if not self.busy(user_id):
            return True
        if user_id in self._waiting:
            return False
        self._waiting.add(user_id)
        try:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + within
            while self.busy(user_id) and loop.time() < deadline:
                await asyncio.sleep(_POLL_SECONDS)
            return not self.busy(user_id)
        finally:
            self._waiting.discard(user_id)

    def tell_busy(self, user_id: int) -> bool:
        """Whether to say the user must wait: once per stretch of being busy."""
        if user_id in self._told:
            return False
        self._told.add(user_id)
        return True

    @contextlib.contextmanager
    def working(self, user_id: int) -> Iterator[None]:
        self._working[user_id] = self._working.get(user_id, 0) + 1
        try:
            yield
        finally:
            left = self._working[user_id] - 1
            if left:
                self._working[user_id] = left
            else:
                del self._working[user_id]
                self._told.discard(user_id)

    # ------------------------------------------------------------------ chats

    def queued(self, chat_id: int) -> int:
        return self._queued.get(chat_id, 0)

    def reserve(self, chat_id: int, messages: int) -> bool:
        """Room for ``messages`` more to this chat? Taken if so; :meth:`sent` gives it back."""
        if self.queued(chat_id) + messages > self.max_queued:
            return False
        self._queued[chat_id] = self.queued(chat_id) + messages
        return True

    def sent(self, chat_id: int, messages: int = 1) -> None:
        left = self.queued(chat_id) - messages
        if left > 0:
            self._queued[chat_id] = left
        else:
            self._queued.pop(chat_id, None)

    def tracked(self) -> int:
        """Users and chats remembered now (all of them are in the middle of something)."""
        return len(self._working) + len(self._queued)


class Once:
    """Remembers the last ``size`` keys it was asked about: True the first time only."""

    def __init__(self, size: int = 1000) -> None:
        self._size = size
        self._seen: OrderedDict[Hashable, None] = OrderedDict()

    def first(self, key: Hashable) -> bool:
        if key in self._seen:
            return False
        self._seen[key] = None
        if len(self._seen) > self._size:
            self._seen.popitem(last=False)
        return True
