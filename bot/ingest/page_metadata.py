"""What a web page says about its own article: title, date, byline, section.

Pages describe their article in several places of unequal trust: schema.org JSON-LD
(written for search engines, usually exact), Open Graph and ``article:*`` meta tags, the
``<h1>``, ``<time>`` elements and, last, the ``<title>``, which often carries the site's
name. All are read once from the parsed tree, before extraction changes it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from bot.ingest.repair import clean_line

if TYPE_CHECKING:
    from lxml.html import HtmlElement

MAX_TITLE_CHARS = 200
_ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "scholarlyarticle",
        "techarticle",
        "report",
        "webpage",
    }
)
# "Headline | Site", "Site - Headline": without the site's name, the longest part is the headline.
_TITLE_SEPARATORS = re.compile(r"\s+[|–—·»-]\s+|\s+::\s+")
# "欲張りなイヌ ＜福娘童話集＞", "新製品発表【公式】": East Asian pages close the title with the
# site's or section's name in brackets (quoting brackets 「」『』《》 name works: not these)
_BRACKETED_SITE = re.compile(r"^(\S.*?)\s*[＜【〈]([^＜【〈＞】〉]+)[＞】〉]$")
_WORD = re.compile(r"\w+")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})")
_SLASHED_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})\b")
_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_BY = re.compile(r"^(?:by|von|par|por|di|door|de)\s+", re.IGNORECASE)
_DATE_META_NAMES = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "article:modified_time",
)
_SECTION_META_NAMES = ("article:section", "section", "parsely-section", "article.section")
_AUTHOR_META_NAMES = ("author", "article:author", "parsely-author", "dc.creator", "byl")


@dataclass(frozen=True, slots=True)
class PageMetadata:
    title: str | None = None
    titles: tuple[str, ...] = ()  # every form of the title the page shows, best first
    published: date | None = None
    byline: str | None = None
    section: str | None = None
    site: str | None = None
    description: str | None = None
    article_body: str | None = None  # schema.org articleBody, a copy of the story's text
    extra: dict[str, str] = field(default_factory=dict)


def read_page_metadata(tree: HtmlElement) -> PageMetadata:
    """Read title, date, byline and section from JSON-LD, meta tags, ``<h1>`` and ``<time>``."""
    ld = _json_ld_article(tree)
    meta = _meta_tags(tree)
    h1 = next((clean_line(h.text_content()) for h in tree.iter("h1")), "")
    page_title = clean_line(next((t.text_content() for t in tree.iter("title")), ""))
    og_title = meta.get("og:title") or meta.get("twitter:title")
    site = meta.get("og:site_name")
    short_title = _strip_site_name(page_title, site)
    # a blog's <h1> is often its own name ("Hi, I'm Nicolas."): an <h1> that no part of
    # the <title> repeats is not the article's headline
    h1_names_the_page = not page_title or _echoed_by_title(h1, page_title)
    candidates = [
        clean_line(str(ld.get("headline") or "")),
        clean_line(og_title or ""),
        *((h1, short_title) if h1_names_the_page else (short_title, h1)),
        page_title,
    ]
    titles = tuple(dict.fromkeys(t for t in candidates if t))
    title = _best_title(titles)
    published = _first_date(
        [_as_text(ld.get("datePublished")), _as_text(ld.get("dateCreated"))]
        + [meta.get(name) for name in _DATE_META_NAMES]
        + _itemprop_dates(tree)
        + [t.get("datetime") for t in tree.iter("time")]
        + [_as_text(ld.get("dateModified"))]
    )
    byline = _author_names(ld.get("author")) or _meta_author(meta)
    section = _as_text(ld.get("articleSection")) or next(
        (meta[name] for name in _SECTION_META_NAMES if meta.get(name)), None
    )
    body = ld.get("articleBody")
    return PageMetadata(
        title=title,
        titles=titles,
        published=published,
        byline=clean_line(byline) if byline else None,
        section=clean_line(section) if section else None,
        site=clean_line(site) if site else None,
        description=meta.get("og:description") or meta.get("description"),
        article_body=body if isinstance(body, str) and body.strip() else None,
    )


def _echoed_by_title(heading: str, page_title: str) -> bool:
    """Whether one part of the title holds at least half the heading's words."""
    words = set(_WORD.findall(heading.casefold()))
    return not words or any(
        2 * len(words & set(_WORD.findall(part.casefold()))) >= len(words)
        for part in _TITLE_SEPARATORS.split(page_title)
    )


