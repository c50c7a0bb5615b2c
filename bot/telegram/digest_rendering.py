"""A digest as Telegram messages: HTML blocks packed into messages under 4,096 characters.

Each message records which articles it shows, so the buttons ("Summary" / "Full article")
go under the message they belong to. An article is cut only if it alone exceeds a message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.digest.content import Digest, DigestItem, Headline
from bot.ingest.article import MAX_TITLE_CHARS, clip_text
from bot.nlp.standalone import clip_quotation
from bot.telegram.formatting import MESSAGE_LIMIT, escape, split_message, visible_length

MAX_SENTENCE_CHARS = 400


@dataclass(frozen=True, slots=True)
class DigestMessage:
    text: str  # Telegram HTML
    articles: tuple[Headline, ...]  # the articles this message shows, for its buttons
    first_number: int = 1  # the digest's number of the first of them, as the text shows it


def digest_messages(digest: Digest) -> list[DigestMessage]:
    """The digest's articles as messages; none when there is nothing new."""
    if digest.is_empty:
        return []
    return compose_digest(digest.items, local_date=digest.local_date, more=digest.more)


def messages_to_send(digest: Digest) -> list[DigestMessage]:
    """What a scheduled digest sends: its articles, or a note that there is nothing new
    (such a digest is sent only to chats that asked to hear about empty days)."""
    return digest_messages(digest) or empty_digest(local_date=digest.local_date)


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
    intro = f"{digest_title(local_date)}\n{count:,} new {noun} since your last digest."
    blocks: list[tuple[str, int, Headline | None]] = [(intro, 0, None)]
    for number, item in enumerate(items, start=1):
        for piece in split_message([article_block(number, item)], limit):
            blocks.append((piece, number, item.header))
    if more:
        blocks.append((f"<i>…and {more:,} more: see /latest.</i>", 0, None))
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
    title = escape(clip_text(header.title, MAX_TITLE_CHARS))
    lines = [f"{number}. <b>{title}</b> · {escape(' · '.join(meta))}"]
    lines += [f"• {escape(_shorten(sentence))}" for sentence in item.sentences]
    return "\n".join(lines)


def _shorten(sentence: str) -> str:
    """An overlong summary item cut at a word, a quotation it leaves open closed."""
    return clip_quotation(sentence, MAX_SENTENCE_CHARS)


def _pack(blocks: Sequence[tuple[str, int, Headline | None]], limit: int) -> list[DigestMessage]:
    """Blocks (text, the article's number, the article) into messages under ``limit``."""
    messages: list[DigestMessage] = []
    texts: list[str] = []
    shown: list[Headline] = []
    first_number = 1
    size = 0
    for text, number, header in blocks:
        length = visible_length(text)
        extra = length + (2 if texts else 0)
        if texts and size + extra > limit:
            messages.append(DigestMessage("\n\n".join(texts), tuple(shown), first_number))
            texts, shown, size, extra = [], [], 0, length
        texts.append(text)
        if header is not None and header not in shown:
            if not shown:
                first_number = number
            shown.append(header)
        size += extra
    if texts:
        messages.append(DigestMessage("\n\n".join(texts), tuple(shown), first_number))
    return messages
