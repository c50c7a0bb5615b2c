"""What a digest holds: the new articles worth sending, best first, as plain data.

Pure: no database, no Telegram, no summariser. The digest use case fetches the articles
and their summaries; a face renders the result (Telegram HTML, or the command line's JSON).

Ranking ("best first"): ``0.6 × recency + 0.4 × substance``. Recency halves every 12 hours
before the digest's cutoff, so today's news leads; substance is the article's length in
sentences (capped at 15), because a one-paragraph brief gives a thin summary and a full
report a useful one. Ties go to the newer article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

RECENCY_WEIGHT = 0.6
SUBSTANCE_WEIGHT = 0.4
RECENCY_HALF_LIFE_HOURS = 12.0
SUBSTANCE_FULL_SENTENCES = 15
MAX_ARTICLES = 10
FIRST_DIGEST_WINDOW = timedelta(hours=24)


class Headline(Protocol):
    """What a digest needs to know of an article; the stored article header is one."""

    @property
    def id(self) -> int: ...

    @property
    def title(self) -> str: ...

    @property
    def published(self) -> date | None: ...

    @property
    def ingested_at(self) -> datetime: ...


@dataclass(frozen=True, slots=True)
class DigestItem:
    """One article of a digest with the summary chosen for the chat's length."""

    header: Headline
    sentences: tuple[str, ...]
    article_length: int  # sentences in the whole article


@dataclass(frozen=True, slots=True)
class Digest:
    """One chat's digest for one local day: the articles shown, ranked, and how many not."""

    chat_id: int
    local_date: date
    since: datetime
    until: datetime
    items: tuple[DigestItem, ...]  # ranked, as shown
    more: int  # new articles left out of the digest

    @property
    def is_empty(self) -> bool:
        return not self.items


def digest_since(last_cutoff: datetime | None, until: datetime) -> datetime:
    """Where a chat's next digest starts: its last sent cutoff, or a day back."""
    return last_cutoff if last_cutoff is not None else until - FIRST_DIGEST_WINDOW


def item_score(item: DigestItem, *, cutoff: datetime) -> float:
    age_hours = max(0.0, (cutoff - item.header.ingested_at).total_seconds() / 3600)
    recency = 0.5 ** (age_hours / RECENCY_HALF_LIFE_HOURS)
    substance = min(item.article_length, SUBSTANCE_FULL_SENTENCES) / SUBSTANCE_FULL_SENTENCES
    return RECENCY_WEIGHT * recency + SUBSTANCE_WEIGHT * substance


def rank_items(items: Sequence[DigestItem], *, cutoff: datetime) -> list[DigestItem]:
    return sorted(
        items,
        key=lambda item: (item_score(item, cutoff=cutoff), item.header.ingested_at, item.header.id),
        reverse=True,
    )


def assemble_digest(
    chat_id: int,
    items: Sequence[DigestItem],
    *,
    local_date: date,
    since: datetime,
    until: datetime,
    max_articles: int = MAX_ARTICLES,
    new_articles: int | None = None,
) -> Digest:
    """The best ``max_articles`` of the new articles, ranked at the digest's cutoff.

    ``items`` may be only the newest candidates; ``new_articles`` is how many arrived in all,
    so the digest can say how many it leaves out.
    """
    ranked = rank_items(items, cutoff=until)
    shown = ranked[:max_articles]
    arrived = max(new_articles or 0, len(ranked))
    return Digest(chat_id, local_date, since, until, tuple(shown), arrived - len(shown))
