"""Feed HTML fragments (entry content, summaries) as plain paragraphs."""

from __future__ import annotations

import html
from html.parser import HTMLParser

_BLOCKS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
     "section", "article", "table", "tr", "pre", "figure", "hr"}
)  # fmt: skip
_SKIPPED = frozenset({"script", "style", "figcaption", "noscript", "iframe", "svg"})


class _Paragraphs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._words: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag in _BLOCKS:
            self._close()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self._close()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._words.append(data)

    def _close(self) -> None:
        text = " ".join("".join(self._words).split())
        if text:
            self.paragraphs.append(text)
        self._words = []

    def close(self) -> None:
        super().close()
        self._close()


def html_paragraphs(fragment: str) -> tuple[str, ...]:
    """Paragraphs of text in an HTML fragment (plain text passes through, split on blank lines)."""
    if not fragment or not fragment.strip():
        return ()
    if "<" not in fragment:
        blocks = html.unescape(fragment).split("\n\n")
        return tuple(t for t in (" ".join(b.split()) for b in blocks) if t)
    parser = _Paragraphs()
    parser.feed(fragment)
    parser.close()
    return tuple(parser.paragraphs)
