"""The bot's composition root: settings in, a ready python-telegram-bot Application out."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.config import Settings
from bot.services.answers import AnswerService
from bot.services.attribution import AttributionRefresher
from bot.services.bundle import Services
from bot.services.feeds import FeedService
from bot.services.ingest import (
    IngestService,
    fetcher_for,
    ingest_corpus_if_empty,
    load_ingest_models,
)
from bot.services.notices import NoticeService
from bot.services.subscriptions import SubscriptionService
from bot.services.summaries import SummaryService
from bot.storage.backends import open_storage
from bot.storage.interface import LimitRepository
from bot.telegram import admin, handlers
from bot.telegram.context import (
    FLOOD_WINDOW_KEY,
    FLOOD_WINDOW_SECONDS,
    HINTED_ONCE_KEY,
    SERVICES_KEY,
    TYPING_DELAY_KEY,
    WORKLOAD_KEY,
)
from bot.telegram.digest_handlers import digest_handlers, start_digests, stop_digests
from bot.telegram.errors import handle_error
from bot.telegram.feed_handlers import (
    feed_handlers,
    opml_upload_ending_conversation_handler,
    opml_upload_handler,
    start_feed_polling,
    stop_feed_polling,
)
from bot.telegram.keyboards import (
    ARTICLE_PATTERN,
    LATEST_PATTERN,
    PERSON_PATTERN,
    RESIZE_PATTERN,
    SUMMARY_PATTERN,
)
from bot.telegram.notices import start_notices, stop_notices
from bot.telegram.rendering import ADMIN_COMMANDS, USER_COMMANDS
from bot.telegram.requests import TelegramRequest
from bot.telegram.send_budget import SharedSendBudget
from bot.telegram.workload import Once, Workload

logger = logging.getLogger(__name__)

# Updates from different chats are handled concurrently: one slow summary must not hold
# up everyone else's answers. The services are safe for that (one DB writer lock).
CONCURRENT_UPDATES = 16
TYPING_DELAY_SECONDS = 0.5
CORPUS_ADDED_KEY = "corpus_articles_added"
REATTRIBUTION_KEY = "reattribution_task"


class MissingTokenError(RuntimeError):
    """There is no bot token, so there is no bot to build."""


def build_application(
    settings: Settings,
    *,
    rate_limiter: BaseRateLimiter | None = None,
    request: TelegramRequest | None = None,
    typing_delay: float = TYPING_DELAY_SECONDS,
    concurrent_updates: int = CONCURRENT_UPDATES,
    flood_window: float = FLOOD_WINDOW_SECONDS,
) -> Application:
    """Everything is wired here, from the typed settings only.

    ``rate_limiter``, ``request``, ``typing_delay`` and ``flood_window`` exist for
    measurements and tests; the defaults are what production runs with.
    """
    if not settings.telegram_bot_token:
        raise MissingTokenError("TELEGRAM_BOT_TOKEN is not set")
    # Every process sharing the database sends within one budget (bot/telegram/send_budget.py).
    budget = SharedSendBudget()
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token)
        .request(request or TelegramRequest())
        .rate_limiter(rate_limiter or budget)
        .concurrent_updates(concurrent_updates)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if settings.telegram_api_base_url:
        builder = builder.base_url(settings.telegram_api_base_url)
    if settings.telegram_file_base_url:
        builder = builder.base_file_url(settings.telegram_file_base_url)
    application = builder.build()
    budget.limits = lambda: _storage_limits(application)
    application.bot_data["settings"] = settings
    application.bot_data[FLOOD_WINDOW_KEY] = flood_window
    application.bot_data[WORKLOAD_KEY] = Workload()
    application.bot_data[HINTED_ONCE_KEY] = Once()
    application.bot_data[TYPING_DELAY_KEY] = typing_delay
    register_handlers(application)
    return application


def register_handlers(application: Application) -> None:
    """Every handler in one place, in the order they are tried (first match wins)."""
    application.add_handler(TypeHandler(Update, handlers.flood_guard), group=-2)
    application.add_handler(
        MessageHandler(filters.UpdateType.EDITED, handlers.edited_message), group=-1
    )

    add_article = ConversationHandler(
        entry_points=[CommandHandler("add", admin.add_command)],
        states={
            admin.AWAITING_ARTICLE: [
                MessageHandler(filters.TEXT & ~filters.COMMAND, admin.add_received),
                opml_upload_ending_conversation_handler(),
                MessageHandler(filters.Document.ALL, admin.document_upload),
            ],
            ConversationHandler.TIMEOUT: [TypeHandler(Update, admin.add_timed_out)],
        },
        fallbacks=[CommandHandler("cancel", admin.add_cancelled)],
        conversation_timeout=admin.ADD_CONVERSATION_TIMEOUT_SECONDS,
    )
    application.add_handlers(
        [
            CommandHandler("start", handlers.start),
            CommandHandler("help", handlers.help_command),
            add_article,
            CommandHandler("ask", handlers.ask_command),
            CommandHandler("latest", handlers.latest_command),
            CommandHandler("summary", handlers.summary_command),
            CommandHandler("article", handlers.article_command),
            CommandHandler("delete", admin.delete_command),
            CommandHandler("stats", admin.stats_command),
            CommandHandler("cancel", handlers.cancel_outside_conversation),
            *digest_handlers(),
            *feed_handlers(),
            CallbackQueryHandler(handlers.latest_page_button, pattern=LATEST_PATTERN),
            CallbackQueryHandler(handlers.summary_button, pattern=SUMMARY_PATTERN),
            CallbackQueryHandler(handlers.resize_button, pattern=RESIZE_PATTERN),
            CallbackQueryHandler(handlers.article_button, pattern=ARTICLE_PATTERN),
            CallbackQueryHandler(handlers.person_button, pattern=PERSON_PATTERN),
            opml_upload_handler(),
            MessageHandler(filters.Document.ALL, admin.document_upload),
            MessageHandler(
                (filters.TEXT | filters.CAPTION) & ~filters.COMMAND & handlers.ADDRESSED_TO_BOT,
                handlers.question_message,
            ),
            MessageHandler(handlers.NOT_TEXT & handlers.ADDRESSED_TO_BOT, handlers.media_hint),
            MessageHandler(filters.COMMAND, handlers.unknown_command),
        ]
    )
    application.add_error_handler(handle_error)


async def open_services(settings: Settings) -> tuple[Services, int]:
    """Open the database, fill it on first start, build the services; returns articles added."""
    storage = await open_storage(settings.db_path)
    fetcher = fetcher_for(settings)
    try:
        ingest = IngestService(storage, max_bytes=settings.max_upload_bytes, fetcher=fetcher)
        added = await ingest_corpus_if_empty(ingest, storage, settings.corpus_dir)
        clock = _utc_now
        feeds = FeedService(storage, fetcher, ingest, clock=clock, interval=settings.feed_interval)
        seeded = await feeds.seed(settings.feeds)
        if seeded:
            logger.info("first start: added %d feeds from NEWSBOT_FEEDS", seeded)
        services = Services(
            settings=settings,
            storage=storage,
            fetcher=fetcher,
            ingest=ingest,
            answers=AnswerService(storage, clock=clock),
            summaries=SummaryService(
                storage,
                algorithm=settings.summary_algorithm,
                default_sentences=settings.summary_sentences,
            ),
            subscriptions=SubscriptionService(storage, default_zone=settings.timezone, clock=clock),
            feeds=feeds,
            notices=NoticeService(storage, clock=clock),
        )
    except BaseException:
        await fetcher.aclose()
        await storage.close()
        raise
    return services, added


def _storage_limits(application: Application) -> LimitRepository | None:
    services = application.bot_data.get(SERVICES_KEY)
    return services.storage.limits if isinstance(services, Services) else None


def _utc_now() -> datetime:
    return datetime.now(UTC)


async def _post_init(application: Application) -> None:
    settings: Settings = application.bot_data["settings"]
    # the page extractor, text repair and sentence model are loaded now, so that the first
    # upload or feed entry does not wait for them
    await asyncio.to_thread(load_ingest_models)
    services, added = await open_services(settings)
    application.bot_data[SERVICES_KEY] = services
    application.bot_data[CORPUS_ADDED_KEY] = added
    if added:
        logger.info("first start: added %d articles from %s", added, settings.corpus_dir)
    await start_notices(application)
    await publish_command_menus(application, settings)
    await start_digests(application)
    await start_feed_polling(application)
    # Articles stored by older attribution rules are credited again while the bot runs.
    application.bot_data[REATTRIBUTION_KEY] = asyncio.create_task(
        AttributionRefresher(services.storage).refresh_in_background()
    )


async def _post_shutdown(application: Application) -> None:
    if SERVICES_KEY not in application.bot_data:
        return
    try:
        refreshing = application.bot_data.pop(REATTRIBUTION_KEY, None)
        if refreshing is not None:
            refreshing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await refreshing
        await stop_feed_polling(application)
        await stop_digests(application)
        await stop_notices(application)
    finally:
        services: Services = application.bot_data.pop(SERVICES_KEY)
        try:
            await services.fetcher.aclose()
        finally:
            await services.storage.close()


async def publish_command_menus(application: Application, settings: Settings) -> None:
    """The '/' menu: user commands for everyone, admin commands only in admins' own chats."""
    user_menu = [BotCommand(c.command, c.description) for c in USER_COMMANDS]
    admin_menu = user_menu + [BotCommand(c.command, c.description) for c in ADMIN_COMMANDS]
    await application.bot.set_my_commands(user_menu, scope=BotCommandScopeDefault())
    for admin_id in sorted(settings.admin_ids):
        try:
            await application.bot.set_my_commands(admin_menu, scope=BotCommandScopeChat(admin_id))
        except TelegramError as exc:
            # Telegram knows the chat only once the admin has written to the bot.
            logger.warning("could not set the admin menu for %s: %s", admin_id, exc)
