"""Shared fixtures: real SQLite files in a temporary folder, a real PostgreSQL server, the
bundled corpus, the local fake Bot API.

PostgreSQL comes from the ``pgserver`` wheel (a server inside a Python package), started
once per test run with no manual step; each test gets a fresh schema of its own. If the
server cannot start, every PostgreSQL test fails with the reason: none is skipped.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg
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


POSTGRES_START_ATTEMPTS = 3


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server running for the whole test session.

    pgserver gives ``pg_ctl`` 10 s to start the server; a machine busy with other work can
    need longer, so a start that times out is tried again (in a fresh folder).

    The server's folder is not under pytest's own temporary folder: run as root, pgserver
    opens the folders above its data to the system user the server runs as, and any pytest
    run starting meanwhile on the machine closes pytest's folder to its owner again, so the
    server would lose its own files halfway."""
    import pgserver

    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="newsbot-pg-", ignore_cleanup_errors=True) as base:
        for attempt in range(POSTGRES_START_ATTEMPTS):
            folder = Path(base) / f"data{attempt}"
            folder.mkdir()
            try:
                server = pgserver.get_server(folder, cleanup_mode="stop")
                url = server.get_uri()
            except Exception as exc:
                log = folder / "log"
                failures.append(f"{exc!r}\n{log.read_text()[-2000:] if log.exists() else ''}")
                continue
            try:
                yield url
            finally:
                server.cleanup()
            return
        pytest.fail("could not start the PostgreSQL server for the tests:\n" + "\n".join(failures))


_SCHEMAS = itertools.count(1)


def with_parameters(url: str, **parameters: str) -> str:
    """The URL with query parameters added (asyncpg passes unknown ones to the server)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query)) | parameters
    return urlunsplit(parts._replace(query=urlencode(query, safe="/")))


@pytest.fixture
async def postgres_url(postgres_server: str) -> str:
    """A database URL whose tables live in a schema made for this test alone."""
    schema = f"test_{next(_SCHEMAS)}"
    connection = await asyncpg.connect(postgres_server)
    try:
        await connection.execute(f"CREATE SCHEMA {schema}")
    finally:
        await connection.close()
    return with_parameters(postgres_server, search_path=schema)


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
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=60)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT OR IGNORE INTO chats VALUES (-1, 'group', 'x', 'x')")
print("locked", flush=True)
sys.stdin.readline()  # until released
conn.execute("COMMIT")
print("committed", flush=True)
"""


class WriteLock:
    """Another process in the middle of a write to a database, until ``release``."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process

    def release(self) -> None:
        """Commit the other process's write; returns once it has (it blocks)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        if self.process.stdout.readline().strip() != "committed":
            raise AssertionError(f"the other writer failed: {self.process.communicate()[1]}")


WriteLockHolder = Callable[[Path], WriteLock]


@pytest.fixture
def hold_write_lock() -> Iterator[WriteLockHolder]:
    """Another process writing to a database, as a long `newsbot ingest` does, for as long
    as the test wants; returns once that process holds the lock (it blocks: call it and
    ``release`` from a thread when an event loop must go on meanwhile)."""
    started: list[subprocess.Popen[str]] = []

    def hold(db: Path) -> WriteLock:
        holder = subprocess.Popen(
            [sys.executable, "-c", _HOLD_LOCK, str(db)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(holder)
        assert holder.stdout is not None and holder.stderr is not None
        if holder.stdout.readline().strip() != "locked":
            raise AssertionError(f"could not lock {db}: {holder.stderr.read()}")
        return WriteLock(holder)

    yield hold
    for holder in started:
        holder.kill()
        holder.wait(timeout=10)


# What the SQLite storage logs when a write of its finds another process writing.
WRITE_WAITS = "the database is busy with another writer"
WriteWaits = Callable[[], Awaitable[None]]


@pytest.fixture
def write_waits(caplog: pytest.LogCaptureFixture) -> WriteWaits:
    """Returns once a write of the SQLite storage has found the database locked by another
    process and waits its turn (for at most 30 s)."""
    caplog.set_level(logging.INFO, logger="bot.storage.sqlite.database")

    async def until_waiting() -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 30
        while not any(WRITE_WAITS in record.getMessage() for record in caplog.records):
            assert loop.time() < deadline, "no write waited for the other writer"
            await asyncio.sleep(0.02)

    return until_waiting
