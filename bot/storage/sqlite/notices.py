"""Messages owed to chats, in SQLite (migrations 0007 and 0010)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import aiosqlite

from bot.storage.records import Notice, NoticeKind
from bot.storage.sqlite.articles import Transaction
from bot.storage.sqlite.subscriptions import utc_text

_COLUMNS = "id, chat_id, kind, text, created_at, attempts"
_DUE = "(held_by IS NULL OR held_until < ?)"


class SQLiteNoticeRepository:
    def __init__(self, connection: aiosqlite.Connection, transaction: Transaction) -> None:
        self._conn = connection
        self._transaction = transaction

    async def hold(
        self,
        chat_id: int,
        kind: NoticeKind,
        text: str,
        *,
        owner: str,
        now: datetime,
        until: datetime,
    ) -> int:
        async with self._transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO notices (chat_id, kind, text, held_by, held_until, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (chat_id, kind.value, text, owner, utc_text(until), utc_text(now)),
            )
            notice_id = cursor.lastrowid
        assert notice_id is not None
        return notice_id

    async def rewrite(self, notice_id: int, text: str) -> None:
        async with self._transaction() as conn:
            await conn.execute("UPDATE notices SET text = ? WHERE id = ?", (text, notice_id))

    async def post(self, chat_id: int, kind: NoticeKind, text: str, *, now: datetime) -> bool:
        async with self._transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO notices (chat_id, kind, text, created_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (chat_id, kind.value, text, utc_text(now)),
            )
            return cursor.rowcount == 1

    async def release(self, notice_id: int) -> None:
        async with self._transaction() as conn:
            await conn.execute(
                "UPDATE notices SET held_by = NULL, held_until = NULL WHERE id = ?", (notice_id,)
            )

    async def release_held(self, *, except_owner: str) -> int:
        async with self._transaction() as conn:
            cursor = await conn.execute(
                "UPDATE notices SET held_by = NULL, held_until = NULL"
                " WHERE held_by IS NOT NULL AND held_by != ?",
                (except_owner,),
            )
            return cursor.rowcount

    async def renew(self, *, owner: str, until: datetime) -> int:
        async with self._transaction() as conn:
            cursor = await conn.execute(
                "UPDATE notices SET held_until = ? WHERE held_by = ?", (utc_text(until), owner)
            )
            return cursor.rowcount

    async def claim(
        self, *, owner: str, now: datetime, until: datetime, limit: int = 100
    ) -> list[Notice]:
        # BEGIN IMMEDIATE: no other process reads the due notices until these are held.
        async with self._transaction() as conn:
            rows = await conn.execute_fetchall(
                f"UPDATE notices SET held_by = ?, held_until = ? WHERE id IN"
                f" (SELECT id FROM notices WHERE {_DUE} ORDER BY id LIMIT ?)"
                f" RETURNING {_COLUMNS}",
                (owner, utc_text(until), utc_text(now), limit),
            )
        return sorted(_notices(rows), key=lambda notice: notice.id)

    async def due(self, *, now: datetime, limit: int = 100) -> list[Notice]:
        rows = await self._conn.execute_fetchall(
            f"SELECT {_COLUMNS} FROM notices WHERE {_DUE} ORDER BY id LIMIT ?",
            (utc_text(now), limit),
        )
        return _notices(rows)

    async def attempted(self, notice_id: int) -> None:
        async with self._transaction() as conn:
            await conn.execute(
                "UPDATE notices SET attempts = attempts + 1 WHERE id = ?", (notice_id,)
            )

    async def delete(self, notice_id: int) -> None:
        async with self._transaction() as conn:
            await conn.execute("DELETE FROM notices WHERE id = ?", (notice_id,))


def _notices(rows: Iterable[aiosqlite.Row]) -> list[Notice]:
    return [
        Notice(
            id=row["id"],
            chat_id=row["chat_id"],
            kind=NoticeKind(row["kind"]),
            text=row["text"],
            created_at=datetime.fromisoformat(row["created_at"]),
            attempts=row["attempts"],
        )
        for row in rows
    ]
