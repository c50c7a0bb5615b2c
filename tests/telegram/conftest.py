"""The real bot (PTB Application from build_application) polling the local fake Bot API."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from telegram.ext import Application

from bot.app import build_application
from bot.config import Settings
from bot.services.ingest import IngestService, ingest_corpus_if_empty
from bot.storage.sqlite import open_storage
from bot.telegram.requests import RetryingRateLimiter
from tests.fake_telegram.fixtures import FAKE_TOKEN, fake_telegram  # noqa: F401
from tests.fake_telegram.server import FakeTelegram
from tests.telegram.articles import ARTICLES

ADMIN_ID = 424242
USER_ID = 1001
JSON = dict[str, Any]


def make_settings(
    fake: FakeTelegram, db_path: Path, corpus_dir: Path, **overrides: Any
) -> Settings:
    values: dict[str, Any] = {
        "telegram_bot_token": FAKE_TOKEN,
        "telegram_api_base_url": fake.base_url,
        "telegram_file_base_url": fake.base_file_url,
        "db_path": db_path,
        "corpus_dir": corpus_dir,
        "admin_ids": frozenset({ADMIN_ID}),
        "flood_limit_per_minute": 1000,
        "fetch_timeout": 5.0,
        # The test pages are served from 127.0.0.1, which the default policy refuses.
        "fetch_allow_private": True,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@contextlib.asynccontextmanager
async def running_bot(settings: Settings, **options: Any) -> AsyncIterator[Application]:
    """Started and stopped in the order PTB's run_polling uses, stopped even on failure."""
    application = build_application(settings, **options)
    await asyncio.wait_for(application.initialize(), 10)
    try:
        assert application.post_init is not None
        await asyncio.wait_for(application.post_init(application), 30)
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=1)
        yield application
    finally:
        if application.updater is not None and application.updater.running:
            await asyncio.wait_for(application.updater.stop(), 10)
        if application.running:
            await asyncio.wait_for(application.stop(), 10)
        await asyncio.wait_for(application.shutdown(), 10)
        if application.post_shutdown is not None:
            await asyncio.wait_for(application.post_shutdown(application), 10)


@pytest.fixture(scope="session")
def test_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, "utf-8")
    return folder


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory, test_corpus: Path) -> Path:
    """Ingested once per session; each test copies it, so tests never share state."""
    path = tmp_path_factory.mktemp("template") / "newsbot.db"

    async def fill() -> None:
        storage = await open_storage(path)
        try:
            await ingest_corpus_if_empty(IngestService(storage), storage, test_corpus)
        finally:
            await storage.close()

    asyncio.run(fill())
    return path


@pytest.fixture
def bot_db(tmp_path: Path, template_db: Path) -> Iterator[Path]:
    target = tmp_path / "bot.db"
    shutil.copy(template_db, target)
    yield target


@dataclass
class Harness:
    """The fake Telegram, the running bot and its database, with a user's-eye helper."""

    fake: FakeTelegram
    application: Application
    settings: Settings

    async def say(
        self, chat_id: int, text: str, *, count: int = 1, timeout: float = 10.0, **kwargs: Any
    ) -> list[JSON]:
        self.fake.send_text(chat_id, text, **kwargs)
        return await self.fake.wait_for_messages(chat_id, count, timeout)

    async def press(self, chat_id: int, message_id: int, data: str, **kwargs: Any) -> None:
        """Press a button and wait until the bot answered the press."""
        self.fake.press_button(chat_id, message_id, data, **kwargs)
        await self.fake.wait_for_call("answerCallbackQuery", timeout=10)

    async def press_and_edit(self, chat_id: int, message_id: int, data: str, **kwargs: Any) -> JSON:
        """Press a button that edits its message; returns the message as edited."""
        await self.press(chat_id, message_id, data, **kwargs)
        await self.fake.wait_for_call(
            "editMessageText",
            timeout=10,
            predicate=lambda call: call["params"].get("message_id") == message_id,
        )
        edited = self.fake.message(chat_id, message_id)
        assert edited is not None
        return edited


def admin_user() -> JSON:
    return {"id": ADMIN_ID, "first_name": "Ada", "username": "ada_admin"}


def user(user_id: int = USER_ID, first_name: str = "Test") -> JSON:
    return {"id": user_id, "first_name": first_name, "username": f"user_{user_id}"}


@pytest_asyncio.fixture
async def harness(
    fake_telegram: FakeTelegram,  # noqa: F811
    bot_db: Path,
    tmp_path: Path,
) -> AsyncIterator[Harness]:
    empty_corpus = tmp_path / "no-corpus"
    settings = make_settings(fake_telegram, bot_db, empty_corpus)
    async with running_bot(settings, typing_delay=0.0) as application:
        yield Harness(fake_telegram, application, settings)


@contextlib.asynccontextmanager
async def quickly_retrying_bot(
    fake: FakeTelegram, bot_db: Path, tmp_path: Path
) -> AsyncIterator[Application]:
    """The bot, its retries of sends Telegram did not take a hundred times quicker."""
    settings = make_settings(fake, bot_db, tmp_path / "no-corpus")
    limiter = RetryingRateLimiter(first_backoff=0.005)
    async with running_bot(settings, typing_delay=0.0, rate_limiter=limiter) as application:
        yield application


async def until_found(found: Callable[[], Awaitable[list[Any]]], timeout: float) -> None:
    """Until ``found`` finds something (a notice due, say), for at most ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await found():
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.05)
