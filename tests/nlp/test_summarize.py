"""Behaviour of the extractive summarizer, with the real sumy rankers."""

from __future__ import annotations

import math

import pytest

from bot.nlp.standalone import CONNECTIVE, DEMONSTRATIVE, PRONOUN, QUOTATION, dependence
from bot.nlp.summarize import ALGORITHMS, render_summary, summarize, summarize_text

TITLE = "US says Armenia and Azerbaijan have made ‘further progress’ toward a peace deal"

# The story paragraphs of corpus/us-armenia-azerbaijan-peace-talks.txt, one sentence an item.
ARMENIA = [
    "WASHINGTON (AP) — Secretary of State Antony Blinken says Armenia and Azerbaijan have made "
    "“further progress” toward a peace agreement in three days of U.S.-hosted talks between the "
    "two former Soviet republics that have repeatedly clashed over the disputed territory of "
    "Nagorno-Karabakh.",
    "Wrapping up discussions between Armenian Foreign Minister Ararat Mirzoyan and Azerbaijani "
    "Foreign Minister Jeyhun Bayramov on Thursday, Blinken said the two sides had shown a "
    "willingness to negotiate seriously with the goal of reaching a deal.",
    "But, he stressed that “hard work” remains to be done.",
    "“I appreciate further progress toward this shared objective of an agreement to include "
    "agreement on some additional articles as well as a deepening understanding of the positions "
    "on outstanding issues, as well as the recognition that there remains hard work to be done "
    "to try to reach a final agreement,” Blinken said at the end of the closed-door talks at the "
    "State Department’s Foreign Service Institute in northern Virginia.",
    "“We look forward to continuing this process in the weeks ahead to take advantage of the "
    "momentum that we’ve helped achieve through these meetings,” he said.",
    "“I very much appreciate the spirit of candor, openness, directness that everyone has "
    "exhibited.",
    "That is the way ultimately to reach understanding and finally to reach agreement.”",
    "Neither Mirzoyan nor Bayramov spoke at the event.",
    "The latest talks were the second round of negotiations the U.S. has hosted between the two "
    "sides.",
    "Similar talks have been hosted by the European Union and Russia.",
    "Earlier this week, Russian President Vladimir Putin said that only “strictly technical” "
    "issues remain in resolving one of the main disputes between Armenia and Azerbaijan and that "
    "the two sides had agreed to recognize each other’s territorial integrity.",
    "Putin spoke on Sunday in Moscow after meeting with Azerbaijani President Ilham Aliyev and "
    "Armenian Prime Minister Nikol Pashinyan to discuss a dispute over a winding road called the "
    "Lachin Corridor, which is the only authorized connection between Armenia and "
    "Nagorno-Karabakh.",
    "Aliyev and Pashinyan, taking part in a broader regional summit that Putin hosted, had lashed "
    "out at each other for their positions regarding the corridor.",
    "But Putin said that on the “principal issues, there is an agreement,” and later said all "
    "that remained were “surmountable obstacles,” calling them differences in terminology and "
    "“strictly technical.”",
    "He said representatives of Russia, Armenia and Azerbaijan would meet in a week to try to "
    "resolve the differences.",
    "Armenia and Azerbaijan fought a war over Nagorno-Karabakh, a mountainous region smaller than "
    "the U.S. state of Delaware, in 2020 that killed more than 6,000 people.",
    "The war ended in a Russia-brokered armistice under which Armenia relinquished territories "
    "surrounding the region.",
    "Nagorno-Karabakh lies within Azerbaijan, but ethnic Armenian forces backed by Armenia had "
    "controlled the region and surrounding territories since 1994.",
    "Azerbaijan has repeatedly alleged that Armenians have used the Lachin Corridor to bring "
    "weapons and ammunition into Nagorno-Karabakh in violation of the armistice terms.",
]


def test_returns_indices_in_article_order() -> None:
    chosen = summarize(ARMENIA, title=TITLE, count=5)
    assert chosen == sorted(chosen)
    assert len(chosen) == 5
    assert all(0 <= index < len(ARMENIA) for index in chosen)


def test_default_count_is_three() -> None:
    assert len(summarize(ARMENIA)) == 3


def test_count_is_respected() -> None:
    for count in (1, 2, 4, 7):
        assert len(summarize(ARMENIA, count=count)) == count


