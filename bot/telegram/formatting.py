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


def _fit(block: str, limit: int) -> list[str]:
    if visible_length(block) <= limit:
        return [block]
    if _TAG.search(block):
        # Tags cannot be cut safely; fall back to the text itself, escaped again.
        block = escape(strip_html(block))
        if visible_length(block) <= limit:
            return [block]
    pieces: list[str] = []
    rest = block
    while visible_length(rest) > limit:
        window = _cut_window(rest, limit)
        cut = max(window.rfind(". "), window.rfind("! "), window.rfind("? "))
        cut = cut + 1 if cut > limit // 2 else window.rfind(" ")
        if cut <= 0:
            cut = len(window)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def _cut_window(text: str, limit: int) -> str:
    """The longest prefix of ``text`` whose visible length fits, never inside an entity."""
    end = min(len(text), limit)
    while end < len(text) and visible_length(text[:end]) < limit:
        end += 1
    while end > 0 and visible_length(text[:end]) > limit:
        end -= 1
    amp = text.rfind("&", 0, end)
    if amp != -1 and ";" not in text[amp:end] and _ENTITY.match(text, amp):
        end = amp
    return text[:end]
