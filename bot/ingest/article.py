"""The clean article every ingestion path produces, whatever the input looked like."""

from __future__ import annotations

from dataclasses import dataclass, field
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
