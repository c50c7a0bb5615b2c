"""Summaries of stored articles: computed once per (article, length, algorithm), then cached."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import cache

from bot.nlp.sentences import split_words
from bot.nlp.summarize import ALGORITHMS, summarize
from bot.services.article_numbers import looks_like_article_number, parse_article_number
from bot.storage.interface import Storage
from bot.storage.records import ArticleHeader

MAX_SENTENCES = 10


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    header: ArticleHeader
    sentences: list[str]
    algorithm: str
    length: int
    article_length: int  # sentences in the whole article, so callers know if "longer" helps


class SummaryService:
    def __init__(self, storage: Storage, *, algorithm: str = "default", default_sentences: int = 3):
        if algorithm not in ALGORITHMS:
            raise ValueError(f"unknown summary algorithm {algorithm!r}; use one of {ALGORITHMS}")
        self._storage = storage
        self.algorithm = algorithm
        self.default_sentences = default_sentences
        # One computation per key even when a digest and several users ask at once.
        self._running: dict[tuple[int, str, int], asyncio.Future[list[int]]] = {}

    async def summarize(
        self, article_id: int, *, sentences: int | None = None, algorithm: str | None = None
    ) -> ArticleSummary | None:
        algorithm = algorithm or self.algorithm
        if algorithm not in ALGORITHMS:
            raise ValueError(f"unknown summary algorithm {algorithm!r}; use one of {ALGORITHMS}")
        requested = self.default_sentences if sentences is None else sentences
        length = max(1, min(MAX_SENTENCES, requested))
        article = await self._storage.articles.get(article_id)
        if article is None:
            return None
        stored = await self._storage.articles.sentences(article_id)
        texts = [s.text for s in stored]
        positions = await self._positions(article_id, article.title, texts, algorithm, length)
        by_position = {s.position: s.text for s in stored}
        chosen = [by_position[p] for p in positions if p in by_position]
        return ArticleSummary(article.header, chosen, algorithm, length, len(texts))

    async def _positions(
        self, article_id: int, title: str, texts: list[str], algorithm: str, length: int
    ) -> list[int]:
        cached = await self._storage.summaries.get(article_id, algorithm=algorithm, length=length)
        if cached is not None:
            return cached
        key = (article_id, algorithm, length)
        running = self._running.get(key)
        if running is not None:
            return await asyncio.shield(running)
        future: asyncio.Future[list[int]] = asyncio.get_running_loop().create_future()
        self._running[key] = future
        try:
            positions = await asyncio.to_thread(
                summarize, texts, title=title, count=length, algorithm=algorithm
            )
            await self._storage.summaries.put(
                article_id, algorithm=algorithm, length=length, positions=positions
            )
            future.set_result(positions)
            return positions
        except asyncio.CancelledError:
            future.cancel()
            raise
        except Exception as exc:
            future.set_exception(exc)
            future.exception()  # retrieved here so waiters-less failures are not logged twice
            raise
        finally:
            del self._running[key]

    async def find_article(self, query: str) -> ArticleHeader | None:
        """An article by id ("12", "#12") or the best match for some keywords."""
        query = query.strip()
        if looks_like_article_number(query):
            number = parse_article_number(query)
            article = await self._storage.articles.get(number) if number is not None else None
            return article.header if article else None
        words = [w for w in split_words(query.casefold()) if w.isalnum() and w not in _stop_words()]
        if not words:
            return None
        found = await self._storage.articles.find_by_words(words[:12], limit=1)
        if not found and len(words) > 1:
            # All words together found nothing: the most specific single word may.
            for word in sorted(words, key=len, reverse=True)[:3]:
                found = await self._storage.articles.find_by_words([word], limit=1)
                if found:
                    break
        return found[0] if found else None


@cache
def _stop_words() -> frozenset[str]:
    from sumy.utils import get_stop_words

    return frozenset(get_stop_words("english")) | {"story", "article", "summary", "summarize"}
