"""Article numbers as people type them ("12", "#12"), shared by the bot and the command line.

Only ASCII digits count: ``str.isdigit`` also accepts "²" or "①", which ``int`` refuses, and
a number longer than any stored id is no article's number (the database's ids are 64-bit).
"""

from __future__ import annotations

import re

from bot.storage.records import is_row_id

_NUMBER = re.compile(r"#?([0-9]{1,30})", re.ASCII)
# Input echoed back in a reply is cut to this, so a pasted wall of digits stays one line.
ECHO_CHARS = 24


def looks_like_article_number(text: str) -> bool:
    """'12', '#12', '#0099…': meant as a number, whether or not an article has it."""
    return re.fullmatch(r"#?[0-9]+", text.strip(), re.ASCII) is not None


def parse_article_number(text: str) -> int | None:
    """The article number typed, or None when the text cannot be any article's number."""
    match = _NUMBER.fullmatch(text.strip())
    if match is None:
        return None
    value = int(match.group(1))
    return value if is_row_id(value) else None


def echo(text: str, limit: int = ECHO_CHARS) -> str:
    """User input shown back in a message, shortened so it never dominates (or overflows) it."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
