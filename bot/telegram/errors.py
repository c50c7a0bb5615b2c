"""The one error handler: every failure is logged with its traceback, and the user hears of
it — at once, or, when Telegram itself could not be reached, as soon as it is back."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError

from bot.telegram.context import Context
from bot.telegram.notices import owe_undelivered_answer, telegram_unreachable

logger = logging.getLogger("bot.telegram")

SOMETHING_WENT_WRONG = (
    "Sorry, something went wrong while handling that. It has been logged; "
    "please try again in a moment."
)


async def handle_error(update: object, context: Context) -> None:
    """Log the failure; tell the user unless Telegram itself is what failed to reach them."""
    error = context.error
    logger.error(
        "handling %s failed",
        _describe(update),
        exc_info=(type(error), error, error.__traceback__) if error else None,
    )
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if isinstance(error, Forbidden):
        return  # blocked or removed: nothing can reach the chat
    if telegram_unreachable(error):
        # Another message now would fail the same way: the chat hears of it once it is back.
        try:
            await owe_undelivered_answer(update, context)
        except Exception:
            logger.exception("could not keep a notice for chat %s", update.effective_chat.id)
        return
    try:
        await context.bot.send_message(update.effective_chat.id, SOMETHING_WENT_WRONG)
    except TelegramError as exc:
        chat_id = update.effective_chat.id
        logger.warning("could not tell chat %s about the failure: %s", chat_id, exc)


def _describe(update: object) -> str:
    if not isinstance(update, Update):
        return repr(update)[:200]
    chat = update.effective_chat.id if update.effective_chat else None
    user = update.effective_user.id if update.effective_user else None
    if update.callback_query:
        kind = "callback"
    else:
        kind = "message" if update.effective_message else "update"
    return f"{kind} {update.update_id} (chat {chat}, user {user})"
