"""A digest as Telegram messages: ranked articles → HTML blocks → messages under 4,096.

Pure: no database, no Telegram. Each message records which articles it shows, so the
Telegram layer can put "Summary" / "Full article" buttons under the message they belong to.

Ranking ("best first"): ``0.6 × recency + 0.4 × substance``. Recency halves every 12 hours
before the digest's cutoff, so today's news leads; substance is the article's length in
sentences (capped at 15), because a one-paragraph brief gives a thin summary and a full
report a useful one. Ties go to the newer article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot.storage.records import ArticleHeader
from bot.telegram.formatting import MESSAGE_LIMIT, escape, split_message, visible_length

RECENCY_WEIGHT = 0.6
SUBSTANCE_WEIGHT = 0.4
RECENCY_HALF_LIFE_HOURS = 12.0
SUBSTANCE_FULL_SENTENCES = 15
MAX_SENTENCE_CHARS = 400


@dataclass(frozen=True, slots=True)
class DigestItem:
    """One article of a digest with the summary chosen for the chat's length."""

    header: ArticleHeader
    sentences: tuple[str, ...]
    article_length: int  # sentences in the whole article


@dataclass(frozen=True, slots=True)
class DigestMessage:
    text: str  # Telegram HTML
    articles: tuple[ArticleHeader, ...]  # the articles this message shows, for its buttons


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


def digest_title(local_date: date) -> str:
    return f"<b>Your daily digest</b> · {local_date:%a} {local_date.day} {local_date:%b %Y}"


def compose_digest(
    items: Sequence[DigestItem],
    *,
    local_date: date,
    more: int = 0,
    limit: int = MESSAGE_LIMIT,
) -> list[DigestMessage]:
    """Ranked items into messages; an article is cut only if it alone exceeds a message."""
    count = len(items) + more
    noun = "article" if count == 1 else "articles"
    intro = f"{digest_title(local_date)}\n{count} new {noun} since your last digest."
    blocks: list[tuple[str, ArticleHeader | None]] = [(intro, None)]
    for number, item in enumerate(items, start=1):
        for piece in split_message([article_block(number, item)], limit):
            blocks.append((piece, item.header))
    if more:
        blocks.append((f"<i>…and {more} more: see /latest.</i>", None))
    return _pack(blocks, limit)


def empty_digest(*, local_date: date) -> list[DigestMessage]:
    return [
        DigestMessage(f"{digest_title(local_date)}\nNo new articles since your last digest.", ())
    ]


def article_block(number: int, item: DigestItem) -> str:
    header = item.header
    meta = [f"#{header.id}"]
    if header.published:
        meta.insert(0, f"{header.published.day} {header.published:%b %Y}")
    lines = [f"{number}. <b>{escape(header.title)}</b> · {escape(' · '.join(meta))}"]
    lines += [f"• {escape(_shorten(sentence))}" for sentence in item.sentences]
    return "\n".join(lines)


def _shorten(sentence: str) -> str:
    sentence = " ".join(sentence.split())
    if len(sentence) <= MAX_SENTENCE_CHARS:
        return sentence
    return sentence[: MAX_SENTENCE_CHARS - 1].rsplit(" ", 1)[0] + "…"


def _pack(blocks: Sequence[tuple[str, ArticleHeader | None]], limit: int) -> list[DigestMessage]:
    messages: list[DigestMessage] = []
    texts: list[str] = []
    shown: list[ArticleHeader] = []
    size = 0
    for text, header in blocks:
        length = visible_length(text)
        extra = length + (2 if texts else 0)
        if texts and size + extra > limit:
            messages.append(DigestMessage("\n\n".join(texts), tuple(shown)))
            texts, shown, size, extra = [], [], 0, length
        texts.append(text)
        if header is not None and header not in shown:
            shown.append(header)
        size += extra
    if texts:
        messages.append(DigestMessage("\n\n".join(texts), tuple(shown)))
    return messages
