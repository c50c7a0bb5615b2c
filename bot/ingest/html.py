"""HTML pages: trafilatura finds the article, its title, author and date."""

from __future__ import annotations

from datetime import date

from bot.ingest.article import ParsedArticle
from bot.ingest.dateline import detach_dateline
from bot.ingest.errors import RejectedInput
from bot.ingest.repair import clean_line

_MIN_BODY_WORDS = 15


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or (
        "<body" in head or "<head" in head or "<article" in head or "<p>" in head
    )


def parse_html(html: str, *, source: str | None = None, url: str | None = None) -> ParsedArticle:
    import trafilatura  # heavy import, needed only when HTML arrives

    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
        )
    except Exception as exc:  # trafilatura raises a variety of lxml errors on broken input
        raise RejectedInput(f"the HTML could not be read ({type(exc).__name__})") from exc
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or len(text.split()) < _MIN_BODY_WORDS:
        raise RejectedInput("no article text was found in this HTML page")
    title = clean_line(doc.title or "")
    paragraphs = [clean_line(line) for line in text.split("\n")]
    paragraphs = [p for p in paragraphs if p]
    if not title:
        title, paragraphs = paragraphs[0], paragraphs[1:]
    elif paragraphs and clean_line(paragraphs[0]).casefold() == title.casefold():
        paragraphs = paragraphs[1:]
    if not paragraphs:
        raise RejectedInput("no article text was found in this HTML page")
    place, agency = detach_dateline(paragraphs)
    return ParsedArticle(
        title=title,
        paragraphs=tuple(paragraphs),
        published=_parse_date(doc.date),
        byline=clean_line(doc.author) if doc.author else None,
        dateline_place=place,
        dateline_agency=agency,
        source=source or url,
        url=url,
        kind="url" if url else "html",
        extra={"site": doc.sitename} if getattr(doc, "sitename", None) else {},
    )


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
