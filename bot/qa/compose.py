"""Answer items a reader understands without the article around them.

A sentence lifted out of its article may lean on the one before it: "He said …" reads as
whoever was named last in the answer, "It has argued …" and "But …" point at nothing,
and a quotation picked up midway has no speaker. An item with a speaker is shown with
the speaker's name before it when its text does not show them (``AnswerItem.shown``);
one with no speaker to name takes the sentence before it along. Quotation marks are
balanced and shown once, in the article's own style.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.nlp.standalone import (
    CURLY,
    QuoteStyle,
    dependence,
    has_quote_marks,
    quote_states,
    quote_style,
    render_quotation,
    run_state,
)
from bot.qa.answer import AnswerItem, AnswerSentence


def needs_antecedent(item: AnswerItem) -> bool:
    """Whether the item's first sentence leans on the one before it and no speaker can be
    named instead."""
    if not item.sentences or item.speaker:
        return False
    first = item.sentences[0]
    return first.position > 0 and dependence(first.text) is not None


def with_antecedent(item: AnswerItem, before: AnswerSentence) -> AnswerItem:
    """The item with the sentence before it shown first."""
    return AnswerItem(
        item.article_id,
        item.title,
        item.published,
        item.section,
        (before, *item.sentences),
        item.speaker,
        item.score,
        item.speaker_role,
    )


def quoted_text(item: AnswerItem, style: QuoteStyle | None = None) -> str:
    """The item's sentences with quotation marks balanced and shown once: a quotation cut
    short is closed with an ellipsis, and marks are only added where the text has none."""
    texts = [s.text for s in item.sentences]
    style = style or quote_style(texts, default=CURLY)
    state = run_state(quote_states(texts))
    text = render_quotation(item.text, state, style)
    if has_quote_marks(text):
        return text
    return f"{style.opening}{text.strip()}{style.closing}"


def item_style(items: Sequence[AnswerItem]) -> QuoteStyle:
    """The quotation marks the answer's articles use most."""
    return quote_style((s.text for item in items for s in item.sentences), default=CURLY)
