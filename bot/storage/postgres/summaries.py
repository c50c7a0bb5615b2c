"""The summary cache in PostgreSQL, shared by every bot process."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import asyncpg

from bot.storage.records import is_row_id


class PostgresSummaryRepository:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def get(self, article_id: int, *, algorithm: str, length: int) -> list[int] | None:
        if not is_row_id(article_id):
            return None
        positions = await self._pool.fetchval(
            "SELECT positions FROM summaries WHERE article_id = $1 AND algorithm = $2"
            " AND length = $3",
            article_id,
            algorithm,
            length,
        )
        return list(positions) if positions is not None else None

    async def put(
        self, article_id: int, *, algorithm: str, length: int, positions: Sequence[int]
    ) -> None:
        if not is_row_id(article_id):
            return
        # The article may have been deleted while the summary was computed; another
        # process may have stored the same summary meanwhile.
        await self._pool.execute(
            "INSERT INTO summaries (article_id, algorithm, length, positions, created_at)"
            " SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM articles WHERE id = $1)"
            " ON CONFLICT (article_id, algorithm, length) DO NOTHING",
            article_id,
            algorithm,
            length,
            list(positions),
            datetime.now(UTC),
        )
