"""RSS 0.9x/1.0/2.0 and Atom through feedparser, down to what ingestion needs per entry."""

from __future__ import annotations

import calendar
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from hashlib import sha256
from typing import TYPE_CHECKING

from bot.feeds.canonical import canonical_url
from bot.feeds.schedule import FeedHints, update_period_minutes
from bot.feeds.text import html_paragraphs

if TYPE_CHECKING:  # loaded with the first feed read: commands that read none skip it
    import feedparser

MAX_ENTRIES = 100  # newest first; a feed of thousands of entries is cut here
_MAX_TITLE = 300
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+xml",
    "application/xml",
    "text/xml",
    "application/x-rss+xml",
    "text/rss+xml",
)


class NotAFeed(ValueError):
    """The document is neither RSS nor Atom (nor a page announcing one)."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    key: str  # the entry's id/GUID, else its canonical link, else a hash of its text
    link: str | None  # canonical (tracking parameters stripped)
    title: str | None
    published: datetime | None
    author: str | None
    categories: tuple[str, ...]
    paragraphs: tuple[str, ...]  # the entry's own content, else its summary, as text


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    link: str | None
    hints: FeedHints
    entries: tuple[FeedEntry, ...]  # as the feed lists them (usually newest first)
    problem: str | None  # what feedparser tolerated in a broken feed, for the log


def parse_feed(content: bytes, *, url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse a feed document; :class:`NotAFeed` when it holds no feed at all.

    feedparser is given the bytes (never a URL or path), so it reads nothing itself.
    Broken feeds are read as far as feedparser's lenient parser gets.
    """
    import feedparser

    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(io.BytesIO(content), response_headers=headers)
    feed = parsed.get("feed", {})
    if not parsed.get("version") and not parsed.entries:
        raise NotAFeed("the address holds no RSS or Atom feed")
    entries: list[FeedEntry] = []
    for raw in parsed.entries[:MAX_ENTRIES]:
        entry = _entry(raw, base=url)
        if entry is not None:
            entries.append(entry)
    problem = None
    if parsed.get("bozo"):
        problem = str(parsed.get("bozo_exception") or "malformed feed")[:200]
    return ParsedFeed(
        title=_clean(feed.get("title"), _MAX_TITLE),
        link=feed.get("link"),
        hints=FeedHints(
            ttl_minutes=_number(feed.get("ttl")),
            update_period_minutes=update_period_minutes(
                feed.get("sy_updateperiod"), feed.get("sy_updatefrequency")
            ),
        ),
        entries=tuple(entries),
        problem=problem,
    )


def _entry(raw: feedparser.FeedParserDict, *, base: str) -> FeedEntry | None:
    link = raw.get("link") or _alternate(raw)
    link = canonical_url(link) if link and link.startswith(("http://", "https://")) else None
    title = _clean(raw.get("title"), _MAX_TITLE)
    paragraphs = _content(raw)
    if not link and not paragraphs:
        return None  # nothing to fetch and nothing to keep
    key = (raw.get("id") or "").strip()
    if not key or raw.get("guidislink"):
        key = link or ""
    if not key:
        digest = sha256("\n".join((title or "", *paragraphs)).encode("utf-8")).hexdigest()
        key = f"sha256:{digest}"
    tags = raw.get("tags") or []
    categories = tuple(
        dict.fromkeys(c for c in (_clean(t.get("term") or t.get("label"), 80) for t in tags) if c)
    )
    author = _clean(raw.get("author"), 200)
    return FeedEntry(
        key=key[:2000],
        link=link,
        title=title,
        published=_moment(raw.get("published_parsed") or raw.get("updated_parsed")),
        author=author,
        categories=categories,
        paragraphs=paragraphs,
    )


def _alternate(raw: feedparser.FeedParserDict) -> str | None:
    for link in raw.get("links") or []:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"])
    return None


def _content(raw: feedparser.FeedParserDict) -> tuple[str, ...]:
    """The fullest text the entry carries: its content, else its summary."""
    candidates = [c.get("value", "") for c in raw.get("content") or []]
    candidates.append(raw.get("summary") or "")
    best: tuple[str, ...] = ()
    for value in candidates:
        paragraphs = html_paragraphs(value)
        if sum(map(len, paragraphs)) > sum(map(len, best)):
            best = paragraphs
    return best


def _moment(value: object) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None


def _clean(value: object, limit: int) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(html_paragraphs(value)) if "<" in value else " ".join(value.split())
    return text[:limit].strip() or None


def _number(value: object) -> float | None:
    try:
        number = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def new_entries(entries: tuple[FeedEntry, ...], known: set[str]) -> list[FeedEntry]:
    """Entries whose key and link are both unknown, each once, oldest first.

    ``known`` holds keys and canonical links already recorded for the feed.
    """
    seen = set(known)
    fresh: list[FeedEntry] = []
    for entry in reversed(entries):  # feeds list newest first
        if entry.key in seen or (entry.link is not None and entry.link in seen):
            continue
        seen.add(entry.key)
        if entry.link:
            seen.add(entry.link)
        fresh.append(entry)
    undated = datetime.min.replace(tzinfo=UTC)
    return sorted(fresh, key=lambda e: e.published or undated)
