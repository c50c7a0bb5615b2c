"""Ordering search hits into answer items.

The search returns candidates cheaply (newest matches first, capped); the final order
is decided here, where all signals are at hand: how well the speaker matches, how many
question words a sentence holds, BM25, the title, and recency as the tie-breaker.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import cache, lru_cache
from typing import Protocol

from nltk.stem.porter import PorterStemmer

from bot.qa.answer import AnswerItem, AnswerSentence
from bot.qa.question import SpeakerQuery
from bot.qa.records import KeywordCandidates, SentenceHit

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


@lru_cache(maxsize=4096)
def term_stems(term: str) -> tuple[str, ...]:
    """How the index sees one question word: "u.s.-hosted" is three tokens."""
    return tuple(stem(token) for token in _TOKEN.findall(term.lower()))


def coverage(terms: Sequence[str], stems: frozenset[str]) -> float:
    """Share of the question's words whose every token occurs in ``stems``."""
    wanted = [w for w in map(term_stems, terms) if w]
    if not wanted:
        return 0.0
    return sum(all(_stem_in(s, stems) for s in w) for w in wanted) / len(wanted)


class Coverage:
    """``coverage`` of one question's words, for many sentences.

    Tokenising and stemming every word of every candidate sentence is most of the cost
    of ranking, so only the tokens that could stem to a wanted stem are stemmed: Porter
    rewrites only a word's ending, so a stem agrees with its word on all letters but
    the last, and on the first six when it is seven or more long (the loose match).
    Text outside ASCII, where folding accents could change the letters, and stems too
    short to have a reliable beginning take the plain path.
    """

    __slots__ = ("_finder", "_wanted")

    def __init__(self, terms: Sequence[str]) -> None:
        self._wanted = tuple(w for w in map(term_stems, terms) if w)
        self._finder = _candidate_finder(self._wanted)

    def __call__(self, text: str) -> float:
        wanted = self._wanted
        if not wanted:
            return 0.0
        lowered = text.lower()
        if self._finder is None or not lowered.isascii():
            stems = stems_of(text)
        else:
            stems = frozenset(map(stem, self._finder.findall(lowered)))
        return sum(all(_stem_in(s, stems) for s in w) for w in wanted) / len(wanted)


@lru_cache(maxsize=1024)
def _candidate_finder(wanted: tuple[tuple[str, ...], ...]) -> re.Pattern[str] | None:
    """A pattern for the whole tokens that may stem to (or loosely match) a wanted stem."""
    beginnings: set[str] = set()
    for stems in wanted:
        for s in stems:
            if len(s) < 2 or not s.isascii():
                return None
            beginnings.add(s[: min(len(s) - 1, 3)])
    alternatives = "|".join(re.escape(b) for b in sorted(beginnings, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*")


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


def rank_keyword_candidates(
    found: KeywordCandidates, keywords: Sequence[str], *, limit: int
) -> list[AnswerItem]:
    """The best ``limit`` items of a search's pre-ordered candidates.

    Each sentence is scored by its coverage of the words, its BM25 and its article
    title's BM25, each on the scale of the whole search (not just the rows returned).
    """
    unique = list({hit.sentence_id: hit for hit in found.hits}.values())
    if not unique:
        return []
    covered = Coverage(keywords)
    top_relevance = found.top_relevance or 1.0
    top_title = found.top_title or 1.0
    titles = found.title_relevance
    scored = []
    for hit in unique:
        score = round(
            COVERAGE_WEIGHT * covered(hit.text)
            + BM25_WEIGHT * max(hit.relevance, 0.0) / top_relevance
            + TITLE_WEIGHT * max(titles.get(hit.article_id, 0.0), 0.0) / top_title,
            6,
        )
        # The order of ``_order``; items are made only for the few that are shown.
        scored.append((-score, -hit.day.toordinal(), -hit.article_id, hit.position, hit))
    scored.sort(key=lambda entry: entry[:4])
    items: list[AnswerItem] = []
    seen: set[str] = set()
    for minus_score, *_, hit in scored:
        if len(items) >= limit:
            break
        key = " ".join(_TOKEN.findall(hit.text.lower()))
        if key not in seen:
            seen.add(key)
            items.append(_item([hit], -minus_score))
    return items


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
    kept: list[AnswerItem] = []
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
