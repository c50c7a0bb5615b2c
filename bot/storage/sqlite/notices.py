"""Messages owed to chats, in SQLite (migration 0007)."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.storage.records import Notice, NoticeKind
from bot.storage.sqlite.articles import Transaction
from bot.storage.sqlite.subscriptions import utc_text

_COLUMNS = "id, chat_id, kind, text, created_at, attempts"


class SQLiteNoticeRepository:
    def __init__(self, connection: aiosqlite.Connection, transaction: Transaction) -> None:
        self._conn = connection
        self._transaction = transaction

    async def hold(
        self, chat_id: int, kind: NoticeKind, text: str, *, owner: str, now: datetime
    ) -> int:
        async with self._transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO notices (chat_id, kind, text, held_by, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (chat_id, kind.value, text, owner, utc_text(now)),
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
            await conn.execute("UPDATE notices SET held_by = NULL WHERE id = ?", (notice_id,))

    async def release_held(self, *, except_owner: str) -> int:
        async with self._transaction() as conn:
            cursor = await conn.execute(
                "UPDATE notices SET held_by = NULL WHERE held_by IS NOT NULL AND held_by != ?",
                (except_owner,),
            )
            return cursor.rowcount

    async def due(self, *, limit: int = 100) -> list[Notice]:
        async with self._conn.execute(
            f"SELECT {_COLUMNS} FROM notices WHERE held_by IS NULL ORDER BY id LIMIT ?",
            (limit,),
        ) as cursor:
            return [
                Notice(
                    id=row["id"],
                    chat_id=row["chat_id"],
                    kind=NoticeKind(row["kind"]),
                    text=row["text"],
                    created_at=datetime.fromisoformat(row["created_at"]),
                    attempts=row["attempts"],
                )
                for row in await cursor.fetchall()
            ]

    async def attempted(self, notice_id: int) -> None:
        async with self._transaction() as conn:
            await conn.execute(
                "UPDATE notices SET attempts = attempts + 1 WHERE id = ?", (notice_id,)
            )

    async def delete(self, notice_id: int) -> None:
        async with self._transaction() as conn:
            await conn.execute("DELETE FROM notices WHERE id = ?", (notice_id,))
