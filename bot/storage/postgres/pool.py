"""What every PostgreSQL repository shares: transactions on pooled connections."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import datetime

import asyncpg


@contextlib.asynccontextmanager
async def transaction(pool: asyncpg.Pool) -> AsyncIterator[asyncpg.Connection]:
    """One connection for the length of one transaction, committed unless it raises."""
    async with pool.acquire() as connection, connection.transaction():
        yield connection


def aware(moment: datetime) -> datetime:
    """Timestamps are stored as ``timestamptz``; a naive one would be read as local time."""
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment


def clean(text: str | None) -> str | None:
    """PostgreSQL text cannot hold NUL characters; they carry nothing in news text."""
    return text.replace("\x00", "") if text and "\x00" in text else text
