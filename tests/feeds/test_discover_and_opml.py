"""Finding a page's feed, and reading OPML subscription lists."""

from __future__ import annotations

import pytest

from bot.feeds.discover import discover_feeds
from bot.feeds.opml import NotOPML, parse_opml


def test_alternate_links_are_found_absolute_rss_and_atom_first() -> None:
    page = """<html><head>
      <link rel="stylesheet" href="/s.css">
      <link rel="alternate" type="application/feed+json" href="/feed.json">
      <link rel="alternate" type="application/rss+xml" title="All" href="/rss.xml">
      <LINK REL="Alternate" TYPE="application/atom+xml; charset=utf-8" HREF="atom.xml">
      <link rel="alternate" hreflang="de" href="/de/">
    </head><body></body></html>"""
    assert discover_feeds(page, base="https://news.example/section/") == [
        "https://news.example/rss.xml",
        "https://news.example/section/atom.xml",
        "https://news.example/feed.json",
    ]
    assert discover_feeds("<html><body>no feeds</body></html>", base="https://x/") == []


def test_opml_outlines_at_any_depth_each_once() -> None:
    opml = b"""<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>
      <outline text="News">
        <outline type="rss" text="World" xmlUrl="https://a.example/world.rss"/>
        <outline type="rss" title="Tech" xmlUrl="https://b.example/tech.xml"/>
      </outline>
      <outline type="rss" text="World again" xmlUrl="https://a.example/world.rss"/>
      <outline text="a folder without a feed"/>
    </body></opml>"""
    feeds = parse_opml(opml)
    assert [(f.url, f.title) for f in feeds] == [
        ("https://a.example/world.rss", "World"),
        ("https://b.example/tech.xml", "Tech"),
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"not xml at all <", "not well-formed"),
        (b"<rss><channel/></rss>", "not OPML"),
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
            b"<opml><body><outline xmlUrl='&lol;'/></body></opml>",
            "DTD",
        ),
    ],
)
def test_what_is_not_an_opml_list_is_refused(data: bytes, reason: str) -> None:
    with pytest.raises(NotOPML, match=reason):
        parse_opml(data)
