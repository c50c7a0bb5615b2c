"""Photos, stickers, voice, locations, edits and a user over the flood limit: every one of
them gets an answer or a short hint, never silence."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.fake_telegram.server import FakeTelegram
from tests.telegram.conftest import USER_ID, Harness, make_settings, running_bot, user


async def test_a_photo_caption_is_read_as_the_message(harness: Harness) -> None:
    harness.fake.send_photo(USER_ID, "what did the union say?")
    [answer] = await harness.fake.wait_for_messages(USER_ID, 1, timeout=10)
    assert "union" in answer["text"].lower() and "#1" in answer["text"]


async def test_a_photo_caption_in_a_group_counts_when_it_mentions_the_bot(
    harness: Harness,
) -> None:
    group = -100555
    harness.fake.send_photo(group, "look at this", user=user(), chat_type="group")
    harness.fake.send_photo(
        group, "@newsbot_test_bot what did the union say", user=user(), chat_type="group"
    )
    [answer] = await harness.fake.wait_for_messages(group, 1, timeout=10)
    assert "#1" in answer["text"]
    await asyncio.sleep(0.3)
    assert len(harness.fake.messages_for(group)) == 1  # the chatter got nothing


async def test_stickers_voice_locations_and_bare_photos_get_a_hint(harness: Harness) -> None:
    for kind in ("sticker", "voice", "location"):
        harness.fake.send_media(USER_ID, kind)
        [hint] = await harness.fake.wait_for_messages(USER_ID, 1, timeout=10)
        assert hint["text"].startswith("I can only read text")
    harness.fake.send_photo(USER_ID)
    [hint] = await harness.fake.wait_for_messages(USER_ID, 1, timeout=10)
    assert hint["text"].startswith("I can only read text")
    harness.fake.send_media(-100555, "sticker", user=user(), chat_type="group")
    await asyncio.sleep(0.3)
    assert harness.fake.messages_for(-100555) == []  # people's stickers to each other


async def test_an_edited_question_gets_one_hint(harness: Harness) -> None:
    asked = harness.fake.send_text(USER_ID, "what did the unoin say")
    await harness.fake.wait_for_messages(USER_ID, 1, timeout=10)
    message_id = asked["message"]["message_id"]
    harness.fake.edit_text(USER_ID, message_id, "what did the union say")
    [hint] = await harness.fake.wait_for_messages(USER_ID, 1, timeout=10)
    assert "not edits" in hint["text"]
    harness.fake.edit_text(USER_ID, message_id, "what did the union say?")
    await asyncio.sleep(0.5)
    assert len(harness.fake.messages_for(USER_ID)) == 2  # the answer and one hint


async def test_over_the_flood_limit_the_user_hears_when_to_go_on_and_taps_do_not_count(
    fake_telegram: FakeTelegram, bot_db: Path, tmp_path: Path
) -> None:
    settings = make_settings(fake_telegram, bot_db, tmp_path / "none", flood_limit_per_minute=3)
    # Three messages per two seconds, so the window passes within the test.
    async with running_bot(settings, typing_delay=0.0, flood_window=2.0):
        [listing] = await _say(fake_telegram, "/latest")
        for _ in range(5):  # button taps: answered, never counted
            fake_telegram.press_button(
                USER_ID, listing["message_id"], "latest:5", user=user(), strict=False
            )
            await fake_telegram.wait_for_call("answerCallbackQuery", timeout=10)
        for _ in range(5):
            fake_telegram.send_text(USER_ID, "/help", user=user())
        replies = await fake_telegram.wait_for_messages(USER_ID, 3, timeout=10)
        assert sum("Commands" in r["text"] for r in replies) == 2  # /latest was the first
        [slow_down] = [r for r in replies if "Slow down" in r["text"]]
        assert "tell you when you can go on" in slow_down["text"]
        [go_on] = await fake_telegram.wait_for_messages(USER_ID, 1, timeout=10)
        assert go_on["text"] == "You can send me messages again."
        [help_again] = await _say(fake_telegram, "/help")
        assert "Commands" in help_again["text"]
        await asyncio.sleep(0.5)
        assert len(fake_telegram.messages_for(USER_ID)) == 6  # nothing else was said


async def _say(fake: FakeTelegram, text: str) -> list[dict[str, object]]:
    fake.send_text(USER_ID, text, user=user())
    return await fake.wait_for_messages(USER_ID, 1, timeout=10)