def cap_title(title: str, limit: int = MAX_TITLE_CHARS) -> str:
    """A title fits on one line of a list: longer ones are cut at a word and marked."""
    title = clean_line(title)
    if len(title) <= limit:
        return title
    cut = title[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-–—")
    return cut + "…"


def _best_title(titles: tuple[str, ...]) -> str | None:
    if not titles:
        return None
    best = titles[0]
    # search-engine headlines are sometimes cut short ("…"); a fuller form wins
    stem = best.rstrip(".… ")
    if stem != best:
        for other in titles[1:]:
            if other.startswith(stem) and len(other) > len(stem):
                best = other
                break
    return best


def _strip_site_name(title: str, site: str | None) -> str:
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        bracketed = _BRACKETED_SITE.match(title)
        return bracketed.group(1) if bracketed else title
    if site:
        kept = [p for p in parts if p.strip().casefold() != site.casefold()]
        if kept and len(kept) < len(parts):
            return " - ".join(kept) if len(kept) > 1 else kept[0]
    return max(parts, key=len)


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content")
        if key and content and content.strip():
            found.setdefault(key.strip().casefold(), clean_line(content))
    return found


def _itemprop_dates(tree: HtmlElement) -> list[str | None]:
    return [
        el.get("content") or el.get("datetime") or el.text_content()
        for el in tree.xpath("//*[@itemprop='datePublished']")
    ]


def _json_ld_article(tree: HtmlElement) -> dict[str, object]:
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        for item in _json_ld_items(data):
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(k, str) and k.casefold() in _ARTICLE_TYPES for k in kinds) and (
                item.get("headline") or item.get("articleBody") or item.get("datePublished")
            ):
                return item
    return {}


def _json_ld_items(data: object) -> Iterator[dict[str, object]]:
    if isinstance(data, list):
        for entry in data:
            yield from _json_ld_items(entry)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if isinstance(graph, list):
            yield from _json_ld_items(graph)
        main = data.get("mainEntity")
        if isinstance(main, dict):
            yield main


def _as_text(value: object) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _author_names(value: object) -> str | None:
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip() and not name.startswith(("http:", "https:")):
            names.append(_BY.sub("", clean_line(name)))
    names = list(dict.fromkeys(n for n in names if n))
    if not names:
        return None
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _meta_author(meta: dict[str, str]) -> str | None:
    for name in _AUTHOR_META_NAMES:
        value = meta.get(name)
        if value and not value.startswith(("http:", "https:")):
            return _BY.sub("", value)
    return None


def _first_date(values: list[str | None]) -> date | None:
    for value in values:
        if not value:
            continue
        parsed = parse_date(value)
        if parsed:
            return parsed
    return None


def parse_date(value: str) -> date | None:
    """The calendar date of a timestamp as pages write it in their metadata:
    ``2023-11-23T09:30:00Z``, ``20231123``, ``11/23/2023 09:30:00``, ``23.11.2023``."""
    value = value.strip()
    match = _ISO_DATE.search(value[:40]) or _COMPACT_DATE.match(value)
    if match:
        year, month, day = (int(match.group(i)) for i in (1, 2, 3))
    elif match := _SLASHED_DATE.match(value):
        # slashes in a meta tag are the American order (05/29/2007) unless the first
        # number cannot be a month (29/05/2007)
        first, second, year = (int(match.group(i)) for i in (1, 2, 3))
        month, day = (second, first) if first > 12 else (first, second)
    elif match := _DOTTED_DATE.match(value):
        day, month, year = (int(match.group(i)) for i in (1, 2, 3))
    else:
        return None
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    return found if 1990 <= found.year <= 2100 else None
