"""Pure rendering and keyboards: escaping, callback data sizes, paragraph-boundary splits."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.storage.records import Article, ArticleHeader
from bot.telegram.formatting import MESSAGE_LIMIT, strip_html
from bot.telegram.keyboards import (
    CALLBACK_DATA_LIMIT,
    RESIZE_PATTERN,
    CitedArticle,
    PagePosition,
    PersonChoice,
    answer_keyboard,
    latest_keyboard,
    resize_data,
    short_title,
    summary_keyboard,
)
from bot.telegram.rendering import article_messages, citation, latest_text, welcome_text
from tests.fake_telegram.server import parse_html

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def article(paragraphs: tuple[str, ...], title: str = "A <title> & more") -> Article:
    return Article(
        id=12,
        title=title,
        published=date(2023, 6, 29),
        section="World & Politics",
        byline="Jo <Smith>",
        dateline_place="WASHINGTON",
        dateline_agency="AP",
        source=None,
        url=None,
        kind="text",
        ingested_at=NOW,
        content_hash="x",
        paragraphs=paragraphs,
    )


def test_article_text_is_escaped_and_parses_as_telegram_html() -> None:
    [message] = article_messages(article(("Use <b> & *_[ as text.", "Second & last.")))
    plain, _ = parse_html(message)
    assert plain.startswith("A <title> & more\n29 Jun 2023 · World & Politics · #12\nBy Jo <Smith>")
    assert "WASHINGTON (AP) — Use <b> & *_[ as text." in plain
    assert strip_html(message) == plain


def test_long_article_splits_between_paragraphs() -> None:
    paragraphs = tuple(f"Paragraph {n}. " + "word " * 300 for n in range(12))
    messages = article_messages(article(paragraphs))
    assert len(messages) > 1
    for message in messages:
        plain, _ = parse_html(message)
        assert len(plain) <= MESSAGE_LIMIT
    joined = "\n\n".join(parse_html(m)[0] for m in messages)
    for paragraph in paragraphs[1:]:
        assert paragraph.strip() in joined


def test_citation_and_latest_escape_titles() -> None:
    assert citation(3, "R&D <now>", date(2024, 1, 2)) == (
        "<b>R&amp;D &lt;now&gt;</b> · 2 Jan 2024 · #3"
    )
    header = ArticleHeader(3, "R&D <now>", None, None, NOW)
    text = latest_text([header], offset=0, total=1)
    assert parse_html(text)[0] == "Latest articles (1–1 of 1)\n\n1. R&D <now> · #3"


def test_welcome_shows_admin_commands_only_to_admins() -> None:
    assert "/stats" not in welcome_text(first_name="<Eve>", is_admin=False)
    admin = welcome_text(first_name="<Eve>", is_admin=True)
    assert "/stats" in admin and "Hello, &lt;Eve&gt;!" in admin
    parse_html(admin)


def test_callback_data_fits_telegram_limit() -> None:
    biggest = resize_data(999_999_999_999, 10)
    assert len(biggest.encode()) <= CALLBACK_DATA_LIMIT
    assert RESIZE_PATTERN.match(biggest)
    headers = [ArticleHeader(i, "T" * 200, None, None, NOW) for i in range(5)]
    markup = latest_keyboard(headers, PagePosition(5, 5, has_next=True))
    datas = [b.callback_data for row in markup.inline_keyboard for b in row]
    assert "latest:0" in datas and "latest:10" in datas
    assert all(len(str(d).encode()) <= CALLBACK_DATA_LIMIT for d in datas)
    with pytest.raises(ValueError):
        resize_data(10**70, 1)


def test_summary_keyboard_bounds() -> None:
    def labels(length: int, shown: int, total: int) -> list[str]:
        markup = summary_keyboard(
            7, length=length, shown=shown, article_length=total, max_length=10
        )
        return [b.text for row in markup.inline_keyboard for b in row]

    assert labels(1, 1, 20) == ["Longer", "Full article"]
    assert labels(10, 10, 20) == ["Shorter", "Full article"]
    assert labels(3, 2, 2) == ["Shorter", "Full article"]  # the whole article already shown


def test_cited_buttons_name_articles_only_when_several() -> None:
    one = answer_keyboard([CitedArticle(1, "Solo")])
    assert one is not None
    assert [b.text for b in one.inline_keyboard[0]] == ["Summary", "Full article"]
    two = answer_keyboard([CitedArticle(1, "First story"), CitedArticle(2, "Second")])
    assert two is not None and two.inline_keyboard[1][0].text == "Summary · Second"
    assert answer_keyboard([]) is None


def test_one_button_per_other_person_of_the_name() -> None:
    markup = answer_keyboard(
        [CitedArticle(1, "Solo")], [PersonChoice("Jacqui Smith (Labour minister)", 123456)]
    )
    assert markup is not None
    [button] = markup.inline_keyboard[-1]
    assert button.text == "Or Jacqui Smith (Labour minister)"
    assert button.callback_data == "who:123456"
    assert short_title("A very long headline about many different things at once") == (
        "A very long headline about…"
    )
