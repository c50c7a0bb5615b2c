"""Chats seen and digest subscriptions in PostgreSQL."""

from __future__ import annotations

from datetime import datetime

import asyncpg

from bot.storage.digest_records import InactiveReason, Subscription, SubscriptionStats
from bot.storage.postgres.pool import aware, transaction

SUBSCRIPTION_COLUMNS = (
    "chat_id, chat_type, local_time, zone, summary_sentences, send_empty, active,"
    " inactive_reason, next_due_at, last_cutoff, created_at, updated_at"
)
_REMEMBER_CHAT = (
    "INSERT INTO chats (chat_id, chat_type, first_seen, last_seen) VALUES ($1, $2, $3, $3)"
    " ON CONFLICT (chat_id) DO UPDATE SET chat_type = excluded.chat_type,"
    " last_seen = excluded.last_seen"
)


class PostgresSubscriptionRepository:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def remember_chat(self, chat_id: int, chat_type: str, *, now: datetime) -> None:
        await self._pool.execute(_REMEMBER_CHAT, chat_id, chat_type, aware(now))

    async def get(self, chat_id: int) -> Subscription | None:
        row = await self._pool.fetchrow(
            f"SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE chat_id = $1", chat_id
        )
        return subscription_from_row(row) if row else None

    async def upsert(
        self,
        chat_id: int,
        *,
        chat_type: str,
        local_time: str,
        zone: str,
        next_due_at: datetime,
        summary_sentences: int,
        now: datetime,
    ) -> Subscription:
        """Subscribe, or change the time of an existing subscription (keeping its options)."""
        async with transaction(self._pool) as conn:
            await conn.execute(_REMEMBER_CHAT, chat_id, chat_type, aware(now))
            row = await conn.fetchrow(
                "INSERT INTO subscriptions (chat_id, chat_type, local_time, zone,"
                " summary_sentences, next_due_at, created_at, updated_at)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, $7)"
                " ON CONFLICT (chat_id) DO UPDATE SET chat_type = excluded.chat_type,"
                " local_time = excluded.local_time, zone = excluded.zone, active = TRUE,"
                " inactive_reason = NULL, next_due_at = excluded.next_due_at,"
                " updated_at = excluded.updated_at"
                f" RETURNING {SUBSCRIPTION_COLUMNS}",
                chat_id,
                chat_type,
                local_time,
                zone,
                summary_sentences,
                aware(next_due_at),
                now,
            )
        assert row is not None
        return subscription_from_row(row)

    async def set_options(
        self,
        chat_id: int,
        *,
        summary_sentences: int | None = None,
        send_empty: bool | None = None,
        now: datetime,
    ) -> Subscription | None:
        row = await self._pool.fetchrow(
            "UPDATE subscriptions SET summary_sentences = COALESCE($1, summary_sentences),"
            " send_empty = COALESCE($2, send_empty), updated_at = $3"
            f" WHERE chat_id = $4 RETURNING {SUBSCRIPTION_COLUMNS}",
            summary_sentences,
            send_empty,
            aware(now),
            chat_id,
        )
        return subscription_from_row(row) if row else None

    async def deactivate(self, chat_id: int, reason: InactiveReason, *, now: datetime) -> bool:
        status = await self._pool.execute(
            "UPDATE subscriptions SET active = FALSE, inactive_reason = $1, updated_at = $2"
            " WHERE chat_id = $3 AND active",
            reason.value,
            aware(now),
            chat_id,
        )
        return affected(status) > 0

    async def reactivate(
        self, chat_id: int, *, next_due_at: datetime, now: datetime
    ) -> Subscription | None:
        row = await self._pool.fetchrow(
            "UPDATE subscriptions SET active = TRUE, inactive_reason = NULL, next_due_at = $1,"
            f" updated_at = $2 WHERE chat_id = $3 RETURNING {SUBSCRIPTION_COLUMNS}",
            aware(next_due_at),
            aware(now),
            chat_id,
        )
        return subscription_from_row(row) if row else None

    async def due(self, now: datetime, *, limit: int = 500) -> list[Subscription]:
        """Active subscriptions whose next slot has come, oldest slot first."""
        rows = await self._pool.fetch(
            f"SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions"
            " WHERE active AND next_due_at <= $1 ORDER BY next_due_at, chat_id LIMIT $2",
            aware(now),
            limit,
        )
        return [subscription_from_row(row) for row in rows]

    async def list_active(
        self, *, limit: int = 1000, after_chat_id: int | None = None
    ) -> list[Subscription]:
        rows = await self._pool.fetch(
            f"SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions"
            " WHERE active AND chat_id > $1 ORDER BY chat_id LIMIT $2",
            after_chat_id if after_chat_id is not None else -(2**63),
            limit,
        )
        return [subscription_from_row(row) for row in rows]

    async def stats(self) -> SubscriptionStats:
        row = await self._pool.fetchrow(
            "SELECT (SELECT count(*) FROM chats) AS chats,"
            " (SELECT count(*) FROM subscriptions WHERE active) AS active,"
            " (SELECT count(*) FROM subscriptions WHERE NOT active) AS inactive"
        )
        assert row is not None
        return SubscriptionStats(chats=row["chats"], active=row["active"], inactive=row["inactive"])


def subscription_from_row(row: asyncpg.Record) -> Subscription:
    reason = row["inactive_reason"]
    return Subscription(
        chat_id=row["chat_id"],
        chat_type=row["chat_type"],
        local_time=row["local_time"],
        zone=row["zone"],
        summary_sentences=row["summary_sentences"],
        send_empty=row["send_empty"],
        active=row["active"],
        inactive_reason=InactiveReason(reason) if reason else None,
        next_due_at=row["next_due_at"],
        last_cutoff=row["last_cutoff"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def affected(status: str) -> int:
    """Rows an INSERT/UPDATE/DELETE touched, from asyncpg's command tag ("UPDATE 3")."""
    return int(status.rsplit(" ", 1)[-1])