def test_ratio_is_respected() -> None:
    assert len(summarize(ARMENIA, ratio=0.25)) == round(0.25 * len(ARMENIA))
    assert len(summarize(ARMENIA, ratio=0.01)) == 1


def test_invalid_length_requests_raise() -> None:
    with pytest.raises(ValueError):
        summarize(ARMENIA, count=0)
    with pytest.raises(ValueError):
        summarize(ARMENIA, ratio=1.5)
    with pytest.raises(ValueError):
        summarize(ARMENIA, count=2, ratio=0.5)


def test_short_article_returns_itself() -> None:
    sentences = [
        "The council approved the new budget for the city library on Monday evening.",
        "Opening hours will be extended to nine o'clock from next month.",
    ]
    assert summarize(sentences, count=3) == [0, 1]
    assert summarize(sentences[:1], count=1) == [0]
    assert summarize([]) == []


def test_no_duplicate_sentences() -> None:
    sentences = [*ARMENIA[:6], ARMENIA[1], ARMENIA[1].upper(), *ARMENIA[6:]]
    chosen = summarize(sentences, count=10)
    texts = [" ".join(sentences[i].lower().split()) for i in chosen]
    assert len(texts) == len(set(texts))


def test_title_is_not_repeated() -> None:
    sentences = [TITLE + ".", *ARMENIA]
    for algorithm in ALGORITHMS:
        chosen = summarize(sentences, title=TITLE, count=4, algorithm=algorithm)
        assert 0 not in chosen


def test_page_furniture_is_excluded() -> None:
    furniture = [
        "WASHINGTON (AP) —",
        "By MATTHEW LEE",
        "By Matthew Lee and Josh Boak",
        "Secretary of State Antony Blinken, center, meets with Azerbaijan's Foreign Minister "
        "Jeyhun Bayramov, at the National Foreign Affairs Training Center in Arlington, Va., "
        "Thursday, June 29, 2023. (AP Photo/Jacquelyn Martin)",
        "Share",
    ]
    sentences = [*furniture, *ARMENIA]
    for algorithm in ALGORITHMS:
        chosen = summarize(sentences, title=TITLE, count=8, algorithm=algorithm)
        assert not set(chosen) & set(range(len(furniture))), algorithm


def test_short_fragments_used_only_when_nothing_else() -> None:
    assert len(summarize(["Hello there.", "Goodbye now.", "Fine."], count=2)) == 2
    chosen = summarize(["Hello there.", *ARMENIA[:5]], count=5)
    assert 0 not in chosen


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_every_algorithm_works(algorithm: str) -> None:
    chosen = summarize(ARMENIA, title=TITLE, count=3, algorithm=algorithm)
    assert len(chosen) == 3
    assert chosen == sorted(set(chosen))


def test_unknown_algorithm_names_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="textrank"):
        summarize(ARMENIA, algorithm="bogus")


def test_default_summary_keeps_the_lede() -> None:
    assert 0 in summarize(ARMENIA, title=TITLE, count=3)


def test_output_is_deterministic() -> None:
    first = summarize(ARMENIA, title=TITLE, count=4)
    for _ in range(3):
        assert summarize(list(ARMENIA), title=TITLE, count=4) == first


def test_summarize_text_splits_paragraphs() -> None:
    text = "\n\n".join([" ".join(ARMENIA[:3]), " ".join(ARMENIA[3:10]), " ".join(ARMENIA[10:])])
    summary = summarize_text(text, title=TITLE, count=3)
    assert len(summary) == 3
    assert all(sentence in text for sentence in summary)


# --------------------------------------------------------------------------- standing alone

COUNCIL_TITLE = "Council cuts bus fares across all regions"
COUNCIL = [
    "The city council has voted to cut bus fares across all regions from April.",
    "Councillor Jane Smith spoke at the meeting on Tuesday night.",
    "She said the fare cuts across all regions would bring more riders onto the buses and cut "
    "traffic.",
    "Bus fares in the city rose by a fifth over the past two years.",
    "The regional bus operator said it welcomed the decision on fares.",
    "Opposition members said the council could not afford the cuts to fares.",
    "The weather was mild for the time of year.",
]
COUNCIL_SPEAKERS = [None, None, "Jane Smith", None, "the regional bus operator", None, None]


