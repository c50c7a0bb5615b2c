"""Feed commands for admins (/feeds, /feed add|remove|pause|resume, OPML upload) and the
polling job that keeps feeds coming in while the bot runs."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from pathlib import PurePath

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.ingest.errors import RejectedInput
from bot.services.bundle import Services
from bot.telegram.admin import ADMINS_ONLY, refuse_unless_admin
from bot.telegram.context import SERVICES_KEY, Context, services_of, typing_delay_of
from bot.telegram.feed_rendering import (
    FEED_USAGE,
    feed_added_text,
    feed_block,
    feeds_messages,
    opml_text,
    paused_notice,
)
from bot.telegram.handlers import is_admin
from bot.telegram.replies import reply_html, send_html, send_html_messages, typing_while_working

logger = logging.getLogger(__name__)

FEED_POLLER_KEY = "feed_poller"
FEED_OPTIONS_KEY = "feed_options"
FEED_JOB_NAME = "feed-poll"
OPML_SUFFIXES = frozenset({".opml"})
_MAX_OPML_BYTES = 2_000_000


@dataclass(frozen=True, slots=True)
class FeedOptions:
    """How often the job looks for due feeds (each feed keeps its own interval)."""

    interval: float = 60.0
    first: float = 5.0


def feed_handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    return [
        CommandHandler("feeds", feeds_command),
        CommandHandler("feed", feed_command),
    ]


def opml_upload_handler() -> MessageHandler:  # type: ignore[type-arg]
    """Tried before the article upload handler: an .opml file is a list of feeds."""
    return MessageHandler(filters.Document.FileExtension("opml"), opml_upload)


def opml_upload_ending_conversation_handler() -> MessageHandler:  # type: ignore[type-arg]
    """The same, while `/add` waits for an article: the list is imported and `/add` ends
    (an .opml is never an article)."""
    return MessageHandler(filters.Document.FileExtension("opml"), _opml_upload_then_end)


async def _opml_upload_then_end(update: Update, context: Context) -> int:
    await opml_upload(update, context)
    return ConversationHandler.END


# ------------------------------------------------------------------ commands


async def feeds_command(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None or not await refuse_unless_admin(update, context):
        return
    feeds = await services_of(context).feeds.list()
    await send_html_messages(context.bot, message.chat_id, feeds_messages(feeds), reply_to=message)


async def feed_command(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None or not await refuse_unless_admin(update, context):
        return
    args = context.args or []
    action = args[0].lower() if args else ""
    if action == "add" and len(args) == 2:
        # The check fetches the feed (up to the fetch deadline): outside the handler slot.
        context.application.create_task(_add_feed(message, context, args[1]), update=update)
        return
    if action in ("remove", "pause", "resume") and len(args) == 2:
        feed_id = _feed_id(args[1])
        if feed_id is None:
            await reply_html(
                message, f"Send the feed's number, e.g. <code>/feed {action} 3</code>."
            )
            return
        await _change(message, context, action, feed_id)
        return
    await reply_html(message, FEED_USAGE)


async def _add_feed(message: Message, context: Context, url: str) -> None:
    feeds = services_of(context).feeds
    async with typing_while_working(context.bot, message.chat_id, delay=typing_delay_of(context)):
        result = await feeds.add(url)
    logger.info("admin feed add %s: %s %s", url, result.status, result.reason or "")
    await reply_html(message, feed_added_text(result))


async def _change(message: Message, context: Context, action: str, feed_id: int) -> None:
    feeds = services_of(context).feeds
    if action == "remove":
        removed = await feeds.remove(feed_id)
        text = (
            f"Removed feed #{feed_id}; the articles it brought stay."
            if removed
            else f"There is no feed #{feed_id}."
        )
        await reply_html(message, text)
        return
    feed = await (feeds.pause(feed_id) if action == "pause" else feeds.resume(feed_id))
    if feed is None:
        await reply_html(message, f"There is no feed #{feed_id}.")
        return
    done = "Paused" if action == "pause" else "Resumed (polled within a minute)"
    await reply_html(message, f"{done}:\n{feed_block(feed)}")


def _feed_id(text: str) -> int | None:
    text = text.strip().lstrip("#")
    if not (text.isascii() and text.isdigit()) or len(text) > 12:
        return None
    return int(text)


async def opml_upload(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None or message.document is None:
        return
    if not is_admin(update, context):
        if message.chat.type == ChatType.PRIVATE:
            await reply_html(message, ADMINS_ONLY)
        return
    document = message.document
    name = document.file_name or "upload.opml"
    if PurePath(name).suffix.lower() not in OPML_SUFFIXES:
        return
    if document.file_size is not None and document.file_size > _MAX_OPML_BYTES:
        await reply_html(message, f"The OPML file is larger than {_MAX_OPML_BYTES:,} bytes.")
        return
    async with typing_while_working(context.bot, message.chat_id, delay=typing_delay_of(context)):
        data = bytes(await (await document.get_file()).download_as_bytearray())
        try:
            imported = await services_of(context).feeds.import_opml(data)
        except RejectedInput as exc:
            await reply_html(message, f"Could not import {name}: {exc}.")
            return
    await reply_html(message, opml_text(imported))


# ------------------------------------------------------------------ polling


class FeedPoller:
    """One poll round at a time; the JobQueue job only starts a round when none runs."""

    def __init__(self, application: Application) -> None:  # type: ignore[type-arg]
        self._application = application
        self._round: asyncio.Task[None] | None = None

    @property
    def services(self) -> Services:
        return self._application.bot_data[SERVICES_KEY]

    def tick(self) -> None:
        if self._round is None or self._round.done():
            self._round = asyncio.create_task(self._poll(), name="feed-poll-round")

    async def wait_idle(self, timeout: float) -> bool:
        """For tests and shutdown: True once no round is running."""
        if self._round is None:
            return True
        try:
            await asyncio.wait_for(asyncio.shield(self._round), timeout)
        except TimeoutError:
            return False
        return True

    async def stop(self) -> None:
        if self._round is not None and not self._round.done():
            self._round.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(self._round, 10)

    async def _poll(self) -> None:
        try:
            reports = await self.services.feeds.poll_due()
            if reports:
                added = sum(r.added for r in reports)
                failed = sum(r.status == "error" for r in reports)
                logger.info(
                    "polled %d feeds: %d articles added, %d failed", len(reports), added, failed
                )
            await self._tell_admins_of_pauses()
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("a feed poll round failed")

    async def _tell_admins_of_pauses(self) -> None:
        """Each pause once: marked as told even when an admin cannot be reached (an admin
        who never wrote to the bot cannot be written to)."""
        feeds = self.services.feeds
        admins = sorted(self.services.settings.admin_ids)
        for feed in await feeds.pause_notices():
            for admin_id in admins:
                try:
                    await send_html(self._application.bot, admin_id, paused_notice(feed))
                except TelegramError as exc:
                    logger.warning("could not tell admin %s of paused feed: %s", admin_id, exc)
            await feeds.notice_sent(feed.id)


async def start_feed_polling(application: Application) -> FeedPoller:  # type: ignore[type-arg]
    poller = FeedPoller(application)
    application.bot_data[FEED_POLLER_KEY] = poller
    options: FeedOptions = application.bot_data.get(FEED_OPTIONS_KEY) or FeedOptions()
    if application.job_queue is not None:

        async def tick(_: Context) -> None:
            poller.tick()

        application.job_queue.run_repeating(
            tick, interval=options.interval, first=options.first, name=FEED_JOB_NAME
        )
    else:
        logger.warning("no JobQueue: feeds are polled only by `newsbot feeds poll`")
    return poller


async def stop_feed_polling(application: Application) -> None:  # type: ignore[type-arg]
    if application.job_queue is not None:
        for job in application.job_queue.get_jobs_by_name(FEED_JOB_NAME):
            job.schedule_removal()
    poller: FeedPoller | None = application.bot_data.pop(FEED_POLLER_KEY, None)
    if poller is not None:
        await poller.stop()
