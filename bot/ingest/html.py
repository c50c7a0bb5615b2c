"""HTML pages: trafilatura finds the article; the page's metadata and newsbot's rules finish it.

The page is parsed once. Its metadata (JSON-LD, ``og:``/``article:`` tags, ``<time>``)
is read first; bodies split into sibling containers around advertising are joined; then
trafilatura extracts the main content as structured blocks (paragraphs, headings, list
items, table rows), which :mod:`bot.ingest.body_rules` clean of the furniture extractors
let through. Encoding is repaired on the extracted text only, where it needs it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from bot.ingest.article import ParsedArticle
from bot.ingest.body_rules import (
    Block,
    drop_contact_sections,
    drop_copies,
    drop_exact_repeats,
    drop_link_list_labels,
    drop_teaser_runs,
    drop_title_repeats,
    is_breadcrumb,
    is_byline,
    is_data_line,
    is_furniture,
    is_link_teaser,
    word_chars,
)
from bot.ingest.byline import is_date_text, parse_human_date, read_byline_line
from bot.ingest.dateline import detach_dateline
from bot.ingest.errors import RejectedInput
from bot.ingest.page_metadata import PageMetadata, cap_title, parse_date, read_page_metadata
from bot.ingest.repair import clean_line, repair_if_needed

if TYPE_CHECKING:  # lxml is loaded with the extractor, when a page arrives
    from lxml import etree
    from lxml.html import HtmlElement

_MIN_BODY_WORDS = 15
_MIN_CJK_CHARS = 40  # Chinese, Japanese: about 15 words' worth
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_BYLINE_SEARCH_BLOCKS = 8
_LAST_RESORT_MIN_WORDS = 8
_FALLBACK_MIN_CHARS = 250  # trafilatura's own "too short" mark for its fallbacks
_MAX_ANCESTOR_HOPS = 2  # split parts are siblings or cousins
_CONTAINER_TAGS = ("div", "section", "article", "main")
_DIV_PARAGRAPH_CHARS = 100  # a sentence: less is a label, a link or a caption
_PARAGRAPH_LIKE = "//p | //div[text()[string-length(normalize-space()) >= 20]]"
# Short texts of the page that may be a date standing alone ("14.06.2019", "March 2, 2023").
_SHORT_TEXTS = (
    "//body//text()[not(ancestor::script or ancestor::style)"
    " and string-length(normalize-space()) >= 6 and string-length(normalize-space()) <= 80]"
)
_EARLIEST_DATE = date(1995, 1, 1)  # news on the web is not older


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or (
        "<body" in head or "<head" in head or "<article" in head or "<p>" in head
    )


def parse_html(html: str, *, source: str | None = None, url: str | None = None) -> ParsedArticle:
    from trafilatura.utils import load_html  # heavy import, needed only when HTML arrives

    try:
        tree = load_html(html)
    except Exception as exc:  # lxml raises a variety of errors on broken input
        raise RejectedInput(f"the HTML could not be read ({type(exc).__name__})") from exc
    if tree is None:
        raise RejectedInput("the HTML could not be read (no document)")
    meta = read_page_metadata(tree)
    merge_split_bodies(tree)
    blocks = _extract_blocks(tree, url)
    paragraphs = clean_blocks(blocks, meta)
    # last resorts, so that a page with a story is never turned away: the page's own
    # machine-readable copy of it, then every paragraph of some length the page shows
    if not _is_a_story(paragraphs):
        paragraphs = _structured_body(meta) or paragraphs
    if not _is_a_story(paragraphs):
        paragraphs = clean_blocks(_every_paragraph(tree), meta) or paragraphs
    if not _is_a_story(paragraphs):
        raise RejectedInput("no article text was found in this HTML page")
    title = repair_if_needed(meta.title) if meta.title else None
    if not title:
        title, paragraphs = paragraphs[0], paragraphs[1:]
        if not paragraphs:
            raise RejectedInput("no article text was found in this HTML page")
    place, agency = detach_dateline(paragraphs)
    extra = {"site": meta.site} if meta.site else {}
    body_byline, body_date = _byline_in_body(blocks)
    return ParsedArticle(
        title=cap_title(title),
        paragraphs=tuple(paragraphs),
        published=meta.published or _date_in_page(tree) or body_date or _date_printed(tree),
        section=meta.section,
        byline=meta.byline or body_byline,
        dateline_place=place,
        dateline_agency=agency,
        source=source or url,
        url=url,
        kind="url" if url else "html",
        extra=extra,
    )


def clean_blocks(blocks: list[Block], meta: PageMetadata) -> list[str]:
    """The story's paragraphs: extracted blocks less furniture, repeats and data lines."""
    kept = drop_contact_sections(blocks)
    kept = drop_teaser_runs(kept)
    kept = drop_link_list_labels(kept)
    kept = [b for b in kept if not _is_page_furniture(b)]
    kept = drop_title_repeats(kept, meta.titles)
    kept = drop_copies(kept)
    kept = drop_exact_repeats(kept)
    return [b.text for b in kept]


