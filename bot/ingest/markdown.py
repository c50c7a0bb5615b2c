"""Markdown articles: headings, emphasis, links, lists, quotes and tables read as text.

The title is the front matter's ``title``, else a heading opening the file, else the first
line (as for plain text). A line under it giving the author and date, emphasised or not
(``*By Jane Doe · 23 November 2023*``), becomes the byline and date. Each list item,
heading and table row is a paragraph of its own; markup never reaches the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from bot.ingest.article import ParsedArticle
from bot.ingest.byline import parse_human_date, read_byline_line
from bot.ingest.dateline import detach_dateline
from bot.ingest.errors import RejectedInput
from bot.ingest.page_metadata import cap_title
from bot.ingest.repair import clean_line

_MAX_TITLE_LINE = 300  # longer, the first line is a paragraph, not a title
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FRONT_FIELD = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_ITEM = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+(.*)$")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?(.*)$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+")

_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_HTML_BREAK = re.compile(r"<br\s*/?>", re.I)
_HTML_INLINE = re.compile(r"</?(?:em|strong|b|i|u|s|span|sup|sub|a|mark|small|code)\b[^>]*>", re.I)
_CODE = re.compile(r"`+([^`]+?)`+")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
# stands in for an escaped character while emphasis is removed
_PLACEHOLDER = "\x00{}\x00"
_PLACEHOLDER_BACK = re.compile("\x00(\\d+)\x00")


@dataclass
class _Block:
    kind: str  # "p" | "head" | "item" | "row" | "quote" | "code"
    lines: list[str] = field(default_factory=list)
    level: int = 0

    @property
    def text(self) -> str:
        joiner = " | " if self.kind == "row" else " "
        return clean_line(joiner.join(self.lines))


def parse_markdown(text: str, *, source: str | None = None) -> ParsedArticle:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    front: dict[str, str] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        front = _front_matter(match.group(1))
        text = text[match.end() :]
    blocks = [b for b in _blocks(text.split("\n")) if b.text]
    title = front.get("title")
    if not title and blocks:
        first = blocks.pop(0)
        if first.kind == "p" and len(first.lines) > 1:  # as in plain text: the first line
            blocks.insert(0, _Block("p", first.lines[1:]))
            first = _Block("p", first.lines[:1])
        title = inline_text(first.text)
    texts = [(b.kind, inline_text(b.text)) for b in blocks]
    texts = [(kind, t) for kind, t in texts if t]
    if not title:
        raise RejectedInput("the text is empty")
    title = clean_line(title)
    if len(title) > _MAX_TITLE_LINE:
        raise RejectedInput(
            "the first line should be the article's title, but it is a whole paragraph; "
            "put the title on a line of its own"
        )
    byline = front.get("author") or front.get("authors")
    published = _front_date(front)
    for index, (_, line) in enumerate(texts[:2]):
        found = read_byline_line(line)
        if found:
            byline = byline or found[0]
            published = published or found[1]
            del texts[index]
            break
    paragraphs = [t for _, t in texts]
    if not paragraphs:
        raise RejectedInput("the text has a title but no body (nothing after the first line)")
    place, agency = detach_dateline(paragraphs)
    section = front.get("section") or front.get("category") or front.get("categories")
    return ParsedArticle(
        title=cap_title(title),
        paragraphs=tuple(paragraphs),
        published=published,
        section=section or None,
        byline=byline or None,
        dateline_place=place,
        dateline_agency=agency,
        source=source,
        kind="markdown",
    )


def inline_text(text: str) -> str:
    """The words of a Markdown line: links keep their text, images and markup go."""
    escaped: list[str] = []

    def hide(match: re.Match[str]) -> str:
        escaped.append(match.group(1))
        return _PLACEHOLDER.format(len(escaped) - 1)

    text = _ESCAPED.sub(hide, text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: m.group(1) or m.group(2), text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _HTML_BREAK.sub(" ", text)
    text = _HTML_INLINE.sub("", text)
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(r"\2", text)
    for pattern in (_STRIKE, _EMPHASIS_STAR, _EMPHASIS_UNDERSCORE):
        text = pattern.sub(r"\1", text)
    text = _PLACEHOLDER_BACK.sub(lambda m: escaped[int(m.group(1))], text)
    return clean_line(text)


def _blocks(lines: list[str]) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    fence: str | None = None
    for index, line in enumerate(lines):
        if fence is not None:
            if line.strip().startswith(fence):
                fence, current = None, None
            elif current is not None and line.strip():
                current.lines.append(line.strip())
            continue
        if not line.strip():
            current = None
            continue
        fenced = _FENCE.match(line)
        if fenced:
            fence = fenced.group(1)
            current = _Block("code")
            blocks.append(current)
            continue
        heading = _ATX.match(line)
        if heading:
            blocks.append(_Block("head", [heading.group(2) or ""], len(heading.group(1))))
            current = None
            continue
        if current is not None and current.kind == "p" and _SETEXT.match(line):
            current.kind, current.level = "head", 1 if "=" in line else 2
            current = None
            continue
        if _RULE.match(line) or _LINK_DEFINITION.match(line):
            current = None
            continue
        if _is_table_line(line, lines, index):
            if _TABLE_RULE.match(line):
                continue
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            blocks.append(_Block("row", [c for c in cells if c]))
            current = None
            continue
        item = _ITEM.match(line)
        if item:
            current = _Block("item", [item.group(2)])
            blocks.append(current)
            continue
        quote = _QUOTE.match(line)
        if quote:
            if current is None or current.kind != "quote":
                current = _Block("quote")
                blocks.append(current)
            if quote.group(1).strip():
                current.lines.append(quote.group(1))
            else:  # "> " alone separates paragraphs inside the quote
                current = _Block("quote")
                blocks.append(current)
            continue
        if current is None or current.kind in ("head", "row", "code"):
            current = _Block("p")
            blocks.append(current)
        current.lines.append(line.strip())
    return blocks


def _is_table_line(line: str, lines: list[str], index: int) -> bool:
    """A row of a pipe table: it has pipes, and the table has its ``|---|`` rule."""
    if "|" not in line:
        return False
    if _TABLE_RULE.match(line) and line.count("-") >= 3:
        return index > 0 and "|" in lines[index - 1]
    window = lines[max(0, index - 40) : index + 2]
    return any(_TABLE_RULE.match(other) and "|" in other for other in window)


def _front_matter(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in text.split("\n"):
        match = _FRONT_FIELD.match(line.strip())
        if match and match.group(2).strip():
            value = match.group(2).strip().strip("[]").strip()
            value = value.split(",")[0].strip() if match.group(1).lower() != "title" else value
            fields[match.group(1).lower()] = value.strip("'\"")
    return fields


def _front_date(front: dict[str, str]) -> date | None:
    for key in ("date", "published", "pubdate"):
        if front.get(key):
            found = parse_human_date(front[key])
            if found:
                return found
    return None
