from __future__ import annotations

import pytest

from bot.qa.intent import summary_request


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("summarize the Armenia story", "the Armenia story"),
        ("Summarise the Armenia story.", "the Armenia story"),
        ("please summarize article 12", "article 12"),
        ("can you sum up the peace talks?", "the peace talks"),
        ("summary of the Tiffany fire", "the Tiffany fire"),
        ("give me the short version of the budget story", "the budget story"),
        ("what's the gist of the Lachin corridor dispute", "the Lachin corridor dispute"),
        ("tl;dr armenia", "armenia"),
        ("brief me on Azerbaijan", "Azerbaijan"),
        ("summarize", ""),
        ("Summary?", ""),
    ],
)
def test_summary_requests(text: str, topic: str) -> None:
    assert summary_request(text) == topic


@pytest.mark.parametrize(
    "text",
    [
        "what did Putin say?",
        "Lachin corridor",
        "what did Blinken say about the summary",
        "summaries of court rulings are public, the judge said",
        "",
        "recapitalisation of banks",
    ],
)
def test_other_messages_are_questions(text: str) -> None:
    assert summary_request(text) is None
