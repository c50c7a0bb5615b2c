"""Digest deliveries in SQLite: the claim that makes each digest go out once.

Every state change is one conditional statement inside a ``BEGIN IMMEDIATE`` transaction,
and ``UNIQUE (chat_id, local_date)`` is the final arbiter: two schedulers (in one process
or several sharing the file) racing for the same slot cannot both win the claim. A
scheduler whose write meets another's waits for its turn (the storage's transaction does,
up to 30 s; see ``bot/storage/sqlite/database.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import aiosqlite

from bot.storage.digest_records import (
    Delivery,
    DeliveryClaim,
    DeliveryStatus,
    InactiveReason,
)
from bot.storage.sqlite.articles import Transaction
from bot.storage.sqlite.subscriptions import optional_datetime, utc_text

_COLUMNS = (
    "id, chat_id, local_date, status, due_at, claimed_at, claimed_by, sent_at, attempts,"
    " since, until, messages, note"
)
_RELEASED_AT = "0001-01-01T00:00:00.000000+00:00"
# The states a delivery may be closed from: skipped only while merely claimed; failed from
# any state short of sent; unknown only while being sent.
_CLOSES_FROM: dict[DeliveryStatus, tuple[DeliveryStatus, ...]] = {
    DeliveryStatus.SKIPPED: (DeliveryStatus.CLAIMED,),
    DeliveryStatus.FAILED: (DeliveryStatus.CLAIMED, DeliveryStatus.SENDING, DeliveryStatus.UNKNOWN),
    DeliveryStatus.UNKNOWN: (DeliveryStatus.SENDING,),
}


class SQLiteDeliveryRepository:
    def __init__(self, connection: aiosqlite.Connection, transaction: Transaction) -> None:
        self._conn = connection
        self._transaction = transaction

    async def claim(
        self, claims: Sequence[DeliveryClaim], *, owner: str, now: datetime
    ) -> list[Delivery]:
        """Take the slots in one transaction; returns the deliveries this owner now holds.

        A claim only counts if the subscription still expects the slot the caller saw
        (``expected_next_due``): the same statement moves the subscription on, so a second
        scheduler reading the same due list finds nothing left to take.
        """
        taken: list[Delivery] = []
        async with self._transaction() as conn:
            for claim in claims:
                moved = await conn.execute(
                    "UPDATE subscriptions SET next_due_at = ?"
                    " WHERE chat_id = ? AND active = 1 AND next_due_at = ?",
                    (
                        utc_text(claim.next_due_at),
                        claim.chat_id,
                        utc_text(claim.expected_next_due),
                    ),
                )
                if moved.rowcount == 0:
                    continue
                status = DeliveryStatus.CLAIMED if claim.send else DeliveryStatus.SKIPPED
                async with conn.execute(
                    "INSERT INTO deliveries (chat_id, local_date, status, due_at, claimed_at,"
                    " claimed_by, since, until, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    f" ON CONFLICT (chat_id, local_date) DO NOTHING RETURNING {_COLUMNS}",
                    (
                        claim.chat_id,
                        claim.local_date.isoformat(),
                        status.value,
                        utc_text(claim.due_at),
                        utc_text(now),
                        owner,
                        utc_text(claim.since),
                        utc_text(claim.until),
                        claim.note,
                    ),
                ) as cursor:
                    row = await cursor.fetchone()
                if row is not None and claim.send:
                    taken.append(delivery_from_row(row))
        return taken

    async def reclaim_stale(
        self, *, owner: str, claimed_before: datetime, now: datetime, limit: int = 500
    ) -> list[Delivery]:
        """Claims never handed to Telegram whose holder went away: safe to take over."""
        async with (
            self._transaction() as conn,
            conn.execute(
                "UPDATE deliveries SET claimed_by = ?, claimed_at = ? WHERE id IN ("
                "  SELECT id FROM deliveries WHERE status = 'claimed' AND claimed_at < ?"
                "  ORDER BY claimed_at LIMIT ?)"
                f" RETURNING {_COLUMNS}",
                (owner, utc_text(now), utc_text(claimed_before), limit),
            ) as cursor,
        ):
            rows = await cursor.fetchall()
        return sorted((delivery_from_row(row) for row in rows), key=lambda d: d.id)

    async def expire_sending(self, *, started_before: datetime) -> list[Delivery]:
        """Sends whose holder died mid-flight: Telegram may have them, so never resend."""
        async with (
            self._transaction() as conn,
            conn.execute(
                "UPDATE deliveries SET status = 'unknown',"
                " note = 'the scheduler stopped while sending; not resent'"
                " WHERE status = 'sending' AND claimed_at < ?"
                f" RETURNING {_COLUMNS}",
                (utc_text(started_before),),
            ) as cursor,
        ):
            rows = await cursor.fetchall()
        return [delivery_from_row(row) for row in rows]

    async def start_sending(self, delivery_id: int, *, owner: str, now: datetime) -> bool:
        """The point of no return: after this commit the digest is never sent again."""
        async with self._transaction() as conn:
            cursor = await conn.execute(
                "UPDATE deliveries SET status = 'sending', attempts = attempts + 1,"
                " claimed_at = ? WHERE id = ? AND status = 'claimed' AND claimed_by = ?",
                (utc_text(now), delivery_id, owner),
            )
            return cursor.rowcount == 1

    async def record_attempt(self, delivery_id: int, *, owner: str, now: datetime) -> None:
        """Another try of the same send: counts it and renews the holder's lease."""
        async with self._transaction() as conn:
            await conn.execute(
                "UPDATE deliveries SET attempts = attempts + 1, claimed_at = ?"
                " WHERE id = ? AND status = 'sending' AND claimed_by = ?",
                (utc_text(now), delivery_id, owner),
            )

    async def mark_sent(
        self, delivery_id: int, *, owner: str, now: datetime, messages: int
    ) -> bool:
        """Sent, and the chat's next digest starts where this one ended."""
        async with self._transaction() as conn:
            async with conn.execute(
                "UPDATE deliveries SET status = 'sent', sent_at = ?, messages = ?, note = NULL"
                " WHERE id = ? AND claimed_by = ? AND status IN ('sending', 'unknown')"
                " RETURNING chat_id, until",
                (utc_text(now), messages, delivery_id, owner),
            ) as cursor:
                row = await cursor.fetchone()
            if row is None:
                return False
            await _advance_cutoff(conn, row[0], row[1])
        return True

    async def mark_skipped(
        self, delivery_id: int, *, owner: str, note: str, advance_cutoff: bool
    ) -> bool:
        async with self._transaction() as conn:
            row = await _close(conn, delivery_id, owner, DeliveryStatus.SKIPPED, note)
            if row is None:
                return False
            if advance_cutoff:
                await _advance_cutoff(conn, row[0], row[1])
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
        async with self._transaction() as conn:
            row = await _close(conn, delivery_id, owner, DeliveryStatus.FAILED, note)
            if row is None:
                return False
            if deactivate is not None:
                await conn.execute(
                    "UPDATE subscriptions SET active = 0, inactive_reason = ?, updated_at = ?"
                    " WHERE chat_id = ?",
                    (deactivate.value, utc_text(now), row[0]),
                )
        return True

    async def mark_unknown(self, delivery_id: int, *, owner: str, note: str) -> bool:
        """A request may have reached Telegram without an answer: never resent, and the
        cutoff stays, so the next digest still has these articles."""
        async with self._transaction() as conn:
            return await _close(conn, delivery_id, owner, DeliveryStatus.UNKNOWN, note) is not None

    async def release(self, *, owner: str) -> int:
        """Give back claims not yet sent (orderly shutdown): the next start takes them at once."""
        async with self._transaction() as conn:
            cursor = await conn.execute(
                "UPDATE deliveries SET claimed_at = ? WHERE claimed_by = ? AND status = 'claimed'",
                (_RELEASED_AT, owner),
            )
            return cursor.rowcount

    async def get(self, chat_id: int, local_date: date) -> Delivery | None:
        async with self._conn.execute(
            f"SELECT {_COLUMNS} FROM deliveries WHERE chat_id = ? AND local_date = ?",
            (chat_id, local_date.isoformat()),
        ) as cursor:
            row = await cursor.fetchone()
        return delivery_from_row(row) if row else None

    async def for_chat(self, chat_id: int, *, limit: int = 30) -> list[Delivery]:
        async with self._conn.execute(
            f"SELECT {_COLUMNS} FROM deliveries WHERE chat_id = ? ORDER BY local_date DESC LIMIT ?",
            (chat_id, limit),
        ) as cursor:
            return [delivery_from_row(row) for row in await cursor.fetchall()]

    async def status_counts(self) -> dict[DeliveryStatus, int]:
        async with self._conn.execute(
            "SELECT status, count(*) FROM deliveries GROUP BY status"
        ) as cursor:
            return {DeliveryStatus(row[0]): row[1] for row in await cursor.fetchall()}