def _is_page_furniture(block: Block) -> bool:
    # a table's rows are its data and a program listing is code, whatever they look like
    if block.kind in ("row", "code"):
        return False
    return (
        is_data_line(block.text)
        or is_furniture(block.text)
        or is_byline(block.text)
        or is_link_teaser(block)
        or is_breadcrumb(block)
    )


def merge_split_bodies(tree: HtmlElement) -> None:
    """A body cut into sibling containers (around an advertisement) is joined into the first.

    Extractors take the first element that looks like the article body; when a page
    repeats that container (same tag, same class) further down under the same parent or
    grandparent, the later ones are the rest of the story.
    """
    from trafilatura.xpaths import BODY_XPATH

    if not _has_repeated_container(tree):
        return
    # the extractor's first, class- and id-based choice: the one a split body is found by
    found = BODY_XPATH[0](tree)
    first = found[0] if found else None
    if first is None or not (first.get("class") or first.get("itemprop")):
        return
    near = list(first.iterancestors())[:_MAX_ANCESTOR_HOPS]
    later: list[HtmlElement] = []
    seen_first = False
    # lxml hands out element proxies: compare them with `is`/`in`, never by id()
    for element in _same_containers(tree, first):
        if element is first:
            seen_first = True
            continue
        if not seen_first or element.find(".//p") is None:
            continue
        ancestors = list(element.iterancestors())
        if (
            first not in ancestors
            and not any(a in later for a in ancestors)  # moved with its container already
            and any(a in near for a in ancestors[:_MAX_ANCESTOR_HOPS])
            and not _in_another_article(ancestors, near)
        ):
            later.append(element)
    for element in later:
        _move_content(element, first)


def _same_containers(tree: HtmlElement, first: HtmlElement) -> list[HtmlElement]:
    """The elements with ``first``'s tag, class and itemprop, in document order (found by
    XPath: a page has thousands of divs, too many to compare one by one in Python)."""
    tests = [
        f"@{name}=${name}" if first.get(name) is not None else f"not(@{name})"
        for name in ("class", "itemprop")
    ]
    found = tree.xpath(
        f"//{first.tag}[{' and '.join(tests)}]",
        **{name: first.get(name) or "" for name in ("class", "itemprop")},
    )
    return list(found)


def _has_repeated_container(tree: HtmlElement) -> bool:
    """Whether any two containers share a class (cheap, before the extractor's XPath)."""
    seen: set[str] = set()
    for element in tree.iter(*_CONTAINER_TAGS):
        key = element.get("class") or element.get("itemprop")
        if key:
            if key in seen:
                return True
            seen.add(key)
    return False


def _in_another_article(ancestors: list[HtmlElement], near: list[HtmlElement]) -> bool:
    """Pages that append the next story put it in an ``<article>`` of its own."""
    for ancestor in ancestors:
        if ancestor in near:
            return False
        if ancestor.tag == "article":
            return True
    return False


def _move_content(source: HtmlElement, target: HtmlElement) -> None:
    if source.text and source.text.strip():
        wrapper = target.makeelement("p", {})
        wrapper.text = source.text
        target.append(wrapper)
    for child in list(source):
        target.append(child)
    parent = source.getparent()
    if parent is not None:
        tail = source.tail
        parent.remove(source)
        if tail and tail.strip():
            previous = target[-1] if len(target) else target
            previous.tail = (previous.tail or "") + tail


