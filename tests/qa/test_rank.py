"""Grouping and ordering of hits, and spelling hints: pure logic, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.qa.rank import complete_item, dedupe_items, item_of, runs_of, statement_order
from bot.qa.records import SentenceHit, VocabularyTerm
from bot.qa.spelling import closest_terms, deletions, edit_distance, lookup_variants, surface_form
from tests.qa.hits import sentence_hit


def hit(
    position: int,
    text: str,
    *,
    article_id: int = 1,
    paragraph: int = 0,
    speaker: str | None = "Vladimir Putin",
    mode: str | None = "reported",
    day: date = date(2023, 6, 29),
) -> SentenceHit:
    return sentence_hit(
        text,
        position=position,
        article_id=article_id,
        paragraph=paragraph,
        speaker=speaker,
        mode=mode if speaker else None,
        day=day,
    )


def items(hits: list[SentenceHit]):  # type: ignore[no-untyped-def]
    return [item_of(run, 1.0) for run in runs_of(hits)]


def test_consecutive_sentences_of_one_speaker_are_one_item_in_article_order() -> None:
    found = items(
        [
            hit(14, "He said they would meet.", paragraph=5, mode="continued"),
            hit(10, "Putin said issues remain.", paragraph=4),
            hit(13, "But Putin said there is an agreement.", paragraph=5),
        ]
    )
    assert [[s.position for s in item.sentences] for item in found] == [[10], [13, 14]]
    assert found[1].text == "But Putin said there is an agreement. He said they would meet."


def test_a_new_paragraph_with_its_own_attribution_is_a_new_item() -> None:
    found = items(
        [
            hit(3, '"A," he said.', paragraph=2, mode="direct"),
            hit(4, '"B," he said.', paragraph=3, mode="direct"),
        ]
    )
    assert len(found) == 2


def test_a_quote_carried_into_the_next_paragraph_stays_one_item() -> None:
    found = items(
        [
            hit(3, '"A.', paragraph=2, mode="direct"),
            hit(4, 'B," he said.', paragraph=3, mode="continued"),
        ]
    )
    assert len(found) == 1


def test_statements_order_by_topic_then_newest() -> None:
    old = [hit(0, "Putin said the corridor must stay open.", article_id=1, day=date(2020, 1, 1))]
    new = [hit(0, "Putin said gas prices will rise.", article_id=2, day=date(2024, 1, 1))]
    assert sorted([old, new], key=lambda r: statement_order(r, 0.0))[0] is new
    ranked = sorted([(0.0, new), (0.8, old)], key=lambda p: statement_order(p[1], p[0]))
    assert ranked[0][1] is old


def test_item_shows_the_speaker_and_role_it_is_given() -> None:
    [run] = runs_of([hit(0, "Putin said so.")])
    item = item_of(run, 0.5, speaker="Vladimir Putin", role="Russian President")
    assert item.who == "Vladimir Putin (Russian President)"
    assert item_of(run, 0.5).speaker == "Vladimir Putin"


def test_same_passage_stored_twice_is_shown_once() -> None:
    first = item_of([hit(0, "Talks resumed.", article_id=1, speaker=None)], 1.0)
    copy = item_of([hit(0, "Talks  resumed!", article_id=2, speaker=None)], 0.5)
    assert dedupe_items([first, copy]) == [first]


@dataclass
class Stored:
    id: int
    paragraph: int
    position: int
    text: str
    speaker: str | None
    speaker_mode: str | None


def test_complete_item_adds_the_rest_of_the_quote_from_the_article() -> None:
    [item] = items([hit(13, "But Putin said yes.", paragraph=5)])
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


def test_spelling_lookup_variants_meet_the_indexed_term() -> None:
    # A swap of neighbours: both sides lose a letter to the same variant.
    assert set(lookup_variants("ptuin")) & ({"putin"} | deletions("putin"))
    # A letter too many: the word less that letter is the term itself.
    assert "shareholders" in lookup_variants("sharehholders")
    assert deletions("abc") == {"bc", "ac", "ab"}


def test_surface_form_recovers_the_printed_word() -> None:
    assert surface_form("negoti", "Negotiations resumed") == "negotiations"
    assert surface_form("zzz", None) == "zzz"
