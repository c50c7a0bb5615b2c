"""Speaker attribution: the AP peace-talks story, each news pattern, and the negatives."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlp.attribution import (
    CONTINUED,
    DIRECT,
    REPORTED,
    Attribution,
    attribute_speakers,
)

# The story paragraphs of corpus/us-armenia-azerbaijan-peace-talks.txt, split by hand.
PEACE_TALKS: list[list[str]] = [
    [
        "Secretary of State Antony Blinken says Armenia and Azerbaijan have made “further "
        "progress” toward a peace agreement in three days of U.S.-hosted talks between the two "
        "former Soviet republics that have repeatedly clashed over the disputed territory of "
        "Nagorno-Karabakh.",
    ],
    [
        "Wrapping up discussions between Armenian Foreign Minister Ararat Mirzoyan and "
        "Azerbaijani Foreign Minister Jeyhun Bayramov on Thursday, Blinken said the two sides "
        "had shown a willingness to negotiate seriously with the goal of reaching a deal.",
        "But, he stressed that “hard work” remains to be done.",
    ],
    [
        "“I appreciate further progress toward this shared objective of an agreement to include "
        "agreement on some additional articles as well as a deepening understanding of the "
        "positions on outstanding issues, as well as the recognition that there remains hard "
        "work to be done to try to reach a final agreement,” Blinken said at the end of the "
        "closed-door talks at the State Department’s Foreign Service Institute in northern "
        "Virginia.",
    ],
    [
        "“We look forward to continuing this process in the weeks ahead to take advantage of "
        "the momentum that we’ve helped achieve through these meetings,” he said.",
        "“I very much appreciate the spirit of candor, openness, directness that everyone has "
        "exhibited.",
        "That is the way ultimately to reach understanding and finally to reach agreement.”",
    ],
    [
        "Neither Mirzoyan nor Bayramov spoke at the event.",
        "The latest talks were the second round of negotiations the U.S. has hosted between the "
        "two sides.",
        "Similar talks have been hosted by the European Union and Russia.",
    ],
    [
        "Earlier this week, Russian President Vladimir Putin said that only “strictly technical” "
        "issues remain in resolving one of the main disputes between Armenia and Azerbaijan and "
        "that the two sides had agreed to recognize each other’s territorial integrity.",
        "Putin spoke on Sunday in Moscow after meeting with Azerbaijani President Ilham Aliyev "
        "and Armenian Prime Minister Nikol Pashinyan to discuss a dispute over a winding road "
        "called the Lachin Corridor, which is the only authorized connection between Armenia "
        "and Nagorno-Karabakh.",
    ],
    [
        "Aliyev and Pashinyan, taking part in a broader regional summit that Putin hosted, had "
        "lashed out at each other for their positions regarding the corridor.",
        "But Putin said that on the “principal issues, there is an agreement,” and later said "
        "all that remained were “surmountable obstacles,” calling them differences in "
        "terminology and “strictly technical.”",
        "He said representatives of Russia, Armenia and Azerbaijan would meet in a week to try "
        "to resolve the differences.",
    ],
    [
        "Armenia and Azerbaijan fought a war over Nagorno-Karabakh, a mountainous region smaller "
        "than the U.S. state of Delaware, in 2020 that killed more than 6,000 people.",
        "The war ended in a Russia-brokered armistice under which Armenia relinquished "
        "territories surrounding the region.",
        "Nagorno-Karabakh lies within Azerbaijan, but ethnic Armenian forces backed by Armenia "
        "had controlled the region and surrounding territories since 1994.",
    ],
    [
        "Azerbaijan has repeatedly alleged that Armenians have used the Lachin Corridor to bring "
        "weapons and ammunition into Nagorno-Karabakh in violation of the armistice terms.",
    ],
]

BLINKEN = ("Antony Blinken", "Secretary of State")
PUTIN = ("Vladimir Putin", "Russian President")

_SPLIT_RE = re.compile(
    r"(?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)(?<!\bSen\.)(?:(?<=[.!?])|(?<=[.!?][”\"]))\s+(?=[“\"A-Z])"
)
_LOWER_SPLIT_RE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"]))\s+")


def split(text: str) -> list[list[str]]:
    """Blank lines part paragraphs; a stop before a capital or quote parts sentences."""
    splitter = _LOWER_SPLIT_RE if text.islower() else _SPLIT_RE
    return [splitter.split(block.strip()) for block in text.strip().split("\n\n")]


def flat(text: str, title: str | None = None) -> list[Attribution | None]:
    return [a for row in attribute_speakers(split(text), title) for a in row]


def who(a: Attribution | None) -> tuple[str, str | None, str] | None:
    return None if a is None else (a.name, a.role, a.mode)


def last(text: str, title: str | None = None) -> tuple[str, str | None, str] | None:
    return who(flat(text, title)[-1])


# --------------------------------------------------------------------------- the AP story


def _story() -> list[tuple[str, Attribution | None]]:
    result = attribute_speakers(PEACE_TALKS)
    return [
        (s, a) for para, row in zip(PEACE_TALKS, result, strict=True)
        for s, a in zip(para, row, strict=True)
    ]  # fmt: skip


def test_story_shape_matches_input():
    result = attribute_speakers(PEACE_TALKS)
    assert [len(row) for row in result] == [len(p) for p in PEACE_TALKS]


def test_story_putin_says_exactly_three_sentences():
    said = [(s[:40], a.mode) for s, a in _story() if a and (a.name, a.role) == PUTIN]
    assert said == [
        ("Earlier this week, Russian President Vla", REPORTED),
        ("But Putin said that on the “principal is", REPORTED),
        ("He said representatives of Russia, Armen", CONTINUED),
    ]


def test_story_blinken_sentences():
    said = [(s[:30], a.mode) for s, a in _story() if a and (a.name, a.role) == BLINKEN]
    assert said == [
        ("Secretary of State Antony Blin", REPORTED),
        ("Wrapping up discussions betwee", REPORTED),
        ("But, he stressed that “hard wo", CONTINUED),
        ("“I appreciate further progress", DIRECT),
        ("“We look forward to continuing", DIRECT),
        ("“I very much appreciate the sp", CONTINUED),
        ("That is the way ultimately to ", CONTINUED),
    ]


def test_story_non_speech_sentences_get_none():
    by_start = {s[:25]: a for s, a in _story()}
    assert len(by_start) == sum(len(p) for p in PEACE_TALKS)
    for start in (
        "Neither Mirzoyan nor Bayr",
        "The latest talks were the",
        "Similar talks have been h",
        "Putin spoke on Sunday in ",
        "Aliyev and Pashinyan, tak",
        "Armenia and Azerbaijan fo",
        "The war ended in a Russia",
        "Nagorno-Karabakh lies wit",
    ):
        assert by_start[start] is None, start


def test_story_country_allegation_is_reported_speech():
    sentence, a = _story()[-1]
    assert sentence.startswith("Azerbaijan has repeatedly alleged")
    assert who(a) == ("Azerbaijan", None, REPORTED)


def test_story_with_dateline_and_title():
    paragraphs = [list(p) for p in PEACE_TALKS]
    paragraphs[0][0] = "WASHINGTON (AP) — " + paragraphs[0][0]
    title = "US says Armenia and Azerbaijan have made ‘further progress’ toward a peace deal"
    first = attribute_speakers(paragraphs, title)[0][0]
    assert first is not None and (first.name, first.role) == BLINKEN


def test_story_is_fast(capsys):
    import time

    start = time.perf_counter()
    for _ in range(200):
        attribute_speakers(PEACE_TALKS)
    per_article = (time.perf_counter() - start) / 200
    with capsys.disabled():
        print(f"\nattribute_speakers: {per_article * 1e6:.0f} µs per ~480-word article")


# --------------------------------------------------------------------------- direct speech


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Prime Minister John Smith arrived on Monday. “We will win,” Smith said.",
            ("John Smith", "Prime Minister", DIRECT),
        ),
        ('"We will win," said John Smith.', ("John Smith", None, DIRECT)),
        (
            "“Sales will grow,” said Mark Jones, chief executive of Acme.",
            ("Mark Jones", "chief executive of Acme", DIRECT),
        ),
        (
            "Secretary of State Antony Blinken arrived. Blinken said: “We made progress.”",
            ("Antony Blinken", "Secretary of State", DIRECT),
        ),
        (
            "Secretary of State Antony Blinken arrived. Blinken: “We made progress.”",
            ("Antony Blinken", "Secretary of State", DIRECT),
        ),
        (
            "“Nobody wants a war,” Kremlin spokesman Dmitry Peskov told reporters.",
            ("Dmitry Peskov", "Kremlin spokesman", DIRECT),
        ),
        (
            "“Hard work remains,” Blinken said at the end of the talks in Virginia.",
            ("Blinken", None, DIRECT),
        ),
        # "spoke" is not speech, but it makes Jo Li the subject "she" points back to.
        ("Jo Li spoke. “Why now?” she asked.", ("Jo Li", None, DIRECT)),
        ("“It is over,” said Sen. Chuck Schumer, D-N.Y.", ("Chuck Schumer", "Sen.", DIRECT)),
        (
            "“Well,” Ms. Brown joked, “it could be worse.”",
            ("Brown", None, DIRECT),
        ),
    ],
)
def test_direct_speech(text, expected):
    assert last(text) == expected


def test_quote_spanning_sentences_goes_to_speaker_named_at_its_end():
    got = flat("“We came here to talk. We talked a lot,” Chancellor Olaf Scholz said.")
    assert [who(a) for a in got] == [
        ("Olaf Scholz", "Chancellor", CONTINUED),
        ("Olaf Scholz", "Chancellor", DIRECT),
    ]


def test_quote_continued_into_next_paragraph():
    text = "“The deal is done,” Mayor Ann Lee said. “We are happy.\n\n“We will sign it soon.”"
    assert [who(a) for a in flat(text)] == [
        ("Ann Lee", "Mayor", DIRECT),
        ("Ann Lee", "Mayor", CONTINUED),
        ("Ann Lee", "Mayor", CONTINUED),
    ]


def test_bare_quote_paragraph_after_a_speaker():
    text = "“The deal is done,” Mayor Ann Lee said.\n\n“We are very happy with it.”"
    assert who(flat(text)[-1]) == ("Ann Lee", "Mayor", CONTINUED)


def test_title_in_quotes_is_not_a_continued_quote():
    text = "“The deal is done,” Mayor Ann Lee said. “Jeanne du Barry” opened the festival."
    assert flat(text)[-1] is None


# --------------------------------------------------------------------------- reported speech


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Finance Minister Jane Doe spoke. Doe said Thursday that prices would fall.",
            ("Jane Doe", "Finance Minister", REPORTED),
        ),
        ("Officials said the fire was under control.", ("officials", None, REPORTED)),
        (
            "A fire broke out Thursday in the basement of the store, officials said.",
            ("officials", None, REPORTED),
        ),
        (
            "The British Chamber of Commerce said growth would slow next year.",
            ("the British Chamber of Commerce", None, REPORTED),
        ),
        ("According to the report, sales fell by 5%.", ("the report", None, REPORTED)),
        (
            "Sales fell 5%, according to the Office for National Statistics.",
            ("the Office for National Statistics", None, REPORTED),
        ),
        (
            "Jeyhun Bayramov, Azerbaijan's foreign minister, said the talks were useful.",
            ("Jeyhun Bayramov", "Azerbaijan's foreign minister", REPORTED),
        ),
        (
            "Senator Mary Cole met the press. Cole told reporters that the bill would pass.",
            ("Mary Cole", "Senator", REPORTED),
        ),
        (
            "The economy is weakening, the central bank warned on Tuesday.",
            ("the central bank", None, REPORTED),
        ),
        (
            "The plant will close next year, said a spokesman for the company.",
            ("a spokesman for the company", None, REPORTED),
        ),
        (
            "Ukrainian President Volodymyr Zelenskyy on Friday said the attack had failed.",
            ("Volodymyr Zelenskyy", "Ukrainian President", REPORTED),
        ),
        (
            "Analysts at the bank also noted that demand had slowed.",
            ("analysts at the bank", None, REPORTED),
        ),
        (
            "The company's chief executive, Sara Kim, said profits would rise.",
            ("Sara Kim", "company's chief executive", REPORTED),
        ),
        (
            "Labour leader Tony Blair visited Leeds. Mr Blair told the BBC the plan would work.",
            ("Tony Blair", "Labour leader", REPORTED),
        ),
        (
            "Finance Minister Jane Doe spoke. The minister warned that prices would rise.",
            ("Jane Doe", "Finance Minister", REPORTED),
        ),
        (
            "Japan's central bank governor, Kazuo Ueda, said rates would stay low.",
            ("Kazuo Ueda", "Japan's central bank governor", REPORTED),
        ),
        (
            "Blinken, who arrived on Tuesday, said the talks were useful.",
            ("Blinken", None, REPORTED),
        ),
        ("Police say the suspect fled.", ("police", None, REPORTED)),
        (
            "Local media reported that at least 10 people had died.",
            ("Local media", None, REPORTED),
        ),
        (
            "Trump wrote on Truth Social that the trial was unfair.",
            ("Trump", None, REPORTED),
        ),
    ],
)
def test_reported_speech(text, expected):
    assert last(text) == expected


def test_bracketed_abbreviation_names_the_same_body():
    text = (
        "The British Chamber of Commerce (BCC) said growth would slow. "
        "Later, the BCC said exports had risen."
    )
    assert [who(a) for a in flat(text)] == [
        ("the British Chamber of Commerce", None, REPORTED),
        ("the British Chamber of Commerce", None, REPORTED),
    ]


def test_title_introduces_the_full_name():
    title = "Russian President Vladimir Putin reports progress in talks"
    assert last("Putin said the talks went well.", title) == (*PUTIN, REPORTED)


def test_surname_resolves_to_the_latest_namesake():
    text = "Bill Clinton spoke first. Later, Hillary Clinton arrived. Clinton said it was late."
    assert last(text) == ("Hillary Clinton", None, REPORTED)


# --------------------------------------------------------------------------- pronouns


def test_she_with_no_earlier_speaker_is_none():
    assert flat("She said the plan would work.") == [None]


def test_he_skips_a_speaker_known_to_be_a_woman():
    text = "Mrs. Ann Lee said the talks had ended. He said the talks would resume."
    assert who(flat(text)[-1]) is None


def test_she_follows_a_woman_speaker():
    text = "Ms Brown said the plan would work. She added that costs would fall."
    assert last(text) == ("Brown", None, CONTINUED)


def test_they_follows_a_group_and_not_a_person():
    assert last("Officials said the road was shut. They said it would reopen.") == (
        "officials", None, CONTINUED,
    )  # fmt: skip
    assert flat("Jo Li said the road was shut. They said it would reopen.")[-1] is None


def test_it_follows_an_organisation():
    text = "The company said profits fell. It said sales would recover."
    assert last(text) == ("the company", None, CONTINUED)


def test_he_follows_the_sentence_subject_when_no_one_spoke():
    text = "Defense Secretary Lloyd Austin flew to Kyiv on Monday. He said the aid would continue."
    assert last(text) == ("Lloyd Austin", "Defense Secretary", CONTINUED)


def test_pronoun_reaches_back_two_paragraphs_when_nobody_else_was_named():
    text = "Blinken said the talks ended.\n\nThe war began in 2020.\n\nHe said more was needed."
    assert last(text) == ("Blinken", None, CONTINUED)


def test_pronoun_does_not_reach_back_two_paragraphs_past_another_person():
    text = (
        "Blinken said the talks ended.\n\nThe war began when Tom Reed was in office.\n\n"
        "He said more was needed."
    )
    assert flat(text)[-1] is None


def test_pronoun_does_not_reach_back_three_paragraphs():
    text = (
        "Blinken said the talks ended.\n\nThe war began in 2020.\n\nIt lasted a year.\n\n"
        "He said more was needed."
    )
    assert flat(text)[-1] is None


# --------------------------------------------------------------------------- negatives


@pytest.mark.parametrize(
    "text",
    [
        "The said company went bankrupt in 2019.",
        "It is said that the castle is haunted.",
        "He was told to leave the building.",
        "Secretary of State Antony Blinken, center, meets with Azerbaijan's foreign minister.",
        "Aliyev and Pashinyan said they would meet again.",
        "The plan, which Putin said would work, failed.",
        "Neither Mirzoyan nor Bayramov spoke at the event.",
        "What he said was unclear.",
        "Smith declined to say whether the deal was done.",
        "According to the plan, troops will withdraw by May.",
        "Smith claimed the title in 2019.",
        "The film “Jeanne du Barry” opened the festival in Cannes.",
        "The Dow added 50 points on Friday.",
        "Everyone said it was over.",
        "Shares fell after the firm said profits would drop.",
        "The prime minister will say in a speech on Monday that taxes must rise.",
        "As the president said, the economy is strong.",
        "The people who said they saw the crash were interviewed.",
        "The company, which said last year that it would expand, closed the plant.",
    ],
)
def test_not_speech(text):
    assert flat(text)[-1] is None


# --------------------------------------------------------------------------- lower-case text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "prime minister tony blair visited the plant. mr blair told the bbc that jobs were "
            "safe.",
            ("tony blair", "prime minister", REPORTED),
        ),
        ("the bcc said the economy would slow.", ("the bcc", None, REPORTED)),
        ('"we are delighted," said mr smith.', ("smith", None, DIRECT)),
        (
            "chancellor gordon brown said taxes would not rise.",
            ("gordon brown", "chancellor", REPORTED),
        ),
        (
            "sales fell 3% in march, according to the british retail consortium.",
            ("the british retail consortium", None, REPORTED),
        ),
        ("the said firm collapsed.", None),
    ],
)
def test_lower_case_text(text, expected):
    assert last(text) == expected


def test_empty_input():
    assert attribute_speakers([]) == []
    assert attribute_speakers([[]]) == [[]]


def test_parenthesised_acronym_inside_an_appositive_role() -> None:
    sentence = (
        '"In a sense, we have hardly started in reaching the whole population," the new chair'
        " of the Internet Engineering Task Force (IETF), Brian Carpenter, says."
    )
    [[who]] = attribute_speakers([[sentence]])
    assert who is not None
    assert who.name == "Brian Carpenter"
    assert who.mode == "direct"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(
            st.lists(
                st.sampled_from(
                    [*"abcAB ,.;:()\"“”'’-—", " said", " says", " Mr", " he", " according to"]
                ),
                max_size=40,
            ).map("".join),
            max_size=4,
        ),
        max_size=4,
    )
)
def test_any_text_gets_one_answer_per_sentence(paragraphs: list[list[str]]) -> None:
    result = attribute_speakers(paragraphs)
    assert [len(p) for p in result] == [len(p) for p in paragraphs]


# --------------------------------------------------------------------------- salience


def test_he_goes_to_the_subject_named_with_a_descriptor_not_the_last_speaker():
    text = (
        "Leeds manager Tom Reed said his side had played badly. "
        "But Reed's Hull counterpart Sam Fowler was in no mood to celebrate. "
        'He said: "We were poor."'
    )
    assert last(text) == ("Sam Fowler", None, DIRECT)


def test_he_goes_to_a_subject_named_with_an_honorific():
    text = (
        "Labour MP Ann Cole said the plan was too costly. "
        "Mr Kerr rejected the claim on Monday. "
        '"That is nonsense," he said.'
    )
    assert last(text) == ("Kerr", None, DIRECT)


def test_he_goes_to_a_subject_given_in_apposition_to_a_title():
    text = (
        "Tory frontbencher Ed Marsh said taxes were too high. "
        "Her deputy, Jon Hale, argued for a change of course. "
        '"It is time to act," he said.'
    )
    assert last(text) == ("Jon Hale", "deputy", DIRECT)


def test_he_goes_to_a_subject_whose_title_runs_through_to_the():
    text = (
        "Tory frontbencher Ed Marsh said taxes were too high. "
        "But Chief Secretary to the Treasury Paul Hart attacked the plans. "
        '"They are reckless," he said.'
    )
    assert last(text) == ("Paul Hart", None, DIRECT)


def test_he_skips_a_person_who_is_not_the_subject():
    text = (
        "Mr Kerr said the budget was wrong. "
        "His claims were denied by Finance Minister Ann Cole, who called them false. "
        "The cuts would hurt schools, he argued."
    )
    assert last(text) == ("Kerr", None, CONTINUED)


def test_joint_subject_is_not_a_pronoun_target():
    text = "Tom Reed and Sam Fowler met on Monday. He said it went well."
    assert flat(text)[-1] is None


def test_a_thing_named_after_the_is_not_a_subject():
    text = (
        "Analyst Ian Fogg said the market was crowded. "
        "Although the Mac Mini was cheap, it was still dear. "
        "Also, he said, it appealed to few buyers."
    )
    assert last(text) == ("Ian Fogg", "Analyst", CONTINUED)


# --------------------------------------------------------------------------- clauses


def test_long_relative_clause_between_subject_and_said():
    text = (
        "Goalkeeper Ian Park, whose clash with the referee in the first half was not "
        'punished by the officials, said: "I was lucky."'
    )
    assert last(text) == ("Ian Park", "Goalkeeper", DIRECT)


def test_relative_clause_holding_quotes_and_commas_before_has_said():
    text = 'Jo Li, who argues the plan is "unfair" and "rushed", has said the vote could wait.'
    assert last(text) == ("Jo Li", None, REPORTED)


def test_age_before_a_relative_clause():
    assert last("Ed Marsh, 58, who sits for Leeds, said he was leaving.") == (
        "Ed Marsh", None, REPORTED,
    )  # fmt: skip


def test_reporting_verb_followed_by_a_clause_without_that():
    assert last("Sam Fowler admitted it was a costly defeat.") == ("Sam Fowler", None, REPORTED)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'Sam Fowler tried to stay calm, adding: "There is still time."',
            ("Sam Fowler", None, DIRECT),
        ),
        (
            "Sam Fowler opened the show in Leeds, saying that sales were up.",
            ("Sam Fowler", None, REPORTED),
        ),
        ("Sam Fowler scored twice, adding to his tally.", None),
        ("Sam Fowler left the club, saying goodbye to the fans.", None),
    ],
)
def test_participle_reports_the_subject(text, expected):
    assert last(text) == expected


def test_said_colon_then_a_quote_paragraph():
    text = 'Coach Ann Bell said:\n\n"We were the better side. We should have won."'
    assert [who(a)[:2] if a else None for a in flat(text)] == [("Ann Bell", "Coach")] * 3


# --------------------------------------------------------------------------- inverted speech


def test_any_reporting_verb_may_follow_a_quotation():
    text = (
        "Leeds boss Tom Reed wants a new striker. "
        '"I would be keen to leave," admitted the 28-year-old Lopez. '
        'He added: "It is not up to me."'
    )
    assert [who(a) for a in flat(text)][1:] == [
        ("Lopez", None, DIRECT),
        ("Lopez", None, DIRECT),
    ]


# --------------------------------------------------------------------------- titles alone


def test_title_that_speaks_first_belongs_to_the_next_person_named():
    text = (
        "Pay should rise next year, the Culture and Media Secretary has said.\n\n"
        "Ann Bell said the cost was being studied.\n\n"
        "The minister told MPs that the plan was a priority."
    )
    role = "Culture and Media Secretary"
    assert [who(a) for a in flat(text)] == [
        ("Ann Bell", role, REPORTED),
        ("Ann Bell", role, REPORTED),
        ("Ann Bell", role, REPORTED),
    ]


def test_title_is_not_given_to_a_body_or_a_person_named_before():
    text = (
        "Pay should rise, Michael Hope pledged on Monday. "
        "The Tory leader argued that voters felt ignored. "
        "Labour says the plan will fail."
    )
    got = [who(a) for a in flat(text)]
    assert got[1] == ("the Tory leader", None, REPORTED)
    assert got[2] == ("Labour", None, REPORTED)


def test_spokesman_of_someone_else_is_not_that_person():
    text = (
        "Singer Jay Kay arrived in court on Monday. "
        "The rapper's spokesman said the claims were untrue."
    )
    assert last(text) == ("the rapper's spokesman", None, REPORTED)


def test_the_minister_goes_to_the_one_person_holding_such_a_post():
    text = (
        "Health Secretary Ann Bell visited a hospital. "
        "The minister told staff that funding would rise."
    )
    assert last(text) == ("Ann Bell", "Health Secretary", REPORTED)
