"""Text scraped from news web pages (AP News style), reduced to the story itself.

Such a page is the story wrapped in page furniture: a ``date YYYY-MM-DD`` line that
runs straight into a carousel of other stories' photo captions and headlines, a
section name, the headline, photo captions (often twice) with ``1 of 2 |`` counters,
``ASSOCIATED PRESS`` / ``By NAME`` / ``Share`` chrome, and, spliced into the middle of
the body, an ``Other news`` block of teasers for unrelated stories.

Layout is the most reliable signal the scrape keeps: the story's paragraphs are
separated by blank lines, while carousel and teaser items are consecutive lines with
no blank line between them. Line shapes (captions end in a photo credit, headlines
have no final punctuation, teasers open with their own dateline) settle the rest;
overlap with the story's own words is used only to break ties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from bot.ingest.article import ParsedArticle
from bot.ingest.dateline import detach_dateline, split_dateline
from bot.ingest.errors import RejectedInput

# Line kinds.
_CHROME = 0
_COUNTER = 1  # "1 of 2 |": chrome that also marks the line before it as a caption
_MARKER = 2  # "Other news": a block of teasers follows
_CAPTION = 3
_BYLINE = 4
_HEADLINE = 5
_PROSE = 6

_DATE_LINE = re.compile(r"date\s+(\d{4}-\d{2}-\d{2})\b\s*")
_COUNTER_LINE = re.compile(r"\d{1,3} of \d{1,3}(?: ?\|)?")
_CHROME_LINE = re.compile(
    r"(?:associated press|share|share this (?:article|story)|read more|advertisement|"
    r"copy link|link copied|print|email|updated|published|"
    r"(?:updated|published) .{0,40}\d{1,2}:\d{2} ?[ap]\.?m\.?.{0,40}|"
    r"copyright (?:© ?)?\d{4}.{0,100}|all rights reserved.{0,80})",
    re.IGNORECASE,
)
_MARKER_LINE = re.compile(
    r"(?:other news|related (?:news|stories|coverage|articles)|more (?:news|stories)|"
    r"most read|recommended(?: stories)?|you may also like|trending(?: now)?)",
    re.IGNORECASE,
)
_HAS_WORD = re.compile(r"\w")
# Credits close a caption: "(AP Photo/…)", "(Photo by …)", "(… Pool Photo via AP)",
# "(Guardia di Finanza via AP)", "(Aurore Simonnet/NANOGrav Collaboration)".
_TRAILING_PARENS = re.compile(r"\(([^()]{2,200})\)$")
_CREDIT = re.compile(
    r"AP Photo|Photo by|Photo:|\bvia\b|\bAP\b|/|\bPool\b|\bFile\b|Getty Images|"
    r"\bReuters\b|\bAFP\b|\bEPA\b|[Cc]ourtesy|Photograph",
)
_CAPTION_OPENING = re.compile(
    r"(?:FILE\s*[-–—]"
    r"|In this (?:\w+ ){0,3}?(?:image|photo|photograph|frame|handout|file)\b"
    r"|This (?:\w+ ){0,3}?(?:illustration|image|photo|photograph|frame grab|handout|"
    r"rendering|map|graphic)s? (?:provided|released|made|taken|shows|from|obtained)\b)",
)
_NAME = (
    r"[A-Z][\w.'’\-]*"
    r"(?: (?:[A-Z][\w.'’\-]*|de|da|del|der|di|du|la|le|van|von|bin|al|el))*"
)
_BYLINE_LINE = re.compile(rf"By\s+({_NAME}(?:(?:\s*,\s*|,? and ){_NAME})*)")
_MAX_BYLINE_CHARS = 120
_CLOSERS = "\"'”’)]»"
_MAX_HEADLINE_WORDS = 25
_MAX_HEADLINE_CHARS = 220
_MAX_SECTION_WORDS = 5
_WORD = re.compile(r"\w+")
_ROMAN = frozenset({"II", "III", "IV", "VI", "VII", "VIII"})

# Tie-break thresholds for a lone paragraph inside a teaser block (see _is_teaser_par).
_MIN_STORY_COVERAGE = 0.25
_MAX_LEDE_OVERLAP = 0.5

_SCRAPED_SIGNS = re.compile(
    r"^(?:(?P<counter>[ \t\u00a0]*\d{1,3}[ \u00a0]of[ \u00a0]\d{1,3}[ \u00a0]*\|)"
    r"|(?P<agency>ASSOCIATED PRESS[ \t\u00a0]*$)"
    r"|(?P<share>Share[ \t\u00a0]*$)"
    r"|(?P<teasers>Other news[ \t\u00a0]*$)"
    r"|(?P<byline>By[ \u00a0]+[A-Z][A-Z.'’\-]+(?:[ \u00a0]+(?:[A-Z][A-Z.'’\-]+|and))+[ \t\u00a0]*$)"
    r"|(?P<file>FILE[ \u00a0]*[-–—][ \u00a0]))"
    r"|(?P<credit>\((?:AP Photo/|Photo by ))",
    re.MULTILINE,
)
_DETECTION_WINDOW = 20_000


@dataclass(slots=True)
class _Line:
    text: str
    block: int  # lines of one block have no blank line between them
    kind: int


def looks_like_scraped_page(text: str) -> bool:
    """Route input cheaply: a ``date`` first line, or at least two kinds of page chrome.

    One sign alone is not enough: a clean article may quote a photo credit or carry a
    plain ``By NAME`` line, and those are better served by the plain-text parser.
    """
    head = text[:_DETECTION_WINDOW]
    if _DATE_LINE.match(head.lstrip()):
        return True
    signs: set[str | None] = set()
    for match in _SCRAPED_SIGNS.finditer(head):
        signs.add(match.lastgroup)
        if len(signs) >= 2:
            return True
    return False


def parse_scraped_page(text: str, *, source: str | None = None) -> ParsedArticle:
    """Parse a scraped news page into the story it carries.

    Raises ``ValueError`` (:class:`RejectedInput`) when there is no headline or no
    story text left once the page furniture is removed.
    """
    published, has_date_line, lines = _split_lines(text)
    if not lines:
        raise RejectedInput("the scraped page is empty")
    section_at, title_at = _find_headline(lines, has_date_line)
    if title_at is None:
        raise RejectedInput(
            "no headline was found in this scraped page; paste the page from its "
            "headline down, or send the article as a title line followed by its text"
        )
    paragraphs, byline = _extract_body(lines, title_at)
    if not paragraphs:
        raise RejectedInput(
            "no article text was found in this scraped page: after removing photo "
            "captions, page chrome and teasers of other stories nothing was left"
        )
    place, agency = detach_dateline(paragraphs)
    return ParsedArticle(
        title=lines[title_at].text,
        paragraphs=tuple(paragraphs),
        published=published,
        section=lines[section_at].text if section_at is not None else None,
        byline=byline,
        dateline_place=place,
        dateline_agency=agency,
        source=source,
        kind="scraped",
    )


def _split_lines(text: str) -> tuple[date | None, bool, list[_Line]]:
    """Clean, classify and group the non-blank lines; pull the date off the first one."""
    published: date | None = None
    has_date_line = False
    lines: list[_Line] = []
    block = 0
    blank_before = False
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        # str.split() counts NBSP and the other Unicode spaces as whitespace, and is
        # several times faster than a regex collapse on lines this long.
        line = " ".join(raw.split())
        if not line:
            blank_before = bool(lines)
            continue
        if not lines and not has_date_line:
            match = _DATE_LINE.match(line)
            if match is not None:
                has_date_line = True
                published = _parse_date(match.group(1))
                line = line[match.end() :]
                if not line:
                    continue
        if blank_before:
            block += 1
            blank_before = False
        lines.append(_Line(line, block, _classify(line)))
    _mark_counted_captions(lines)
    return published, has_date_line, lines


def _classify(line: str) -> int:
    if not _HAS_WORD.search(line) or _CHROME_LINE.fullmatch(line):
        return _CHROME
    if _COUNTER_LINE.fullmatch(line):
        return _COUNTER
    if _MARKER_LINE.fullmatch(line):
        return _MARKER
    if _is_caption(line):
        return _CAPTION
    if len(line) <= _MAX_BYLINE_CHARS and _BYLINE_LINE.fullmatch(line):
        return _BYLINE
    if _is_headline_like(line):
        return _HEADLINE
    return _PROSE


def _is_caption(line: str) -> bool:
    if _CAPTION_OPENING.match(line):
        return True
    credit = _TRAILING_PARENS.search(line) if line.endswith(")") else None
    return credit is not None and _CREDIT.search(credit.group(1)) is not None


def _is_headline_like(line: str) -> bool:
    """Short and without closing punctuation: headlines, section names, subheads."""
    if len(line) > _MAX_HEADLINE_CHARS or line.count(" ") >= _MAX_HEADLINE_WORDS:
        return False
    return line.rstrip(_CLOSERS)[-1:] not in ".,;:"


def _mark_counted_captions(lines: list[_Line]) -> None:
    """A caption sits right before its ``N of M |`` counter; its copies repeat the text."""
    captions: set[str] = set()
    for i, line in enumerate(lines):
        if line.kind == _COUNTER and i and lines[i - 1].block == line.block:
            lines[i - 1].kind = _CAPTION
        if line.kind == _CAPTION:
            captions.add(line.text)
    if captions:
        for line in lines:
            if line.text in captions:
                line.kind = _CAPTION


def _find_headline(lines: list[_Line], has_date_line: bool) -> tuple[int | None, int | None]:
    """Return the indices of the section name and the headline.

    The first block is a carousel when it follows a ``date`` line or holds captions;
    its last line is the section name unless it is a carousel headline (those come
    right after their caption). The headline is the first headline-like line after
    the carousel and before the story text.
    """
    first_block = [i for i, line in enumerate(lines) if line.block == 0]
    carousel = has_date_line or (
        len(first_block) > 1 and any(lines[i].kind == _CAPTION for i in first_block)
    )
    if not carousel:
        first = _next_headline(lines, 0)
        if first is None:
            return None, None
        after = _next_headline(lines, first + 1)
        if (
            after is not None
            and _is_section_like(lines[first].text)
            and lines[after].block != lines[first].block
            and _only_chrome_between(lines, first, after)
        ):
            return first, after
        return None, first
    last = first_block[-1]
    section_at: int | None = None
    if _is_section_like(lines[last].text) and (
        len(first_block) == 1 or lines[last - 1].kind == _HEADLINE
    ):
        section_at = last
    title_at = _next_headline(lines, last + 1)
    if title_at is not None:
        return section_at, title_at
    # No blank line between the carousel and the headline: the headline closes the
    # first block, and the line before it may be the section name.
    if lines[last].kind != _HEADLINE:
        return None, None
    before = last - 1
    if before >= 0 and lines[before].block == 0 and _is_section_like(lines[before].text):
        is_section = before == 0 or lines[before - 1].kind == _HEADLINE
        return (before if is_section else None), last
    return None, last


def _next_headline(lines: list[_Line], start: int) -> int | None:
    """The first headline-like line from ``start``, unless story text comes first."""
    for i in range(start, len(lines)):
        kind = lines[i].kind
        if kind == _HEADLINE:
            return i
        if kind == _PROSE:
            return None
    return None


def _only_chrome_between(lines: list[_Line], first: int, after: int) -> bool:
    return all(lines[i].kind in (_CHROME, _COUNTER) for i in range(first + 1, after))


def _is_section_like(text: str) -> bool:
    return (
        _is_headline_like(text)
        and text.count(" ") < _MAX_SECTION_WORDS
        and text[-1:] not in "?!"
        and text[:1].isupper()
    )


def _extract_body(lines: list[_Line], title_at: int) -> tuple[list[str], str | None]:
    """Walk the lines after the headline and keep the story's own paragraphs.

    Outside a teaser block a line is kept when it is prose (or a lone subhead once the
    story has started). Inside one, multi-line blocks are teasers wholesale; a lone
    paragraph ends the block unless it reads like a teaser's opening (see
    :func:`_is_teaser_par`).
    """
    block_sizes: dict[int, int] = {}
    for line in lines:
        block_sizes[line.block] = block_sizes.get(line.block, 0) + 1
    per_line = len({line.block for line in lines[title_at + 1 :]}) <= 1
    if per_line:
        # No blank lines below the headline: judge every line on its own.
        block_sizes = dict.fromkeys(block_sizes, 1)
        teaser_cards: set[int] = set()
    else:
        teaser_cards = _teaser_card_blocks(lines, title_at)

    seen = {line.text for line in lines[: title_at + 1]}
    paragraphs: list[str] = []
    byline: str | None = None
    in_teasers = False
    marker_block = -1
    after_headline = False
    for line in lines[title_at + 1 :]:
        kind = line.kind
        if kind == _MARKER:
            in_teasers, after_headline = True, False
            marker_block = -1 if per_line else line.block
            continue
        if kind == _BYLINE and byline is None and not paragraphs:
            byline = _format_byline(line.text)
        if kind in (_CHROME, _COUNTER, _CAPTION, _BYLINE) or line.text in seen:
            seen.add(line.text)
            after_headline = after_headline and kind in (_CHROME, _COUNTER)
            continue
        seen.add(line.text)
        lone = block_sizes[line.block] == 1
        if in_teasers:
            if line.block == marker_block or not lone:
                after_headline = False
            elif kind == _HEADLINE:
                after_headline = True
            elif _is_teaser_par(line.text, after_headline, lines[title_at].text, paragraphs):
                after_headline = False
            else:
                in_teasers = False
                paragraphs.append(line.text)
            continue
        if line.block in teaser_cards:
            continue
        if kind == _PROSE or (kind == _HEADLINE and lone and paragraphs):
            paragraphs.append(line.text)
    return paragraphs, byline


def _teaser_card_blocks(lines: list[_Line], start: int) -> set[int]:
    """Blocks holding a caption directly followed by a headline: an unmarked teaser."""
    cards: set[int] = set()
    for i in range(start + 1, len(lines) - 1):
        line, following = lines[i], lines[i + 1]
        if line.kind == _CAPTION and following.kind == _HEADLINE and line.block == following.block:
            cards.add(line.block)
    return cards


def _is_teaser_par(text: str, after_headline: bool, title: str, story: list[str]) -> bool:
    """Whether a lone paragraph inside a teaser block still belongs to the teasers.

    A dateline (the story already had its own), an ellipsis or a preceding teaser
    headline point to a teaser. With a single such sign, the story's own words decide:
    a paragraph about something else, or one restating the story's lede (an older
    version of the same story), is a teaser.
    """
    score = 0
    if story and split_dateline(text)[0] is not None:
        score += 2
    if after_headline:
        score += 1
    if text.endswith(("…", "...")):
        score += 1
    if score != 1:
        return score > 1
    if not story:
        return False
    words = [w.casefold() for w in _WORD.findall(text)]
    content = {w for w in words if len(w) > 3 and not w.isdigit()}
    story_words = {
        w.casefold() for part in (title, *story) for w in _WORD.findall(part) if len(w) > 3
    }
    if content and len(content & story_words) / len(content) < _MIN_STORY_COVERAGE:
        return True
    pairs = set(pairwise(words))
    if not pairs:
        return False
    for paragraph in story:
        own = [w.casefold() for w in _WORD.findall(paragraph)]
        own_pairs = set(pairwise(own))
        if len(pairs & own_pairs) / len(pairs) >= _MAX_LEDE_OVERLAP:
            return True
    return False


def _format_byline(line: str) -> str:
    """``By JOHN O'NEILL and JANE ROE`` → ``John O'Neill and Jane Roe``; mixed case stays."""
    match = _BYLINE_LINE.fullmatch(line)
    names = match.group(1) if match else line[3:]
    if any(ch.islower() for ch in names.replace(" and ", " ")):
        return names
    return " ".join(_title_word(word) for word in names.split(" "))


def _title_word(word: str) -> str:
    bare = word.rstrip(",")
    if bare in _ROMAN or bare == "and":
        return word
    if len(bare) > 3 and bare.startswith("MC"):
        return "Mc" + word[2:].title()
    return word.title()


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