async def _close(
    conn: aiosqlite.Connection, delivery_id: int, owner: str, status: DeliveryStatus, note: str
) -> tuple[int, str] | None:
    """Move a delivery to a final status with its reason. Only the claim holder may, and only
    from the states in ``_CLOSES_FROM``; ``None`` means the claim was lost meanwhile."""
    allowed = _CLOSES_FROM[status]
    async with conn.execute(
        "UPDATE deliveries SET status = ?, note = ?"
        f" WHERE id = ? AND claimed_by = ? AND status IN ({', '.join('?' * len(allowed))})"
        " RETURNING chat_id, until",
        (status.value, note, delivery_id, owner, *(state.value for state in allowed)),
    ) as cursor:
        row = await cursor.fetchone()
    return None if row is None else (row[0], row[1])


async def _advance_cutoff(conn: aiosqlite.Connection, chat_id: int, until: str) -> None:
    await conn.execute(
        "UPDATE subscriptions SET last_cutoff = ?"
        " WHERE chat_id = ? AND (last_cutoff IS NULL OR last_cutoff < ?)",
        (until, chat_id, until),
    )


def delivery_from_row(row: aiosqlite.Row) -> Delivery:
    return Delivery(
        id=row["id"],
        chat_id=row["chat_id"],
        local_date=date.fromisoformat(row["local_date"]),
        status=DeliveryStatus(row["status"]),
        due_at=datetime.fromisoformat(row["due_at"]),
        claimed_at=datetime.fromisoformat(row["claimed_at"]),
        claimed_by=row["claimed_by"],
        sent_at=optional_datetime(row["sent_at"]),
        attempts=row["attempts"],
        since=datetime.fromisoformat(row["since"]),
        until=datetime.fromisoformat(row["until"]),
        messages=row["messages"],
        note=row["note"],
    )
