"""Admin-only actions: adding articles (file, link, pasted text), deleting them, statistics."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import PurePath

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ConversationHandler

from bot.ingest.fetch import is_url
from bot.ingest.pipeline import ACCEPTED_SUFFIXES
from bot.services.article_numbers import echo, looks_like_article_number, parse_article_number
from bot.services.ingest import IngestResult
from bot.storage.records import NoticeKind
from bot.telegram.context import Context, services_of, typing_delay_of
from bot.telegram.formatting import escape
from bot.telegram.handlers import is_admin
from bot.telegram.rendering import (
    StatsFigures,
    ingest_result_text,
    stats_text,
    upload_interrupted_text,
)
from bot.telegram.replies import reply_html, typing_while_working

logger = logging.getLogger(__name__)

AWAITING_ARTICLE = 1
ADD_CONVERSATION_TIMEOUT_SECONDS = 600

# Links waiting for or in a fetch before new ones are turned away.
MAX_LINKS_PENDING = 32
LINKS_BUSY = (
    f"{MAX_LINKS_PENDING} links are being fetched already; send this one again in a minute."
)

ADMINS_ONLY = (
    "Sorry, only the bot's admins can add or delete articles, manage feeds and see "
    "statistics. "
    "You can ask me anything about the articles, though — try /help."
)


async def refuse_unless_admin(update: Update, context: Context) -> bool:
    """True when the caller may go on; otherwise they were told why not."""
    if is_admin(update, context):
        return True
    message = update.effective_message
    if message is not None:
        await reply_html(message, ADMINS_ONLY)
    return False


async def document_upload(update: Update, context: Context) -> int:
    """An uploaded file becomes an article; size and type are checked before downloading."""
    message = update.effective_message
    if message is None or message.document is None:
        return ConversationHandler.END
    if not is_admin(update, context):
        # In groups people share files with each other; only a private upload is for us.
        if message.chat.type == ChatType.PRIVATE:
            await reply_html(message, ADMINS_ONLY)
        return ConversationHandler.END
    document = message.document
    settings = services_of(context).settings
    name = document.file_name or "upload"
    suffix = PurePath(name).suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        accepted = ", ".join(sorted(ACCEPTED_SUFFIXES))
        kind = suffix or "without a name ending"
        reason = f"files of type {kind} are not articles; send one of {accepted}"
        await _report(message, IngestResult(name, "rejected", reason=reason))
        return ConversationHandler.END
    if document.file_size is not None and document.file_size > settings.max_upload_bytes:
        await _report(
            message,
            IngestResult(
                name,
                "rejected",
                reason=f"the file is too large ({document.file_size:,} bytes; "
                f"the limit is {settings.max_upload_bytes:,})",
            ),
        )
        return ConversationHandler.END

    async def download_and_store() -> IngestResult:
        telegram_file = await document.get_file()
        data = bytes(await telegram_file.download_as_bytearray())
        return await services_of(context).ingest.ingest_bytes(
            data, name=name, content_type=document.mime_type
        )

    await _ingest_and_report(message, context, name, download_and_store)
    return ConversationHandler.END


async def add_command(update: Update, context: Context) -> int:
    """`/add URL`, `/add` + pasted text, or `/add` alone to send it in the next message."""
    message = update.effective_message
    if message is None or not await refuse_unless_admin(update, context):
        return ConversationHandler.END
    payload = _text_after_command(message)
    if not payload:
        await reply_html(
            message,
            "Send the text or link in your next message (or upload a file). /cancel to stop.",
        )
        return AWAITING_ARTICLE
    await _add(update, message, context, payload)
    return ConversationHandler.END


async def add_received(update: Update, context: Context) -> int:
    message = update.effective_message
    if message is None or not message.text:
        return AWAITING_ARTICLE
    await _add(update, message, context, message.text.strip())
    return ConversationHandler.END


async def add_cancelled(update: Update, context: Context) -> int:
    message = update.effective_message
    if message is not None:
        await reply_html(message, "Cancelled: nothing was added.")
    return ConversationHandler.END


async def add_timed_out(update: Update, context: Context) -> None:
    logger.info("an /add conversation timed out without an article")


async def _add(update: Update, message: Message, context: Context, payload: str) -> None:
    ingest = services_of(context).ingest
    if is_url(payload) and len(payload.split()) == 1:
        if ingest.links_pending >= MAX_LINKS_PENDING:
            await reply_html(message, LINKS_BUSY)
            return
        # A link may take the whole fetch deadline: it is fetched outside the update's
        # handler slot, so slow links can never leave questions waiting.
        context.application.create_task(_add_link(message, context, payload), update=update)
        return
    await _ingest_and_report(
        message, context, "pasted text", lambda: ingest.ingest_text(payload, label="pasted text")
    )


async def _add_link(message: Message, context: Context, url: str) -> None:
    ingest = services_of(context).ingest
    await _ingest_and_report(message, context, url, lambda: ingest.ingest_url(url))


async def _ingest_and_report(
    message: Message,
    context: Context,
    what: str,
    ingest: Callable[[], Awaitable[IngestResult]],
) -> None:
    """Store an admin's article and say what became of it — also across a restart.

    A notice held in the database says the upload was interrupted; once the article is
    stored it says the outcome instead, and it is dropped when the reply has gone out. If
    the process stops in between, the next start sends whichever is true; if the reply
    fails, the outcome goes out as soon as Telegram answers.
    """
    notices = services_of(context).notices
    notice_id = await notices.hold(
        message.chat_id, NoticeKind.UPLOAD, upload_interrupted_text(what, notices.clock())
    )
    try:
        async with typing_while_working(
            context.bot, message.chat_id, delay=typing_delay_of(context)
        ):
            result = await ingest()
        await notices.rewrite(notice_id, ingest_result_text(result))
    except Exception:
        await notices.drop(notice_id)  # failed before an outcome: the error handler says so
        raise
    # From here a cancellation (the bot stopping) leaves the outcome held for the next start.
    try:
        await _report(message, result)
    except TelegramError as exc:
        logger.warning("the ingest report did not reach Telegram (%s); it waits for it", exc)
        await notices.release(notice_id)
        return
    await notices.drop(notice_id)


async def _report(message: Message, result: IngestResult) -> None:
    logger.info(
        "admin ingest %s: %s #%s %s",
        result.input,
        result.status,
        result.article_id,
        result.reason or "",
    )
    await reply_html(message, ingest_result_text(result))


def _text_after_command(message: Message) -> str:
    """Everything after `/add`, newlines kept (context.args would collapse them)."""
    text = message.text or ""
    commands = [
        entity
        for entity in message.entities
        if entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0
    ]
    if commands:
        command = message.parse_entity(commands[0])
        return text[len(command) :].strip()
    return text.partition(" ")[2].strip()


async def delete_command(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None or not await refuse_unless_admin(update, context):
        return
    argument = " ".join(context.args or []).strip()
    article_id = parse_article_number(argument)
    if article_id is None:
        if looks_like_article_number(argument):
            await reply_html(message, f"There is no article #{escape(echo(argument.lstrip('#')))}.")
        else:
            await reply_html(message, "Send the article's number, e.g. <code>/delete 3</code>.")
        return
    deleted = await services_of(context).storage.articles.delete(article_id)
    if deleted:
        logger.info(
            "admin %s deleted article %s", message.from_user and message.from_user.id, article_id
        )
        await reply_html(message, f"Deleted article #{article_id}.")
    else:
        await reply_html(message, f"There is no article #{article_id}.")


async def stats_command(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None or not await refuse_unless_admin(update, context):
        return
    services = services_of(context)
    articles = services.storage.articles
    subscriptions = await services.subscriptions.stats()
    figures = StatsFigures(
        articles=await articles.count(),
        last_ingest=await articles.last_ingested_at(),
        chats=subscriptions.chats,
        subscribers=subscriptions.active,
    )
    await reply_html(message, stats_text(figures))
