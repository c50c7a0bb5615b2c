"""A clock tests move by hand, articles stored with a chosen ingestion time, and digest
items made up for the pure and rendering tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.digest.content import DigestItem
from bot.ingest.article import ParsedArticle
from bot.storage.interface import Storage
from bot.storage.records import ArticleHeader, NewSentence


class ControlledClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now

    def set(self, moment: datetime) -> datetime:
        self.now = moment
        return self.now


async def add_article(
    storage: Storage,
    title: str,
    *,
    ingested_at: datetime,
    sentences: int = 6,
    published: date | None = None,
) -> int:
    texts = [
        f"{title} sentence {n} reports that officials met again on day {n} to discuss it."
        for n in range(1, sentences + 1)
    ]
    article = ParsedArticle(title=title, paragraphs=(" ".join(texts),), published=published)
    outcome = await storage.articles.add(
        article,
        [NewSentence(0, n, text) for n, text in enumerate(texts)],
        content_hash=f"hash-{title}",
        ingested_at=ingested_at,
    )
    return outcome.article_id


def digest_item(
    article_id: int, *, cutoff: datetime, hours_old: float, length: int, title: str = ""
) -> DigestItem:
    """An article ingested ``hours_old`` before ``cutoff``, ``length`` sentences long."""
    header = ArticleHeader(
        article_id,
        title or f"Story {article_id}",
        date(2024, 4, 30),
        None,
        cutoff - timedelta(hours=hours_old),
    )
    return DigestItem(header, (f"Sentence of story {article_id}.",), length)
