"""Feed documents down to entries: RSS, Atom, broken feeds, and which entries are new."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.feeds.parse import NotAFeed, new_entries, parse_feed
from bot.feeds.text import html_paragraphs
from tests.feed_site import SiteFeed, atom_document, rss_document

BASE = "https://news.example"


def test_rss_entries_carry_metadata_canonical_links_and_summary() -> None:
    feed = SiteFeed("alpha", ttl_minutes=45)
    feed.publish(3)
    parsed = parse_feed(rss_document(feed, BASE), url=f"{BASE}/feeds/alpha.rss")
    assert parsed.title == "Alpha News"
    assert parsed.hints.ttl_minutes == 45
    assert [e.key for e in parsed.entries] == [f"urn:site:alpha-{n}" for n in (2, 1, 0)]
    newest = parsed.entries[0]
    assert newest.link == f"{BASE}/news/alpha-2"  # utm_* parameters gone
    assert newest.title == "Alphaville approves library plan 2"
    assert newest.published == datetime(2024, 5, 6, 10, 0, tzinfo=UTC)
    assert newest.author == "Ada Reporter"
    assert newest.categories == ("Regional News",)
    assert newest.paragraphs == (feed.stories[2].paragraphs[0],)


def test_atom_entries_prefer_full_content_over_summary() -> None:
    feed = SiteFeed("beta", kind="atom")
    feed.publish(2)
    parsed = parse_feed(atom_document(feed, BASE), url=f"{BASE}/feeds/beta.atom")
    assert parsed.title == "Beta Atom"
    first = parsed.entries[-1]
    assert first.key == "tag:site,2024:beta-0"
    assert first.link == f"{BASE}/news/beta-0"
    assert first.paragraphs == tuple(feed.stories[0].paragraphs)


def test_broken_feed_is_read_as_far_as_it_goes() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title>'
        b"<item><title>One &bogus;</title><link>https://x.example/1</link>"
        b"<item><title>Two</title><link>https://x.example/2</link>"
    )
    parsed = parse_feed(body, url="https://x.example/rss")
    assert parsed.problem
    assert [e.link for e in parsed.entries] == ["https://x.example/1", "https://x.example/2"]


@pytest.mark.parametrize(
    "body", [b"just words, not a feed", b"<html><body><p>A page</p></body></html>", b""]
)
def test_documents_without_a_feed_are_refused(body: bytes) -> None:
    with pytest.raises(NotAFeed):
        parse_feed(body, url="https://x.example/")


def test_entries_without_id_are_keyed_by_link_or_text() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>Linked</title><link>https://x.example/a?utm_source=x#top</link></item>"
        b"<item><title>Only text</title><description>Some words here.</description></item>"
        b"<item><title>Nothing at all</title></item>"
        b"</channel></rss>"
    )
    entries = parse_feed(body, url="https://x.example/rss").entries
    assert [e.title for e in entries] == ["Linked", "Only text"]
    assert entries[0].key == "https://x.example/a"
    assert entries[1].key.startswith("sha256:") and entries[1].link is None


def test_new_entries_skip_known_keys_and_links_and_come_oldest_first() -> None:
    feed = SiteFeed("gamma")
    feed.publish(4)
    entries = parse_feed(rss_document(feed, BASE), url=f"{BASE}/rss").entries
    known = {"urn:site:gamma-0", f"{BASE}/news/gamma-2"}
    assert [e.key for e in new_entries(entries, known)] == ["urn:site:gamma-1", "urn:site:gamma-3"]
    assert new_entries(entries + entries, set()) == new_entries(entries, set())


def test_html_fragments_become_paragraphs() -> None:
    fragment = (
        "<div><p>First <b>bold</b> words.</p><script>x()</script>"
        "<p>Second&nbsp;one &amp; more</p><figure><figcaption>Photo</figcaption></figure>"
        "Tail<br>line</div>"
    )
    assert html_paragraphs(fragment) == (
        "First bold words.",
        "Second one & more",
        "Tail",
        "line",
    )
    assert html_paragraphs("Plain\n\nText &amp; more") == ("Plain", "Text & more")
    assert html_paragraphs("  ") == ()
