"""Shared fixtures: real SQLite files in a temporary folder, the bundled corpus, the local
fake Bot API."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from aiohttp import web

from bot.storage.sqlite import SQLiteStorage, open_storage
from tests.fake_telegram.fixtures import fake_telegram

__all__ = ["fake_telegram"]

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
SAMPLE = CORPUS / "us-armenia-azerbaijan-peace-talks.txt"
EVAL = REPO.parent / "shared" / "eval"


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture
def sample_text() -> str:
    return SAMPLE.read_text("utf-8")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "newsbot.db"


@pytest.fixture
async def storage(db_path: Path) -> AsyncIterator[SQLiteStorage]:
    store = await open_storage(db_path)
    try:
        yield store
    finally:
        await store.close()


@contextlib.asynccontextmanager
async def local_site(app: web.Application) -> AsyncIterator[str]:
    """Serve ``app`` on 127.0.0.1 at a free port; yields its base URL (no trailing slash)."""
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await asyncio.wait_for(runner.cleanup(), 5)


_HOLD_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT OR IGNORE INTO chats VALUES (-1, 'group', 'x', 'x')")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""

WriteLockHolder = Callable[[Path, float], subprocess.Popen[str]]


@pytest.fixture
def hold_write_lock() -> Iterator[WriteLockHolder]:
    """Another process writing to a database for ``seconds``, as a long `newsbot ingest`
    does; returns once that process holds the lock."""
    started: list[subprocess.Popen[str]] = []

    def hold(db: Path, seconds: float) -> subprocess.Popen[str]:
        holder = subprocess.Popen(
            [sys.executable, "-c", _HOLD_LOCK, str(db), str(seconds)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(holder)
        assert holder.stdout is not None and holder.stderr is not None
        if holder.stdout.readline().strip() != "locked":
            raise AssertionError(f"could not lock {db}: {holder.stderr.read()}")
        return holder

    yield hold
    for holder in started:
        holder.kill()
        holder.wait(timeout=10)
