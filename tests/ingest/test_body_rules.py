from __future__ import annotations

import pytest

from bot.ingest.body_rules import (
    Block,
    drop_contact_sections,
    drop_copies,
    drop_exact_repeats,
    drop_link_list_labels,
    drop_teaser_runs,
    drop_title_repeats,
    is_breadcrumb,
    is_byline,
    is_data_line,
    is_furniture,
    is_link_teaser,
    word_chars,
)

STORY = [
    "The city council approved a $412 million budget on Tuesday after weeks of talks.",
    "The 7-2 vote came shortly before midnight, after a hearing that lasted four hours.",
    "“This is not the budget any of us would have written alone,” the mayor said.",
]


def blocks(*texts: str, kind: str = "p") -> list[Block]:
    return [Block(kind, t) for t in texts]


@pytest.mark.parametrize(
    "line",
    [
        "2023-07-17T11:45:00Z",
        "2023-07-17",
        "2023-07-17 11:45:00+02:00",
        "https://images.example.com/uploads/2023/bridge.jpg",
        "www.example.com/story",
        "bridge-1200x675.webp",
        "Updated 4:20 PM UTC, March 14, 2023",
        "Tuesday 14 March 2023 16.20 GMT",
        "14.03.2023 16:20 Uhr",
    ],
)
def test_data_lines(line: str) -> None:
    assert is_data_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "The vote was held on March 14, 2023, after a long debate.",
        "March",
        "Results are at https://example.com/results, the agency said.",
        "In 2023 the city grew by 4%.",
        "78,000",  # a figure, e.g. a match's attendance
        "6:01 p.m.",  # a live blog's entry time belongs to the story
        "2000 GMT",
    ],
)
def test_prose_is_not_a_data_line(line: str) -> None:
    assert not is_data_line(line)


@pytest.mark.parametrize(
    "line",
    [
        # newsletters
        "Get the latest updates right in your inbox",
        "Sign up for our Morning Briefing newsletter to get the day’s top stories.",
        "The Metro Daily newsletter, every weekday morning.",
        "Newsletter abonnieren",
        # tip lines and contacts
        "Have a tip? Grace Liu may be reached at gliu@example.com.",
        "Carlos Mendes covers transportation. He may be reached at cm@example.com or on Signal.",
        "Send tips and story ideas to newsroom@example.com.",
        "Contact: Office of Communications, press@agency.example.gov, (202) 555-0187",
        # copyright
        "© 2023 Town Gazette. All rights reserved.",
        "Copyright 2023 The Associated Press. All Rights Reserved.",
        "This material may not be published, broadcast, rewritten or redistributed.",
        "© 2023 Le Quotidien. Tous droits réservés.",
        # comments
        "Comments are moderated. Please keep them civil and on topic.",
        "Leave a Reply",
        "3 comments",
        "Your email address will not be published. Required fields are marked *",
        # tags and pointers to other stories
        "Tags: wildfire, evacuation, weather",
        "Filed under: Politics",
        "Tagged how-to, notes, weekend",
        "Read more: Passengers face long queues as security staff walk out",
        "RELATED COVERAGE",
        "Lesen Sie auch: Wie die Stadt ihre Radwege ausbauen will",
        "Lire aussi : Les prix de l’énergie repartent à la hausse",
        "Читайте также: В парке откроют новую детскую площадку",
        # ads, sharing, walls, banners, credits
        "Advertisement",
        "Anzeige",
        "Share this article",
        "Story continues below advertisement",
        "Subscribe to continue reading",
        "Already a subscriber? Log in",
        "We use cookies to personalise content and ads. By clicking accept, you agree to our "
        "cookie policy.",
        "Photo: Reuters",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        # the same words in news prose: no address to the reader, or too long
        "The company declined to comment on its policy, a spokesman said.",
        "Comments on the proposal will be accepted until May 1, the agency said in its notice.",
        "More than 2 million readers signed up for the newsletter, which launched in 2019 "
        "and now reaches subscribers in 40 countries every weekday morning.",
        "Copyright law has not kept pace with artificial intelligence, the judge wrote.",
        "The EU's cookie consent rules have cost publishers millions, a study found.",
        "Residents with questions can contact the county office.",
        "Related to the case, prosecutors filed a second motion on Friday.",
        "Print newspapers lost 10% of their readers last year.",
        "Share prices fell 3% on Monday.",
        STORY[0],
    ],
)
def test_news_prose_is_not_furniture(line: str) -> None:
    assert not is_furniture(line)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By MARIA DELGADO", True),
        ("By Jane Doe and John Roe", True),
        ("October 20, 2023 - by George Pratt", True),
        ("Von Katrin Vogel", True),
        ("By the numbers", False),
        ("By Tuesday the river had crested.", False),
        ("By 2030 the airport will handle 9 million passengers a year", False),
    ],
)
def test_bylines(line: str, expected: bool) -> None:
    assert is_byline(line) is expected


def test_link_teaser_is_a_paragraph_that_is_all_link() -> None:
    teaser = "Passengers face long queues as security staff walk out"
    assert is_link_teaser(Block("p", teaser, link_chars=len(teaser)))
    assert not is_link_teaser(Block("p", teaser, link_chars=10))
    assert not is_link_teaser(Block("item", teaser, link_chars=len(teaser)))
    long_linked = " ".join(["word"] * 40)
    assert not is_link_teaser(Block("p", long_linked, link_chars=len(long_linked)))


def test_link_share_counts_letters_not_the_marks_between_links() -> None:
    links = "Home › Politics › Elections"
    assert Block("p", links, link_chars=word_chars("HomePoliticsElections")).link_share == 1.0
    assert word_chars("ひらがな ←→ English!") == len("ひらがなEnglish")
    assert Block("p", "No links here").link_share == 0.0


