"""One constructed sentence (or a few) per attribution shape, each with its expected speaker."""

from __future__ import annotations

from bot.nlp.attribution import CONTINUED, DIRECT, Attribution, attribute_speakers


def credits(*paragraphs: list[str] | str, title: str | None = None) -> list[tuple | None]:
    """(name, role, mode) for every sentence; a paragraph is a list of sentences or one."""
    rows = [[p] if isinstance(p, str) else p for p in paragraphs]
    return [_who(a) for row in attribute_speakers(rows, title) for a in row]


def _who(a: Attribution | None) -> tuple[str, str | None, str] | None:
    return None if a is None else (a.name, a.role, a.mode)


def test_doubled_single_quotes_are_quotation_marks() -> None:
    assert credits(["''We will not raise taxes,'' Mayor Ann Lee said.", "''Not this year.''"]) == [
        ("Ann Lee", "Mayor", DIRECT),
        ("Ann Lee", "Mayor", CONTINUED),
    ]


def test_doubled_single_quotes_running_over_a_tag() -> None:
    assert credits(["''The vote is close,'' said Tom Reed, ''and it will stay close.''"]) == [
        ("Tom Reed", None, DIRECT)
    ]
