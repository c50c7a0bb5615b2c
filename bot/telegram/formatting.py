"""Telegram message text: HTML-escaped pieces, and splitting under Telegram's limit."""

from __future__ import annotations

import html
import re

MESSAGE_LIMIT = 4096
_TAG = re.compile(r"<[^>]*>")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


def escape(text: str | None) -> str:
    """Escape article or user text for HTML parse mode (quotes too, for attributes)."""
    return html.escape(text or "", quote=True)


def visible_length(markup: str) -> int:
    """Length Telegram counts: the text after HTML tags and entities are parsed."""
    return len(_ENTITY.sub("x", _TAG.sub("", markup)))


def strip_html(markup: str) -> str:
    """Plain-text fallback for a message Telegram refused to parse."""
    return html.unescape(_TAG.sub("", markup))


def fit_message(markup: str, limit: int = MESSAGE_LIMIT) -> str:
    """One message Telegram accepts whatever went into it: cut, when over ``limit``, at a
    sentence or word with "…" (as plain text if the cut would fall among tags)."""
    if visible_length(markup) <= limit:
        return markup
    return _fit(markup, limit - 1, most=1)[0] + "…"


def split_message(blocks: list[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Pack blocks (paragraphs, answer items) into messages of at most ``limit`` characters.

    Blocks are kept whole where they fit and joined by blank lines; a block longer than
    a message on its own is cut at sentence, then word boundaries. Blocks must be
    self-contained HTML (every tag closed inside the block), which keeps every message
    parseable wherever the cut falls.
    """
    messages: list[str] = []
    current: list[str] = []
    size = 0
    for block in blocks:
        for piece in _fit(block, limit):
            length = visible_length(piece)
            extra = length + (2 if current else 0)
            if current and size + extra > limit:
                messages.append("\n\n".join(current))
                current, size = [], 0
                extra = length
            current.append(piece)
            size += extra
    if current:
        messages.append("\n\n".join(current))
    return messages


def _fit(block: str, limit: int, *, most: int | None = None) -> list[str]:
    """``block`` cut into pieces of at most ``limit`` visible characters, at sentence, then
    word boundaries, never inside an entity. Linear in the block's length: a pasted wall of
    text (megabytes, no paragraph breaks) is cut in one pass, not re-measured per piece."""
    if visible_length(block) <= limit:
        return [block]
    if _TAG.search(block):
        # Tags cannot be cut safely; fall back to the text itself, escaped again.
        block = escape(strip_html(block))
        if visible_length(block) <= limit:
            return [block]
    entities = [(m.start(), m.end()) for m in _ENTITY.finditer(block)]
    pieces: list[str] = []
    size = len(block)
    start = 0
    first_entity = 0  # the first entity at or after ``start``
    while True:
        while start < size and block[start].isspace():
            start += 1
        if start >= size:
            break
        while first_entity < len(entities) and entities[first_entity][0] < start:
            first_entity += 1
        end = _window_end(block, start, limit, entities, first_entity)
        if end >= size:
            pieces.append(block[start:])
            break
        window = block[start:end]
        cut = max(window.rfind(". "), window.rfind("! "), window.rfind("? "))
        cut = cut + 1 if cut > limit // 2 else window.rfind(" ")
        if cut <= 0:
            cut = len(window)
        pieces.append(block[start : start + cut].rstrip())
        start += cut
        if most is not None and len(pieces) >= most:
            break
    return pieces


def _window_end(
    text: str, start: int, limit: int, entities: list[tuple[int, int]], first: int
) -> int:
    """Where ``limit`` visible characters from ``start`` end, never inside an entity."""
    position, budget = start, limit
    for index in range(first, len(entities)):
        entity_start, entity_end = entities[index]
        gap = entity_start - position
        if gap >= budget:
            break
        position, budget = entity_start, budget - gap
        if budget < 1:
            return position
        position, budget = entity_end, budget - 1
    return min(len(text), position + budget)
