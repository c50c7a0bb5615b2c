"""Feed sources and their seen entries in PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import asyncpg

from bot.storage.feed_records import EntryStatus, Feed, FeedState
from bot.storage.postgres.pool import aware, clean, transaction

_COLUMNS = (
    "id, url, title, state, paused_by_failures, etag, last_modified, interval_seconds,"
    " next_poll_at, last_polled_at, last_success_at, last_error, consecutive_failures,"
    " failure_notice_sent, created_at,"
    " (SELECT count(*) FROM feed_entries e WHERE e.feed_id = feeds.id AND e.status = 'added')"
    " AS articles_added"
)
_SEEDED = "seeded"


class PostgresFeedRepository:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def add(
        self, url: str, *, title: str | None, interval: timedelta, now: datetime
    ) -> tuple[Feed, bool]:
        created = await self._pool.fetchval(
            "INSERT INTO feeds (url, title, interval_seconds, next_poll_at, created_at)"
            " VALUES ($1, $2, $3, $4, $4) ON CONFLICT (url) DO NOTHING RETURNING id",
            clean(url),
            clean(title),
            int(interval.total_seconds()),
            aware(now),
        )
        feed = await self.get_by_url(url)
        assert feed is not None
        return feed, created is not None

    async def seed(self, urls: Sequence[str], *, interval: timedelta, now: datetime) -> int:
        async with transaction(self._pool) as conn:
            marked = await conn.fetchval(
                "INSERT INTO feed_markers (name, set_at) VALUES ($1, $2)"
                " ON CONFLICT (name) DO NOTHING RETURNING name",
                _SEEDED,
                aware(now),
            )
            if marked is None:
                return 0
            rows = await conn.fetch(
                "INSERT INTO feeds (url, interval_seconds, next_poll_at, created_at)"
                " SELECT url, $2, $3, $3 FROM unnest($1::text[]) WITH ORDINALITY AS u(url, n)"
                " ORDER BY n ON CONFLICT (url) DO NOTHING RETURNING id",
                [clean(u) for u in urls],
                int(interval.total_seconds()),
                now,
            )
        return len(rows)

    async def get(self, feed_id: int) -> Feed | None:
        return await self._one("WHERE id = $1", feed_id)

    async def get_by_url(self, url: str) -> Feed | None:
        return await self._one("WHERE url = $1", clean(url))

    async def list_all(self) -> list[Feed]:
        rows = await self._pool.fetch(f"SELECT {_COLUMNS} FROM feeds ORDER BY id")
        return [_feed(row) for row in rows]

    async def remove(self, feed_id: int) -> bool:
        return (
            await self._pool.fetchval("DELETE FROM feeds WHERE id = $1 RETURNING id", feed_id)
            is not None
        )

    async def pause(self, feed_id: int, *, now: datetime) -> Feed | None:
        await self._pool.execute(
            "UPDATE feeds SET state = 'paused', paused_by_failures = FALSE WHERE id = $1", feed_id
        )
        return await self.get(feed_id)

    async def resume(self, feed_id: int, *, now: datetime) -> Feed | None:
        await self._pool.execute(
            "UPDATE feeds SET state = 'active', paused_by_failures = FALSE,"
            " consecutive_failures = 0, failure_notice_sent = FALSE, next_poll_at = $1"
            " WHERE id = $2",
            aware(now),
            feed_id,
        )
        return await self.get(feed_id)

    async def claim_due(self, now: datetime, *, lease_until: datetime, limit: int) -> list[Feed]:
        """Due feeds, each leased in the same statement; feeds another process is claiming
        at this moment are skipped, not waited for."""
        rows = await self._pool.fetch(
            "WITH due AS (SELECT id FROM feeds WHERE state != 'paused' AND next_poll_at <= $1"
            "  ORDER BY next_poll_at, id LIMIT $3 FOR UPDATE SKIP LOCKED),"
            " leased AS (UPDATE feeds SET next_poll_at = $2, last_polled_at = $1"
            "  FROM due WHERE feeds.id = due.id RETURNING feeds.id)"
            f" SELECT {_COLUMNS} FROM feeds WHERE id IN (SELECT id FROM leased)"
            " ORDER BY next_poll_at, id",
            aware(now),
            aware(lease_until),
            limit,
        )
        # The SELECT sees the rows as they were before the lease (one snapshot).
        return sorted((_feed(row) for row in rows), key=lambda f: (f.next_poll_at, f.id))

    async def release(self, feed_ids: Sequence[int], *, now: datetime) -> None:
        await self._pool.execute(
            "UPDATE feeds SET next_poll_at = $1 WHERE id = ANY($2::bigint[])",
            aware(now),
            list(feed_ids),
        )

    async def known_entries(
        self, feed_id: int, keys: Sequence[str], *, max_attempts: int
    ) -> set[str]:
        """Of ``keys`` (entry keys and canonical links), those handled for good in this feed."""
        wanted = [clean(k) or "" for k in keys]
        rows = await self._pool.fetch(
            "SELECT entry_key, canonical_url FROM feed_entries WHERE feed_id = $1"
            " AND (entry_key = ANY($2::text[]) OR canonical_url = ANY($2::text[]))"
            " AND (status != 'rejected' OR attempts >= $3)",
            feed_id,
            wanted,
            max_attempts,
        )
        known: set[str] = set()
        for row in rows:
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
        await self._pool.execute(
            "INSERT INTO feed_entries (feed_id, entry_key, canonical_url, article_id,"
            " status, reason, seen_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"
            " ON CONFLICT (feed_id, entry_key) DO UPDATE SET"
            " canonical_url = excluded.canonical_url, article_id = excluded.article_id,"
            " status = excluded.status, reason = excluded.reason,"
            " attempts = feed_entries.attempts + 1, seen_at = excluded.seen_at",
            feed_id,
            clean(entry_key),
            clean(canonical_url),
            article_id,
            status.value,
            clean(reason),
            aware(now),
        )

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
        await self._pool.execute(
            "UPDATE feeds SET title = COALESCE($1, title), etag = COALESCE($2, etag),"
            " last_modified = COALESCE($3, last_modified), interval_seconds = $4,"
            " next_poll_at = $5, last_success_at = $6, last_error = NULL,"
            " consecutive_failures = 0, failure_notice_sent = FALSE,"
            " state = CASE WHEN state = 'paused' THEN state ELSE 'active' END"
            " WHERE id = $7",
            clean(title),
            clean(etag),
            clean(last_modified),
            int(interval.total_seconds()),
            aware(next_poll_at),
            aware(now),
            feed_id,
        )

    async def record_failure(
        self,
        feed_id: int,
        *,
        error: str,
        next_poll_at: datetime,
        pause_after: int,
        now: datetime,
    ) -> Feed | None:
        await self._pool.execute(
            "UPDATE feeds SET consecutive_failures = consecutive_failures + 1,"
            " last_error = $1, next_poll_at = $2,"
            " paused_by_failures = CASE WHEN state != 'paused'"
            "   AND consecutive_failures + 1 >= $3 THEN TRUE ELSE paused_by_failures END,"
            " state = CASE WHEN state = 'paused' THEN 'paused'"
            "   WHEN consecutive_failures + 1 >= $3 THEN 'paused' ELSE 'failing' END"
            " WHERE id = $4",
            clean(error[:500]),
            aware(next_poll_at),
            pause_after,
            feed_id,
        )
        return await self.get(feed_id)

    async def unnotified_pauses(self) -> list[Feed]:
        rows = await self._pool.fetch(
            f"SELECT {_COLUMNS} FROM feeds WHERE state = 'paused' AND paused_by_failures"
            " AND NOT failure_notice_sent ORDER BY id"
        )
        return [_feed(row) for row in rows]

    async def mark_notified(self, feed_id: int) -> None:
        await self._pool.execute(
            "UPDATE feeds SET failure_notice_sent = TRUE WHERE id = $1", feed_id
        )

    async def _one(self, where: str, *params: object) -> Feed | None:
        row = await self._pool.fetchrow(f"SELECT {_COLUMNS} FROM feeds {where}", *params)
        return _feed(row) if row else None


def _feed(row: asyncpg.Record) -> Feed:
    return Feed(
        id=row["id"],
        url=row["url"],
        title=row["title"],
        state=FeedState(row["state"]),
        paused_by_failures=row["paused_by_failures"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        interval=timedelta(seconds=row["interval_seconds"]),
        next_poll_at=row["next_poll_at"],
        last_polled_at=row["last_polled_at"],
        last_success_at=row["last_success_at"],
        last_error=row["last_error"],
        consecutive_failures=row["consecutive_failures"],
        articles_added=row["articles_added"],
        failure_notice_sent=row["failure_notice_sent"],
        created_at=row["created_at"],
    )
