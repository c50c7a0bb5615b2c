"""A byline and date line under a headline: ``By Jane Doe · 23 November 2023``.

Articles written by hand (Markdown, pasted text) and old web pages put the author and the
date on one short line under the title, in parts joined by a dot, bar or dash. Each part
must be either ``By`` + a name or a date, so that a sentence is never taken for one.
"""

from __future__ import annotations

import re
from datetime import date

_PART_SEPARATOR = re.compile(r"\s+[-–—|·•]\s+|\s*[|·•]\s*")
_BY = re.compile(r"^(?:by|von|par|por|door|di)\s+(?=\w)", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "january jan janvier janv januar enero ene gennaio gen janeiro",
            "february feb février févr februar febrero febbraio fevereiro fev",
            "march mar mars märz marzo março",
            "april apr avril abril aprile",
            "may mai mayo maggio maio",
            "june jun juin juni junio giugno junho",
            "july jul juillet juil juli julio luglio julho",
            "august aug août agosto",
            "september sep sept septembre september septiembre settembre setembro set",
            "october oct octobre oktober octubre ottobre outubro out",
            "november nov novembre noviembre novembro",
            "december dec décembre déc dezember diciembre dicembre dezembro dez",
        ),
        start=1,
    )
    for name in names.split(" ")
}
_DATE_WORDS = frozenset(
    re.findall(
        r"\S+",
        """
        updated published posted last modified on at am pm a m p utc gmt et est edt ct cst cdt
        mt mst mdt pt pst pdt bst cet cest ist jst aest mon tue wed thu fri sat sun monday tuesday
        wednesday thursday friday saturday sunday the of th st nd rd de del di le la el der den
        um uhr h mis à jour publié actualizado publicado aggiornato pubblicato
        """,
    )
) | frozenset(_MONTHS)
_WEEKDAYS = frozenset(
    re.findall(
        r"\S+", "mon tue wed thu fri sat sun monday tuesday wednesday thursday friday saturday"
    )
) | {"sunday"}
_CALENDAR_WORDS = frozenset(_MONTHS) | _WEEKDAYS
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_FILLERS = frozenset({"de", "of", "the", "del", "di"})
_NUMERIC_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")


def read_byline_line(line: str) -> tuple[str | None, date | None] | None:
    """``(byline, date)`` if the line is only a byline and/or a date, else ``None``."""
    line = line.strip()
    if not line or len(line.split()) > 16 or line.endswith((".", "!", "?", ":")):
        return None
    byline: str | None = None
    found: date | None = None
    for part in (p.strip() for p in _PART_SEPARATOR.split(line)):
        if not part:
            continue
        name = _name_after_by(part)
        if name and byline is None:
            byline = name
        elif is_date_text(part):
            found = found or parse_human_date(part)
        else:
            return None
    if byline is None and found is None:
        return None
    return byline, found


def is_date_text(text: str) -> bool:
    """Only a date or time: numbers, month and weekday names, ``updated``, time zones."""
    tokens = _WORD.findall(text.casefold())
    return (
        0 < len(tokens) <= 9
        and any(t.isdigit() for t in tokens)
        and all(t.isdigit() or t in _DATE_WORDS for t in tokens)
        # a day must be named: "78,000" is a figure, and a clock time alone ("6:01 p.m.")
        # heads a live-blog entry, which is part of the story
        and (any(t in _CALENDAR_WORDS for t in tokens) or bool(_NUMERIC_DATE.search(text)))
    )


def parse_human_date(text: str) -> date | None:
    """``23 November 2023``, ``Nov. 23, 2023``, ``2023-11-23`` or ``23.11.2023``."""
    match = _ISO.search(text)
    if match:
        return _date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = _NUMERIC.search(text)
    if match:
        return _date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    tokens = [t for t in _WORD.findall(text.casefold()) if t not in _FILLERS]
    at = next((i for i, t in enumerate(tokens) if t in _MONTHS), None)
    years = [int(t) for t in tokens if t.isdigit() and 1900 <= int(t) <= 2100]
    if at is None or not years:
        return None
    # the day stands next to the month: "November 23", "23 November"
    for neighbour in (tokens[at + 1 : at + 2], tokens[max(0, at - 1) : at]):
        if neighbour and neighbour[0].isdigit() and 1 <= int(neighbour[0]) <= 31:
            return _date(years[0], _MONTHS[tokens[at]], int(neighbour[0]))
    return None


def _name_after_by(part: str) -> str | None:
    match = _BY.match(part)
    if not match:
        return None
    name = part[match.end() :].strip()
    words = name.split()
    if not words or len(words) > 7:
        return None
    capitalised = sum(w[:1].isupper() for w in words)
    if capitalised < max(1, len(words) // 2):
        return None
    if name.isupper():  # "By JANE DOE" → "Jane Doe"
        name = " ".join("and" if w == "AND" else w.title() for w in words)
    return name


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
