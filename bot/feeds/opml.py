"""OPML subscription lists (what feed readers export): the feed URLs and their titles."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

MAX_OPML_BYTES = 2_000_000


class NotOPML(ValueError):
    """The file is not an OPML subscription list."""


@dataclass(frozen=True, slots=True)
class OutlineFeed:
    url: str
    title: str | None


def parse_opml(data: bytes) -> list[OutlineFeed]:
    """Every ``<outline xmlUrl=…>`` at any depth, each URL once, in file order.

    Documents with a DTD are refused: entity expansion is how XML files turn into bombs.
    """
    if len(data) > MAX_OPML_BYTES:
        raise NotOPML(f"the file is larger than {MAX_OPML_BYTES:,} bytes")
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise NotOPML("the file declares a DTD, which OPML lists do not need")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise NotOPML(f"the file is not well-formed XML ({exc})") from exc
    if root.tag.lower() != "opml":
        raise NotOPML("the file is XML but not OPML (its root is not <opml>)")
    feeds: dict[str, OutlineFeed] = {}
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url and url not in feeds:
            title = (outline.get("title") or outline.get("text") or "").strip() or None
            feeds[url] = OutlineFeed(url, title)
    return list(feeds.values())
