"""The SQLite backend: one aiosqlite connection, WAL, foreign keys, versioned schema."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite

from bot.storage.migrations import load_migrations
from bot.storage.sqlite.articles import SQLiteArticleRepository
from bot.storage.sqlite.deliveries import SQLiteDeliveryRepository
from bot.storage.sqlite.feeds import SQLiteFeedRepository
from bot.storage.sqlite.search import SQLiteSearchRepository
from bot.storage.sqlite.subscriptions import SQLiteSubscriptionRepository
from bot.storage.sqlite.summaries import SQLiteSummaryRepository


class SQLiteStorage:
    """Owns the connection; repositories borrow it.

    aiosqlite runs every statement on one worker thread, so statements never race;
    the write lock keeps one coroutine's transaction from interleaving with another's.
    """

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self.path = path
        self._conn = connection
        self._write_lock = asyncio.Lock()
        self.articles = SQLiteArticleRepository(connection, self.transaction)
        self.summaries = SQLiteSummaryRepository(connection, self.transaction)
        self.search = SQLiteSearchRepository(connection)
        self.subscriptions = SQLiteSubscriptionRepository(connection, self.transaction)
        self.deliveries = SQLiteDeliveryRepository(connection, self.transaction)
        self.feeds = SQLiteFeedRepository(connection, self.transaction)

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._write_lock:
            await self._conn.execute("BEGIN IMMEDIATE")
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


async def open_storage(path: str | Path) -> SQLiteStorage:
    """Open (creating if needed) and migrate the database at ``path``."""
    path = Path(path)
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = await aiosqlite.connect(path, isolation_level=None)
    try:
        conn.row_factory = aiosqlite.Row
        await conn.execute("PRAGMA journal_mode = WAL")
        await conn.execute("PRAGMA synchronous = NORMAL")
        await conn.execute("PRAGMA foreign_keys = ON")
        await conn.execute("PRAGMA busy_timeout = 5000")
        await _migrate(conn)
    except BaseException:
        await conn.close()
        raise
    return SQLiteStorage(conn, path)


async def _migrate(conn: aiosqlite.Connection) -> None:
    async with conn.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    current = int(row[0]) if row else 0
    migrations = load_migrations()
    if current > len(migrations):
        raise RuntimeError(
            f"the database schema is version {current}, newer than this program "
            f"knows ({len(migrations)}); upgrade newsbot"
        )
    for migration in migrations[current:]:
        # executescript would commit on its own; run the file inside one explicit
        # transaction so a failing migration leaves the previous version intact.
        await conn.execute("BEGIN IMMEDIATE")
        try:
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