def _extract_blocks(tree: HtmlElement, url: str | None) -> list[Block]:
    """trafilatura's precise extraction; its slower fallbacks only when the result looks short.

    The fallbacks (readability, jusText) replace the main extraction only when it came out
    much shorter than the page's densest run of paragraphs, or nearly empty: the same test,
    made cheaply first, spares their cost on the pages they would not change.
    """
    body = _trafilatura_body(tree, url, fast=True)
    blocks = _body_blocks(body) if body is not None else []
    text_chars = sum(len(b.text) for b in blocks)
    if (
        text_chars < _FALLBACK_MIN_CHARS
        or 2 * text_chars < _densest_paragraphs(tree)
        or (body is not None and _lacks_paragraphs(body))
    ):
        fuller = _trafilatura_body(tree, url, fast=False)
        if fuller is not None:
            blocks = _body_blocks(fuller)
    return blocks


def _trafilatura_body(tree: HtmlElement, url: str | None, *, fast: bool) -> etree._Element | None:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            fast=fast,
            favor_precision=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=True,
            with_metadata=False,
            output_format="xml",  # the body tree is all we read: no plain-text copy of it
        )
    except Exception as exc:  # trafilatura raises a variety of lxml errors on broken input
        raise RejectedInput(f"the HTML could not be read ({type(exc).__name__})") from exc
    return getattr(doc, "body", None) if doc is not None else None


def _densest_paragraphs(tree: HtmlElement) -> int:
    """Characters of paragraph text under the one element holding the most of it.

    Each paragraph counts for its parent and its grandparent, as readability scores them,
    so a story whose paragraphs are wrapped one by one is still seen whole. A paragraph
    is a ``<p>``, or a ``<div>`` holding a long run of text of its own: some sites write
    every paragraph as ``<div class="absatz">``.
    """
    totals: dict[HtmlElement, int] = {}
    # (divs without a text of their own are most of a page's elements: XPath passes them over)
    for paragraph in tree.xpath(_PARAGRAPH_LIKE):
        if paragraph.tag == "p":
            size = len(paragraph.text_content())
        else:
            size = len(paragraph.text or "") + sum(len(c.tail or "") for c in paragraph)
            if size < _DIV_PARAGRAPH_CHARS:
                continue
        parent = paragraph.getparent()
        for holder in (parent, parent.getparent() if parent is not None else None):
            if holder is not None:
                totals[holder] = totals.get(holder, 0) + size
    return max(totals.values(), default=0)


def _lacks_paragraphs(body: etree._Element) -> bool:
    paragraphs = sum(1 for _ in body.iter("p"))
    return paragraphs == 0 or sum(1 for _ in body.iter("table")) > paragraphs


# Block-level tags of trafilatura's output and of the HTML its fallbacks return.
_KIND_OF = {
    "head": "head",
    "h1": "head",
    "h2": "head",
    "h3": "head",
    "h4": "head",
    "h5": "head",
    "h6": "head",
    "item": "item",
    "li": "item",
    "dt": "item",
    "dd": "item",
    "quote": "quote",
    "blockquote": "quote",
}
_BLOCK_LEVEL = frozenset(
    {"p", "div", "section", "article", "main", "header", "footer", "aside", "figure", "code"}
    | {"pre", "list", "ul", "ol", "dl", "table", "form", "body", "nav"}
    | set(_KIND_OF)
)
_LAYOUT_CELL_WORDS = 30
# Code inside a sentence (`emcc -O3`, `add.js`) is a word of that sentence, not a block
# of its own: only a code element standing between paragraphs is one.
_INLINE_PARENTS = frozenset(
    {"p", "item", "head", "cell", "hi", "ref", "li", "td", "th", "dt", "dd", "a", "span"}
    | {"em", "strong", "b", "i", "h1", "h2", "h3", "h4", "h5", "h6"}
)


