"""The SQLite backend: one aiosqlite connection, WAL, foreign keys, versioned schema.

Several processes may share the file (the bot, a `newsbot ingest` running beside it, a
second bot): SQLite lets one of them write at a time. Every write — each transaction, the
journal mode, each migration — therefore waits for its turn, up to ``write_timeout`` (30 s)
in all, before it fails. The wait is a loop of short SQLite busy waits with asyncio sleeps
between them rather than one long busy wait: aiosqlite runs all of a connection's
statements on one thread, and a long busy wait there would hold up every read queued
behind it (everyone's questions) for as long.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import aiosqlite

from bot.storage.migrations import load_migrations
from bot.storage.process_limits import ProcessLimits
from bot.storage.sqlite.articles import SQLiteArticleRepository
from bot.storage.sqlite.deliveries import SQLiteDeliveryRepository
from bot.storage.sqlite.feeds import SQLiteFeedRepository
from bot.storage.sqlite.notices import SQLiteNoticeRepository
from bot.storage.sqlite.search import SQLiteSearchRepository
from bot.storage.sqlite.subscriptions import SQLiteSubscriptionRepository
from bot.storage.sqlite.summaries import SQLiteSummaryRepository

logger = logging.getLogger(__name__)

T = TypeVar("T")

WRITE_TIMEOUT_SECONDS = 30.0
# One SQLite busy wait; between two of them the connection's thread serves other statements.
_BUSY_STEP_MS = 100
_RETRY_PAUSE_SECONDS = 0.05


def is_busy(exc: sqlite3.OperationalError) -> bool:
    """SQLITE_BUSY / SQLITE_LOCKED: another connection holds the lock; try again later."""
    text = str(exc).lower()
    return "locked" in text or "busy" in text


async def when_free(
    attempt: Callable[[], Awaitable[T]], *, timeout: float, what: str = "write"
) -> T:
    """Run ``attempt`` until it is not refused as busy, for at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    waited = False
    while True:
        try:
            result = await attempt()
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or time.monotonic() >= deadline:
                if is_busy(exc):
                    logger.error(
                        "the database stayed locked for %.0f s; %s given up", timeout, what
                    )
                raise
            if not waited:
                logger.info("the database is busy with another writer; %s waits", what)
                waited = True
            await asyncio.sleep(_RETRY_PAUSE_SECONDS)
            continue
        return result


class SQLiteStorage:
    """Owns the connection; repositories borrow it.

    aiosqlite runs every statement on one worker thread, so statements never race;
    the write lock keeps one coroutine's transaction from interleaving with another's.
    """

    def __init__(
        self,
        connection: aiosqlite.Connection,
        path: Path,
        *,
        write_timeout: float = WRITE_TIMEOUT_SECONDS,
    ) -> None:
        self.path = path
        self.write_timeout = write_timeout
        self._conn = connection
        self._write_lock = asyncio.Lock()
        self.articles = SQLiteArticleRepository(connection, self.transaction)
        self.summaries = SQLiteSummaryRepository(connection, self.transaction)
        self.search = SQLiteSearchRepository(connection)
        self.subscriptions = SQLiteSubscriptionRepository(connection, self.transaction)
        self.deliveries = SQLiteDeliveryRepository(connection, self.transaction)
        self.feeds = SQLiteFeedRepository(connection, self.transaction)
        self.notices = SQLiteNoticeRepository(connection, self.transaction)
        # One SQLite database serves one bot process: its limits are counted in memory.
        self.limits = ProcessLimits()

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._write_lock:
            try:
                await when_free(
                    lambda: self._conn.execute("BEGIN IMMEDIATE"), timeout=self.write_timeout
                )
            except asyncio.CancelledError:
                # A statement handed to the connection's thread runs even if its caller is
                # cancelled (a task stopped at shutdown): a BEGIN that went through would
                # leave the connection holding the write lock, refusing every later write
                # here and keeping other processes out. The rollback is queued behind it.
                await self._conn.rollback()
                raise
            try:
                yield self._conn
            except BaseException:
                await self._conn.rollback()
                raise
            else:
                await self._conn.commit()

    async def schema_version(self) -> int:
        async with self._conn.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def close(self) -> None:
        with contextlib.suppress(sqlite3.Error, ValueError):
            await self._conn.execute("PRAGMA optimize")
        await self._conn.close()


async def open_storage(
    path: str | Path, *, write_timeout: float = WRITE_TIMEOUT_SECONDS
) -> SQLiteStorage:
    """Open (creating if needed) and migrate the database at ``path``.

    Safe when several processes open a brand-new file at once: each waits its turn to
    write, and a migration is applied by whichever gets there first, once.
    """
    path = Path(path)
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = await aiosqlite.connect(path, isolation_level=None)
    try:
        conn.row_factory = aiosqlite.Row
        # Before anything that may need a lock: the file may be new and others opening it.
        await conn.execute(f"PRAGMA busy_timeout = {_BUSY_STEP_MS}")
        await when_free(
            lambda: conn.execute("PRAGMA journal_mode = WAL"),
            timeout=write_timeout,
            what="opening the database",
        )
        await conn.execute("PRAGMA synchronous = NORMAL")
        await conn.execute("PRAGMA foreign_keys = ON")
        await _migrate(conn, timeout=write_timeout)
    except BaseException:
        await conn.close()
        raise
    return SQLiteStorage(conn, path, write_timeout=write_timeout)


async def _migrate(conn: aiosqlite.Connection, *, timeout: float) -> None:
    """Apply the missing migrations, each in its own transaction.

    The version is read again inside each write transaction: another process may have
    migrated the file while this one waited for the lock, and must not be repeated.
    """
    migrations = load_migrations()
    while True:
        await when_free(lambda: conn.execute("BEGIN IMMEDIATE"), timeout=timeout, what="migrating")
        try:
            async with conn.execute("PRAGMA user_version") as cursor:
                row = await cursor.fetchone()
            current = int(row[0]) if row else 0
            if current > len(migrations):
                raise RuntimeError(
                    f"the database schema is version {current}, newer than this program "
                    f"knows ({len(migrations)}); upgrade newsbot"
                )
            if current == len(migrations):
                await conn.rollback()
                return
            # executescript would commit on its own; the file runs inside this explicit
            # transaction so a failing migration leaves the previous version intact.
            migration = migrations[current]
            for statement in _statements(migration.sql):
                await conn.execute(statement)
            await conn.execute(f"PRAGMA user_version = {migration.version}")
        except BaseException:
            await conn.rollback()
            raise
        await conn.commit()


def _statements(script: str) -> list[str]:
    """Split a migration file into complete statements (triggers contain semicolons)."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        raise RuntimeError(f"incomplete SQL statement in migration: {buffer[:80]!r}")
    return statements
