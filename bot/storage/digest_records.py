"""Records of the digest feature: chats, subscriptions and deliveries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class InactiveReason(StrEnum):
    UNSUBSCRIBED = "unsubscribed"
    BLOCKED = "blocked"


class DeliveryStatus(StrEnum):
    CLAIMED = "claimed"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Subscription:
    chat_id: int
    chat_type: str
    local_time: str  # HH:MM
    zone: str
    summary_sentences: int
    send_empty: bool
    active: bool
    inactive_reason: InactiveReason | None
    next_due_at: datetime | None
    last_cutoff: datetime | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class SubscriptionStats:
    chats: int  # chats the bot has seen
    active: int  # active subscriptions
    inactive: int


@dataclass(frozen=True, slots=True)
class DeliveryClaim:
    """A slot a scheduler wants to take: the subscription must still expect ``due_at``."""

    chat_id: int
    local_date: date
    due_at: datetime
    expected_next_due: datetime  # the subscription's next_due_at the decision was made on
    since: datetime
    until: datetime
    next_due_at: datetime
    send: bool  # False: record the slot as skipped (too late) instead of claiming it
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    chat_id: int
    local_date: date
    status: DeliveryStatus
    due_at: datetime
    claimed_at: datetime
    claimed_by: str
    sent_at: datetime | None
    attempts: int
    since: datetime
    until: datetime
    messages: int
    note: str | None
