"""`newsbot run`: the Telegram bot, by long polling or behind PTB's own webhook server."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from bot.config import Settings
from bot.services.ingest import IngestService, ingest_corpus_if_empty
from bot.storage.backends import opened_storage

if TYPE_CHECKING:
    from telegram.ext import Application

logger = logging.getLogger(__name__)

EXIT_NO_TOKEN = 2
_SHUTDOWN_TIMEOUT_SECONDS = 30.0

HOW_TO_GET_A_TOKEN = """\
There is no bot token yet, so the bot cannot connect to Telegram. To get one:
  1. open Telegram and talk to @BotFather (https://t.me/BotFather);
  2. send /newbot and follow the steps (a name, then a username ending in "bot");
  3. put the token it gives you in the file .env in this folder:
       TELEGRAM_BOT_TOKEN=123456789:AA...
     (copy .env.example, which documents every setting);
  4. run `newsbot run` again."""


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    run = commands.add_parser(
        "run",
        parents=[common],
        help="start the Telegram bot",
        description="Start the Telegram bot: long polling by default, or a webhook server "
        "with --webhook. Fills an empty database from the corpus folder first.",
    )
    run.add_argument(
        "--webhook",
        metavar="URL",
        help="public HTTPS address Telegram should post updates to (its path is served)",
    )
    run.add_argument(
        "--listen", default="127.0.0.1", help="address the webhook server binds (127.0.0.1)"
    )
    run.add_argument("--port", type=int, default=8443, help="webhook server port (8443)")
    run.add_argument(
        "--secret-token",
        metavar="T",
        help="secret Telegram sends with every webhook request; others are refused",
    )
    run.set_defaults(handler=run_bot)


async def run_bot(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.telegram_bot_token:
        return await _prepare_without_token(settings)
    # Imported here so that the other commands start without loading the Telegram stack.
    from bot.app import build_application

    application = build_application(settings)
    stop = asyncio.Event()
    _stop_on_signals(stop)
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        await _start_receiving(application, args)
        await application.start()
        logger.info("the bot is running as @%s; Ctrl+C stops it", application.bot.username)
        await stop.wait()
    finally:
        await asyncio.wait_for(_shut_down(application), _SHUTDOWN_TIMEOUT_SECONDS)
    return 0


async def _start_receiving(application: Application, args: argparse.Namespace) -> None:
    from telegram import Update

    updater = application.updater
    if updater is None:
        raise RuntimeError("the application was built without an updater")
    if args.webhook:
        url_path = urlsplit(args.webhook).path.strip("/")
        await updater.start_webhook(
            listen=args.listen,
            port=args.port,
            url_path=url_path,
            webhook_url=args.webhook,
            secret_token=args.secret_token,
            allowed_updates=Update.ALL_TYPES,
        )
        logger.info("webhook server on %s:%d for %s", args.listen, args.port, args.webhook)
    else:
        await updater.start_polling(allowed_updates=Update.ALL_TYPES)


async def _shut_down(application: Application) -> None:
    """The order of PTB's own run_polling, so post_shutdown sees a stopped bot."""
    if application.updater is not None and application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()
    await application.shutdown()
    if application.post_shutdown is not None:
        await application.post_shutdown(application)


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)


async def _prepare_without_token(settings: Settings) -> int:
    """Still useful without a token: the database is ready when the token arrives."""
    async with opened_storage(settings.db_path) as storage:
        service = IngestService(storage, max_bytes=settings.max_upload_bytes)
        added = await ingest_corpus_if_empty(service, storage, settings.corpus_dir)
        total = await storage.articles.count()
    if added:
        print(
            f"First start: added {added} article{'s' * (added != 1)} from "
            f"{settings.corpus_dir} to {settings.db_path}.",
            file=sys.stderr,
        )
    else:
        print(f"The database {settings.db_path} holds {total} articles.", file=sys.stderr)
    print(HOW_TO_GET_A_TOKEN, file=sys.stderr)
    return EXIT_NO_TOKEN
