"""Feed sources and their seen entries in SQLite."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import aiosqlite

from bot.storage.feed_records import EntryStatus, Feed, FeedState
from bot.storage.sqlite.articles import Transaction
from bot.storage.sqlite.subscriptions import optional_datetime, utc_text

_COLUMNS = (
    "id, url, title, state, paused_by_failures, etag, last_modified, interval_seconds,"
    " next_poll_at, last_polled_at, last_success_at, last_error, consecutive_failures,"
    " failure_notice_sent, created_at,"
    " (SELECT count(*) FROM feed_entries e WHERE e.feed_id = feeds.id AND e.status = 'added')"
    " AS articles_added"
)
_SEEDED = "seeded"


class SQLiteFeedRepository:
    def __init__(self, connection: aiosqlite.Connection, transaction: Transaction) -> None:
        self._conn = connection
        self._transaction = transaction

    async def add(
        self, url: str, *, title: str | None, interval: timedelta, now: datetime
    ) -> tuple[Feed, bool]:
        async with self._transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO feeds (url, title, interval_seconds, next_poll_at, created_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING",
                (url, title, int(interval.total_seconds()), utc_text(now), utc_text(now)),
            )
            created = cursor.rowcount > 0
        feed = await self.get_by_url(url)
        assert feed is not None
        return feed, created

    async def seed(self, urls: Sequence[str], *, interval: timedelta, now: datetime) -> int:
        async with self._transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO feed_markers (name, set_at) VALUES (?, ?)"
                " ON CONFLICT (name) DO NOTHING",
                (_SEEDED, utc_text(now)),
            )
            if cursor.rowcount == 0:
                return 0
            added = 0
            for url in urls:
                cursor = await conn.execute(
                    "INSERT INTO feeds (url, interval_seconds, next_poll_at, created_at)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT (url) DO NOTHING",
                    (url, int(interval.total_seconds()), utc_text(now), utc_text(now)),
                )
                added += cursor.rowcount
        return added

    async def get(self, feed_id: int) -> Feed | None:
        return await self._one("WHERE id = ?", (feed_id,))

    async def get_by_url(self, url: str) -> Feed | None:
        return await self._one("WHERE url = ?", (url,))

    async def list_all(self) -> list[Feed]:
        async with self._conn.execute(f"SELECT {_COLUMNS} FROM feeds ORDER BY id") as cursor:
            return [_feed(row) for row in await cursor.fetchall()]

    async def remove(self, feed_id: int) -> bool:
        async with self._transaction() as conn:
            cursor = await conn.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
            return cursor.rowcount > 0

    async def pause(self, feed_id: int, *, now: datetime) -> Feed | None:
        async with self._transaction() as conn:
            await conn.execute(
                "UPDATE feeds SET state = 'paused', paused_by_failures = 0 WHERE id = ?",
                (feed_id,),
            )
        return await self.get(feed_id)

    async def resume(self, feed_id: int, *, now: datetime) -> Feed | None:
        async with self._transaction() as conn:
            await conn.execute(
                "UPDATE feeds SET state = 'active', paused_by_failures = 0,"
                " consecutive_failures = 0, failure_notice_sent = 0, next_poll_at = ?"
                " WHERE id = ?",
                (utc_text(now), feed_id),
            )
        return await self.get(feed_id)

    async def claim_due(self, now: datetime, *, lease_until: datetime, limit: int) -> list[Feed]:
        async with self._transaction() as conn:
            async with conn.execute(
                f"SELECT {_COLUMNS} FROM feeds WHERE state != 'paused' AND next_poll_at <= ?"
                " ORDER BY next_poll_at, id LIMIT ?",
                (utc_text(now), limit),
            ) as cursor:
                due = [_feed(row) for row in await cursor.fetchall()]
            # The lease: a poll that dies with its process is taken up again after it.
            await conn.executemany(
                "UPDATE feeds SET next_poll_at = ?, last_polled_at = ? WHERE id = ?",
                [(utc_text(lease_until), utc_text(now), feed.id) for feed in due],
            )
        return due

    async def release(self, feed_ids: Sequence[int], *, now: datetime) -> None:
        async with self._transaction() as conn:
            await conn.executemany(
                "UPDATE feeds SET next_poll_at = ? WHERE id = ?",
                [(utc_text(now), feed_id) for feed_id in feed_ids],
            )

    async def known_entries(
        self, feed_id: int, keys: Sequence[str], *, max_attempts: int
    ) -> set[str]:
        """Of ``keys`` (entry keys and canonical links), those handled for good in this feed."""
        known: set[str] = set()
        for start in range(0, len(keys), 400):
            chunk = list(keys[start : start + 400])
            marks = ",".join("?" * len(chunk))
            async with self._conn.execute(
                "SELECT entry_key, canonical_url FROM feed_entries WHERE feed_id = ?"
                f" AND (entry_key IN ({marks}) OR canonical_url IN ({marks}))"
                " AND (status != 'rejected' OR attempts >= ?)",
                (feed_id, *chunk, *chunk, max_attempts),
            ) as cursor:
                for row in await cursor.fetchall():
                    known.add(row["entry_key"])
                    if row["canonical_url"]:
                        known.add(row["canonical_url"])
        return known & set(keys)

    async def record_entry(
        self,
        feed_id: int,
        entry_key: str,
        *,
        canonical_url: str | None,
        article_id: int | None,
        status: EntryStatus,
        reason: str | None,
        now: datetime,
    ) -> None:
        async with self._transaction() as conn:
            await conn.execute(
                "INSERT INTO feed_entries (feed_id, entry_key, canonical_url, article_id,"
                " status, reason, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (feed_id, entry_key) DO UPDATE SET"
                " canonical_url = excluded.canonical_url, article_id = excluded.article_id,"
                " status = excluded.status, reason = excluded.reason,"
                " attempts = feed_entries.attempts + 1, seen_at = excluded.seen_at",
                (feed_id, entry_key, canonical_url, article_id, status.value, reason,
                 utc_text(now)),
            )  # fmt: skip

    async def record_success(
        self,
        feed_id: int,
        *,
        title: str | None,
        etag: str | None,
        last_modified: str | None,
        interval: timedelta,
        next_poll_at: datetime,
        now: datetime,
    ) -> None:
        """A poll that worked (200 or 304); validators kept when the response sent none."""
        async with self._transaction() as conn:
            await conn.execute(
                "UPDATE feeds SET title = COALESCE(?, title), etag = COALESCE(?, etag),"
                " last_modified = COALESCE(?, last_modified), interval_seconds = ?,"
                " next_poll_at = ?, last_success_at = ?, last_error = NULL,"
                " consecutive_failures = 0, failure_notice_sent = 0,"
                " state = CASE WHEN state = 'paused' THEN state ELSE 'active' END"
                " WHERE id = ?",
                (title, etag, last_modified, int(interval.total_seconds()),
                 utc_text(next_poll_at), utc_text(now), feed_id),
            )  # fmt: skip

    async def record_failure(
        self,
        feed_id: int,
        *,
        error: str,
        next_poll_at: datetime,
        pause_after: int,
        now: datetime,
    ) -> Feed | None:
        async with self._transaction() as conn:
            await conn.execute(
                "UPDATE feeds SET consecutive_failures = consecutive_failures + 1,"
                " last_error = ?, next_poll_at = ?,"
                " paused_by_failures = CASE WHEN state != 'paused'"
                "   AND consecutive_failures + 1 >= ? THEN 1 ELSE paused_by_failures END,"
                " state = CASE WHEN state = 'paused' THEN 'paused'"
                "   WHEN consecutive_failures + 1 >= ? THEN 'paused' ELSE 'failing' END"
                " WHERE id = ?",
                (error[:500], utc_text(next_poll_at), pause_after, pause_after, feed_id),
            )
        return await self.get(feed_id)

    async def unnotified_pauses(self) -> list[Feed]:
        async with self._conn.execute(
            f"SELECT {_COLUMNS} FROM feeds WHERE state = 'paused' AND paused_by_failures = 1"
            " AND failure_notice_sent = 0 ORDER BY id"
        ) as cursor:
            return [_feed(row) for row in await cursor.fetchall()]

    async def mark_notified(self, feed_id: int) -> None:
        async with self._transaction() as conn:
            await conn.execute("UPDATE feeds SET failure_notice_sent = 1 WHERE id = ?", (feed_id,))

    async def _one(self, where: str, params: tuple[object, ...]) -> Feed | None:
        async with self._conn.execute(f"SELECT {_COLUMNS} FROM feeds {where}", params) as cursor:
            row = await cursor.fetchone()
        return _feed(row) if row else None


def _feed(row: aiosqlite.Row) -> Feed:
    return Feed(
        id=row["id"],
        url=row["url"],
        title=row["title"],
        state=FeedState(row["state"]),
        paused_by_failures=bool(row["paused_by_failures"]),
        etag=row["etag"],
        last_modified=row["last_modified"],
        interval=timedelta(seconds=row["interval_seconds"]),
        next_poll_at=datetime.fromisoformat(row["next_poll_at"]),
        last_polled_at=optional_datetime(row["last_polled_at"]),
        last_success_at=optional_datetime(row["last_success_at"]),
        last_error=row["last_error"],
        consecutive_failures=row["consecutive_failures"],
        articles_added=row["articles_added"],
        failure_notice_sent=bool(row["failure_notice_sent"]),
        created_at=datetime.fromisoformat(row["created_at"]),
    )
