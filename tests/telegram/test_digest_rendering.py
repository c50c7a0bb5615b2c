"""A digest as Telegram messages: escaped, split between articles, buttons per message."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.digest.content import DigestItem
from bot.telegram.digest_rendering import compose_digest, empty_digest
from bot.telegram.formatting import visible_length
from tests.digest.support import digest_item

CUTOFF = datetime(2024, 5, 1, 6, 0, tzinfo=UTC)


def _item(article_id: int, *, hours_old: float, length: int, title: str = "") -> DigestItem:
    return digest_item(article_id, cutoff=CUTOFF, hours_old=hours_old, length=length, title=title)


def test_titles_and_sentences_are_escaped() -> None:
    [message] = compose_digest(
        [_item(1, hours_old=1, length=5, title="Q&A: <who> pays?")], local_date=date(2024, 5, 1)
    )
    assert "Q&amp;A: &lt;who&gt; pays?" in message.text
    assert "Wed 1 May 2024" in message.text and "1 new article " in message.text


def test_long_digests_split_between_articles_with_their_buttons() -> None:
    items = [
        DigestItem(
            _item(n, hours_old=1, length=10).header, tuple("word " * 150 for _ in range(3)), 10
        )
        for n in range(1, 11)
    ]
    messages = compose_digest(items, local_date=date(2024, 5, 1), more=4)
    assert len(messages) > 1
    assert all(visible_length(m.text) <= 4096 for m in messages)
    shown = [header.id for m in messages for header in m.articles]
    assert shown == list(range(1, 11))
    for message in messages:
        for header in message.articles:
            assert f"#{header.id}" in message.text
    assert "14 new articles" in messages[0].text
    assert "4 more" in messages[-1].text


def test_empty_digest_says_so() -> None:
    [message] = empty_digest(local_date=date(2024, 5, 1))
    assert "No new articles" in message.text and message.articles == ()
