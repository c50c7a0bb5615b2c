"""Pytest fixtures around FakeTelegram; the top-level conftest re-exports them."""

from collections.abc import AsyncIterator

import pytest_asyncio

from tests.fake_telegram.server import FakeTelegram

FAKE_TOKEN = "123456789:TEST-token-for-the-fake-api"


@pytest_asyncio.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    """A started fake Bot API; stopped even when the test fails so ports never leak."""
    fake = FakeTelegram()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()
