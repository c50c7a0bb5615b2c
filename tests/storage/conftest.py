"""The storage contract is tested once per backend: every test here that asks for
``storage`` or ``database_setting`` runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage.backends import opened_storage
from bot.storage.interface import Storage
from bot.storage.sqlite import SQLiteStorage, open_storage

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def database_setting(request: pytest.FixtureRequest, db_path: Path) -> str:
    """The NEWSBOT_DB value of a fresh, empty database of each backend."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return str(db_path)


@pytest.fixture
async def storage(database_setting: str) -> AsyncIterator[Storage]:
    async with opened_storage(database_setting) as store:
        yield store


@pytest.fixture
async def sqlite_storage(db_path: Path) -> AsyncIterator[SQLiteStorage]:
    """For what only SQLite has: its file, its pragmas, FTS5 syntax."""
    store = await open_storage(db_path)
    try:
        yield store
    finally:
        await store.close()
