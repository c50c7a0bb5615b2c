"""Whether sentences stand on their own, and quotation marks rendered once and balanced."""

from __future__ import annotations

import pytest

from bot.nlp.standalone import (
    CONNECTIVE,
    CURLY,
    DEMONSTRATIVE,
    GUILLEMETS,
    PRONOUN,
    QUOTATION,
    STRAIGHT,
    QuoteState,
    bare_quotation,
    clip_quotation,
    close_cut,
    dependence,
    name_speaker,
    opening_connective,
    opening_reference,
    quote_once,
    quote_state,
    quote_states,
    quote_style,
    render_quotation,
    render_run,
    run_state,
    speaker_in_view,
    speaking_pronoun,
)

# --------------------------------------------------------------------------- dependence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said representatives of Russia would meet in a week.", "he"),
        ("It has argued the deal was voided.", "it"),
        ("Their offer was rejected on Friday.", "their"),
        ('"It was our best game of the season," he said.', "it"),
        ("This means prices will rise again.", "this"),
        ("It's a great result for the club.", "it"),
        ("Those figures were revised later.", "those"),
        ("(They later denied it.)", "they"),
        ("Hewlett-Packard said profits rose.", None),
        ("Itself a rare event, the vote passed.", None),
        ("Theresa May said the vote would go ahead.", None),
        ("The minister said the vote would go ahead.", None),
        ("", None),
    ],
)
def test_opening_reference(text: str, expected: str | None) -> None:
    assert opening_reference(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("But Putin said there was agreement.", "but"),
        ("However, the deal still needs approval.", "however"),
        ("Also on the list were two bankers.", "also"),
        ("And the crowd went home happy.", "and"),
        ("As a result, shares fell 5%.", "as a result"),
        ("Still, the club remains top.", "still"),
        ("Still waters run deep in the valley.", None),
        ("In addition to the fine, he was banned.", None),
        ("In addition, the fine was doubled.", "in addition"),
        ("Butter prices rose by 5%.", None),
        ("Andrew Smith said the deal was done.", None),
        ("So far, nobody has been charged.", None),
    ],
)
def test_opening_connective(text: str, expected: str | None) -> None:
    assert opening_connective(text) == expected


def test_dependence_names_the_reason() -> None:
    assert dependence("He added that talks would resume.") == PRONOUN
    assert dependence("These include two new stadiums.") == DEMONSTRATIVE
    assert dependence("However, the board disagreed.") == CONNECTIVE
    assert dependence('That is the way to reach agreement."') == DEMONSTRATIVE
    assert dependence('We need to improve a lot."') == QUOTATION
    assert dependence('"We need to improve a lot."') == QUOTATION
    assert dependence("The board met on Monday to approve the plan.") is None
    # A quotation cut short is not a dependence: rendering closes it.
    assert dependence('Wenger said: "The only positive is that we are in the tie.') is None
    assert dependence('Wenger said: "We need to improve."') is None


def test_dependence_uses_the_article_state() -> None:
    inside = QuoteState(continues=True, opens_inside=True, left_open=True)
    assert dependence("We were not good enough on the night.", inside) == QUOTATION
    assert dependence("We were not good enough on the night.") is None


# --------------------------------------------------------------------------- quotations


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("No quotation at all here.", "balanced"),
        ('"We are still in the tie," Wenger said.', "balanced"),
        ("He called it “strictly technical” on Sunday.", "balanced"),
        ("Wenger said: “The only positive is that we are still in the tie.", "open"),
        ('Wenger said: "The only positive is that we are still in the tie.', "open"),
        ('Wenger said:"The only positive is that we are still in the tie.', "open"),
        ("That is the way to reach agreement.”", "closed"),
        ('That is the way to reach agreement."', "closed"),
        ("Le ministre a dit : « Nous verrons.", "open"),
        ('He said it was ""unfair" and "wrong".', "balanced"),
    ],
)
def test_quote_state_of_a_text_alone(text: str, kind: str) -> None:
    assert quote_state(text).kind == kind


