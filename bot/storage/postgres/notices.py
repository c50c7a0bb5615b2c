"""Messages owed to chats, in PostgreSQL (migrations 0007 and 0012).

Claims are taken with ``FOR UPDATE SKIP LOCKED``: workers claiming at once each get other
notices, and a notice another worker holds is not due until its lease has run out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import asyncpg

from bot.storage.postgres.pool import aware, clean
from bot.storage.postgres.subscriptions import affected
from bot.storage.records import Notice, NoticeKind

_COLUMNS = "id, chat_id, kind, text, created_at, attempts"
_DUE = "(held_by IS NULL OR held_until < $1)"


class PostgresNoticeRepository:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

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
        notice_id: int = await self._pool.fetchval(
            "INSERT INTO notices (chat_id, kind, text, held_by, held_until, created_at)"
            " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            chat_id,
            kind.value,
            clean(text),
            owner,
            aware(until),
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
        await self._pool.execute(
            "UPDATE notices SET held_by = NULL, held_until = NULL WHERE id = $1", notice_id
        )

    async def release_held(self, *, except_owner: str) -> int:
        status = await self._pool.execute(
            "UPDATE notices SET held_by = NULL, held_until = NULL"
            " WHERE held_by IS NOT NULL AND held_by != $1",
            except_owner,
        )
        return affected(status)

    async def renew(self, *, owner: str, until: datetime) -> int:
        status = await self._pool.execute(
            "UPDATE notices SET held_until = $2 WHERE held_by = $1", owner, aware(until)
        )
        return affected(status)

    async def claim(
        self, *, owner: str, now: datetime, until: datetime, limit: int = 100
    ) -> list[Notice]:
        rows = await self._pool.fetch(
            "UPDATE notices n SET held_by = $2, held_until = $3 FROM"
            f" (SELECT id FROM notices WHERE {_DUE} ORDER BY id LIMIT $4"
            "  FOR UPDATE SKIP LOCKED) AS due"
            f" WHERE n.id = due.id RETURNING {', '.join(f'n.{c}' for c in _COLUMNS.split(', '))}",
            aware(now),
            owner,
            aware(until),
            limit,
        )
        return sorted(_notices(rows), key=lambda notice: notice.id)

    async def due(self, *, now: datetime, limit: int = 100) -> list[Notice]:
        rows = await self._pool.fetch(
            f"SELECT {_COLUMNS} FROM notices WHERE {_DUE} ORDER BY id LIMIT $2",
            aware(now),
            limit,
        )
        return _notices(rows)

    async def attempted(self, notice_id: int) -> None:
        await self._pool.execute(
            "UPDATE notices SET attempts = attempts + 1 WHERE id = $1", notice_id
        )

    async def delete(self, notice_id: int) -> None:
        await self._pool.execute("DELETE FROM notices WHERE id = $1", notice_id)


def _notices(rows: Iterable[asyncpg.Record]) -> list[Notice]:
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
