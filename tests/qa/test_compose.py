"""Answer items that stand on their own: speakers named, antecedents, quote marks once."""

from __future__ import annotations

from bot.qa.answer import AnswerItem, AnswerSentence
from bot.qa.compose import item_style, needs_antecedent, quoted_text, with_antecedent


def item(*texts: str, speaker: str | None = None, position: int = 3) -> AnswerItem:
    sentences = tuple(
        AnswerSentence(100 + i, position + i, text, speaker, "direct" if speaker else None)
        for i, text in enumerate(texts)
    )
    return AnswerItem(1, "Title", None, None, sentences, speaker, 1.0)


def test_a_pronoun_gets_the_speakers_name_before_it() -> None:
    said = item("He said representatives of Russia were there.", speaker="Vladimir Putin")
    assert said.lead_in == "Vladimir Putin"
    assert said.shown == "Vladimir Putin: He said representatives of Russia were there."
    assert said.to_json()["sentence"] == said.shown
    named = item("Putin said talks went well.", speaker="Vladimir Putin")
    assert named.lead_in is None and named.shown == named.text


def test_a_sentence_leaning_on_the_one_before_takes_it_along_when_nobody_speaks() -> None:
    leaning = item("It has argued the deal was voided.")
    assert needs_antecedent(leaning)
    assert not needs_antecedent(item("It has argued the deal was voided.", position=0))
    assert not needs_antecedent(item("He said so.", speaker="Vladimir Putin"))
    assert not needs_antecedent(item("The deal was voided."))
    before = AnswerSentence(99, 2, "Gazprom has sued Naftogaz.", None, None)
    shown = with_antecedent(leaning, before)
    assert shown.text == "Gazprom has sued Naftogaz. It has argued the deal was voided."


def test_quote_marks_are_shown_once_in_the_articles_style() -> None:
    quote = item('"It was a great goal."', speaker="Arsene Wenger")
    assert quoted_text(quote) == '"It was a great goal."'
    plain = item("The final starts at eight.")
    assert quoted_text(plain, item_style([quote])) == '"The final starts at eight."'
    assert quoted_text(plain) == "“The final starts at eight.”"


def test_a_quote_cut_short_is_closed_with_an_ellipsis() -> None:
    cut = item('Wenger said: "The only positive is that we are still in the tie.', speaker="A W")
    assert quoted_text(cut).endswith('tie…"')
