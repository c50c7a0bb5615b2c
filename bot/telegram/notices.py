"""Sends what the bot owes chats (see ``bot/services/notices.py``) once Telegram answers.

One task wakes every ``interval`` seconds (and at once when asked), claims the due notices
oldest first and sends them; another renews the leases of what this process holds, so
several processes share the notices and each goes out once. The first one Telegram does
not take ends the round (the rest of the claim is given back): it is unreachable or busy,
and the next round tries again, so a notice waits exactly as long as Telegram is away.
A chat that cannot be written to any more (blocked, gone) loses its notices. The error
handler files a notice when an answer could not be delivered.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

from telegram import Bot, Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application

from bot.services.notices import NOTICE_LEASE, NoticeService
from bot.storage.records import NoticeKind
from bot.telegram.context import SERVICES_KEY, Context, services_of
from bot.telegram.rendering import undelivered_notice_text
from bot.telegram.replies import send_html

logger = logging.getLogger(__name__)

NOTICE_OUTBOX_KEY = "notice_outbox"
NOTICE_OPTIONS_KEY = "notice_options"


@dataclass(frozen=True, slots=True)
class NoticeOptions:
    interval: float = 15.0  # seconds between rounds while notices wait
    # The bot's only process (polling: Telegram serves one): what other owners hold was
    # left by runs that stopped, and is due at once rather than when its lease runs out.
    sole_process: bool = False


def telegram_unreachable(error: object) -> bool:
    """The failure was Telegram not answering (or refusing for now), not the request."""
    if isinstance(error, RetryAfter):
        return True
    return isinstance(error, NetworkError) and not isinstance(error, BadRequest)


class NoticeOutbox:
    def __init__(self, bot: Bot, notices: NoticeService, *, interval: float) -> None:
        self._bot = bot
        self._notices = notices
        self.interval = interval
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self.sent = 0

    def start(self) -> None:
        if not self._tasks:
            self._tasks = [
                asyncio.create_task(self._loop(), name="notice-outbox"),
                asyncio.create_task(self._keep_leases(), name="notice-leases"),
            ]

    def wake(self) -> None:
        self._wake.set()

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []

    async def _keep_leases(self) -> None:
        """What this process holds stays its own while it runs."""
        while True:
            try:
                await self._notices.renew()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("renewing the notices' leases failed; trying again")
            await asyncio.sleep(NOTICE_LEASE.total_seconds() / 4)

    async def _loop(self) -> None:
        while True:
            try:
                await self.send_due()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("sending owed notices failed; trying again later")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.interval)
            self._wake.clear()

    async def send_due(self) -> int:
        """One round; returns how many notices went out."""
        sent = 0
        claimed = await self._notices.claim()
        for n, notice in enumerate(claimed):
            try:
                await send_html(self._bot, notice.chat_id, notice.text)
            except (Forbidden, BadRequest) as exc:
                logger.info("dropping a notice for chat %s: %s", notice.chat_id, exc)
                await self._notices.sent(notice)
                continue
            except TelegramError as exc:
                await self._notices.attempted(notice)
                await self._notices.give_back(claimed[n:])
                logger.info("notices wait: Telegram did not take one (%s)", exc)
                break
            await self._notices.sent(notice)
            sent += 1
        self.sent += sent
        return sent


async def start_notices(application: Application) -> NoticeOutbox:  # type: ignore[type-arg]
    """Sends the due notices: those an earlier run left held once their lease has run out,
    or at once in the bot's only process."""
    services = application.bot_data[SERVICES_KEY]
    options: NoticeOptions = application.bot_data.get(NOTICE_OPTIONS_KEY) or NoticeOptions()
    if options.sole_process:
        released = await services.notices.release_earlier_runs()
        if released:
            logger.info("%d notices left by an earlier run are due", released)
    outbox = NoticeOutbox(application.bot, services.notices, interval=options.interval)
    application.bot_data[NOTICE_OUTBOX_KEY] = outbox
    outbox.start()
    return outbox


async def stop_notices(application: Application) -> None:  # type: ignore[type-arg]
    outbox: NoticeOutbox | None = application.bot_data.pop(NOTICE_OUTBOX_KEY, None)
    if outbox is not None:
        await outbox.stop()


async def owe_undelivered_answer(update: Update, context: Context) -> None:
    """Telegram stayed unreachable through every retry: tell the chat once it is back."""
    chat = update.effective_chat
    if chat is None:
        return
    services = services_of(context)
    message = update.effective_message if update.callback_query is None else None
    text = undelivered_notice_text(
        message.text or message.caption if message is not None else None,
        services.notices.clock(),
    )
    if await services.notices.post(chat.id, NoticeKind.UNDELIVERED, text):
        logger.info("chat %s is owed a notice: its answer may not have arrived", chat.id)
