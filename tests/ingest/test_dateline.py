from __future__ import annotations

import pytest

from bot.ingest.dateline import split_dateline


@pytest.mark.parametrize(
    ("paragraph", "place", "agency", "rest"),
    [
        ("WASHINGTON (AP) — Talks ended.", "WASHINGTON", "AP", "Talks ended."),
        ("MOSCOW (AP) — Putin said.", "MOSCOW", "AP", "Putin said."),
        ("NEW YORK (AP) -- Stocks fell.", "NEW YORK", "AP", "Stocks fell."),
        ("KYIV, Ukraine (AP) — Sirens sounded.", "KYIV, Ukraine", "AP", "Sirens sounded."),
        ("LONDON (Reuters) - Prices rose.", "LONDON", "Reuters", "Prices rose."),
        ("BEIRUT — Israeli jets struck.", "BEIRUT", None, "Israeli jets struck."),
        ("ST. LOUIS (AP) – A judge ruled.", "ST. LOUIS", "AP", "A judge ruled."),
        ("ARLINGTON, Va. (AP) — Officials met.", "ARLINGTON, Va.", "AP", "Officials met."),
        ("PORT-AU-PRINCE, Haiti — Gangs fired.", "PORT-AU-PRINCE, Haiti", None, "Gangs fired."),
        ("SÃO PAULO (AP) — Markets rallied.", "SÃO PAULO", "AP", "Markets rallied."),
        ("WASHINGTON\u00a0(AP)\u00a0—\u00a0Talks ended.", "WASHINGTON", "AP", "Talks ended."),
    ],
)
def test_datelines_are_split(paragraph: str, place: str, agency: str | None, rest: str) -> None:
    assert split_dateline(paragraph) == (place, agency, rest)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Secretary of State Antony Blinken says talks went well.",
        "NATO — the alliance of 31 countries — met on Monday.",
        "US — and the world — watched.",
        "I — for one — disagree.",
        "The minister (AP) — not a dateline.",
        "WASHINGTON is quiet this week.",
        "FBI (Federal Bureau of Investigation) — agents searched the home.",
        "Kyiv, Ukraine — a city under fire.",
        "",
    ],
)
def test_ordinary_sentences_are_left_alone(paragraph: str) -> None:
    assert split_dateline(paragraph) == (None, None, paragraph)


def test_dateline_alone_leaves_empty_rest() -> None:
    assert split_dateline("WASHINGTON (AP) —") == ("WASHINGTON", "AP", "")
