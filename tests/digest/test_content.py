"""The digest as data: which new articles, in which order, and how many left out."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.digest.content import DigestItem, assemble_digest, digest_since, rank_items
from tests.digest.support import digest_item

CUTOFF = datetime(2024, 5, 1, 6, 0, tzinfo=UTC)


def _item(article_id: int, *, hours_old: float, length: int, title: str = "") -> DigestItem:
    return digest_item(article_id, cutoff=CUTOFF, hours_old=hours_old, length=length, title=title)


def test_ranking_prefers_recent_substantial_articles() -> None:
    fresh_full = _item(1, hours_old=1, length=20)
    fresh_brief = _item(2, hours_old=1, length=2)
    old_full = _item(3, hours_old=20, length=20)
    ranked = rank_items([old_full, fresh_brief, fresh_full], cutoff=CUTOFF)
    assert [item.header.id for item in ranked] == [1, 2, 3]


def test_a_digest_shows_the_best_articles_and_counts_the_rest() -> None:
    items = [_item(n, hours_old=n, length=10) for n in range(1, 15)]
    digest = assemble_digest(
        7,
        list(reversed(items)),
        local_date=date(2024, 5, 1),
        since=CUTOFF - timedelta(days=1),
        until=CUTOFF,
        max_articles=10,
    )
    assert [item.header.id for item in digest.items] == list(range(1, 11))
    assert digest.more == 4 and not digest.is_empty
    empty = assemble_digest(
        7, [], local_date=date(2024, 5, 1), since=CUTOFF - timedelta(days=1), until=CUTOFF
    )
    assert empty.is_empty and empty.more == 0


def test_a_digest_starts_at_the_last_cutoff_or_a_day_back() -> None:
    last = CUTOFF - timedelta(hours=30)
    assert digest_since(last, CUTOFF) == last
    assert digest_since(None, CUTOFF) == CUTOFF - timedelta(hours=24)
