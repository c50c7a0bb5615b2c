"""The summary cache in SQLite."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

import aiosqlite

from bot.storage.records import is_row_id
from bot.storage.sqlite.articles import Transaction


class SQLiteSummaryRepository:
    def __init__(self, connection: aiosqlite.Connection, transaction: Transaction) -> None:
        self._conn = connection
        self._transaction = transaction

    async def get(self, article_id: int, *, algorithm: str, length: int) -> list[int] | None:
        if not is_row_id(article_id):
            return None
        async with self._conn.execute(
            "SELECT positions FROM summaries WHERE article_id = ? AND algorithm = ? AND length = ?",
            (article_id, algorithm, length),
        ) as cursor:
            row = await cursor.fetchone()
        return list(json.loads(row[0])) if row else None

    async def put(
        self, article_id: int, *, algorithm: str, length: int, positions: Sequence[int]
    ) -> None:
        if not is_row_id(article_id):
            return
        async with self._transaction() as conn:
            # The article may have been deleted while the summary was computed.
            await conn.execute(
                "INSERT INTO summaries (article_id, algorithm, length, positions, created_at)"
                " SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?)"
                " ON CONFLICT (article_id, algorithm, length) DO NOTHING",
                (
                    article_id,
                    algorithm,
                    length,
                    json.dumps(list(positions)),
                    datetime.now(UTC).isoformat(),
                    article_id,
                ),
            )
