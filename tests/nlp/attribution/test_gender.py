"""Gender from first names (the bundled name lists, offline) and from titles."""

from __future__ import annotations

import pytest

from bot.nlp.attribution.gender import first_name_gender, title_gender


@pytest.mark.parametrize(
    ("name", "gender"),
    [
        ("Hillary", "f"),
        ("Margaret", "f"),
        ("Donald", "m"),
        ("Gordon", "m"),
        ("jane", "f"),
        ("José", "m"),
        ("Jean-Luc", "m"),
    ],
)
def test_clear_first_names(name: str, gender: str) -> None:
    assert first_name_gender(name) == gender


@pytest.mark.parametrize("name", ["Terry", "Lindsey", "Pat", "Xqzt", "O'Neill", "J", "2016"])
def test_ambiguous_or_unknown_names_give_nothing(name: str) -> None:
    assert first_name_gender(name) is None


def test_titles() -> None:
    assert title_gender(["campaign", "spokeswoman"]) == "f"
    assert title_gender(["9/11", "widow"]) == "f"
    assert title_gender(["Congressman"]) == "m"
    assert title_gender(["campaign", "manager"]) is None
