"""Feed sources and the entries seen in them, as the storage layer hands them out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class FeedState(StrEnum):
    ACTIVE = "active"
    FAILING = "failing"  # the last poll failed; backing off
    PAUSED = "paused"  # by an admin, or after too many failures in a row


class EntryStatus(StrEnum):
    ADDED = "added"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Feed:
    id: int
    url: str
    title: str | None
    state: FeedState
    paused_by_failures: bool
    etag: str | None
    last_modified: str | None
    interval: timedelta
    next_poll_at: datetime
    last_polled_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    consecutive_failures: int
    articles_added: int
    failure_notice_sent: bool
    created_at: datetime
