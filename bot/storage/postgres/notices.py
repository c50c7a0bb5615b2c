"""Messages owed to chats, in PostgreSQL."""

from __future__ import annotations

from datetime import datetime

import asyncpg

from bot.storage.postgres.pool import aware, clean
from bot.storage.postgres.subscriptions import affected
from bot.storage.records import Notice, NoticeKind

_COLUMNS = "id, chat_id, kind, text, created_at, attempts"


class PostgresNoticeRepository:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def hold(
        self, chat_id: int, kind: NoticeKind, text: str, *, owner: str, now: datetime
    ) -> int:
        notice_id: int = await self._pool.fetchval(
            "INSERT INTO notices (chat_id, kind, text, held_by, created_at)"
            " VALUES ($1, $2, $3, $4, $5) RETURNING id",
            chat_id,
            kind.value,
            clean(text),
            owner,
            aware(now),
        )
        return notice_id

    async def rewrite(self, notice_id: int, text: str) -> None:
        await self._pool.execute(
            "UPDATE notices SET text = $1 WHERE id = $2", clean(text), notice_id
        )

    async def post(self, chat_id: int, kind: NoticeKind, text: str, *, now: datetime) -> bool:
        status = await self._pool.execute(
            "INSERT INTO notices (chat_id, kind, text, created_at) VALUES ($1, $2, $3, $4)"
            " ON CONFLICT DO NOTHING",
            chat_id,
            kind.value,
            clean(text),
            aware(now),
        )
        return affected(status) == 1

    async def release(self, notice_id: int) -> None:
        await self._pool.execute("UPDATE notices SET held_by = NULL WHERE id = $1", notice_id)

    async def release_held(self, *, except_owner: str) -> int:
        status = await self._pool.execute(
            "UPDATE notices SET held_by = NULL WHERE held_by IS NOT NULL AND held_by != $1",
            except_owner,
        )
        return affected(status)

    async def due(self, *, limit: int = 100) -> list[Notice]:
        rows = await self._pool.fetch(
            f"SELECT {_COLUMNS} FROM notices WHERE held_by IS NULL ORDER BY id LIMIT $1", limit
        )
        return [
            Notice(
                id=row["id"],
                chat_id=row["chat_id"],
                kind=NoticeKind(row["kind"]),
                text=row["text"],
                created_at=row["created_at"],
                attempts=row["attempts"],
            )
            for row in rows
        ]

    async def attempted(self, notice_id: int) -> None:
        await self._pool.execute(
            "UPDATE notices SET attempts = attempts + 1 WHERE id = $1", notice_id
        )

    async def delete(self, notice_id: int) -> None:
        await self._pool.execute("DELETE FROM notices WHERE id = $1", notice_id)
