"""Ordering search hits into answer items.

The search returns candidates cheaply (newest matches first, capped); the final order
is decided here, where all signals are at hand: how well the speaker matches, how many
question words a sentence holds, BM25, the title, and recency as the tie-breaker.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

from bot.nlp.porter import porter_stem
from bot.qa.answer import AnswerItem, AnswerSentence
from bot.qa.records import SentenceHit

# The index tokenizer (unicode61) splits on everything that is not a letter or digit.
_TOKEN = re.compile(r"[^\W_]+")

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


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A word as SQLite's porter tokenizer indexes it; like it, words of one or two letters
    are left alone ("us" stays "us")."""
    lowered = word.lower()
    folded = fold_marks(lowered) or lowered
    return folded if len(folded) <= 2 else porter_stem(folded)


def fold_marks(token: str) -> str:
    """A token without its accents and other combining marks. A compatibility character
    that decomposes into a space and marks (an isolated Arabic ligature) folds to nothing:
    it must never become a blank term."""
    if token.isascii():  # most words: nothing to take off
        return token
    decomposed = unicodedata.normalize("NFKD", token)
    return "".join(c for c in decomposed if not (unicodedata.combining(c) or c.isspace()))


def runs_of(hits: Sequence[SentenceHit]) -> list[list[SentenceHit]]:
    """Consecutive sentences of one speaker, in article order, grouped into one quote each."""
    unique = {h.sentence_id: h for h in hits}.values()
    ordered = sorted(unique, key=lambda h: (h.article_id, h.position))
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


def item_of(
    run: Sequence[SentenceHit],
    score: float,
    *,
    speaker: str | None = None,
    role: str | None = None,
) -> AnswerItem:
    """An answer item of consecutive hits; ``speaker`` and ``role`` as they are to be shown
    (by default, as stored with the first sentence)."""
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
        speaker=speaker or first.speaker,
        score=round(score, 6),
        speaker_role=role if speaker else first.speaker_role,
    )


def statement_order(run: Sequence[SentenceHit], share: float) -> tuple[float, int, int, int]:
    """Most on topic first, then the newest article, then article order."""
    first = run[0]
    return (-round(share, 6), -first.day.toordinal(), -first.article_id, first.position)


def dedupe_items(items: Sequence[AnswerItem]) -> list[AnswerItem]:
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
    speaker = item.sentences[0].speaker
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
    return dataclasses.replace(item, sentences=(*extra, *item.sentences, *tail))


def _joins(left: StoredSentence | SentenceHit, right: StoredSentence | SentenceHit) -> bool:
    """One passage: within a paragraph, or a quote carried on into the next one.

    A new paragraph with its own attribution ("..., he said.") starts a new item.
    """
    return right.speaker_mode == "continued" or left.paragraph == right.paragraph
