"""`newsbot run`: the Telegram bot, by long polling or behind PTB's own webhook server."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import re
import secrets
import signal
import sys
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from bot.cli.logs import hide_secret, redact
from bot.storage.backends import opened_storage

if TYPE_CHECKING:
    from telegram.error import TelegramError
    from telegram.ext import Application

    from bot.config import Settings

logger = logging.getLogger(__name__)

EXIT_NO_TOKEN = 2
EXIT_BAD_TOKEN = 2
EXIT_TELEGRAM_PROBLEM = 1
_SHUTDOWN_TIMEOUT_SECONDS = 30.0
# The name python-telegram-bot gives the task that fetches updates (telegram.ext.Updater).
_POLLING_TASK_NAME = "Updater:start_polling:polling_task"
# What Telegram accepts as a webhook secret token.
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
# Another poller is assumed only when Conflict repeats: one can be the tail of a restart.
CONFLICTS_BEFORE_STOPPING = 2
# A network failure while polling is logged once, then again only after this long.
NETWORK_NOTICE_INTERVAL_SECONDS = 300.0

HOW_TO_GET_A_TOKEN = """\
There is no bot token yet, so the bot cannot connect to Telegram. To get one:
  1. open Telegram and talk to @BotFather (https://t.me/BotFather);
  2. send /newbot and follow the steps (a name, then a username ending in "bot");
  3. put the token it gives you in the file .env in this folder:
       TELEGRAM_BOT_TOKEN=123456789:AA...
     (copy .env.example, which documents every setting);
  4. run `newsbot run` again."""

BAD_TOKEN = (
    "Telegram refused the bot token ({reason}): it is mistyped, incomplete, or was revoked "
    "with /revoke. Copy the token @BotFather gave you (send it /token to see it again) into "
    "TELEGRAM_BOT_TOKEN in .env — it looks like 123456789:AA… with no spaces or quotes — and "
    "run `newsbot run` again."
)
NO_NETWORK = (
    "newsbot cannot reach Telegram at {host} ({reason}). Check that this machine is online "
    "and can open HTTPS connections to {host} (a firewall or proxy may block it; "
    "TELEGRAM_API_BASE_URL, if set, must point to a running Bot API server), then run "
    "`newsbot run` again."
)
ANOTHER_INSTANCE = (
    "Another copy of this bot is already receiving its updates: Telegram lets only one "
    "process poll with one token, and it keeps answering this one with “Conflict: "
    "terminated by other getUpdates request”. Stop the other copy (on this or another "
    "machine; `ps aux | grep newsbot` finds local ones) or give this one its own bot token, "
    "then run `newsbot run` again. This copy stops now."
)


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
        type=_secret_token,
        help="secret Telegram sends with every webhook request; others are refused "
        "(1–256 of A-Z a-z 0-9 _ -; a random one is generated when not given)",
    )
    run.set_defaults(handler=run_bot)


def _secret_token(text: str) -> str:
    if not _SECRET_TOKEN.fullmatch(text):
        raise argparse.ArgumentTypeError(
            "Telegram accepts 1 to 256 characters A-Z, a-z, 0-9, _ and - as a secret token"
        )
    return text


@dataclass
class PollingWatch:
    """Turns errors of the polling loop into at most a line each, and notices the one that
    means this copy must stop (another copy polling with the same token)."""

    stop: asyncio.Event
    problem: str | None = None
    exit_code: int = EXIT_TELEGRAM_PROBLEM
    conflicts: int = 0
    _last_network_notice: float = field(default=float("-inf"))

    def __call__(self, error: TelegramError) -> None:
        from telegram.error import Conflict, NetworkError

        if isinstance(error, Conflict):
            self.conflicts += 1
            if self.conflicts >= CONFLICTS_BEFORE_STOPPING:
                self.problem = ANOTHER_INSTANCE
                self.stop.set()
            else:
                logger.warning("Telegram reports another getUpdates request (%s)", error)
            return
        self.conflicts = 0
        now = time.monotonic()
        if isinstance(error, NetworkError):
            if now - self._last_network_notice >= NETWORK_NOTICE_INTERVAL_SECONDS:
                self._last_network_notice = now
                logger.warning("cannot reach Telegram (%s); retrying until it answers", error)
            return
        logger.warning("fetching updates failed (%s); retrying", error)

    def watch_polling(self, task: asyncio.Task[object]) -> None:
        """PTB's polling loop gives up, without telling ``__call__``, when Telegram stops
        accepting the token (revoked while running): this copy would run on, deaf."""
        task.add_done_callback(self._polling_ended)

    def _polling_ended(self, task: asyncio.Task[object]) -> None:
        from telegram.error import InvalidToken

        if task.cancelled() or self.stop.is_set():
            return
        error = task.exception()
        if isinstance(error, InvalidToken):
            self.problem = BAD_TOKEN.format(reason="Unauthorized, while running")
            self.exit_code = EXIT_BAD_TOKEN
        else:
            self.problem = f"Fetching updates stopped ({error or 'no reason given'})."
        self.stop.set()


async def run_bot(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.telegram_bot_token:
        return await _prepare_without_token(settings)
    # Imported here so that the other commands start without loading the Telegram stack.
    from telegram.error import InvalidToken, NetworkError

    from bot.app import build_application
    from bot.telegram.notices import NOTICE_OPTIONS_KEY, NoticeOptions

    application = build_application(settings)
    # Polling: Telegram serves one process per bot, so no other is at work on notices.
    application.bot_data[NOTICE_OPTIONS_KEY] = NoticeOptions(sole_process=not args.webhook)
    stop = asyncio.Event()
    watch = PollingWatch(stop)
    _stop_on_signals(stop)
    try:
        await application.initialize()
        try:
            if application.post_init is not None:
                await application.post_init(application)
            await _start_receiving(application, args, watch)
            await application.start()
            logger.info("the bot is running as @%s; Ctrl+C stops it", application.bot.username)
            await stop.wait()
        finally:
            await asyncio.wait_for(_shut_down(application), _SHUTDOWN_TIMEOUT_SECONDS)
    except InvalidToken as exc:
        # PTB's own message quotes the token; Telegram's answer ("Unauthorized") is its cause.
        reason = _reason(exc.__cause__ or exc, settings)
        print(BAD_TOKEN.format(reason=reason), file=sys.stderr)
        return EXIT_BAD_TOKEN
    except NetworkError as exc:  # TimedOut included
        host = urlsplit(settings.telegram_api_base_url or "https://api.telegram.org").netloc
        print(NO_NETWORK.format(host=host, reason=_reason(exc, settings)), file=sys.stderr)
        return EXIT_TELEGRAM_PROBLEM
    if watch.problem:
        print(watch.problem, file=sys.stderr)
        return watch.exit_code
    return 0


def _reason(exc: BaseException, settings: Settings) -> str:
    """The exception's own words, short, with what caused it when that says more."""
    words = str(exc) or type(exc).__name__
    cause = exc.__cause__
    if cause is not None and str(cause) and str(cause) not in words:
        words = f"{words}: {cause}"
    words = redact(words, settings.telegram_bot_token)
    return words if len(words) <= 200 else words[:199] + "…"


async def _start_receiving(
    application: Application, args: argparse.Namespace, watch: PollingWatch
) -> None:
    from telegram import Update

    updater = application.updater
    if updater is None:
        raise RuntimeError("the application was built without an updater")
    if args.webhook:
        secret_token = args.secret_token
        if secret_token is None:
            secret_token = secrets.token_urlsafe(32)
            logger.info(
                "no --secret-token given: generated a random one for this run; Telegram "
                "sends it with every update and requests without it are refused"
            )
        hide_secret(secret_token)
        url_path = urlsplit(args.webhook).path.strip("/")
        await updater.start_webhook(
            listen=args.listen,
            port=args.port,
            url_path=url_path,
            webhook_url=args.webhook,
            secret_token=secret_token,
            allowed_updates=Update.ALL_TYPES,
        )
        logger.info("webhook server on %s:%d for %s", args.listen, args.port, args.webhook)
    else:
        await updater.start_polling(allowed_updates=Update.ALL_TYPES, error_callback=watch)
        polling = [t for t in asyncio.all_tasks() if t.get_name() == _POLLING_TASK_NAME]
        if polling:
            watch.watch_polling(polling[0])
        else:
            logger.warning(
                "cannot watch the polling task: a bot token revoked while running "
                "will not stop this copy"
            )


async def _shut_down(application: Application) -> None:
    """The order of PTB's own run_polling, so post_shutdown sees a stopped bot."""
    if application.updater is not None and application.updater.running:
        from telegram.error import TelegramError

        # A polling loop that gave up re-raises its error here; PollingWatch reports it,
        # and the rest must still shut down (the database among it).
        with contextlib.suppress(TelegramError):
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
    from bot.services.ingest import IngestService, ingest_corpus_if_empty

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
