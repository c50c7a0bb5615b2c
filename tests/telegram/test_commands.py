"""Users' commands end to end: the real bot against the fake Bot API."""

from __future__ import annotations

import asyncio
import sqlite3

from tests.telegram.conftest import ADMIN_ID, USER_ID, Harness, admin_user, user


async def test_start_welcomes_with_examples_and_menus(harness: Harness) -> None:
    [reply] = await harness.say(USER_ID, "/start", user=user(first_name="Zoë"))
    assert reply["parse_mode"] == "HTML"
    assert "Hello, Zoë!" in reply["text"]
    assert "what did Putin say" in reply["text"]
    assert "/summary" in reply["text"]
    assert "/add" not in reply["text"]  # admin commands stay hidden from users

    default_menu = {c["command"] for c in harness.fake.commands_for()}
    assert {"ask", "latest", "summary", "article", "help"} <= default_menu
    assert not default_menu & {"add", "delete", "stats"}
    admin_menu = {
        c["command"] for c in harness.fake.commands_for({"type": "chat", "chat_id": ADMIN_ID})
    }
    assert {"add", "delete", "stats", "ask"} <= admin_menu


async def test_help_for_an_admin_lists_admin_commands(harness: Harness) -> None:
    [reply] = await harness.say(ADMIN_ID, "/help", user=admin_user())
    assert "/add" in reply["text"] and "/stats" in reply["text"]


async def test_unknown_command_gets_a_helpful_reply(harness: Harness) -> None:
    [reply] = await harness.say(USER_ID, "/frobnicate now")
    assert "/frobnicate" in reply["text"] and "/help" in reply["text"]


async def test_latest_pages_with_buttons_editing_in_place(harness: Harness) -> None:
    [listing] = await harness.say(USER_ID, "/latest")
    assert "1–5 of 6" in listing["text"]
    buttons = [b for row in listing["reply_markup"]["inline_keyboard"] for b in row]
    assert sum(b["text"].startswith("Summary") for b in buttons) == 5
    assert [b["text"] for b in buttons if b["callback_data"].startswith("latest:")] == ["Older ›"]

    page_two = await harness.press_and_edit(USER_ID, listing["message_id"], "latest:5")
    assert "6–6 of 6" in page_two["text"]
    nav = [b["text"] for row in page_two["reply_markup"]["inline_keyboard"] for b in row]
    assert "‹ Newer" in nav and "Older ›" not in nav
    assert len(harness.fake.messages_for(USER_ID)) == 1  # edited, not sent again

    page_one = await harness.press_and_edit(USER_ID, listing["message_id"], "latest:0")
    assert "1–5 of 6" in page_one["text"]

    summary_button = next(b for b in buttons if b["callback_data"].startswith("summary:"))
    await harness.press(USER_ID, listing["message_id"], summary_button["callback_data"])
    [summary] = await harness.fake.wait_for_messages(USER_ID, 1)
    assert "sentences" in summary["text"]


async def test_summary_by_id_keywords_and_latest_with_shorter_longer(harness: Harness) -> None:
    [by_keywords] = await harness.say(USER_ID, "/summary chess championship")
    assert "Teenager wins the national chess final" in by_keywords["text"]
    assert "3 of 4 sentences" in by_keywords["text"]

    article_id = int(by_keywords["text"].split("#")[1].split()[0])
    [by_id] = await harness.say(USER_ID, f"/summary {article_id}")
    assert by_id["text"] == by_keywords["text"]

    [newest] = await harness.say(USER_ID, "/summary")
    assert "Weather satellite launched" in newest["text"]  # ingested last

    message_id = by_id["message_id"]
    shorter = await harness.press_and_edit(USER_ID, message_id, f"resize:{article_id}:2")
    assert "2 of 4 sentences" in shorter["text"]
    shortest = await harness.press_and_edit(USER_ID, message_id, f"resize:{article_id}:1")
    assert "1 of 4 sentences" in shortest["text"]
    labels = [b["text"] for row in shortest["reply_markup"]["inline_keyboard"] for b in row]
    assert "Shorter" not in labels and "Longer" in labels
    for length in (2, 3, 4):
        whole = await harness.press_and_edit(USER_ID, message_id, f"resize:{article_id}:{length}")
    assert "4 of 4 sentences" in whole["text"]
    labels = [b["text"] for row in whole["reply_markup"]["inline_keyboard"] for b in row]
    assert "Longer" not in labels  # the whole article is shown: nothing longer to give
    assert len(harness.fake.messages_for(USER_ID)) == 3  # all resizing edited in place


