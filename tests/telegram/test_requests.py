"""Which failures the bot repeats: only those Telegram certainly did not carry out."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from telegram import Bot
from telegram.error import NetworkError, RetryAfter, TimedOut
from telegram.ext import ExtBot

from bot.telegram.requests import NotDelivered, RetryingRateLimiter, TelegramRequest
from tests.fake_telegram.fixtures import FAKE_TOKEN
from tests.fake_telegram.server import FakeTelegram

pytestmark = pytest.mark.timeout(30)

CHAT = 5150


@pytest_asyncio.fixture
async def bot(fake_telegram: FakeTelegram) -> AsyncIterator[Bot]:
    bot = Bot(FAKE_TOKEN, base_url=fake_telegram.base_url, request=TelegramRequest(read_timeout=1))
    await bot.initialize()
    try:
        yield bot
    finally:
        await bot.shutdown()


@pytest_asyncio.fixture
async def retrying_bot(fake_telegram: FakeTelegram) -> AsyncIterator[ExtBot[None]]:
    bot = ExtBot(
        FAKE_TOKEN,
        base_url=fake_telegram.base_url,
        request=TelegramRequest(read_timeout=1),
        rate_limiter=RetryingRateLimiter(first_backoff=0.01, retries=3, rate_limit_retries=2),
    )
    await bot.initialize()
    try:
        yield bot
    finally:
        await bot.shutdown()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_connection_that_never_opened_is_not_delivered() -> None:
    request = TelegramRequest()
    await request.initialize()
    try:
        with pytest.raises(NotDelivered, match="ConnectError"):
            await request.post(f"http://127.0.0.1:{_closed_port()}/bot{FAKE_TOKEN}/getMe")
    finally:
        await request.shutdown()


@pytest.mark.parametrize("code", [500, 502, 503])
async def test_a_5xx_answer_is_not_delivered(
    bot: Bot, fake_telegram: FakeTelegram, code: int
) -> None:
    fake_telegram.fail_next("sendMessage", error_code=code)
    with pytest.raises(NotDelivered, match=str(code)):
        await bot.send_message(CHAT, "hello")
    assert fake_telegram.messages_for(CHAT) == []


@pytest.mark.parametrize("after_handling", [False, True])
async def test_a_dropped_connection_may_have_delivered(
    bot: Bot, fake_telegram: FakeTelegram, after_handling: bool
) -> None:
    fake_telegram.drop_next("sendMessage", after_handling=after_handling)
    with pytest.raises(NetworkError) as raised:
        await bot.send_message(CHAT, "hello")
    assert not isinstance(raised.value, NotDelivered)
    assert len(fake_telegram.messages_for(CHAT)) == (1 if after_handling else 0)


async def test_an_answer_later_than_the_read_timeout_may_have_delivered(
    bot: Bot, fake_telegram: FakeTelegram
) -> None:
    fake_telegram.slow_next("sendMessage", 2.0)
    with pytest.raises(TimedOut) as raised:
        await bot.send_message(CHAT, "hello")
    assert not isinstance(raised.value, NotDelivered)
    assert len(fake_telegram.messages_for(CHAT)) == 1


async def test_the_limiter_repeats_what_was_not_delivered_with_back_off(
    retrying_bot: ExtBot[None], fake_telegram: FakeTelegram
) -> None:
    fake_telegram.fail_next("sendMessage", error_code=502, times=3)
    fake_telegram.fail_next("sendMessage", error_code=429, retry_after=1, times=2)
    await retrying_bot.send_message(CHAT, "hello")
    codes = [c["error_code"] for c in fake_telegram.calls_of("sendMessage")]
    assert codes == [502, 502, 502, 429, 429, None]
    assert len(fake_telegram.messages_for(CHAT)) == 1


async def test_the_limiter_gives_up_after_its_retries(
    retrying_bot: ExtBot[None], fake_telegram: FakeTelegram
) -> None:
    fake_telegram.fail_next("sendMessage", error_code=500, times=10)
    with pytest.raises(NotDelivered):
        await retrying_bot.send_message(CHAT, "hello")
    assert len(fake_telegram.calls_of("sendMessage")) == 4
    fake_telegram.clear_failures()
    fake_telegram.fail_next("sendMessage", error_code=429, retry_after=1, times=10)
    with pytest.raises(RetryAfter):
        await retrying_bot.send_message(CHAT, "hello")


async def test_the_limiter_never_repeats_what_may_have_arrived(
    retrying_bot: ExtBot[None], fake_telegram: FakeTelegram
) -> None:
    fake_telegram.drop_next("sendMessage", after_handling=True)
    with pytest.raises(NetworkError):
        await retrying_bot.send_message(CHAT, "hello")
    assert len(fake_telegram.calls_of("sendMessage")) == 1
    assert len(fake_telegram.messages_for(CHAT)) == 1
