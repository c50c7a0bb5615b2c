"""Wire-story datelines (``KYIV, Ukraine (AP) — ``): where a story was filed, and by whom.

The dateline is metadata, not prose: left in the first paragraph it would open every
summary with ``WASHINGTON (AP) —``. The rules are strict on purpose, because ordinary
sentences also start with upper-case words (``NATO — the alliance…``, ``I — …``).
"""

from __future__ import annotations

import re

# A place in capitals (``NEW YORK``, ``ST. LOUIS``, ``PORT-AU-PRINCE``, ``SÃO PAULO``),
# optionally followed by a region in normal case (``, Ukraine``, ``, Va.``, ``, D.C.``),
# an agency in parentheses, and a dash. Letters are matched broadly here and the case
# rules are checked in code, which keeps the pattern simple and non-Latin capitals usable.
_DATELINE = re.compile(
    r"(?P<city>[^\W\d_][\w.'’\-]*(?: [^\W\d_][\w.'’\-]*){0,4})"
    r"(?:,\s*(?P<region>[^\W\d_][\w.'’\-]*(?: [\w.'’\-]+){0,3}))?"
    r"(?:\s*\((?P<agency>[^()\n]{1,30})\))?"
    r"(?:\s*(?:—|–|--)\s*|\s+-\s+)"
)
_REGION_LINKS = frozenset({"and", "of", "de", "del", "la", "le", "du", "da", "do", "el"})
_AGENCY = re.compile(r"[A-Za-z][A-Za-z.&\-]*(?: [A-Za-z][A-Za-z.&\-]*){0,2}")
_MIN_CITY_LETTERS = 3


def split_dateline(paragraph: str) -> tuple[str | None, str | None, str]:
    """Split ``PLACE (AGENCY) — rest`` into its parts, or return ``(None, None, paragraph)``.

    Without an agency the text after the dash must not start in lower case, so that an
    acronym opening a sentence (``NASA — the agency said``) is not taken for a place.
    """
    match = _DATELINE.match(paragraph)
    if match is None:
        return None, None, paragraph
    city, region, agency = match.group("city", "region", "agency")
    rest = paragraph[match.end() :].strip()
    if not _is_city(city) or (region is not None and not _is_region(region)):
        return None, None, paragraph
    if agency is not None:
        agency = agency.strip()
        if not _AGENCY.fullmatch(agency):
            return None, None, paragraph
    elif rest[:1].islower():
        return None, None, paragraph
    place = f"{city}, {region}" if region else city
    return place, agency or None, rest


def detach_dateline(paragraphs: list[str]) -> tuple[str | None, str | None]:
    """Take the dateline off the first paragraph in place; return (place, agency)."""
    if not paragraphs:
        return None, None
    place, agency, rest = split_dateline(paragraphs[0])
    if place and rest:
        paragraphs[0] = rest
        return place, agency
    return None, None


def _is_city(city: str) -> bool:
    letters = [ch for ch in city if ch.isalpha()]
    return len(letters) >= _MIN_CITY_LETTERS and all(ch.isupper() for ch in letters)


def _is_region(region: str) -> bool:
    words = region.split(" ")
    return words[0][:1].isupper() and all(
        word[:1].isupper() or word in _REGION_LINKS for word in words
    )
