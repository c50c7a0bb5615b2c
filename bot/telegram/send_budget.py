"""The bot's send budget, shared by every process of the bot.

Telegram allows about 30 messages a second for a bot as a whole. PTB's ``AIORateLimiter``
counts only its own process, so N processes behind one webhook could send N times too
much. This limiter (the bot's retrying limiter, ``bot/telegram/requests.py``) takes every
request that goes to a chat through the storage's limits
(``reserve_send``): the database hands out evenly spaced turns to all processes sharing
it (PostgreSQL), or the process to itself (SQLite, one process). The rest stays as it
is: 429 answers are waited out and retried, and a group's
20 messages a minute are counted per process (a group's messages come from the process
that handles its updates and from the digest, so N processes may reach N × 20 in the worst
case; Telegram answers 429 then, which is waited out).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from contextvars import ContextVar
from typing import Any

from bot.storage.interface import LimitRepository
from bot.telegram.requests import RetryingRateLimiter

logger = logging.getLogger(__name__)

# A little under Telegram's 30, so that requests leaving evenly but arriving bunched (a
# slow response holds the next ones back) still stay within any one second.
MESSAGES_PER_SECOND = 28.0
LimitsSource = Callable[[], LimitRepository | None]
# Set by take_turn (to the loop time its turn came) for the request the same task sends
# next, which then takes no other unless that turn has gone stale meanwhile.
_TURN_TAKEN: ContextVar[float | None] = ContextVar("newsbot_send_turn", default=None)
# A turn taken this long before its request leaves (a 429 pause, a busy machine) is not
# used: sent late, it would bunch with the turns after it (at 28/s, two turns late still
# keeps any second within 30).
STALE_TURN_SECONDS = 0.05


class SharedSendBudget(RetryingRateLimiter):
    """The retrying limiter whose overall limit is the storage's bot-wide send budget.

    ``stale_turn``: how long a turn taken by ``take_turn`` stays good for the request that
    follows it (seconds)."""

    def __init__(
        self,
        limits: LimitsSource | None = None,
        *,
        per_second: float = MESSAGES_PER_SECOND,
        stale_turn: float = STALE_TURN_SECONDS,
        **options: Any,
    ) -> None:
        super().__init__(overall_max_rate=0, **options)
        self.limits = limits
        self.per_second = per_second
        self.stale_turn = stale_turn

    async def _run_request(
        self,
        chat: bool,
        group: str | int | bool,
        allow_paid_broadcast: bool,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
    ) -> Any:
        """Every attempt of a request to a chat, retries included, leaves in a turn of its
        own, taken at the last moment: after PTB's group limit and 429 pause (this wraps
        the callback AIORateLimiter calls then; PTB is pinned below 23 in pyproject)."""
        if not chat:
            return await super()._run_request(
                chat, group, allow_paid_broadcast, callback, args, kwargs
            )

        async def in_turn(*call_args: Any, **call_kwargs: Any) -> Any:
            await self._use_turn()
            return await callback(*call_args, **call_kwargs)

        return await super()._run_request(chat, group, allow_paid_broadcast, in_turn, args, kwargs)

    async def take_turn(self) -> None:
        """Wait for the bot's next turn now, for the message this task sends right after
        (which then takes no turn of its own). The digest queue does this before it records
        a digest as being sent, so that a process dying while it waits for its turn leaves
        a digest that is still safely resent, not one whose fate is unknown."""
        await self._wait_for_turn()
        _TURN_TAKEN.set(asyncio.get_running_loop().time())

    async def _use_turn(self) -> None:
        taken = _TURN_TAKEN.get()
        _TURN_TAKEN.set(None)
        if taken is None or asyncio.get_running_loop().time() - taken > self.stale_turn:
            await self._wait_for_turn()

    async def _wait_for_turn(self) -> None:
        limits = self.limits() if self.limits is not None else None
        if limits is None:  # before the database is open: nothing is sent to chats then
            return
        try:
            turn = await limits.reserve_send(per_second=self.per_second)
        except Exception:
            # Better a message outside the budget (Telegram may answer 429, which is
            # retried) than no message because the budget could not be read.
            logger.warning("could not take a send turn; sending anyway", exc_info=True)
            return
        if turn.wait > 0:
            await asyncio.sleep(turn.wait)
