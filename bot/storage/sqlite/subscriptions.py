"""Chats seen and digest subscriptions in SQLite."""

from __future__ import annotations

from datetime import UTC, datetime

import aiosqlite

from bot.storage.digest_records import InactiveReason, Subscription, SubscriptionStats
from bot.storage.sqlite.articles import Transaction

SUBSCRIPTION_COLUMNS = (
    "chat_id, chat_type, local_time, zone, summary_sentences, send_empty, active,"
    " inactive_reason, next_due_at, last_cutoff, created_at, updated_at"
)


class SQLiteSubscriptionRepository:
    def __init__(self, connection: aiosqlite.Connection, transaction: Transaction) -> None:
        self._conn = connection
        self._transaction = transaction

    async def remember_chat(self, chat_id: int, chat_type: str, *, now: datetime) -> None:
        async with self._transaction() as conn:
            await _remember_chat(conn, chat_id, chat_type, now)

    async def get(self, chat_id: int) -> Subscription | None:
        async with self._conn.execute(
            f"SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE chat_id = ?", (chat_id,)
        ) as cursor:
            row = await cursor.fetchone()
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
        async with self._transaction() as conn:
            await _remember_chat(conn, chat_id, chat_type, now)
            async with conn.execute(
                "INSERT INTO subscriptions (chat_id, chat_type, local_time, zone,"
                " summary_sentences, next_due_at, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (chat_id) DO UPDATE SET chat_type = excluded.chat_type,"
                " local_time = excluded.local_time, zone = excluded.zone, active = 1,"
                " inactive_reason = NULL, next_due_at = excluded.next_due_at,"
                " updated_at = excluded.updated_at"
                f" RETURNING {SUBSCRIPTION_COLUMNS}",
                (
                    chat_id,
                    chat_type,
                    local_time,
                    zone,
                    summary_sentences,
                    utc_text(next_due_at),
                    utc_text(now),
                    utc_text(now),
                ),
            ) as cursor:
                row = await cursor.fetchone()
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
        async with (
            self._transaction() as conn,
            conn.execute(
                "UPDATE subscriptions SET"
                " summary_sentences = COALESCE(?, summary_sentences),"
                " send_empty = COALESCE(?, send_empty), updated_at = ?"
                f" WHERE chat_id = ? RETURNING {SUBSCRIPTION_COLUMNS}",
                (
                    summary_sentences,
                    None if send_empty is None else int(send_empty),
                    utc_text(now),
                    chat_id,
                ),
            ) as cursor,
        ):
            row = await cursor.fetchone()
        return subscription_from_row(row) if row else None

    async def deactivate(self, chat_id: int, reason: InactiveReason, *, now: datetime) -> bool:
        async with self._transaction() as conn:
            cursor = await conn.execute(
                "UPDATE subscriptions SET active = 0, inactive_reason = ?, updated_at = ?"
                " WHERE chat_id = ? AND active = 1",
                (reason.value, utc_text(now), chat_id),
            )
            return cursor.rowcount > 0

    async def reactivate(
        self, chat_id: int, *, next_due_at: datetime, now: datetime
    ) -> Subscription | None:
        async with (
            self._transaction() as conn,
            conn.execute(
                "UPDATE subscriptions SET active = 1, inactive_reason = NULL, next_due_at = ?,"
                f" updated_at = ? WHERE chat_id = ? RETURNING {SUBSCRIPTION_COLUMNS}",
                (utc_text(next_due_at), utc_text(now), chat_id),
            ) as cursor,
        ):
            row = await cursor.fetchone()
        return subscription_from_row(row) if row else None

    async def due(self, now: datetime, *, limit: int = 500) -> list[Subscription]:
        """Active subscriptions whose next slot has come, oldest slot first."""
        async with self._conn.execute(
            f"SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions"
            " WHERE active = 1 AND next_due_at <= ? ORDER BY next_due_at, chat_id LIMIT ?",
            (utc_text(now), limit),
        ) as cursor:
            return [subscription_from_row(row) for row in await cursor.fetchall()]

    async def list_active(
        self, *, limit: int = 1000, after_chat_id: int | None = None
    ) -> list[Subscription]:
        async with self._conn.execute(
            f"SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions"
            " WHERE active = 1 AND chat_id > ? ORDER BY chat_id LIMIT ?",
            (after_chat_id if after_chat_id is not None else -(2**63), limit),
        ) as cursor:
            return [subscription_from_row(row) for row in await cursor.fetchall()]

    async def stats(self) -> SubscriptionStats:
        async with self._conn.execute(
            "SELECT (SELECT count(*) FROM chats),"
            " (SELECT count(*) FROM subscriptions WHERE active = 1),"
            " (SELECT count(*) FROM subscriptions WHERE active = 0)"
        ) as cursor:
            row = await cursor.fetchone()
        assert row is not None
        return SubscriptionStats(chats=row[0], active=row[1], inactive=row[2])


async def _remember_chat(
    conn: aiosqlite.Connection, chat_id: int, chat_type: str, now: datetime
) -> None:
    await conn.execute(
        "INSERT INTO chats (chat_id, chat_type, first_seen, last_seen) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (chat_id) DO UPDATE SET chat_type = excluded.chat_type,"
        " last_seen = excluded.last_seen",
        (chat_id, chat_type, utc_text(now), utc_text(now)),
    )


def subscription_from_row(row: aiosqlite.Row) -> Subscription:
    reason = row["inactive_reason"]
    return Subscription(
        chat_id=row["chat_id"],
        chat_type=row["chat_type"],
        local_time=row["local_time"],
        zone=row["zone"],
        summary_sentences=row["summary_sentences"],
        send_empty=bool(row["send_empty"]),
        active=bool(row["active"]),
        inactive_reason=InactiveReason(reason) if reason else None,
        next_due_at=optional_datetime(row["next_due_at"]),
        last_cutoff=optional_datetime(row["last_cutoff"]),
        created_at=datetime.fromisoformat(row["created_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
    )


def utc_text(moment: datetime) -> str:
    """One fixed-width UTC form, so timestamps compare correctly as text in SQL."""
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def optional_datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
