"""Answering questions from the stored articles, for the bot and the command line alike.

"What did Putin say?" is answered from the speaker columns filled at ingestion;
"Lachin corridor" from the sentence index. Searches run strictest first (every word,
then all but one, then any) and stop once there is enough to show, and each search
reads only the newest matches, so the cost stays flat as the archive grows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo

from bot.qa.answer import Answer, AnswerItem, Headline, nothing_found_message
from bot.qa.question import Question, SpeakerQuery, parse_question
from bot.qa.rank import (
    complete_item,
    rank_keyword_candidates,
    rank_speaker_hits,
)
from bot.qa.records import Column, SentenceHit, TermClause
from bot.qa.spelling import closest_terms, surface_form, vocabulary_prefixes
from bot.storage.interface import QueryRefused, Storage

log = logging.getLogger(__name__)

MAX_LIMIT = 20
# Candidates read per search: enough to rank well, few enough to stay fast.
CANDIDATE_CAP = 300
# Of those, how many the search hands over for exact scoring: the search pre-orders them
# by the final score with coverage estimated, so the best few are among the first.
KEEP_PER_ITEM = 8
MIN_KEEP = 40
MAX_SUGGESTIONS = 3
MAX_HEADLINES = 3


class AnswerService:
    def __init__(
        self,
        storage: Storage,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        zone: tzinfo = UTC,
        candidate_cap: int = CANDIDATE_CAP,
    ) -> None:
        self._storage = storage
        self._clock = clock
        self._zone = zone
        self._cap = candidate_cap

    def today(self) -> date:
        """The reader's date, for "today" and "last week"."""
        return self._clock().astimezone(self._zone).date()

    async def answer(self, question: str, *, limit: int = 5) -> Answer:
        """Never raises for odd input: an empty result is an Answer that says so."""
        limit = max(1, min(limit, MAX_LIMIT))
        sections = await self._storage.search.sections()
        parsed = parse_question(question, today=self.today(), sections=sections)
        try:
            if parsed.kind == "speaker" and parsed.speaker is not None:
                items = await self._speaker_items(parsed, parsed.speaker, limit)
            else:
                items = await self._keyword_items(parsed, limit)
        except QueryRefused:
            # The query text is built from quoted terms only; should the index still
            # refuse it, the user gets "nothing found" rather than an error.
            log.exception("search failed for %r", question[:200])
            items = []
        if items:
            return Answer(parsed, tuple(items))
        return await self._nothing_found(parsed)

    async def _speaker_items(
        self, question: Question, speaker: SpeakerQuery, limit: int
    ) -> list[AnswerItem]:
        topic = question.keywords
        hits: list[SentenceHit] = []
        items: list[AnswerItem] = []
        for words in _speaker_tiers(speaker):
            person = TermClause("speaker_terms", words, len(words))
            if topic:
                on_topic = TermClause("text", topic, 1)
                hits += await self._storage.search.sentences(
                    [person, on_topic], scope=question.scope, cap=self._cap
                )
            hits += await self._storage.search.sentences(
                [person], scope=question.scope, cap=self._cap
            )
            items = rank_speaker_hits(hits, speaker, topic)
            if len(items) >= limit:
                break
        top = items[:limit]
        articles = {}
        for item in top:
            if item.article_id not in articles:
                articles[item.article_id] = await self._storage.articles.sentences(item.article_id)
        return [complete_item(item, articles[item.article_id]) for item in top]

    async def _keyword_items(self, question: Question, limit: int) -> list[AnswerItem]:
        terms = question.keywords
        if not terms:
            return []
        known = await self._storage.search.known_terms("text", terms)
        unknown = [t for t in terms if t not in known]
        if unknown and (len(unknown) * 2 >= len(terms) or set(unknown) & question.names):
            # The question's subject is in no article: matching its other words would
            # only find unrelated sentences.
            return []
        terms = tuple(t for t in terms if t in known)
        found = await self._storage.search.keyword_candidates(
            terms,
            _keyword_tiers(len(terms)),
            scope=question.scope,
            cap=self._cap,
            enough=limit,
            keep=max(limit * KEEP_PER_ITEM, MIN_KEEP),
        )
        return rank_keyword_candidates(found, terms, limit=limit)

    async def _nothing_found(self, question: Question) -> Answer:
        column: Column = "text"
        words: tuple[str, ...] = question.keywords
        if question.speaker is not None:
            column = "speaker_terms"
            words = question.speaker.name or question.speaker.words
        missing: tuple[str, ...] = ()
        if question.speaker is None and words:
            known = await self._storage.search.known_terms("text", words)
            missing = tuple(w for w in words if w not in known)
        suggestions = await self._suggestions(column, missing or words)
        headlines = await self._headlines(tuple(w for w in words if w not in missing))
        return Answer(
            question,
            message=nothing_found_message(question, missing),
            suggestions=tuple(suggestions),
            headlines=tuple(headlines),
        )

    async def _suggestions(self, column: Column, words: tuple[str, ...]) -> list[str]:
        found: list[str] = []
        known = await self._storage.search.known_terms(column, words[:6])
        for word in (w for w in words[:6] if w not in known):
            vocabulary = await self._storage.search.vocabulary(column, vocabulary_prefixes(word))
            for term in closest_terms(word, vocabulary):
                text = await self._storage.search.column_text_with(column, term.term)
                spelled = surface_form(term.term, text)
                if spelled not in found and spelled != word:
                    found.append(spelled)
            if len(found) >= MAX_SUGGESTIONS:
                break
        return found[:MAX_SUGGESTIONS]

    async def _headlines(self, words: tuple[str, ...]) -> list[Headline]:
        """Articles that mention the words, else the latest ones: somewhere to go next."""
        search = self._storage.search
        ids = await search.articles_mentioning(words[:8], limit=MAX_HEADLINES)
        if not ids:
            ids = await search.latest_article_ids(limit=MAX_HEADLINES)
        found = await self._storage.articles.headers(ids)
        return [Headline(i, found[i].title, found[i].published) for i in ids if i in found]


def _speaker_tiers(speaker: SpeakerQuery) -> list[tuple[str, ...]]:
    """Every word first, then the name alone, then the surname alone."""
    tiers = [tuple(dict.fromkeys(speaker.words))]
    if speaker.name and speaker.role:
        tiers.append(speaker.name)
    if len(speaker.name) > 1 and speaker.surname:
        tiers.append((speaker.surname,))
    return list(dict.fromkeys(tiers))


def _keyword_tiers(count: int) -> list[int]:
    """Minimum words a sentence must hold: all, all but one, any."""
    return list(dict.fromkeys(m for m in (count, count - 1, 1) if m >= 1))
