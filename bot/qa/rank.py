"""Ordering search hits into answer items.

The search returns candidates cheaply (newest matches first, capped); the final order
is decided here, where all signals are at hand: how well the speaker matches, how many
question words a sentence holds, BM25, the title, and recency as the tie-breaker.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache, lru_cache
from typing import Protocol

from nltk.stem.porter import PorterStemmer

from bot.qa.answer import AnswerItem, AnswerSentence
from bot.qa.question import SpeakerQuery
from bot.qa.records import SentenceHit

# The index tokenizer (unicode61) splits on everything that is not a letter or digit.
_TOKEN = re.compile(r"[^\W_]+")

# Keyword score weights: coverage of the question's words matters most, because
# BM25 alone lets one rare word in a short sentence beat a sentence holding them all.
COVERAGE_WEIGHT = 0.5
BM25_WEIGHT = 0.3
TITLE_WEIGHT = 0.2
# Stems agreeing on this many first letters count as the same word when ranking.
LOOSE_PREFIX = 7


class StoredSentence(Protocol):
    """A sentence of an article as storage keeps it."""

    @property
    def id(self) -> int: ...


    @property
    def paragraph(self) -> int: ...

    @property
    def position(self) -> int: ...

    @property
    def text(self) -> str: ...

    @property
    def speaker(self) -> str | None: ...

    @property
    def speaker_mode(self) -> str | None: ...


@cache
def _stemmer() -> PorterStemmer:
    # The original algorithm, as SQLite's FTS5 porter tokenizer implements it.
    return PorterStemmer(PorterStemmer.ORIGINAL_ALGORITHM)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer().stem(_fold(word.lower()))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stems_of(text: str) -> frozenset[str]:
    return frozenset(stem(token) for token in _TOKEN.findall(text.lower()))


def term_stems(term: str) -> tuple[str, ...]:
    """How the index sees one question word: "u.s.-hosted" is three tokens."""
    return tuple(stem(token) for token in _TOKEN.findall(term.lower()))


def coverage(terms: Sequence[str], stems: frozenset[str]) -> float:
    """Share of the question's words whose every token occurs in ``stems``."""
    wanted = [term_stems(t) for t in terms]
    wanted = [w for w in wanted if w]
    if not wanted:
        return 0.0
    return sum(all(_stem_in(s, stems) for s in w) for w in wanted) / len(wanted)


def _stem_in(wanted: str, stems: frozenset[str]) -> bool:
    """Exact, or a long shared beginning: Porter leaves "bureaucracy" and "bureaucratic"
    apart, and a question rarely uses the article's exact word form."""
    if wanted in stems:
        return True
    if len(wanted) < LOOSE_PREFIX:
        return False
    head = wanted[:LOOSE_PREFIX]
    return any(s.startswith(head) for s in stems)


def speaker_match(speaker: SpeakerQuery, speaker_terms: str | None) -> float:
    """How fully the stored speaker carries the asked name and role words (0..1)."""
    if not speaker_terms:
        return 0.0
    stored = stems_of(speaker_terms)
    name = coverage(speaker.name, stored) if speaker.name else None
    role = coverage(speaker.role, stored) if speaker.role else None
    if name is not None and role is not None:
        return 0.75 * name + 0.25 * role
    return name if name is not None else (role or 0.0)


def rank_speaker_hits(
    hits: Iterable[SentenceHit], speaker: SpeakerQuery, topic: Sequence[str]
) -> list[AnswerItem]:
    """Group a speaker's sentences into quotes and order them, best and newest first."""
    unique = {hit.sentence_id: hit for hit in hits if hit.speaker}
    ordered = sorted(unique.values(), key=lambda h: (h.article_id, h.position))
    # Of several people sharing a surname, the one quoted most is most likely meant.
    quoted = Counter(h.speaker for h in ordered)
    most = max(quoted.values(), default=1)
    items: list[AnswerItem] = []
    for run in _runs(ordered):
        first = run[0]
        match = max(speaker_match(speaker, h.speaker_terms) for h in run)
        prominence = quoted[first.speaker] / most
        score = 0.9 * match + 0.1 * prominence
        if topic:
            text_stems = frozenset().union(*(stems_of(h.text) for h in run))
            on_topic = coverage(topic, text_stems)
            in_title = coverage(topic, stems_of(first.title))
            score = 0.45 * match + 0.05 * prominence + 0.4 * on_topic + 0.1 * in_title
        items.append(_item(run, score))
    return _dedupe(sorted(items, key=_order(ordered)))


