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
    kind: str = "text"  # "scraped" | "text" | "html" | "url"
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def dateline(self) -> str | None:
        """The dateline as printed, e.g. ``WASHINGTON (AP)``."""
        if not self.dateline_place:
            return None
        if self.dateline_agency:
            return f"{self.dateline_place} ({self.dateline_agency})"
        return self.dateline_place

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)
