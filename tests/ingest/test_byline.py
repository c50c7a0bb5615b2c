from __future__ import annotations

from datetime import date

import pytest

from bot.ingest.byline import parse_human_date, read_byline_line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("23 November 2023", date(2023, 11, 23)),
        ("Nov. 23, 2023", date(2023, 11, 23)),
        ("Updated 4:20 PM UTC, March 14, 2023", date(2023, 3, 14)),
        ("2023-11-23T09:30:00Z", date(2023, 11, 23)),
        ("23.11.2023", date(2023, 11, 23)),
        ("20 de septiembre de 2023", date(2023, 9, 20)),
        ("31 February 2023", None),
        ("next Tuesday", None),
    ],
)
def test_human_dates(text: str, expected: date | None) -> None:
    assert parse_human_date(text) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Jane Doe · 23 November 2023", ("Jane Doe", date(2023, 11, 23))),
        ("23 November 2023 - by Jane Doe", ("Jane Doe", date(2023, 11, 23))),
        ("By MATTHEW LEE", ("Matthew Lee", None)),
        ("Von Katrin Vogel | 20.11.2023", ("Katrin Vogel", date(2023, 11, 20))),
        ("By the numbers", None),
        ("By Tuesday the river had crested.", None),
        ("Jane Doe · 23 November 2023", None),
    ],
)
def test_byline_lines(line: str, expected: tuple[str | None, date | None] | None) -> None:
    assert read_byline_line(line) == expected
