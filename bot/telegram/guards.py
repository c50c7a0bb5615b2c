"""Handlers that cost work or many messages, guarded by the workload limits
(``bot/telegram/workload.py``): one expensive request per user at a time, and a bounded
number of messages on their way to any one chat."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from telegram import Bot, InlineKeyboardMarkup, Message, Update

from bot.telegram.context import Context, workload_of
from bot.telegram.replies import reply_html, send_html, send_html_messages

R = TypeVar("R")
Handler = Callable[[Update, Context], Awaitable[R]]

STILL_WORKING = "I'm still working on your previous request; ask again once it has arrived."
CHAT_BUSY = "I'm still sending earlier messages to this chat; ask again once they have arrived."


def one_at_a_time(handler: Handler[R]) -> Handler[R | None]:
    """Run the handler unless its user already has an expensive request under way.

    A refused message hears why once per busy stretch; a refused button press gets a
    toast (a press must be answered anyway, and the toast sends no message).
    """

    @functools.wraps(handler)
    async def guarded(update: Update, context: Context) -> R | None:
        user = update.effective_user
        if user is None:
            return await handler(update, context)
        workload = workload_of(context)
        if not await workload.free_soon(user.id):
            if update.callback_query is not None:
                await update.callback_query.answer(STILL_WORKING)
            elif update.effective_message is not None and workload.tell_busy(user.id):
                await reply_html(update.effective_message, STILL_WORKING)
            return None
        with workload.working(user.id):
            return await handler(update, context)

    return guarded


async def send_counted(
    context: Context,
    bot: Bot,
    chat_id: int,
    messages: Sequence[str],
    *,
    reply_markup: InlineKeyboardMarkup | None = None,
    reply_to: Message | None = None,
) -> bool:
    """Several messages in order, counted against the chat's share of the send queue; when
    there is no room the chat is told so instead. True when they were sent."""
    workload = workload_of(context)
    if not workload.reserve(chat_id, len(messages)):
        await send_html(bot, chat_id, CHAT_BUSY, reply_to=reply_to)
        return False
    try:
        await send_html_messages(
            bot, chat_id, messages, reply_markup=reply_markup, reply_to=reply_to
        )
    finally:
        workload.sent(chat_id, len(messages))
    return True
