"""Sending HTML safely: a message Telegram cannot parse is resent as plain text, never lost."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence

from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions, Message, ReplyParameters
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, TelegramError

from bot.telegram.formatting import fit_message, strip_html

logger = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
# Telegram shows "typing…" for about five seconds per action.
_TYPING_REFRESH_SECONDS = 4.5


def is_parse_error(exc: BadRequest) -> bool:
    return "can't parse entities" in exc.message.lower()


def is_not_modified(exc: BadRequest) -> bool:
    return "message is not modified" in exc.message.lower()


async def send_html(
    bot: Bot,
    chat_id: int,
    text: str,
    *,
    reply_markup: InlineKeyboardMarkup | None = None,
    reply_to: Message | None = None,
) -> Message:
    """Send HTML; if Telegram rejects the markup, the same words go out as plain text.

    Renderers keep their messages under Telegram's limit; ``fit_message`` is the last line
    of that promise, so no text, however it was built, makes the send fail.
    """
    text = _fitted(text)
    quote = (
        ReplyParameters(reply_to.message_id, allow_sending_without_reply=True)
        if reply_to is not None and reply_to.chat.type != ChatType.PRIVATE
        else None
    )
    try:
        return await bot.send_message(
            chat_id,
            text,
            parse_mode=ParseMode.HTML,
            reply_markup=reply_markup,
            link_preview_options=NO_PREVIEW,
            reply_parameters=quote,
        )
    except BadRequest as exc:
        if not is_parse_error(exc):
            raise
        logger.warning("Telegram refused the HTML of a reply (%s); sending plain text", exc)
        return await bot.send_message(
            chat_id,
            strip_html(text),
            reply_markup=reply_markup,
            link_preview_options=NO_PREVIEW,
            reply_parameters=quote,
        )


async def reply_html(
    message: Message, text: str, *, reply_markup: InlineKeyboardMarkup | None = None
) -> Message:
    """Answer a user's message (quoting it in groups, where several talks interleave)."""
    return await send_html(
        message.get_bot(), message.chat_id, text, reply_markup=reply_markup, reply_to=message
    )


async def send_html_messages(
    bot: Bot,
    chat_id: int,
    messages: Sequence[str],
    *,
    reply_markup: InlineKeyboardMarkup | None = None,
    reply_to: Message | None = None,
) -> list[Message]:
    """Several messages in order; the keyboard goes under the last so it follows the reading."""
    sent = []
    for index, text in enumerate(messages):
        last = index == len(messages) - 1
        sent.append(
            await send_html(
                bot,
                chat_id,
                text,
                reply_markup=reply_markup if last else None,
                reply_to=reply_to if index == 0 else None,
            )
        )
    return sent


async def edit_html(
    message: Message, text: str, *, reply_markup: InlineKeyboardMarkup | None = None
) -> None:
    """Edit in place, with the same plain-text fallback; an unchanged message is fine."""
    text = _fitted(text)
    try:
        await message.edit_text(
            text,
            parse_mode=ParseMode.HTML,
            reply_markup=reply_markup,
            link_preview_options=NO_PREVIEW,
        )
    except BadRequest as exc:
        if is_not_modified(exc):
            return
        if not is_parse_error(exc):
            raise
        logger.warning("Telegram refused the HTML of an edit (%s); using plain text", exc)
        await message.edit_text(
            strip_html(text), reply_markup=reply_markup, link_preview_options=NO_PREVIEW
        )


def _fitted(text: str) -> str:
    fitted = fit_message(text)
    if fitted is not text:
        logger.warning("a reply of %d characters was cut to Telegram's limit", len(text))
    return fitted


# Telegram shows at most this much of a button press's answer (an alert or a toast).
CALLBACK_ANSWER_LIMIT = 200


def callback_notice(text: str) -> str:
    """Text for ``CallbackQuery.answer``, within Telegram's 200 characters."""
    return text if len(text) <= CALLBACK_ANSWER_LIMIT else text[: CALLBACK_ANSWER_LIMIT - 1] + "…"


@contextlib.asynccontextmanager
async def typing_while_working(bot: Bot, chat_id: int, *, delay: float) -> AsyncIterator[None]:
    """Show "typing…" only when the work takes noticeable time.

    Most answers are ready in milliseconds; an unconditional chat action would double the
    requests per answer for nothing, so it starts after ``delay`` and repeats until done.
    """

    async def keep_typing() -> None:
        await asyncio.sleep(delay)
        while True:
            with contextlib.suppress(TelegramError):
                await bot.send_chat_action(chat_id, ChatAction.TYPING)
            await asyncio.sleep(_TYPING_REFRESH_SECONDS)

    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
