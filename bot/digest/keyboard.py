"""Buttons under a digest message: the bot's own "Summary" / "Full article" callbacks."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.storage.records import ArticleHeader
from bot.telegram.keyboards import article_data, short_title, summary_data


def digest_keyboard(articles: Sequence[ArticleHeader]) -> InlineKeyboardMarkup | None:
    """One row per article shown in the message, in the order they are listed."""
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
        for number, header in enumerate(articles, start=1)
    ]
    return InlineKeyboardMarkup(rows)