def _runs(ordered: Sequence[SentenceHit]) -> list[list[SentenceHit]]:
    runs: list[list[SentenceHit]] = []
    for hit in ordered:
        if runs:
            last = runs[-1][-1]
            if (
                last.article_id == hit.article_id
                and last.position + 1 == hit.position
                and last.speaker == hit.speaker
                and _joins(last, hit)
            ):
                runs[-1].append(hit)
                continue
        runs.append([hit])
    return runs


def rank_keyword_hits(
    hits: Iterable[SentenceHit],
    keywords: Sequence[str],
    title_relevance: Mapping[int, float],
) -> list[AnswerItem]:
    """Order sentences by coverage of the words, BM25 and the article title's BM25."""
    unique = list({hit.sentence_id: hit for hit in hits}.values())
    if not unique:
        return []
    top_relevance = max(h.relevance for h in unique) or 1.0
    top_title = max(title_relevance.values(), default=0.0) or 1.0
    items = []
    for hit in unique:
        score = (
            COVERAGE_WEIGHT * coverage(keywords, stems_of(hit.text))
            + BM25_WEIGHT * max(hit.relevance, 0.0) / top_relevance
            + TITLE_WEIGHT * max(title_relevance.get(hit.article_id, 0.0), 0.0) / top_title
        )
        items.append(_item([hit], score))
    return _dedupe(sorted(items, key=_order(unique)))


def _item(run: Sequence[SentenceHit], score: float) -> AnswerItem:
    first = run[0]
    return AnswerItem(
        article_id=first.article_id,
        title=first.title,
        published=first.published,
        section=first.section,
        sentences=tuple(
            AnswerSentence(h.sentence_id, h.position, h.text, h.speaker, h.speaker_mode)
            for h in run
        ),
        speaker=first.speaker,
        score=round(score, 6),
    )


def _order(hits: Sequence[SentenceHit]) -> Callable[[AnswerItem], tuple[float, int, int, int]]:
    day_of = {h.article_id: h.day.toordinal() for h in hits}

    def key(item: AnswerItem) -> tuple[float, int, int, int]:
        return (-item.score, -day_of[item.article_id], -item.article_id, item.sentences[0].position)

    return key


def _dedupe(items: Sequence[AnswerItem]) -> list[AnswerItem]:
    """The same passage stored twice (a story filed again) is shown once."""
    seen: set[str] = set()
    kept = []
    for item in items:
        key = " ".join(_TOKEN.findall(item.text.lower()))
        if key in seen:
            continue
        seen.add(key)
        kept.append(item)
    return kept


def complete_item(item: AnswerItem, article: Sequence[StoredSentence]) -> AnswerItem:
    """Add the quote's sentences the capped search left out, from the whole article."""
    by_position = {s.position: s for s in article}
    first = item.sentences[0].position
    last = item.sentences[-1].position
    speaker = item.speaker
    before: list[StoredSentence] = []
    position = first
    while True:
        current = by_position.get(position)
        previous = by_position.get(position - 1)
        if (
            current is None
            or previous is None
            or previous.speaker != speaker
            or not _joins(previous, current)
        ):
            break
        before.insert(0, previous)
        position -= 1
    after: list[StoredSentence] = []
    position = last
    while True:
        current = by_position.get(position)
        following = by_position.get(position + 1)
        if (
            current is None
            or following is None
            or following.speaker != speaker
            or not _joins(current, following)
        ):
            break
        after.append(following)
        position += 1
    if not before and not after:
        return item
    extra = [AnswerSentence(s.id, s.position, s.text, s.speaker, s.speaker_mode) for s in before]
    tail = [AnswerSentence(s.id, s.position, s.text, s.speaker, s.speaker_mode) for s in after]
    return AnswerItem(
        item.article_id,
        item.title,
        item.published,
        item.section,
        (*extra, *item.sentences, *tail),
        item.speaker,
        item.score,
    )


def _joins(left: StoredSentence | SentenceHit, right: StoredSentence | SentenceHit) -> bool:
    """One passage: within a paragraph, or a quote carried on into the next one.

    A new paragraph with its own attribution ("..., he said.") starts a new item.
    """
    return right.speaker_mode == "continued" or left.paragraph == right.paragraph