def test_quote_states_follow_a_quotation_over_sentences() -> None:
    sentences = [
        'Wenger said: "The only positive is that we are still in the tie.',
        "We were not at our best.",
        'We need to improve."',
        "Arsenal play again on Sunday.",
    ]
    states = quote_states(sentences)
    assert [s.kind for s in states] == ["open", "inside", "closed", "balanced"]
    assert [s.continues for s in states] == [False, True, True, False]


def test_a_reopening_mark_continues_the_quotation() -> None:
    # Paragraphs of one quote: the first is left open, the next reopens with a mark.
    sentences = [
        '"Exports slowed," said Hiromichi Shirakawa.',
        '"Personal consumption looks good, but it was due to the Olympics.',
        '"The amber light is flashing."',
        "The government may now find it harder to raise taxes.",
    ]
    states = quote_states(sentences, paragraphs=[0, 1, 2, 3])
    assert [s.kind for s in states] == ["balanced", "open", "balanced", "balanced"]
    assert [s.continues for s in states] == [False, False, True, False]
    # The same within one paragraph (paragraphs merged by the source).
    assert [s.continues for s in quote_states(sentences)] == [False, False, True, False]


def test_a_paragraph_that_does_not_reopen_ends_the_quotation() -> None:
    sentences = [
        'He said: "We will win this.',
        "The match is on Sunday.",
    ]
    states = quote_states(sentences, paragraphs=[0, 1])
    assert states[0].kind == "open"
    assert states[1] == QuoteState()


def test_a_quotation_never_closed_does_not_swallow_the_story() -> None:
    sentences = [
        'Unless productivity rises "retirement programmes would need "significant" changes.',
        "He called on Congress to cut promised benefits.",
        "The deficit is large.",
    ]
    states = quote_states(sentences)
    assert states[0].left_open
    assert states[1] == QuoteState() and states[2] == QuoteState()


def test_run_state_joins_consecutive_sentences() -> None:
    sentences = [
        'Wenger said: "The only positive is that we are still in the tie.',
        'We need to improve."',
    ]
    assert run_state(quote_states(sentences)).balanced
    assert run_state([]).balanced


def test_render_run_joins_paragraphs_of_one_quote_into_one_quotation() -> None:
    sentences = [
        'Mr Straw said: "The savings will help to underpin higher priority work.',
        '"Some of the savings will also be redeployed.',
        "The embassy in Dili will close.",
    ]
    states = quote_states(sentences, paragraphs=[0, 1, 2])
    joined = render_run(sentences[:2], states[:2], STRAIGHT)
    assert joined == (
        'Mr Straw said: "The savings will help to underpin higher priority work. '
        'Some of the savings will also be redeployed…"'
    )


@pytest.mark.parametrize(
    ("texts", "style"),
    [
        (['He said: "Yes."', "No marks."], STRAIGHT),
        (["He said: “Yes.”", 'A "so-called" deal.', "“No.”"], CURLY),
        (["Il a dit : « Oui. »"], GUILLEMETS),
        (["No marks at all."], CURLY),
    ],
)
def test_quote_style_is_the_articles_own(texts: list[str], style: object) -> None:
    assert quote_style(texts) == style


def test_quote_style_default_when_no_marks() -> None:
    assert quote_style([], default=STRAIGHT) == STRAIGHT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("we are still in the tie.", "we are still in the tie…”"),
        ("is it over?", "is it over? …”"),
        ("and so on...", "and so on...”"),
        ("and then", "and then…”"),
    ],
)
def test_close_cut(text: str, expected: str) -> None:
    assert close_cut(text, "”") == expected


def test_clip_quotation_closes_what_it_cuts_open() -> None:
    text = 'Wenger said: "The only positive is that we are still in the tie, and we know it."'
    assert clip_quotation(text, 200) == text
    clipped = clip_quotation(text, 50)
    assert clipped == 'Wenger said: "The only positive is that we are…"'
    assert len(clipped) <= 50 and quote_state(clipped).balanced
    assert clip_quotation("No quotation here at all, just words.", 20) == "No quotation…"
    assert len(clip_quotation('He asked: "Is it over? We are not sure at all."', 25)) <= 25


