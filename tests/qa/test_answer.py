from __future__ import annotations

from datetime import date

from bot.qa.answer import nothing_found_message
from bot.qa.question import parse_question

TODAY = date(2024, 5, 1)


def test_a_role_without_a_name_reads_with_its_article() -> None:
    question = parse_question("what did the Azerbaijani foreign minister say", today=TODAY)
    assert nothing_found_message(question) == (
        "I found nothing that the Azerbaijani foreign minister said."
    )


def test_a_named_person_reads_as_asked() -> None:
    question = parse_question("what did Vladimir Putin say about the talks?", today=TODAY)
    message = nothing_found_message(question)
    assert message.startswith("I found nothing that Vladimir Putin said about talks")
