"""The clean article every ingestion path produces, whatever the input looked like."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """An article as parsed from one input, before it is stored.

    ``paragraphs`` hold the story's own body text only: no captions, credits, page
    chrome or teasers of other stories, and no dateline prefix (that lives in
    ``dateline_place`` / ``dateline_agency``).
    """

    title: str
    paragraphs: tuple[str, ...]
    published: date | None = None
    section: str | None = None
    byline: str | None = None
    dateline_place: str | None = None
    dateline_agency: str | None = None
    source: str | None = None
    url: str | None = None
    kind: str = "text"  # "scraped" | "text" | "markdown" | "html" | "url"
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def dateline(self) -> str | None:
        return format_dateline(self.dateline_place, self.dateline_agency)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def format_dateline(place: str | None, agency: str | None) -> str | None:
    """The dateline as printed, e.g. ``WASHINGTON (AP)``."""
    if not place:
        return None
    return f"{place} ({agency})" if agency else place


# The longest fields an article keeps. Whatever the input (a page's <title>, a feed entry,
# pasted text), a stored title is short enough for every message that shows it.
MAX_TITLE_CHARS = 300
MAX_FIELD_CHARS = 200  # section, byline, dateline place and agency


def clip_text(text: str, limit: int) -> str:
    """``text`` on one line and at most ``limit`` characters, cut at a word with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-—") + "…"


def bounded_article(article: ParsedArticle) -> ParsedArticle:
    """The article with its title and short fields clipped to what can be stored and shown."""

    def field_or_none(value: str | None) -> str | None:
        return clip_text(value, MAX_FIELD_CHARS) or None if value else value

    return replace(
        article,
        title=clip_text(article.title, MAX_TITLE_CHARS),
        section=field_or_none(article.section),
        byline=field_or_none(article.byline),
        dateline_place=field_or_none(article.dateline_place),
        dateline_agency=field_or_none(article.dateline_agency),
    )
