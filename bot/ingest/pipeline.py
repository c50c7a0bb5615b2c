"""Which kind of input is this, and the one way from bytes to a clean article."""

from __future__ import annotations

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
        # repaired after extraction, on the article's text only (see bot.ingest.html)
        return parse_html(text, source=source, url=url)
    if suffix in _MARKDOWN_SUFFIXES or (content_type or "").startswith("text/markdown"):
        text = repair_text(text)
        if not text.strip():
            raise RejectedInput("the text is empty")
        return parse_markdown(text, source=source)
    return parse_text(text, source=source)


def parse_text(text: str, *, source: str | None = None) -> ParsedArticle:
    """Pasted or uploaded text: a scraped news page, or a plain title-and-body article."""
    text = repair_text(text)
    if not text.strip():
        raise RejectedInput("the text is empty")
    if looks_like_scraped_page(text):
        try:
            return parse_scraped_page(text, source=source)
        except ValueError as exc:
            raise RejectedInput(str(exc)) from exc
    return parse_plain_text(text, source=source)