class _BlockWriter:
    """Walks extracted content and cuts it into blocks at block-level tags and line breaks."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._link_chars = 0
        self._kind = "p"

    def walk(self, node: etree._Element, kind: str = "p", in_link: bool = False) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("table",):
            self._table(node)
            return
        block = _is_block(node)
        if block:
            self.flush()
            if tag in ("code", "pre"):
                kind = "code"
            else:
                kind = _KIND_OF.get(tag, kind if tag == "p" else "p")
            self._kind = kind
        in_link = in_link or tag in ("ref", "a")
        self._add(node.text, in_link)
        for child in node:
            if not isinstance(child.tag, str):  # comments, processing instructions
                pass
            elif child.tag in ("lb", "br"):
                self.flush()
                self._kind = kind
            else:
                self.walk(child, kind, in_link)
                if child.tag == "table" or _is_block(child):
                    self._kind = kind
            self._add(child.tail, in_link)
        if block:
            self.flush()

    def flush(self) -> None:
        if not self._parts:  # most block boundaries close nothing
            return
        text = clean_line("".join(self._parts))
        if text:
            self.blocks.append(Block(self._kind, repair_if_needed(text), self._link_chars))
        self._parts, self._link_chars = [], 0

    def _add(self, text: str | None, in_link: bool) -> None:
        if text:
            self._parts.append(text)
            if in_link:
                self._link_chars += word_chars(text)

    def _table(self, table: etree._Element) -> None:
        """Data tables become one block per row; layout tables are read as their cells' text."""
        self.flush()
        rows = [r for r in table.iter("row", "tr")]
        cells = [[c for c in r if c.tag in ("cell", "td", "th")] for r in rows]
        # a table with columns has rows of several filled cells; one without is page layout
        rows_with_columns = sum(
            sum(1 for c in row if "".join(c.itertext()).strip()) >= 2 for row in cells
        )
        layout = rows_with_columns < 2 or any(
            len(" ".join(c.itertext()).split()) > _LAYOUT_CELL_WORDS
            or c.find(".//lb") is not None
            or c.find(".//br") is not None
            for row in cells
            for c in row
        )
        for row in cells:
            if layout:
                for cell in row:
                    self.walk(cell, "p")
                    self.flush()
                continue
            texts = [clean_line(" ".join(c.itertext())) for c in row]
            text = " | ".join(t for t in texts if t)
            if text:
                self.blocks.append(Block("row", repair_if_needed(text)))


def _is_block(node: etree._Element) -> bool:
    if node.tag == "code":
        parent = node.getparent()
        return parent is None or parent.tag not in _INLINE_PARENTS
    return node.tag in _BLOCK_LEVEL


def _body_blocks(body: etree._Element) -> list[Block]:
    writer = _BlockWriter()
    writer.walk(body)
    writer.flush()
    return writer.blocks


def _byline_in_body(blocks: list[Block]) -> tuple[str | None, date | None]:
    """A page without author or date metadata may still print ``By Jane Doe · 2 March 2023``
    above the story."""
    byline: str | None = None
    found: date | None = None
    for block in blocks[:_BYLINE_SEARCH_BLOCKS]:
        line = read_byline_line(block.text)
        if line:
            byline, found = byline or line[0], found or line[1]
        if byline and found:
            break
    return byline, found


def _is_a_story(paragraphs: list[str]) -> bool:
    """Enough text to be an article: words, or characters for scripts written without spaces."""
    text = " ".join(paragraphs)
    return len(text.split()) >= _MIN_BODY_WORDS or len(_CJK.findall(text)) >= _MIN_CJK_CHARS


def _date_in_page(tree: HtmlElement) -> date | None:
    """A date the page marks up in ways its metadata reader does not know, or in its address.

    Only htmldate's quick look: its extensive search scans the whole page's text (about
    10 ms a page) and hands odd strings to dateparser, whose first call in a process costs
    over 3 s; what it adds is mostly a copyright year taken for 1 January. A date printed
    with the byline is read from the story's first lines instead.
    """
    from htmldate import find_date

    try:
        found = find_date(tree, extensive_search=False, original_date=True)
    except Exception:  # htmldate is best effort; an odd page must not cost the article
        return None
    return parse_date(found) if found else None


def _every_paragraph(tree: HtmlElement) -> list[Block]:
    blocks = []
    for paragraph in tree.iter("p"):
        text = clean_line(paragraph.text_content())
        if len(text.split()) >= _LAST_RESORT_MIN_WORDS:
            blocks.append(Block("p", repair_if_needed(text)))
    return blocks


def _structured_body(meta: PageMetadata) -> list[str]:
    """The page's own machine-readable copy of the story, when the visible one is not found."""
    if not meta.article_body:
        return []
    lines = [clean_line(line) for line in meta.article_body.split("\n")]
    return [repair_if_needed(line) for line in lines if line]


def _date_printed(tree: HtmlElement) -> date | None:
    """The first date the page prints standing alone (a post's date above or below it),
    where nothing else dated the page: never a year alone (a copyright line)."""
    today = date.today()
    for text in tree.xpath(_SHORT_TEXTS):
        text = " ".join(text.split())
        if is_date_text(text):
            found = parse_human_date(text)
            if found is not None and _EARLIEST_DATE <= found <= today:
                return found
    return None
