"""Plain clean text: the first line is the title, the rest is the body."""

from __future__ import annotations

import re

from bot.ingest.article import ParsedArticle
from bot.ingest.dateline import detach_dateline
from bot.ingest.errors import RejectedInput
from bot.ingest.repair import clean_line, split_paragraphs

_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_MAX_TITLE_CHARS = 300


def parse_plain_text(text: str, *, source: str | None = None) -> ParsedArticle:
    lines = text.strip().split("\n")
    if not lines or not lines[0].strip():
        raise RejectedInput("the text is empty")
    title = _MARKDOWN_HEADING.sub("", clean_line(lines[0]))
    title = _MARKDOWN_EMPHASIS.sub(r"\2", title)
    if len(title) > _MAX_TITLE_CHARS:
        raise RejectedInput(
            "the first line should be the article's title, but it is a whole paragraph; "
            "put the title on a line of its own"
        )
    paragraphs = [
        _MARKDOWN_EMPHASIS.sub(r"\2", _MARKDOWN_HEADING.sub("", p))
        for p in split_paragraphs("\n".join(lines[1:]))
    ]
    if not paragraphs:
        raise RejectedInput("the text has a title but no body (nothing after the first line)")
    place, agency = detach_dateline(paragraphs)
    return ParsedArticle(
        title=title,
        paragraphs=tuple(paragraphs),
        dateline_place=place,
        dateline_agency=agency,
        source=source,
        kind="text",
    )