def test_a_sentence_leaning_on_a_missing_one_gives_way() -> None:
    # Ranked on its words alone, "She said …" would be picked without the sentence naming her.
    assert 2 in summarize(COUNCIL, title=COUNCIL_TITLE, count=2, dependent_penalties={})
    for count in (2, 3):
        chosen = summarize(COUNCIL, title=COUNCIL_TITLE, count=count)
        assert 2 not in chosen or 1 in chosen
        assert len(chosen) == count


def test_a_named_speaker_mends_the_sentence() -> None:
    chosen = summarize(COUNCIL, title=COUNCIL_TITLE, count=2, speakers=COUNCIL_SPEAKERS)
    assert chosen == [0, 2]
    passages = render_summary(COUNCIL, chosen, speakers=COUNCIL_SPEAKERS)
    assert passages[1].text.startswith("She [Jane Smith] said the fare cuts")
    assert passages[1].speaker == "Jane Smith"


def test_infinite_penalties_never_leave_a_reference_dangling() -> None:
    strict = dict.fromkeys((PRONOUN, DEMONSTRATIVE, CONNECTIVE, QUOTATION), math.inf)
    for count in range(2, 10):
        chosen = summarize(ARMENIA, title=TITLE, count=count, dependent_penalties=strict)
        for index in chosen:
            if index and dependence(ARMENIA[index]) is not None:
                assert index - 1 in chosen, (count, ARMENIA[index])


WENGER = [
    "Arsenal drew 1-1 with Bayern Munich in the second leg on Wednesday night.",
    'Arsene Wenger said: "The only positive is that we are still in the tie.',
    "We were not at our best tonight.",
    'We need to improve."',
    "Bayern play Wolfsburg on Saturday.",
]
WENGER_SPEAKERS = [None, "Arsene Wenger", "Arsene Wenger", "Arsene Wenger", None]


def test_a_cut_quotation_is_closed_with_an_ellipsis() -> None:
    passages = render_summary(WENGER, [0, 1], speakers=WENGER_SPEAKERS)
    assert passages[1].text == (
        'Arsene Wenger said: "The only positive is that we are still in the tie…"'
    )
    assert passages[1].speaker is None


def test_consecutive_sentences_of_one_quotation_are_one_passage() -> None:
    passages = render_summary(WENGER, [0, 1, 2, 3], speakers=WENGER_SPEAKERS)
    assert [p.positions for p in passages] == [(0,), (1, 2, 3)]
    assert passages[1].text == " ".join(WENGER[1:4])


def test_a_quotation_picked_up_midway_names_its_speaker() -> None:
    passages = render_summary(WENGER, [0, 3, 4], speakers=WENGER_SPEAKERS)
    assert passages[1].text == 'Arsene Wenger: "… We need to improve."'
    assert passages[1].speaker == "Arsene Wenger"
    # Without a known speaker the quotation is still balanced, but nobody is named.
    assert render_summary(WENGER, [0, 2])[1].text == '"… We were not at our best tonight…"'


def test_quotation_marks_follow_the_article_style() -> None:
    curly = [s.replace(': "', ": “").replace('."', ".”") for s in WENGER]
    passages = render_summary(curly, [0, 2], speakers=WENGER_SPEAKERS)
    assert passages[1].text == "Arsene Wenger: “… We were not at our best tonight…”"


def test_a_speaker_already_in_view_is_not_named_again() -> None:
    sentences = [
        "Russian President Vladimir Putin met both leaders in Moscow on Sunday.",
        '"There is an agreement on the principal issues," Putin said.',
        '"We will meet again in a week," he said.',
    ]
    speakers = [None, "Vladimir Putin", "Vladimir Putin"]
    passages = render_summary(sentences, [0, 1, 2], speakers=speakers)
    assert [p.text for p in passages] == sentences
    # The item just before names him: "he" reads as Putin.
    assert render_summary(sentences, [0, 2], speakers=speakers)[1].text == sentences[2]
    alone = render_summary(sentences, [2], speakers=speakers)
    assert alone[0].text == '"We will meet again in a week," he [Vladimir Putin] said.'


def test_only_proper_names_are_used_to_name_a_speaker() -> None:
    sentences = ["Talks resumed on Monday.", "They said the talks would go on."]
    assert render_summary(sentences, [1], speakers=[None, "officials"])[0].text == sentences[1]
