"""Reading questions: kind, speaker name and role, keywords and scope."""

from __future__ import annotations

from datetime import date

import pytest

from bot.qa.question import MAX_TERMS, Question, parse_question

TODAY = date(2023, 7, 5)  # a Wednesday


def ask(text: str, sections: tuple[str, ...] = ()) -> Question:
    return parse_question(text, today=TODAY, sections=sections)


@pytest.mark.parametrize(
    ("text", "name", "role", "keywords"),
    [
        ("what did Putin say", ("putin",), (), ()),
        ("what did Vladimir Putin say?", ("vladimir", "putin"), (), ()),
        ("putin quotes", ("putin",), (), ()),
        (
            "Russian President Vladimir Putin's comments",
            ("vladimir", "putin"),
            ("russian", "president"),
            (),
        ),
        ("What has Blinken said about the talks?", ("blinken",), (), ("talks",)),
        (
            "what did Secretary of State Antony Blinken say",
            ("antony", "blinken"),
            ("secretary", "state"),
            (),
        ),
        (
            "what did the Azerbaijani foreign minister say",
            (),
            ("azerbaijani", "foreign", "minister"),
            (),
        ),
        (
            "what did the foreign minister of Azerbaijan say",
            (),
            ("foreign", "minister", "azerbaijan"),
            (),
        ),
        (
            "what did Mr Blair tell reporters about the election",
            ("blair",),
            (),
            ("reporters", "election"),
        ),
        ("quotes from Gordon Brown on the budget", ("gordon", "brown"), (), ("budget",)),
        ("did Putin say anything about the corridor?", ("putin",), (), ("corridor",)),
        ("what did the snow patrol singer say", (), ("snow", "patrol", "singer"), ()),
        ("what did the oscar host say", (), ("oscar", "host"), ()),
        ("what did the Arsenal striker say", (), ("arsenal", "striker"), ()),
        ("what did Lord Goldsmith say", ("goldsmith",), (), ()),
        ("what did Baroness Morgan say", ("morgan",), (), ()),
        ("what did the head of EA in Europe say", (), ("head", "ea", "europe"), ()),
        ("what did the head of fox say about reality tv", (), ("head", "fox"), ("reality", "tv")),
    ],
)
def test_speaker_questions(
    text: str, name: tuple[str, ...], role: tuple[str, ...], keywords: tuple[str, ...]
) -> None:
    question = ask(text)
    assert question.kind == "speaker"
    assert question.speaker is not None
    assert question.speaker.name == name
    assert question.speaker.role == role
    assert question.keywords == keywords


def test_speaker_phrase_is_kept_as_asked_for_display() -> None:
    assert ask("what did the Azerbaijani foreign minister say").speaker.phrase == (
        "Azerbaijani foreign minister"
    )


@pytest.mark.parametrize(
    ("text", "keywords"),
    [
        ("what happened at the Tiffany store", ("tiffany", "store")),
        ("Lachin corridor", ("lachin", "corridor")),
        ("peace deal Armenia", ("peace", "deal", "armenia")),
        ("who met in Arlington?", ("met", "arlington")),
        ("what did the report say about jobs", ("report", "jobs")),
        ("what did you say", ()),
    ],
)
def test_keyword_questions(text: str, keywords: tuple[str, ...]) -> None:
    question = ask(text)
    assert question.kind == "keyword"
    assert question.keywords == keywords


def test_capitalised_words_are_marked_as_names() -> None:
    assert ask("what happened at the Tiffany store").names == {"tiffany"}


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Lachin corridor today", TODAY, TODAY),
        ("what did Putin say yesterday", date(2023, 7, 4), date(2023, 7, 4)),
        ("talks this week", date(2023, 7, 3), TODAY),
        ("talks last week", date(2023, 6, 26), date(2023, 7, 2)),
        ("talks last month", date(2023, 6, 1), date(2023, 6, 30)),
        ("what did Blinken say on 29 June 2023", date(2023, 6, 29), date(2023, 6, 29)),
        ("what did Blinken say on June 29", date(2023, 6, 29), date(2023, 6, 29)),
        ("talks 2023-06-29", date(2023, 6, 29), date(2023, 6, 29)),
        ("talks on December 25", date(2022, 12, 25), date(2022, 12, 25)),
    ],
)
def test_dates_narrow_the_scope(text: str, start: date, end: date) -> None:
    question = ask(text)
    assert (question.scope.start, question.scope.end) == (start, end)
    assert "june" not in question.keywords and "week" not in question.keywords
    assert question.scope.label


def test_date_words_leave_the_speaker_intact() -> None:
    question = ask("what did Blinken say on 29 June 2023")
    assert question.kind == "speaker"
    assert question.speaker is not None and question.speaker.name == ("blinken",)


def test_impossible_date_is_ignored() -> None:
    question = ask("talks on 31 February 2023")
    assert question.scope.start is None


def test_known_section_narrows_the_scope() -> None:
    sections = ("Sport", "Washington News")
    assert ask("Chelsea in sport", sections).scope.section == "Sport"
    assert ask("Chelsea in sports", sections).scope.section == "Sport"
    question = ask("what did Blinken say in Washington News", sections)
    assert question.scope.section == "Washington News"
    assert question.kind == "speaker"
    # An unknown "in <place>" stays a keyword.
    assert ask("who met in Arlington?", sections).scope.section is None


