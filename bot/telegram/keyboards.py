"""Inline keyboards and the callback data they carry (Telegram allows at most 64 bytes).

Callback data is plain text ``<action>:<numbers>`` so a button pressed weeks later (after a
restart) still means the same thing; nothing is kept in memory between the message and the
press. The digest feature owns the ``sub:``, ``set:`` and ``dig:`` prefixes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.digest.content import Headline
from bot.storage.records import ArticleHeader

CALLBACK_DATA_LIMIT = 64
_LABEL_TITLE_CHARS = 28

SUMMARY_PATTERN = re.compile(r"^summary:(\d{1,12})$")
RESIZE_PATTERN = re.compile(r"^resize:(\d{1,12}):(\d{1,2})$")
# "article:ID" is the start of an article, "article:ID:PART" a later part of a long one.
ARTICLE_PATTERN = re.compile(r"^article:(\d{1,12})(?::(\d{1,6}))?$")
LATEST_PATTERN = re.compile(r"^latest:(\d{1,9})$")
PERSON_PATTERN = re.compile(r"^who:(\d{1,12})$")
RESUME_DIGEST_DATA = "sub:resume"


def _data(text: str) -> str:
    if len(text.encode("utf-8")) > CALLBACK_DATA_LIMIT:
        raise ValueError(f"callback data over {CALLBACK_DATA_LIMIT} bytes: {text!r}")
    return text


def summary_data(article_id: int) -> str:
    return _data(f"summary:{article_id}")


def resize_data(article_id: int, sentences: int) -> str:
    return _data(f"resize:{article_id}:{sentences}")


def article_data(article_id: int, part: int = 0) -> str:
    return _data(f"article:{article_id}:{part}" if part else f"article:{article_id}")


def continue_reading_keyboard(article_id: int, *, part: int, parts: int) -> InlineKeyboardMarkup:
    """Under the last message of one part of a long article: the way to the next part."""
    label = f"Continue reading ({part + 1} of {parts})"
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=article_data(article_id, part))]]
    )


def latest_data(offset: int) -> str:
    return _data(f"latest:{offset}")


def person_data(sentence_id: int) -> str:
    """A person among several of one name, by one of their statements."""
    return _data(f"who:{sentence_id}")


def short_title(title: str, limit: int = _LABEL_TITLE_CHARS) -> str:
    """A title that fits on a button without wrapping into an unreadable stub."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[: limit - 1].rsplit(" ", 1)[0] if " " in title[: limit - 1] else title[: limit - 1]
    return cut.rstrip(" ,;:-—") + "…"


@dataclass(frozen=True, slots=True)
class CitedArticle:
    article_id: int
    title: str


@dataclass(frozen=True, slots=True)
class PersonChoice:
    """Someone else a question's name could mean, as a button label and the statement
    that identifies them."""

    label: str
    sentence_id: int


def answer_keyboard(
    articles: Sequence[CitedArticle], people: Sequence[PersonChoice] = ()
) -> InlineKeyboardMarkup | None:
    """The cited articles' buttons, then one button per other person the name could mean."""
    rows = list(_cited_rows(articles))
    rows += [
        [
            InlineKeyboardButton(
                f"Or {short_title(p.label, 40)}", callback_data=person_data(p.sentence_id)
            )
        ]
        for p in people
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def _cited_rows(articles: Sequence[CitedArticle]) -> list[list[InlineKeyboardButton]]:
    if not articles:
        return []
    single = len(articles) == 1
    rows = []
    for cited in articles:
        suffix = "" if single else f" · {short_title(cited.title)}"
        summary = InlineKeyboardButton(
            f"Summary{suffix}", callback_data=summary_data(cited.article_id)
        )
        full = InlineKeyboardButton(
            f"Full article{suffix}", callback_data=article_data(cited.article_id)
        )
        rows.append([summary, full])
    return rows


@dataclass(frozen=True, slots=True)
class PagePosition:
    offset: int
    page_size: int
    has_next: bool


def latest_keyboard(articles: Sequence[ArticleHeader], page: PagePosition) -> InlineKeyboardMarkup:
    """A summary button per listed article, then newer/older navigation."""
    rows = [
        [
            InlineKeyboardButton(
                f"Summary #{header.id} · {short_title(header.title)}",
                callback_data=summary_data(header.id),
            )
        ]
        for header in articles
    ]
    navigation = []
    if page.offset > 0:
        previous = max(page.offset - page.page_size, 0)
        navigation.append(InlineKeyboardButton("‹ Newer", callback_data=latest_data(previous)))
    if page.has_next:
        following = page.offset + page.page_size
        navigation.append(InlineKeyboardButton("Older ›", callback_data=latest_data(following)))
    if navigation:
        rows.append(navigation)
    return InlineKeyboardMarkup(rows)


def summary_keyboard(
    article_id: int, *, length: int, shown: int, article_length: int, max_length: int
) -> InlineKeyboardMarkup:
    """Shorter / Longer only where they would change something, and the full text."""
    row = []
    if length > 1 and shown > 1:
        row.append(
            InlineKeyboardButton(
                "Shorter", callback_data=resize_data(article_id, min(length, shown) - 1)
            )
        )
    if length < max_length and shown < article_length:
        row.append(
            InlineKeyboardButton("Longer", callback_data=resize_data(article_id, length + 1))
        )
    rows = [row] if row else []
    rows.append([InlineKeyboardButton("Full article", callback_data=article_data(article_id))])
    return InlineKeyboardMarkup(rows)


def resume_digest_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton("Resume my daily digest", callback_data=RESUME_DIGEST_DATA)]]
    )


def digest_keyboard(
    articles: Sequence[Headline], *, first_number: int = 1
) -> InlineKeyboardMarkup | None:
    """Under a digest message: one row per article it shows, in the order they are listed,
    numbered as the digest numbers them (a second message starts where the first ended)."""
    if not articles:
        return None
    rows = [
        [
            InlineKeyboardButton(
                f"{number}. Summary · {short_title(header.title)}",
                callback_data=summary_data(header.id),
            ),
            InlineKeyboardButton("Full article", callback_data=article_data(header.id)),
        ]
        for number, header in enumerate(articles, start=first_number)
    ]
    return InlineKeyboardMarkup(rows)
