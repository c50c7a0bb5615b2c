"""Digest deliveries in PostgreSQL: the claim that makes each digest go out once, across
every bot process sharing the database.

The protocol is SQLite's (``bot/storage/sqlite/deliveries.py``): a claim moves the
subscription to its next slot only if it still expects the one the scheduler saw, and
``UNIQUE (chat_id, local_date)`` is the final arbiter. Here a whole batch is claimed in one
statement, and rows another process is claiming at that moment are skipped
(``FOR UPDATE SKIP LOCKED``) rather than waited for: several workers scanning the same due
list share it out instead of queueing behind each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

import asyncpg

from bot.storage.digest_records import (
    Delivery,
    DeliveryClaim,
    DeliveryStatus,
    InactiveReason,
)
from bot.storage.postgres.pool import aware, transaction
from bot.storage.postgres.subscriptions import affected

_COLUMNS = (
    "id, chat_id, local_date, status, due_at, claimed_at, claimed_by, sent_at, attempts,"
    " since, until, messages, note"
)
_RELEASED_AT = datetime(1, 1, 1, tzinfo=UTC)
# The states a delivery may be closed from: skipped only while merely claimed; failed from
# any state short of sent; unknown only while being sent.
_CLOSES_FROM: dict[DeliveryStatus, list[str]] = {
    DeliveryStatus.SKIPPED: [DeliveryStatus.CLAIMED.value],
    DeliveryStatus.UNKNOWN: [DeliveryStatus.SENDING.value],
    DeliveryStatus.FAILED: [
        DeliveryStatus.CLAIMED.value,
        DeliveryStatus.SENDING.value,
        DeliveryStatus.UNKNOWN.value,
    ],
}
_CLAIM = f"""
WITH wanted AS (
    SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[], $4::date[],
                         $5::text[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[],
                         $9::text[])
        WITH ORDINALITY AS w(chat_id, expected, next_due_at, local_date, status, due_at,
                             since, until, note, n)
), free AS (
    SELECT s.chat_id FROM subscriptions s JOIN wanted w USING (chat_id)
    WHERE s.active AND s.next_due_at = w.expected
    FOR UPDATE OF s SKIP LOCKED
), moved AS (
    UPDATE subscriptions s SET next_due_at = w.next_due_at
    FROM wanted w
    WHERE s.chat_id = w.chat_id AND s.chat_id IN (SELECT chat_id FROM free)
      AND s.active AND s.next_due_at = w.expected
    RETURNING s.chat_id
)
INSERT INTO deliveries (chat_id, local_date, status, due_at, claimed_at, claimed_by, since,
                        until, note)