def test_render_quotation_closes_a_cut_quote_in_its_own_style() -> None:
    text = 'Wenger said: "The only positive is that we are still in the tie.'
    rendered = render_quotation(text, quote_state(text), CURLY)
    assert rendered == 'Wenger said: "The only positive is that we are still in the tie…"'
    assert quote_state(rendered).balanced


def test_render_quotation_opens_a_continued_quote() -> None:
    text = "That is the way to reach agreement.”"
    assert render_quotation(text, quote_state(text)) == "“… That is the way to reach agreement.”"


def test_render_quotation_of_the_middle_of_a_quote_uses_the_article_style() -> None:
    inside = QuoteState(continues=True, opens_inside=True, left_open=True)
    rendered = render_quotation("We were not at our best.", inside, STRAIGHT)
    assert rendered == '"… We were not at our best…"'


def test_render_quotation_shows_each_mark_once() -> None:
    text = 'Verizon is to pay an ""unconscionable" sum.'
    assert render_quotation(text, quote_state(text)) == 'Verizon is to pay an "unconscionable" sum.'


def test_render_quotation_leaves_balanced_text_alone() -> None:
    text = "He called it “strictly technical” on Sunday."
    assert render_quotation(text, quote_state(text)) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"We will score the goal."', '"We will score the goal."'),
        ("“We will score the goal.”", "“We will score the goal.”"),
        ("We will score the goal.", "“We will score the goal.”"),
        ("He called it “strictly technical”.", "He called it “strictly technical”."),
        ('"We will score the goal.', '"We will score the goal…"'),
    ],
)
def test_quote_once_never_wraps_a_quote_twice(text: str, expected: str) -> None:
    assert quote_once(text, CURLY) == expected


def test_quote_once_in_straight_style() -> None:
    assert quote_once("We will score.", STRAIGHT) == '"We will score."'


# --------------------------------------------------------------------------- speakers


@pytest.mark.parametrize(
    ("text", "pronoun"),
    [
        ("He said representatives of Russia would meet.", "He"),
        ('"We look forward to it," he said.', "he"),
        ("She has also warned that prices will rise.", "She"),
        ('"Yes," said he.', "he"),
        ("It said profits rose.", "It"),
        ('"He said nothing to me," the coach told reporters.', None),
        ("He was told to leave the room.", None),
        ("The minister said the deal was done.", None),
    ],
)
def test_speaking_pronoun(text: str, pronoun: str | None) -> None:
    span = speaking_pronoun(text)
    assert (text[span[0] : span[1]] if span else None) == pronoun


def test_speaker_in_view() -> None:
    assert speaker_in_view("Vladimir Putin", "Mr Putin said it was over.")
    assert not speaker_in_view("Vladimir Putin", "He said it was over.")
    assert not speaker_in_view("Vladimir Putin", "Putinism is a word.")
    assert speaker_in_view("officials", "Officials said it was over.")
    assert speaker_in_view("the British Chamber of Commerce", "The Commerce body said so.")
    assert speaker_in_view("Arsene Wenger", "Nothing here.", "Wenger spoke first.")


def test_name_speaker_brackets_the_pronoun_that_speaks() -> None:
    assert (
        name_speaker("He said representatives would meet.", "Vladimir Putin")
        == "He [Vladimir Putin] said representatives would meet."
    )
    assert (
        name_speaker('"We look forward to it," he said.', "Antony Blinken")
        == '"We look forward to it," he [Antony Blinken] said.'
    )


def test_name_speaker_leads_a_bare_quotation_with_the_name() -> None:
    assert name_speaker("“We need to improve.”", "Arsene Wenger") == (
        "Arsene Wenger: “We need to improve.”"
    )
    assert bare_quotation("“We need to improve.”")
    assert not bare_quotation("“We need to improve,” he said.")
    assert not bare_quotation("No quotation.")


def test_name_speaker_leaves_a_named_speaker_alone() -> None:
    text = '"We need to improve," Wenger said.'
    assert name_speaker(text, "Arsene Wenger") == text
