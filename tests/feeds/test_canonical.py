"""Canonical article addresses: the same story, however it was linked, is one URL."""

from __future__ import annotations

import pytest

from bot.feeds.canonical import canonical_url


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        (
            "https://News.Example.com:443/a/b?utm_source=rss&utm_medium=feed&id=7#comments",
            "https://news.example.com/a/b?id=7",
        ),
        ("http://example.com:80", "http://example.com/"),
        ("http://example.com:8080/x?fbclid=abc&gclid=d&page=2", "http://example.com:8080/x?page=2"),
        ("https://example.com/x?b=2&a=1", "https://example.com/x?b=2&a=1"),  # order kept
        ("https://example.com/x?ref_src=twsrc&q=a+b", "https://example.com/x?q=a+b"),
        ("https://[2001:db8::1]:443/p", "https://[2001:db8::1]/p"),
    ],
)
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical
    assert canonical_url(canonical) == canonical
