"""Long texts, flood limits and Telegram errors: what reaches the user, and what does not crash."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from bot.telegram.context import SERVICES_KEY
from bot.telegram.notices import NOTICE_OUTBOX_KEY
from tests.fake_telegram.server import FakeTelegram
from tests.telegram.conftest import (
    ADMIN_ID,
    USER_ID,
    Harness,
    admin_user,
    make_settings,
    quickly_retrying_bot,
    running_bot,
    until_found,
    user,
)


def long_article() -> tuple[str, list[str]]:
    paragraphs = [
        f"Paragraph {n} of the council report says that the budget line number {n} "
        + "was reviewed by the committee, which found the spending reasonable and asked "
        "for a clearer account of the costs next year. " * 5
        for n in range(1, 9)
    ]
    text = "Council publishes its long budget report\n\n" + "\n\n".join(paragraphs)
    return text, [" ".join(p.split()) for p in paragraphs]


async def test_long_article_is_split_on_paragraph_boundaries(harness: Harness) -> None:
    text, paragraphs = long_article()
    assert 4096 < len(text) < 8000
    [added] = await harness.say(ADMIN_ID, "/add " + text, user=admin_user())
    assert "Added article #7" in added["text"]

    harness.fake.send_text(USER_ID, "/article 7")
    first = await harness.fake.wait_for_messages(USER_ID, 2)
    messages = [m["text"] for m in first]
    assert all(len(m) <= 4096 for m in messages)
    assert messages[0].startswith("Council publishes its long budget report")
    for paragraph in paragraphs:
        holding = [m for m in messages if paragraph in m]
        assert len(holding) == 1, paragraph[:40]  # whole, in exactly one message
    body = "\n\n".join(messages)
    assert [body.index(p) for p in paragraphs] == sorted(body.index(p) for p in paragraphs)


async def test_flood_limit_says_slow_down_once(fake_telegram, bot_db, tmp_path) -> None:
    settings = make_settings(fake_telegram, bot_db, tmp_path / "none", flood_limit_per_minute=3)
    async with running_bot(settings, typing_delay=5.0):
        for _ in range(6):
            fake_telegram.send_text(USER_ID, "/latest", user=user())
        replies = await fake_telegram.wait_for_messages(USER_ID, 4)
        assert sum("Latest articles" in r["text"] for r in replies) == 3
        [warning] = [r for r in replies if "Slow down" in r["text"]]
        assert "in about 60 s" in warning["text"]
        # Another user is not affected, and admins are not limited.
        [other] = await _say(fake_telegram, 2002, "/latest", user=user(2002))
        assert "Latest articles" in other["text"]
        await _say(fake_telegram, ADMIN_ID, "/help", user=admin_user())
        # The limited user hears nothing more for the rest of the window.
        assert len(fake_telegram.messages_for(USER_ID)) == 4


async def _say(fake, chat_id, text, **kwargs):
    fake.send_text(chat_id, text, **kwargs)
    return await fake.wait_for_messages(chat_id, 1)


async def test_429_is_waited_out_and_retried(harness: Harness) -> None:
    harness.fake.fail_next("sendMessage", error_code=429, retry_after=1)
    [reply] = await harness.say(USER_ID, "/latest", timeout=10)
    assert "Latest articles" in reply["text"]
    failed = [c for c in harness.fake.calls_of("sendMessage") if c["error_code"] == 429]
    assert len(failed) == 1


@pytest.mark.parametrize(
    ("code", "description"),
    [(403, "Forbidden: bot was blocked by the user"), (400, "Bad Request: chat not found")],
)
async def test_send_errors_are_logged_and_the_bot_keeps_going(
    harness: Harness, caplog: pytest.LogCaptureFixture, code: int, description: str
) -> None:
    harness.fake.fail_next("sendMessage", error_code=code, description=description)
    with caplog.at_level(logging.ERROR, logger="bot.telegram"):
        harness.fake.send_text(USER_ID, "/latest")
        await harness.fake.wait_for_call(
            "sendMessage", predicate=lambda call: call["error_code"] == code
        )
        if code == 400:
            [apology] = await harness.fake.wait_for_messages(USER_ID, 1)
            assert "something went wrong" in apology["text"]
        [reply] = await harness.say(USER_ID, "/latest")
    assert "Latest articles" in reply["text"]
    logged = [r for r in caplog.records if r.name == "bot.telegram" and r.exc_info]
    assert logged
    error = logged[0].exc_info[1]
    assert description.partition(": ")[2].casefold() in str(error).casefold()


async def test_unparseable_html_falls_back_to_plain_text(harness: Harness) -> None:
    harness.fake.fail_next(
        "sendMessage",
        error_code=400,
        description="Bad Request: can't parse entities: Unsupported start tag at byte offset 0",
    )
    [reply] = await harness.say(USER_ID, "/latest")
    assert reply["parse_mode"] is None
    assert reply["text"].startswith("Latest articles (1–5 of 6)")
    assert "<b>" not in reply["text"]


async def test_answers_survive_5xx_and_repeated_rate_limits(
    fake_telegram: FakeTelegram,
    bot_db: Path,
    tmp_path: Path,
) -> None:
    async with quickly_retrying_bot(fake_telegram, bot_db, tmp_path):
        fake_telegram.fail_next("sendMessage", error_code=500, chat_id=USER_ID)
        fake_telegram.fail_next("sendMessage", error_code=502, chat_id=USER_ID)
        [reply] = await _say(fake_telegram, USER_ID, "/latest", user=user())
        assert "Latest articles" in reply["text"]
        fake_telegram.fail_next("sendMessage", error_code=429, retry_after=1, times=4)
        fake_telegram.send_text(USER_ID, "/latest", user=user())
        [reply] = await fake_telegram.wait_for_messages(USER_ID, 1, timeout=20)
        assert "Latest articles" in reply["text"]
    codes = [c["error_code"] for c in fake_telegram.calls_of("sendMessage")]
    assert codes == [500, 502, None, 429, 429, 429, 429, None]


async def test_an_answer_that_may_be_lost_is_owned_up_to_when_telegram_is_back(
    fake_telegram: FakeTelegram,
    bot_db: Path,
    tmp_path: Path,
) -> None:
    async with quickly_retrying_bot(fake_telegram, bot_db, tmp_path) as application:
        outbox = application.bot_data[NOTICE_OUTBOX_KEY]
        notices = application.bot_data[SERVICES_KEY].notices
        # A dropped connection: Telegram may or may not have the answer; it is not resent.
        fake_telegram.drop_next("sendMessage", chat_id=USER_ID)
        fake_telegram.send_text(USER_ID, "what did Putin say", user=user())
        await until_found(notices.due, 20)
        # Telegram is still away: the notice waits, and is not lost.
        fake_telegram.fail_next("sendMessage", error_code=502, chat_id=USER_ID, times=5)
        assert await outbox.send_due() == 0
        [waiting] = await notices.due()
        assert waiting.attempts == 1
        # Back: it goes out, once.
        assert await outbox.send_due() == 1
        [notice] = await fake_telegram.wait_for_messages(USER_ID, 1, timeout=10)
        assert await notices.due() == []
    assert "Telegram could not be reached" in notice["text"]
    assert "“what did Putin say”" in notice["text"]
    # The lost answer, five 502s (one round of retries), the notice.
    assert len(fake_telegram.calls_of("sendMessage")) == 7


def very_long_article() -> str:
    paragraphs = [
        f"Paragraph {n} of the inquiry's report says that budget line {n} was reviewed by "
        "the committee, which found the spending reasonable and asked for a clearer account "
        "of the costs next year. " * 3
        for n in range(1, 241)
    ]
    return "Inquiry publishes its very long report\n\n" + "\n\n".join(paragraphs)


async def test_a_long_article_comes_a_part_at_a_time(harness: Harness) -> None:
    [added] = await harness.say(ADMIN_ID, "/add " + very_long_article(), user=admin_user())
    assert "Added article #7" in added["text"]
    first = await harness.say(USER_ID, "/article 7", count=4)
    await asyncio.sleep(0.3)
    assert len(harness.fake.messages_for(USER_ID)) == 4  # one part, not the whole report
    rows = first[-1]["reply_markup"]["inline_keyboard"]
    [[button]] = rows
    assert button["text"].startswith("Continue reading (2 of ")
    parts = int(button["text"].split(" of ")[1].rstrip(")"))
    assert parts >= 5
    await harness.press(USER_ID, first[-1]["message_id"], button["callback_data"])
    second = await harness.fake.wait_for_messages(USER_ID, 4)
    assert "Paragraph" in second[0]["text"] and second[0]["text"] not in first[-1]["text"]
    assert second[-1]["reply_markup"]["inline_keyboard"][0][0]["text"].startswith(
        "Continue reading (3 of "
    )


async def test_repeating_article_cannot_flood_the_chat(harness: Harness) -> None:
    await harness.say(ADMIN_ID, "/add " + very_long_article(), user=admin_user())
    harness.fake.slow_next("sendMessage", 0.3, times=1000, chat_id=USER_ID)  # Telegram is busy
    for _ in range(20):
        harness.fake.send_text(USER_ID, "/article 7", user=user())
    await harness.fake.wait_for_messages(USER_ID, 9, timeout=30)
    await asyncio.sleep(3.0)
    texts = [m["text"] for m in harness.fake.messages_for(USER_ID)]
    # The request under way and the one that waited for it (a part each), one "still
    # working" note for the eighteen others; nothing queued behind them.
    assert len(texts) == 9
    assert sum(t.startswith("Inquiry publishes") for t in texts) == 2
    assert sum("still working on your previous request" in t for t in texts) == 1


async def test_a_chat_has_a_bounded_share_of_the_send_queue(harness: Harness) -> None:
    await harness.say(ADMIN_ID, "/add " + very_long_article(), user=admin_user())
    group = -100777
    harness.fake.slow_next("sendMessage", 0.5, times=1000, chat_id=group)
    for member in range(4):  # four people ask at once; each reply is four messages
        harness.fake.send_text(group, "/article 7", user=user(3000 + member), chat_type="group")
    texts = [m["text"] for m in await harness.fake.wait_for_messages(group, 13, timeout=30)]
    assert sum("still sending earlier messages to this chat" in t for t in texts) == 1
    assert sum(t.startswith("Inquiry publishes") for t in texts) == 3
