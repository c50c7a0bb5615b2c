"""Summaries of stored articles: computed once per (article, length, algorithm), then cached.

The cache holds which sentences were chosen; how they are shown (quotations balanced,
speakers named from the stored attributions) is rendered on every request, so the
Telegram reply, the digest and ``newsbot summarize --json`` all show the same text.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from bot.nlp.sentences import split_words
from bot.nlp.summarize import ALGORITHMS, Passage, render_summary, summarize
from bot.nlp.summary_choices import MAX_SENTENCES
from bot.services.article_numbers import looks_like_article_number, parse_article_number
from bot.storage.interface import Storage
from bot.storage.records import ArticleHeader, NewSentence, Sentence


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    header: ArticleHeader
    passages: list[Passage]  # what a reader sees, one item each
    algorithm: str
    length: int
    article_length: int  # sentences in the whole article, so callers know if "longer" helps

    @property
    def sentences(self) -> list[str]:
        """The items as shown: a quotation running over sentences is one item."""
        return [passage.text for passage in self.passages]

    @property
    def speakers(self) -> list[str | None]:
        """For each item, the speaker its text names because the article's own words
        do not (a lead-in or a bracketed name), else None."""
        return [passage.speaker for passage in self.passages]

    @property
    def shown(self) -> int:
        """Article sentences the summary shows."""
        return sum(len(passage.positions) for passage in self.passages)


def choose_sentences(
    sentences: Sequence[Sentence | NewSentence], *, title: str | None, length: int, algorithm: str
) -> list[int]:
    """Positions of the summary's sentences, from sentences as ingestion stores them: the
    paragraphs and speakers tell the summariser which sentences can stand alone."""
    return summarize(
        [sentence.text for sentence in sentences],
        title=title,
        count=length,
        algorithm=algorithm,
        paragraphs=[sentence.paragraph for sentence in sentences],
        speakers=[sentence.speaker for sentence in sentences],
    )


def show_sentences(
    sentences: Sequence[Sentence | NewSentence], positions: Sequence[int]
) -> list[Passage]:
    """The chosen sentences as a reader sees them, every output the same."""
    texts = [sentence.text for sentence in sentences]
    return render_summary(
        texts,
        [position for position in positions if 0 <= position < len(texts)],
        paragraphs=[sentence.paragraph for sentence in sentences],
        speakers=[sentence.speaker for sentence in sentences],
    )


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
        positions = await self._positions(article_id, article.title, stored, algorithm, length)
        passages = show_sentences(stored, positions)
        return ArticleSummary(article.header, passages, algorithm, length, len(stored))

    async def _positions(
        self, article_id: int, title: str, stored: list[Sentence], algorithm: str, length: int
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
                choose_sentences, stored, title=title, length=length, algorithm=algorithm
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
