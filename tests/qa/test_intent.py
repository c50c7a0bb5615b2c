from __future__ import annotations

import pytest

from bot.qa.intent import headlines_request, is_small_talk, summary_request


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


@pytest.mark.parametrize(
    "text",
    [
        "what's new?",
        "What is happening",
        "news",
        "latest news",
        "today's headlines",
        "what happened this week",
        "what happened today?",
        "any news",
        "top stories",
    ],
)
def test_headline_requests(text: str) -> None:
    assert headlines_request(text)


@pytest.mark.parametrize(
    "text",
    [
        "what happened at the Tiffany store",
        "news about Armenia",
        "what did Putin say",
        "Lachin corridor",
        "new sanctions on Russia",
    ],
)
def test_topics_are_not_headline_requests(text: str) -> None:
    assert not headlines_request(text)


@pytest.mark.parametrize("text", ["hello", "Hi there!", "thanks", "Thank you so much", "👋"])
def test_small_talk(text: str) -> None:
    assert is_small_talk(text)


@pytest.mark.parametrize("text", ["hello decency", "thanks to the budget", "hi-tech stocks"])
def test_sentences_starting_like_small_talk_are_questions(text: str) -> None:
    assert not is_small_talk(text)