def test_a_line_of_links_between_arrows_is_a_link_teaser() -> None:
    switch = "ひらがな　←→　日本語・英語　←→　English"
    assert is_link_teaser(Block("p", switch, link_chars=word_chars("ひらがな日本語英語English")))
    sentence = "The timetable (PDF) is online."
    assert not is_link_teaser(Block("p", sentence, link_chars=word_chars("timetable")))


def test_title_repeats_go_in_any_form_the_page_gives() -> None:
    body = blocks("Council approves budget", "COUNCIL APPROVES BUDGET!", *STORY)
    kept = drop_title_repeats(body, ["Council approves budget", "Budget vote"])
    assert [b.text for b in kept] == STORY


def test_repeated_paragraph_keeps_the_first() -> None:
    kept = drop_copies(blocks(STORY[0], STORY[1], STORY[0], STORY[2]))
    assert [b.text for b in kept] == STORY


def test_pull_quote_inside_a_paragraph_goes() -> None:
    quote = "This is not the budget any of us would have written alone"
    kept = drop_copies(blocks(STORY[0], quote, STORY[1], STORY[2]))
    assert [b.text for b in kept] == STORY


def test_whole_story_again_as_one_paragraph_goes_before_or_after() -> None:
    blob = " ".join(STORY)
    assert [b.text for b in drop_copies(blocks(*STORY, blob))] == STORY
    assert [b.text for b in drop_copies(blocks(blob, *STORY))] == STORY


def test_partly_shared_paragraphs_both_stay() -> None:
    first = "The council approved the budget on Tuesday after weeks of talks with unions."
    second = "The council approved the budget on Tuesday, but the mayor vetoed it a day later."
    assert len(drop_copies(blocks(first, second))) == 2


def test_table_rows_are_never_copies() -> None:
    row = "Harbor City | 14 | 10 | 3 | 1 | 33"
    rows = blocks(row, row, kind="row")
    assert len(drop_copies(rows)) == 2


def test_short_repeats_go_word_for_word() -> None:
    kept = drop_exact_repeats(blocks("Key facts", STORY[0], "Key facts", STORY[1]))
    assert [b.text for b in kept] == ["Key facts", STORY[0], STORY[1]]


@pytest.mark.parametrize(
    "line", ["press@agency.example.gov", "(202) 555-0187", "+44 20 7946 0958", "555-0175"]
)
def test_contact_details_alone_are_data_lines(line: str) -> None:
    assert is_data_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "For Immediate Release: September 5, 2023",
        "Media Contact",
        "For further information: Media Relations, media@water.example, 479-555-0110",
        "Press office: (202) 555-0187",
    ],
)
def test_press_release_furniture(line: str) -> None:
    assert is_furniture(line)


def test_contact_section_goes_with_its_short_lines() -> None:
    body = blocks(*STORY[:2], "Media Contact", "Communications Office", "Jane Roe, 555-0175")
    assert [b.text for b in drop_contact_sections(body)] == STORY[:2]
    # a long paragraph after the heading ends the section
    body = blocks("Contact", "Communications Office", STORY[0])
    assert [b.text for b in drop_contact_sections(body)] == [STORY[0]]


def linked(kind: str, text: str, link: str) -> Block:
    return Block(kind, text, link_chars=len(link))


def test_a_label_over_links_goes_and_a_subheading_over_prose_stays() -> None:
    sidebar = [
        Block("head", "Partner sites"),
        linked("p", "The Weekly Planner", "The Weekly Planner"),
        linked("p", "Harbor Radio", "Harbor Radio"),
    ]
    story = [Block("head", "What happens next"), *blocks(*STORY)]
    kept = drop_link_list_labels([*story, *sidebar])
    assert [b.text for b in kept] == [
        "What happens next",
        *STORY,
        "The Weekly Planner",
        "Harbor Radio",
    ]


def test_a_sentence_over_a_link_is_not_a_label() -> None:
    body = [Block("p", "Read the council's report."), linked("p", "Budget 2024", "Budget 2024")]
    assert len(drop_link_list_labels(body)) == 2


def test_a_list_of_other_stories_goes_with_its_label() -> None:
    others = [
        Block("head", "More columns"),
        linked("head", "Opinion The harbour deserves better", "The harbour deserves better"),
        Block("p", "Years of delay have left the waterfront empty while rents keep rising."),
        linked("head", "Sport Why the derby still matters", "Why the derby still matters"),
        Block("p", "Two clubs, one city and a rivalry older than the stadium itself."),
    ]
    kept = drop_teaser_runs([*blocks(*STORY), *others])
    assert [b.text for b in kept] == STORY


def test_one_linked_subheading_is_not_a_list_of_stories() -> None:
    body = [
        Block("head", "The vote"),
        linked("head", "Read the budget in full", "Read the budget in full"),
        *blocks(*STORY),
    ]
    assert len(drop_teaser_runs(body)) == len(body)


def test_a_trail_of_section_links_is_a_breadcrumb() -> None:
    trail = "Home > News > Local > Council approves budget"
    assert is_breadcrumb(Block("p", trail, link_chars=len("Home News Local")))
    assert is_breadcrumb(Block("p", "Start › Sport › Football", link_chars=12))
    # the same shape without links, or a sentence comparing figures, is the story's own text
    assert not is_breadcrumb(Block("p", trail))
    figures = "Turnout rose > 60% in the north, > 55% in the south and > 50% elsewhere this year."
    assert not is_breadcrumb(Block("p", figures, link_chars=10))
