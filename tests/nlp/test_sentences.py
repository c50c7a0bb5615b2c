"""Sentence and word splitting: the labelled news cases, sumy integration and invariants."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sumy.models.dom import Sentence
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.text_rank import TextRankSummarizer

from bot.nlp.sentences import SumyTokenizer, split_sentences, split_words
from tests.nlp.tricky_sentences import CASES


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(case, marks=pytest.mark.xfail(strict=True)) if case.known_failure else case
        for case in CASES
    ],
    ids=[f"{index:02d}-{case.kind}" for index, case in enumerate(CASES)],
)
def test_tricky_case(case):
    assert tuple(split_sentences(case.text)) == case.expected


def test_case_list_is_large_and_consistent():
    assert len(CASES) >= 80
    for case in CASES:
        assert _squash("".join(case.expected)) == _squash(case.text), case.text


def test_blank_line_always_ends_a_sentence():
    assert split_sentences("He said it was\n\nover") == ["He said it was", "over"]


def test_wrapped_line_continues_the_sentence():
    assert split_sentences("It was a long\nday. It ended.") == ["It was a long\nday.", "It ended."]


def test_split_words_drops_punctuation_and_keeps_numbers():
    assert split_words("Growth was 3.5% in the U.S., officials said.") == [
        "Growth", "was", "3.5", "in", "the", "U.S.", "officials", "said",
    ]  # fmt: skip


def test_sumy_tokenizer_filters_words_like_sumy():
    tokenizer = SumyTokenizer()
    assert tokenizer.language == "english"
    # As with sumy's own tokenizer, tokens keeping a full stop ("Mr.") and numbers are dropped.
    assert tokenizer.to_words("Mr. Smith's 2 dogs can't bark!") == (
        "Smith", "dogs", "ca", "n't", "bark",
    )  # fmt: skip
    assert tokenizer.to_sentences("Dr. Smith left. He was tired.") == (
        "Dr. Smith left.",
        "He was tired.",
    )


def test_sumy_sentence_uses_tokenizer():
    sentence = Sentence("The U.S. State Department declined to comment.", SumyTokenizer())
    assert sentence.words == ("The", "State", "Department", "declined", "to", "comment")


def test_textrank_summary_returns_sentences_of_the_input():
    text = (
        "Armenia and Azerbaijan made progress in U.S.-hosted talks. Blinken said the two "
        "sides had shown a willingness to negotiate seriously.\n\n"
        "“I appreciate further progress. That is the way,” Blinken said at the end of the "
        "talks. Mr. Putin said only technical issues remain.\n\n"
        "The talks were the second round the U.S. has hosted. Similar talks have been hosted "
        "by the European Union and Russia. The war ended in 2020 with an armistice."
    )
    parser = PlaintextParser.from_string(text, SumyTokenizer())
    summary = TextRankSummarizer()(parser.document, 3)
    assert len(summary) == 3
    expected = set(split_sentences(text))
    for sentence in summary:
        assert str(sentence) in expected
        assert str(sentence) in text


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_no_text_is_lost_on_any_unicode(text):
    sentences = split_sentences(text)
    assert all(sentence and sentence == sentence.strip() for sentence in sentences)
    assert _squash("".join(sentences)) == _squash(text)


_NEWSY = st.lists(
    st.sampled_from(
        [
            "U.S.", "Mr.", "mr.", "Dr.", "Oct.", "7", "No.", "2.", "the", "The", "said.",
            "“We", "win.”", "he", "(AP", "Photo/J.", "Scott)", "3.5%", "...", "…", "!", "?",
            "\n", "\n\n", "J.R.R.", "Co.", "jack.The", "e.g.", "\"", "'", "-",
        ]
    ),
    max_size=40,
).map(" ".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(_NEWSY)
def test_no_text_is_lost_on_news_like_text(text):
    sentences = split_sentences(text)
    assert all(sentence and sentence == sentence.strip() for sentence in sentences)
    assert _squash("".join(sentences)) == _squash(text)


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_words_never_crash(text):
    assert all(word for word in split_words(text))
    assert all(word for word in SumyTokenizer().to_words(text))
