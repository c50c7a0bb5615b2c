"""Grouping and ordering of hits, and spelling hints: pure logic, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.qa.question import SpeakerQuery
from bot.qa.rank import (
    Coverage,
    complete_item,
    coverage,
    rank_keyword_candidates,
    rank_speaker_hits,
    stems_of,
)
from bot.qa.records import KeywordCandidates, SentenceHit, VocabularyTerm
from bot.qa.spelling import closest_terms, edit_distance, surface_form

PUTIN = SpeakerQuery("Putin", ("putin",))
PUTIN_TERMS = "vladimir putin russian president russia"


def hit(
    position: int,
    text: str,
    *,
    article_id: int = 1,
    paragraph: int = 0,
    speaker: str | None = "Vladimir Putin",
    mode: str | None = "reported",
    terms: str | None = PUTIN_TERMS,
    day: date = date(2023, 6, 29),
    relevance: float = 1.0,
    title: str = "Talks",
) -> SentenceHit:
    return SentenceHit(
        sentence_id=article_id * 1000 + position,
        article_id=article_id,
        paragraph=paragraph,
        position=position,
        text=text,
        speaker=speaker,
        speaker_role=None,
        speaker_mode=mode,
        speaker_terms=terms,
        relevance=relevance,
        title=title,
        published=day,
        day=day,
        section=None,
    )


def test_consecutive_sentences_of_one_speaker_are_one_item_in_article_order() -> None:
    items = rank_speaker_hits(
        [
            hit(14, "He said they would meet.", paragraph=5, mode="continued"),
            hit(10, "Putin said issues remain.", paragraph=4),
            hit(13, "But Putin said there is an agreement.", paragraph=5),
        ],
        PUTIN,
        (),
    )
    assert [[s.position for s in item.sentences] for item in items] == [[10], [13, 14]]
    assert items[1].text == "But Putin said there is an agreement. He said they would meet."


def test_a_new_paragraph_with_its_own_attribution_is_a_new_item() -> None:
    items = rank_speaker_hits(
        [
            hit(3, '"A," he said.', paragraph=2, mode="direct"),
            hit(4, '"B," he said.', paragraph=3, mode="direct"),
        ],
        PUTIN,
        (),
    )
    assert len(items) == 2


def test_newer_articles_come_first_and_topic_words_outrank_recency() -> None:
    old = hit(0, "Putin said the corridor must stay open.", article_id=1, day=date(2020, 1, 1))
    new = hit(0, "Putin said gas prices will rise.", article_id=2, day=date(2024, 1, 1))
    assert [i.article_id for i in rank_speaker_hits([old, new], PUTIN, ())] == [2, 1]
    assert [i.article_id for i in rank_speaker_hits([old, new], PUTIN, ("corridor",))] == [1, 2]


def test_fuller_name_match_ranks_first() -> None:
    asked = SpeakerQuery("Gordon Brown", ("gordon", "brown"))
    gordon = hit(0, "Brown said so.", article_id=1, speaker="Gordon Brown", terms="gordon brown")
    nick = hit(0, "Brown said no.", article_id=2, speaker="Nick Brown", terms="nick brown")
    assert rank_speaker_hits([nick, gordon], asked, ())[0].speaker == "Gordon Brown"


def test_keyword_ranking_prefers_sentences_holding_every_word() -> None:
    both = hit(0, "The Lachin corridor is the only road.", speaker=None, relevance=1.0)
    one = hit(1, "A corridor, a corridor, a corridor.", speaker=None, relevance=3.0)
    found = KeywordCandidates((one, both), {}, top_relevance=3.0, top_title=1.0)
    items = rank_keyword_candidates(found, ("lachin", "corridor"), limit=5)
    assert items[0].sentences[0].position == 0


def test_same_sentence_stored_twice_is_shown_once() -> None:
    first = hit(0, "Talks resumed.", article_id=1, speaker=None)
    copy = hit(0, "Talks resumed.", article_id=2, speaker=None)
    found = KeywordCandidates((first, copy), {}, top_relevance=1.0, top_title=1.0)
    assert len(rank_keyword_candidates(found, ("talks",), limit=5)) == 1


def test_coverage_uses_the_index_stemming() -> None:
    assert coverage(("talks", "negotiating"), stems_of("The talk and negotiations")) == 1.0
    assert coverage(("u.s.-hosted",), stems_of("U.S.-hosted talks")) == 1.0


@dataclass
class Stored:
    id: int
    paragraph: int
    position: int
    text: str
    speaker: str | None
    speaker_mode: str | None


def test_complete_item_adds_the_rest_of_the_quote_from_the_article() -> None:
    [item] = rank_speaker_hits([hit(13, "But Putin said yes.", paragraph=5)], PUTIN, ())
    article = [
        Stored(1012, 4, 12, "Aliyev and Pashinyan clashed.", None, None),
        Stored(1013, 5, 13, "But Putin said yes.", "Vladimir Putin", "reported"),
        Stored(1014, 5, 14, "He said they would meet.", "Vladimir Putin", "continued"),
        Stored(1015, 6, 15, "The war ended.", None, None),
    ]
    completed = complete_item(item, article)
    assert [s.position for s in completed.sentences] == [13, 14]


def test_edit_distance() -> None:
    assert edit_distance("ptuin", "putin", 2) == 1
    assert edit_distance("blinkin", "blinken", 2) == 1
    assert edit_distance("putin", "zzzzzzz", 2) == 3


def test_closest_terms_suggest_the_common_spelling() -> None:
    vocabulary = [
        VocabularyTerm("putin", 40),
        VocabularyTerm("puttin", 1),
        VocabularyTerm("pension", 90),
    ]
    assert [t.term for t in closest_terms("ptuin", vocabulary)] == ["putin"]
    assert closest_terms("putin", vocabulary) == []  # a known word needs no hint
    assert closest_terms("xy", vocabulary) == []


def test_surface_form_recovers_the_printed_word() -> None:
    assert surface_form("negoti", "Negotiations resumed") == "negotiations"
    assert surface_form("zzz", None) == "zzz"


_WORDS = [
    "bureaucracy",
    "bureaucratic",
    "talks",
    "talking",
    "happy",
    "happiness",
    "relational",
    "U.S.-hosted",
    "café",
    "s",
    "a",
    "game",
    "gaming",
    "agreed",
    "Hoping",
    "ties",
    "sky",
]


@settings(max_examples=200, deadline=None)
@given(
    question=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4),
    sentence=st.lists(st.sampled_from([*_WORDS, "the", "-", ",", "x1"]), max_size=12),
)
def test_fast_coverage_agrees_with_stemming_every_word(
    question: list[str], sentence: list[str]
) -> None:
    text = " ".join(sentence)
    assert Coverage(question)(text) == coverage(question, stems_of(text))
