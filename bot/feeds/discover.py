"""Finding the feed a web page announces with ``<link rel="alternate" type="…rss+xml">``."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin

_FEED_LINK_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json"}
)


class _FeedLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (type, href)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "link":
            return
        values = {name.lower(): (value or "") for name, value in attrs}
        rels = values.get("rel", "").lower().split()
        kind = values.get("type", "").lower().split(";")[0].strip()
        if "alternate" in rels and kind in _FEED_LINK_TYPES and values.get("href"):
            self.found.append((kind, values["href"].strip()))


def discover_feeds(page: str, *, base: str) -> list[str]:
    """Feed URLs the page links to, absolute, RSS/Atom before JSON, in page order."""
    parser = _FeedLinks()
    parser.feed(page[:500_000])
    parser.close()
    ordered = sorted(parser.found, key=lambda found: found[0] == "application/feed+json")
    return list(dict.fromkeys(urljoin(base, href) for _, href in ordered))