async def test_asking_for_a_summary_in_plain_words(harness: Harness) -> None:
    [by_command] = await harness.say(USER_ID, "/summary chess championship")
    [in_words] = await harness.say(USER_ID, "summarize the chess championship story")
    assert in_words["text"] == by_command["text"]
    labels = [b["text"] for row in in_words["reply_markup"]["inline_keyboard"] for b in row]
    assert "Shorter" in labels
    [newest] = await harness.say(USER_ID, "Summary?")
    assert "Weather satellite launched" in newest["text"]


async def test_greetings_and_whats_new_are_not_searches(harness: Harness) -> None:
    [hello] = await harness.say(USER_ID, "hello")
    assert hello["text"].startswith("Hello! Ask me about the news")
    [thanks] = await harness.say(USER_ID, "thanks!")
    assert thanks["text"].startswith("You're welcome!")
    [latest] = await harness.say(USER_ID, "/latest")
    [whats_new] = await harness.say(USER_ID, "what's new?")
    assert whats_new["text"] == latest["text"]


async def test_summary_of_nothing_found(harness: Harness) -> None:
    [reply] = await harness.say(USER_ID, "/summary zzyzx quokka")
    assert "no article matching" in reply["text"]
    assert "/latest" in reply["text"]


async def test_article_command_and_missing_article(harness: Harness) -> None:
    [reply] = await harness.say(USER_ID, "/article 1")
    assert reply["text"].startswith("Bakery workers strike over night shifts")
    assert "union said" in reply["text"]
    [missing] = await harness.say(USER_ID, "/article 999")
    assert "no article #999" in missing["text"]
    [usage] = await harness.say(USER_ID, "/article")
    assert "/article 3" in usage["text"]


async def test_numbers_no_article_can_have_get_a_plain_answer(harness: Harness) -> None:
    [huge] = await harness.say(USER_ID, "/article 99999999999999999999999")
    assert huge["text"].startswith("There is no article #9999")
    [superscript] = await harness.say(USER_ID, "/article ²")
    assert "/article 3" in superscript["text"]
    [summary] = await harness.say(USER_ID, "/summary 99999999999999999999999")
    assert "I have no article matching" in summary["text"]
    [wall] = await harness.say(USER_ID, "/article " + "9" * 4000)
    assert len(wall["text"]) < 100
    [delete] = await harness.say(ADMIN_ID, "/delete 99999999999999999999999", user=admin_user())
    assert delete["text"].startswith("There is no article #9999")
    assert not [c for c in harness.fake.calls if c["method"] == "sendMessage" and not c["ok"]]
    assert "went wrong" not in " ".join(m["text"] for m in harness.fake.sent)


async def test_every_reply_fits_whatever_the_stored_title_or_the_input(harness: Harness) -> None:
    """A title stored before titles were clipped, and input pasted at Telegram's limit."""

    def store_long_title() -> None:
        with sqlite3.connect(harness.settings.db_path, timeout=30) as conn:
            conn.execute("UPDATE articles SET title = ? WHERE id = 6", ("Satellite launch " * 400,))

    # In a thread: the bot may be writing at this moment, and must be able to finish.
    await asyncio.to_thread(store_long_title)
    replies = [
        *await harness.say(USER_ID, "/latest"),
        *await harness.say(USER_ID, "/summary 6"),
        *await harness.say(USER_ID, "/article 6"),
        *await harness.say(USER_ID, "weather satellite Arctic sea ice"),
        *await harness.say(USER_ID, "/" + "x" * 64 + " " + "y" * 4000),
        *await harness.say(USER_ID, "/summary " + "zebra " * 600),
        *await harness.say(USER_ID, "/subscribe 07:30 " + "Mars/Olympus " * 300),
        *await harness.say(USER_ID, "/subscribe " + "7" * 4000),
    ]
    assert [c for c in harness.fake.calls_of("sendMessage") if not c["ok"]] == []
    assert all(len(r["text"]) <= 4096 for r in replies)
    assert not any("went wrong" in r["text"] for r in replies)
    latest, summary, article, answer, unknown, no_match, zone, time = replies
    assert "1. Satellite launch Satellite launch" in latest["text"] and "…" in latest["text"]
    assert "2. River floods" in latest["text"]  # the other articles are still listed
    assert summary["text"].startswith("Satellite launch") and "sentences" in summary["text"]
    assert article["text"].startswith("Satellite launch")
    assert "#6" in answer["text"]
    assert len(unknown["text"]) < 200 and "don't know the command /xxxx" in unknown["text"]
    assert len(no_match["text"]) < 200
    assert "I don't know the time zone" in zone["text"] and len(zone["text"]) < 1000
    assert "is not a time" in time["text"] and len(time["text"]) < 1000
