"""The storage contract callers depend on; SQLite is one implementation of it.

Services and handlers type against these protocols only, so another backend
(PostgreSQL for several bot processes) can be added without touching them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.ingest.article import ParsedArticle
from bot.storage.records import AddOutcome, Article, ArticleHeader, NewSentence, Sentence


class ArticleRepository(Protocol):
    async def add(
        self,
        article: ParsedArticle,
        sentences: Sequence[NewSentence],
        *,
        content_hash: str,
        ingested_at: datetime,
    ) -> AddOutcome:
        """Store the article and its sentences in one transaction, or report a duplicate."""
        ...

    async def get(self, article_id: int) -> Article | None: ...

    async def find_duplicate(self, *, content_hash: str, url: str | None) -> AddOutcome | None: ...

    async def list_latest(self, *, limit: int = 10, offset: int = 0) -> list[ArticleHeader]: ...

    async def ingested_since(self, since: datetime, *, limit: int = 50) -> list[ArticleHeader]: ...

    async def headers(self, article_ids: Sequence[int]) -> dict[int, ArticleHeader]: ...

    async def find_by_words(self, words: Sequence[str], *, limit: int = 5) -> list[ArticleHeader]:
        """Articles matching all the words in title or body, best first."""
        ...

    async def count(self) -> int: ...

    async def last_ingested_at(self) -> datetime | None: ...

    async def delete(self, article_id: int) -> bool: ...

    async def sentences(self, article_id: int) -> list[Sentence]: ...


class SummaryRepository(Protocol):
    async def get(self, article_id: int, *, algorithm: str, length: int) -> list[int] | None:
        """Cached sentence positions of a summary, or None."""
        ...

    async def put(
        self, article_id: int, *, algorithm: str, length: int, positions: Sequence[int]
    ) -> None: ...


class Storage(Protocol):
    """One open database: its repositories, and closing it."""

    @property
    def articles(self) -> ArticleRepository: ...

    @property
    def summaries(self) -> SummaryRepository: ...

    async def close(self) -> None: ...
