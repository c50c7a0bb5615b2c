"""Every message the bot renders fits Telegram's limits and parses, whatever went into it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.digest.content import DigestItem
from bot.ingest.article import MAX_TITLE_CHARS, ParsedArticle, bounded_article
from bot.nlp.summarize import Passage
from bot.qa.answer import Answer, AnswerItem, AnswerSentence, Headline
from bot.qa.question import parse_question
from bot.services.ingest import IngestResult
from bot.services.summaries import ArticleSummary
from bot.storage.records import Article, ArticleHeader
from bot.telegram.digest_rendering import compose_digest
from bot.telegram.formatting import MESSAGE_LIMIT, fit_message
from bot.telegram.keyboards import digest_keyboard
from bot.telegram.rendering import (
    answer_messages,
    article_messages,
    ingest_result_text,
    latest_text,
    summary_text,
)
from tests.fake_telegram.server import parse_html

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
# Long and hostile: markup characters, entities, emoji, very long words and lines.
TEXT = st.lists(
    st.sampled_from([*"ab c<>&\"';.\n", "&amp;", "<b>", "😀", "word ", "x" * 50]), max_size=400
).map(lambda pieces: "".join(pieces) * 20)
RELAXED = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def fits(markup: str) -> bool:
    plain, _ = parse_html(markup)
    return len(plain.strip()) > 0 and len(plain) <= MESSAGE_LIMIT


def header(title: str, article_id: int = 7) -> ArticleHeader:
    return ArticleHeader(article_id, title, date(2024, 5, 1), "World", NOW)


@RELAXED
@given(titles=st.lists(TEXT, min_size=1, max_size=5))
def test_latest_fits_whatever_the_titles(titles: list[str]) -> None:
    headers = [header(title or "x", n) for n, title in enumerate(titles, start=1)]
    assert fits(latest_text(headers, offset=0, total=999_999))


@RELAXED
@given(title=TEXT, sentences=st.lists(TEXT, min_size=1, max_size=10))
def test_a_summary_is_one_message_whatever_its_sentences(title: str, sentences: list[str]) -> None:
    passages = [Passage((index,), text) for index, text in enumerate(sentences)]
    summary = ArticleSummary(header(title or "x"), passages, "default", len(sentences), 999)
    assert fits(summary_text(summary))


@RELAXED
@given(title=TEXT, paragraphs=st.lists(TEXT, min_size=1, max_size=4), byline=TEXT)
def test_an_article_is_messages_that_each_fit(
    title: str, paragraphs: list[str], byline: str
) -> None:
    article = Article(
        7, title or "x", None, "Section", byline, "PLACE", None, None, None, "html", NOW, "h",
        tuple(p or "x" for p in paragraphs),
    )  # fmt: skip
    assert all(fits(message) for message in article_messages(article))


@RELAXED
@given(texts=st.lists(TEXT, min_size=1, max_size=5), title=TEXT, speaker=TEXT)
def test_answers_are_messages_that_each_fit(texts: list[str], title: str, speaker: str) -> None:
    question = parse_question("what did Putin say", today=date(2024, 5, 1))
    items = tuple(
        AnswerItem(n, title or "x", None, None, (AnswerSentence(n, 0, t or "x", None, None),),
                   speaker or None, 1.0)
        for n, t in enumerate(texts, start=1)
    )  # fmt: skip
    messages, _, _ = answer_messages(Answer(question, items))
    assert all(fits(message) for message in messages)
    nothing = Answer(
        question,
        message=speaker or "nothing",
        suggestions=tuple(texts),
        headlines=tuple(Headline(n, title or "x", None) for n in range(5)),
    )
    [message], _, _ = answer_messages(nothing)
    assert fits(message)


@RELAXED
@given(title=TEXT, reason=TEXT)
def test_ingest_reports_fit(title: str, reason: str) -> None:
    for status in ("added", "duplicate", "rejected"):
        result = IngestResult("x", status, article_id=3, title=title, reason=reason)  # type: ignore[arg-type]
        assert fits(ingest_result_text(result))


@RELAXED
@given(titles=st.lists(TEXT, min_size=1, max_size=10), sentence=TEXT)
def test_digests_are_messages_that_each_fit(titles: list[str], sentence: str) -> None:
    items = [
        DigestItem(header(t or "x", n), (sentence or "x",) * 5, 20) for n, t in enumerate(titles, 1)
    ]
    for message in compose_digest(items, local_date=date(2024, 5, 1), more=10**6):
        assert fits(message.text)


@RELAXED
@given(text=TEXT)
def test_the_last_line_of_defence_cuts_any_text_to_a_valid_message(text: str) -> None:
    markup = f"<b>{text.replace('<', '&lt;').replace('&', '&amp;')}</b>" * 3 + "&amp;" * 5000
    assert fits(fit_message(markup))


def test_stored_titles_are_clipped_whatever_the_input_kind() -> None:
    long = ParsedArticle(title="Headline " * 700, paragraphs=("Body.",), section="S" * 5000)
    bounded = bounded_article(long)
    assert len(bounded.title) <= MAX_TITLE_CHARS and bounded.title.endswith("…")
    assert bounded.section is not None and len(bounded.section) <= 200


def test_split_digest_buttons_are_numbered_like_their_items() -> None:
    items = [
        DigestItem(header(f"Story {n}", n), tuple("word " * 150 for _ in range(3)), 10)
        for n in range(1, 11)
    ]
    messages = compose_digest(items, local_date=date(2024, 5, 1))
    assert len(messages) > 1
    for message in messages:
        keyboard = digest_keyboard(message.articles, first_number=message.first_number)
        assert keyboard is not None
        for row, article in zip(keyboard.inline_keyboard, message.articles, strict=True):
            number = row[0].text.split(".")[0]
            assert f"{number}. <b>Story {article.id}</b>" in message.text
    second = messages[1]
    assert second.first_number > 1