@pytest.mark.parametrize(
    "text",
    ["", "   ", "?!", "😀😀", '"" AND OR NOT NEAR( * - ^ text:', "x" * 10_000, "what did say"],
)
def test_odd_input_parses(text: str) -> None:
    question = ask(text)
    assert question.kind in {"speaker", "keyword"}
    assert len(question.keywords) <= MAX_TERMS


def test_the_us_after_the_is_the_country() -> None:
    assert "us" in ask("when does the psp go on sale in the us").keywords
    assert "us" in ask("US trade deficit").keywords
    assert "us" not in ask("tell us about the psp").keywords


def test_terms_are_capped() -> None:
    words = " ".join(f"word{i}" for i in range(500))
    assert len(ask(words).keywords) == MAX_TERMS


@pytest.mark.parametrize(
    ("text", "answer_type"),
    [
        ("how much did Quinlan pay for the Savoy", "money"),
        ("how many tickets were sold for the Nelly concert", "quantity"),
        ("how long was Mutu banned", "duration"),
        ("how much did the german economy shrink at the end of 2004", "change"),
        ("when are the Independent Spirit Awards held", "date"),
        ("who won the Hopman Cup", "winner"),
        ("who was the winner of the Hopman Cup", "winner"),
        ("who is the Hopman Cup captain", "person"),
        ("which firms signed up to the fingerprinting system", "person"),
        ("price of the UK Online broadband service", "money"),
        ("how much is a ticket for the gig", "money"),
        ("how much has M&S cut its prices", "change"),
        ("how much was the fine", "money"),
        ("how much oil does Russia produce", "quantity"),
        ("what share of the project will Shell own", "share"),
        ("b&b share of the buy-to-let market", "share"),
        ("petrel resources share price", "money"),
        ("who will take over as Bombardier chief executive", "person"),
        ("who took the title", "winner"),
        ("Lachin corridor", None),
        ("why did us oil prices fall 6%", None),
        ("where was the fine paid", None),
        ("how did the bank cut its costs", None),
        ("what share of flat panel screens sold in the UK show HD", "share"),
        ("what price did the shares fetch", "money"),
        ("what is absa worth", "money"),
    ],
)
def test_the_kind_of_fact_asked_for(text: str, answer_type: str | None) -> None:
    question = ask(text)
    assert question.answer_type == answer_type
    assert "much" not in question.keywords and "many" not in question.keywords


@pytest.mark.parametrize(
    ("text", "phrases", "names"),
    [
        ("Northern Rock bank run", (("northern", "rock"),), {"northern", "rock"}),
        ("Windows 11 release date", (("windows", "11"),), {"windows"}),
        ("Game of Thrones final season", (("game", "of", "thrones"),), {"game", "thrones"}),
        ("when did Fahrenheit 9/11 win", (("fahrenheit", "9", "11"),), {"fahrenheit"}),
        ("Average house price according to Halifax", (), {"halifax"}),
        (
            "when will the Vienna TV-on-demand project launch",
            (("vienna", "tv", "on", "demand"),),
            {"vienna", "tv"},
        ),
    ],
)
def test_names_of_several_words(
    text: str, phrases: tuple[tuple[str, ...], ...], names: set[str]
) -> None:
    question = ask(text)
    assert question.phrases == phrases
    assert question.names == names


def test_an_honorific_gives_the_sex_and_a_topic_keeps_its_names() -> None:
    question = ask("what did Ms Hewitt say about Haaland")
    assert question.speaker is not None and question.speaker.gender == "f"
    assert question.names == {"haaland"}


def test_lord_before_a_title_is_part_of_the_office() -> None:
    office = ask("what did the lord chancellor say").speaker
    assert office is not None and office.role == ("lord", "chancellor") and not office.name
    assert office.gender is None
    both = ask("what did Lord Chancellor Lord Falconer say").speaker
    assert both is not None and both.role == ("lord", "chancellor")
    assert both.name == ("falconer",)


def test_a_peers_title_gives_the_sex() -> None:
    lord = ask("what did Lord Goldsmith say").speaker
    lady = ask("what did Baroness Morgan say").speaker
    assert lord is not None and lord.gender == "m"
    assert lady is not None and lady.gender == "f"


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("how many planes did Air Deccan order", "planes"),
        ("how many hybrid cars will be sold in the us", "cars"),
        ("how many of the staff left", None),
        ("how much did it cost", None),
    ],
)
def test_what_how_many_counts(text: str, counted: str | None) -> None:
    assert ask(text).counted == counted


def test_days_and_months_name_no_subject() -> None:
    assert ask("how many foxes were killed on the first Saturday after the ban").names == set()
    assert ask("bid by Glazer in January").names == {"glazer"}


def test_initials_joined_by_an_ampersand_are_one_name() -> None:
    question = ask("how much has M&S cut its prices")
    assert question.keywords == ("m&s", "cut", "prices")
    assert question.names == {"m&s"}