SELECT w.chat_id, w.local_date, w.status, w.due_at, $10, $11, w.since, w.until, w.note
FROM wanted w JOIN moved USING (chat_id)
ORDER BY w.n
ON CONFLICT (chat_id, local_date) DO NOTHING
RETURNING {_COLUMNS}
"""


class PostgresDeliveryRepository:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def claim(
        self, claims: Sequence[DeliveryClaim], *, owner: str, now: datetime
    ) -> list[Delivery]:
        """Take the slots in one statement; returns the deliveries this owner now holds."""
        if not claims:
            return []
        rows = await self._pool.fetch(
            _CLAIM,
            [c.chat_id for c in claims],
            [aware(c.expected_next_due) for c in claims],
            [aware(c.next_due_at) for c in claims],
            [c.local_date for c in claims],
            [(DeliveryStatus.CLAIMED if c.send else DeliveryStatus.SKIPPED).value for c in claims],
            [aware(c.due_at) for c in claims],
            [aware(c.since) for c in claims],
            [aware(c.until) for c in claims],
            [c.note for c in claims],
            aware(now),
            owner,
        )
        order = {c.chat_id: n for n, c in enumerate(claims)}
        taken = [delivery_from_row(r) for r in rows if r["status"] == DeliveryStatus.CLAIMED]
        return sorted(taken, key=lambda d: order[d.chat_id])

    async def reclaim_stale(
        self, *, owner: str, claimed_before: datetime, now: datetime, limit: int = 500
    ) -> list[Delivery]:
        """Claims never handed to Telegram whose holder went away: safe to take over."""
        rows = await self._pool.fetch(
            "UPDATE deliveries SET claimed_by = $1, claimed_at = $2 WHERE id IN ("
            "  SELECT id FROM deliveries WHERE status = 'claimed' AND claimed_at < $3"
            "  ORDER BY claimed_at LIMIT $4 FOR UPDATE SKIP LOCKED)"
            # Checked again on the row itself, should another scheduler have just taken it.
            " AND status = 'claimed' AND claimed_at < $3"
            f" RETURNING {_COLUMNS}",
            owner,
            aware(now),
            aware(claimed_before),
            limit,
        )
        return sorted((delivery_from_row(row) for row in rows), key=lambda d: d.id)

    async def expire_sending(self, *, started_before: datetime) -> list[Delivery]:
        """Sends whose holder died mid-flight: Telegram may have them, so never resend."""
        rows = await self._pool.fetch(
            "UPDATE deliveries SET status = 'unknown',"
            " note = 'the scheduler stopped while sending; not resent'"
            f" WHERE status = 'sending' AND claimed_at < $1 RETURNING {_COLUMNS}",
            aware(started_before),
        )
        return [delivery_from_row(row) for row in rows]

    async def start_sending(self, delivery_id: int, *, owner: str, now: datetime) -> bool:
        """The point of no return: after this commit the digest is never sent again."""
        status = await self._pool.execute(
            "UPDATE deliveries SET status = 'sending', attempts = attempts + 1,"
            " claimed_at = $1 WHERE id = $2 AND status = 'claimed' AND claimed_by = $3",
            aware(now),
            delivery_id,
            owner,
        )
        return affected(status) == 1

    async def record_attempt(self, delivery_id: int, *, owner: str, now: datetime) -> None:
        """Another try of the same send: counts it and renews the holder's lease."""
        await self._pool.execute(
            "UPDATE deliveries SET attempts = attempts + 1, claimed_at = $1"
            " WHERE id = $2 AND status = 'sending' AND claimed_by = $3",
            aware(now),
            delivery_id,
            owner,
        )

    async def mark_sent(
        self, delivery_id: int, *, owner: str, now: datetime, messages: int
    ) -> bool:
        """Sent, and the chat's next digest starts where this one ended."""
        async with transaction(self._pool) as conn:
            row = await conn.fetchrow(
                "UPDATE deliveries SET status = 'sent', sent_at = $1, messages = $2, note = NULL"
                " WHERE id = $3 AND claimed_by = $4 AND status IN ('sending', 'unknown')"
                " RETURNING chat_id, until",
                aware(now),
                messages,
                delivery_id,
                owner,
            )
            if row is None:
                return False
            await _advance_cutoff(conn, row["chat_id"], row["until"])
        return True

    async def mark_skipped(
        self, delivery_id: int, *, owner: str, note: str, advance_cutoff: bool
    ) -> bool:
        async with transaction(self._pool) as conn:
            row = await _close(conn, delivery_id, owner, DeliveryStatus.SKIPPED, note)
            if row is None:
                return False
            if advance_cutoff:
                await _advance_cutoff(conn, row["chat_id"], row["until"])
        return True

    async def mark_failed(
        self,
        delivery_id: int,
        *,
        owner: str,
        note: str,
        now: datetime,
        deactivate: InactiveReason | None = None,
    ) -> bool:
        """Failed; the cutoff stays, so the next digest still has these articles."""
        async with transaction(self._pool) as conn:
            row = await _close(conn, delivery_id, owner, DeliveryStatus.FAILED, note)
            if row is None:
                return False
            if deactivate is not None:
                await conn.execute(
                    "UPDATE subscriptions SET active = FALSE, inactive_reason = $1,"
                    " updated_at = $2 WHERE chat_id = $3",
                    deactivate.value,
                    aware(now),
                    row["chat_id"],
                )
        return True

    async def mark_unknown(self, delivery_id: int, *, owner: str, note: str) -> bool:
        """A request may have reached Telegram without an answer: never resent, and the
        cutoff stays, so the next digest still has these articles."""
        async with transaction(self._pool) as conn:
            return await _close(conn, delivery_id, owner, DeliveryStatus.UNKNOWN, note) is not None

    async def release(self, *, owner: str) -> int:
        """Give back claims not yet sent (orderly shutdown): the next start takes them at once."""
        status = await self._pool.execute(
            "UPDATE deliveries SET claimed_at = $1 WHERE claimed_by = $2 AND status = 'claimed'",
            _RELEASED_AT,
            owner,
        )
        return affected(status)

    async def get(self, chat_id: int, local_date: date) -> Delivery | None:
        row = await self._pool.fetchrow(
            f"SELECT {_COLUMNS} FROM deliveries WHERE chat_id = $1 AND local_date = $2",
            chat_id,
            local_date,
        )
        return delivery_from_row(row) if row else None

    async def for_chat(self, chat_id: int, *, limit: int = 30) -> list[Delivery]:
        rows = await self._pool.fetch(
            f"SELECT {_COLUMNS} FROM deliveries WHERE chat_id = $1"
            " ORDER BY local_date DESC LIMIT $2",
            chat_id,
            limit,
        )
        return [delivery_from_row(row) for row in rows]

    async def status_counts(self) -> dict[DeliveryStatus, int]:
        rows = await self._pool.fetch(
            "SELECT status, count(*) AS n FROM deliveries GROUP BY status"
        )
        return {DeliveryStatus(row["status"]): int(row["n"]) for row in rows}


async def _close(
    conn: asyncpg.Connection, delivery_id: int, owner: str, status: DeliveryStatus, note: str
) -> asyncpg.Record | None:
    """Move a delivery to a final status with its reason. Only the claim holder may, and only
    from the states in ``_CLOSES_FROM``; ``None`` means the claim was lost meanwhile."""
    row: asyncpg.Record | None = await conn.fetchrow(
        "UPDATE deliveries SET status = $1, note = $2"
        " WHERE id = $3 AND claimed_by = $4 AND status = ANY($5::text[])"
        " RETURNING chat_id, until",
        status.value,
        note,
        delivery_id,
        owner,
        _CLOSES_FROM[status],
    )
    return row


async def _advance_cutoff(conn: asyncpg.Connection, chat_id: int, until: datetime) -> None:
    await conn.execute(
        "UPDATE subscriptions SET last_cutoff = $1"
        " WHERE chat_id = $2 AND (last_cutoff IS NULL OR last_cutoff < $1)",
        until,
        chat_id,
    )


def delivery_from_row(row: asyncpg.Record) -> Delivery:
    return Delivery(
        id=row["id"],
        chat_id=row["chat_id"],
        local_date=row["local_date"],
        status=DeliveryStatus(row["status"]),
        due_at=row["due_at"],
        claimed_at=row["claimed_at"],
        claimed_by=row["claimed_by"],
        sent_at=row["sent_at"],
        attempts=row["attempts"],
        since=row["since"],
        until=row["until"],
        messages=row["messages"],
        note=row["note"],
    )
