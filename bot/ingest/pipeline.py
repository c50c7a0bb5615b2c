"""Which kind of input is this, and the one way from bytes to a clean article."""

from __future__ import annotations

import re
from pathlib import PurePath

from bot.ingest.article import ParsedArticle
from bot.ingest.decode import check_size, decode_text
from bot.ingest.errors import RejectedInput
from bot.ingest.html import looks_like_html, parse_html
from bot.ingest.markdown import parse_markdown
from bot.ingest.plaintext import parse_plain_text
from bot.ingest.repair import repair_text
from bot.ingest.scraped import looks_like_scraped_page, parse_scraped_page

ACCEPTED_SUFFIXES = frozenset({".txt", ".text", ".md", ".html", ".htm"})
# More lines than any article has (a long feature is a few hundred). Checked before the
# text is repaired line by line, so a word list pasted as an article costs milliseconds.
MAX_TEXT_LINES = 20_000
# Likewise for pages (a news page has one or two thousand elements): the extractor's time
# grows faster than the element count, so a page of 100,000 one-word paragraphs took 20 s.
MAX_HTML_ELEMENTS = 30_000
_START_TAG = re.compile(r"<[A-Za-z]")
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})


def parse_document(
    data: bytes,
    *,
    name: str | None = None,
    content_type: str | None = None,
    url: str | None = None,
    max_bytes: int = 2_000_000,
) -> ParsedArticle:
    """Turn an uploaded or fetched file into an article, or raise :class:`RejectedInput`."""
    suffix = PurePath(name).suffix.lower() if name else ""
    if name and suffix and suffix not in ACCEPTED_SUFFIXES and not url:
        accepted = ", ".join(sorted(ACCEPTED_SUFFIXES))
        raise RejectedInput(f"files of type {suffix} are not articles; send one of {accepted}")
    check_size(data, max_bytes)
    text = decode_text(data)
    source = url or name
    is_html = (
        suffix in _HTML_SUFFIXES
        or (content_type or "").startswith(("text/html", "application/xhtml"))
        or looks_like_html(text)
    )
    if is_html:
        check_elements(text)
        # repaired after extraction, on the article's text only (see bot.ingest.html)
        return parse_html(text, source=source, url=url)
    if suffix in _MARKDOWN_SUFFIXES or (content_type or "").startswith("text/markdown"):
        check_lines(text)
        text = repair_text(text)
        if not text.strip():
            raise RejectedInput("the text is empty")
        return parse_markdown(text, source=source)
    return parse_text(text, source=source)


def load_parsers() -> None:
    """Import the page extractor and the text repair now rather than with the first input
    that needs them (a long-running process, or one about to parse many inputs)."""
    import ftfy  # noqa: F401
    import htmldate  # noqa: F401
    import trafilatura  # noqa: F401


def parse_text(text: str, *, source: str | None = None) -> ParsedArticle:
    """Pasted or uploaded text: a scraped news page, or a plain title-and-body article."""
    check_lines(text)
    text = repair_text(text)
    if not text.strip():
        raise RejectedInput("the text is empty")
    if looks_like_scraped_page(text):
        try:
            return parse_scraped_page(text, source=source)
        except ValueError as exc:
            raise RejectedInput(str(exc)) from exc
    return parse_plain_text(text, source=source)


def check_lines(text: str, limit: int = MAX_TEXT_LINES) -> None:
    """Refuse text with more lines than an article could have, before any work on it."""
    lines = text.count("\n") + 1
    if lines > limit:
        raise RejectedInput(
            f"the text has {lines:,} lines, more than an article has (at most {limit:,}); "
            "is it a list rather than an article?"
        )


def check_elements(page: str, limit: int = MAX_HTML_ELEMENTS) -> None:
    """Refuse a page with more elements than an article's page has, before parsing it."""
    elements = len(_START_TAG.findall(page))
    if elements > limit:
        raise RejectedInput(
            f"the page has {elements:,} HTML elements, more than an article's page has "
            f"(at most {limit:,})"
        )
