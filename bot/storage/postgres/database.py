"""The PostgreSQL backend: an asyncpg connection pool, versioned schema, advisory-locked
migrations.

Several bot processes share one database. Every statement runs on a connection taken
from the pool for that statement or transaction, so concurrent handlers of one process
run in parallel on the server; asyncpg prepares each statement once per connection and
reuses it. Migrations run on start under an advisory lock, so processes starting at the
same moment apply each migration exactly once; the others wait and find the schema ready.
"""

from __future__ import annotations

import contextlib
import json

import asyncpg

from bot.storage.migrations import load_migrations
from bot.storage.postgres.articles import PostgresArticleRepository
from bot.storage.postgres.deliveries import PostgresDeliveryRepository
from bot.storage.postgres.feeds import PostgresFeedRepository
from bot.storage.postgres.limits import PostgresLimitRepository
from bot.storage.postgres.notices import PostgresNoticeRepository
from bot.storage.postgres.postings import unposted_terms
from bot.storage.postgres.search import PostgresSearchRepository
from bot.storage.postgres.subscriptions import PostgresSubscriptionRepository
from bot.storage.postgres.summaries import PostgresSummaryRepository
from bot.storage.postgres.terms import fold_changes

# Connections per process: enough for the bot's concurrent handlers and digest workers,
# few enough that several processes stay within the server's max_connections (100).
POOL_MIN_SIZE = 1
POOL_MAX_SIZE = 10
# pg_advisory_lock key held while migrating: "newsbot" as a number.
MIGRATION_LOCK = 0x6E657773626F74


class PostgresStorage:
    """Owns the pool; repositories borrow it."""

    def __init__(self, pool: asyncpg.Pool, *, unposted: frozenset[str]) -> None:
        self.pool = pool
        self.articles = PostgresArticleRepository(pool)
        self.summaries = PostgresSummaryRepository(pool)
        self.search = PostgresSearchRepository(pool, unposted)
        self.subscriptions = PostgresSubscriptionRepository(pool)
        self.deliveries = PostgresDeliveryRepository(pool)
        self.feeds = PostgresFeedRepository(pool)
        self.notices = PostgresNoticeRepository(pool)
        self.limits = PostgresLimitRepository(pool)

    async def schema_version(self) -> int:
        return int(await self.pool.fetchval("SELECT version FROM schema_version"))

    async def close(self) -> None:
        """Fold the pending statistics changes (best effort), then close the pool."""
        await self.articles.settle()
        with contextlib.suppress(asyncpg.PostgresError, OSError):
            await fold_changes(self.pool, wait=True)
        await self.pool.close()


async def _prepare_connection(connection: asyncpg.Connection) -> None:
    await connection.set_type_codec(
        "jsonb", encoder=json.dumps, decoder=json.loads, schema="pg_catalog"
    )


async def _keep_session(connection: asyncpg.Connection) -> None:
    """A connection goes back to the pool as it is (asyncpg still rolls back a transaction
    left open): no statement leaves session state behind (settings are ``SET LOCAL``,
    advisory locks are held by the transaction, or released at once as the migration's
    is), so the reset query asyncpg would send, one round trip per use of the pool, has
    nothing to do."""


async def open_storage(
    url: str, *, min_size: int = POOL_MIN_SIZE, max_size: int = POOL_MAX_SIZE
) -> PostgresStorage:
    """Connect to the database at ``url`` and bring its schema up to date."""
    pool = await asyncpg.create_pool(
        url,
        min_size=min_size,
        max_size=max_size,
        init=_prepare_connection,
        reset=_keep_session,
    )
    try:
        async with pool.acquire() as connection:
            await migrate(connection)
            unposted = await unposted_terms(connection)
    except BaseException:
        await pool.close()
        raise
    return PostgresStorage(pool, unposted=unposted)


async def migrate(connection: asyncpg.Connection) -> int:
    """Apply the migrations this database lacks, each in its own transaction; returns the
    schema version. Holds an advisory lock meanwhile, so concurrent starts take turns."""
    migrations = load_migrations("postgres")
    await connection.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK)
    try:
        await connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"
        )
        current = await connection.fetchval("SELECT version FROM schema_version")
        if current is None:
            await connection.execute("INSERT INTO schema_version (version) VALUES (0)")
            current = 0
        if current > len(migrations):
            raise RuntimeError(
                f"the database schema is version {current}, newer than this program "
                f"knows ({len(migrations)}); upgrade newsbot"
            )
        for migration in migrations[current:]:
            async with connection.transaction():
                await connection.execute(migration.sql)
                await connection.execute(
                    "UPDATE schema_version SET version = $1", migration.version
                )
        return len(migrations)
    finally:
        try:
            await connection.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK)
        except (asyncpg.PostgresError, OSError):
            # The lock goes with the session, which the pool then replaces.
            connection.terminate()
