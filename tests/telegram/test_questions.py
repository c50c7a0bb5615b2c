"""Plain-text questions, /ask, groups, and text that must come through literally."""

from __future__ import annotations

from tests.fake_telegram.server import parse_html
from tests.telegram.articles import UNSAFE_MARKUP_ARTICLE
from tests.telegram.conftest import ADMIN_ID, USER_ID, Harness, admin_user, user

GROUP_ID = -100555


async def test_plain_question_cites_title_with_buttons(harness: Harness) -> None:
    [reply] = await harness.say(USER_ID, "is the harbour bridge safer now")
    assert "The bridge is safer now than on the day it was built" in reply["text"]
    assert "Harbour bridge reopens after two years of repairs" in reply["text"]
    buttons = [b for row in reply["reply_markup"]["inline_keyboard"] for b in row]
    labels = {b["text"].split(" · ")[0] for b in buttons}
    assert labels == {"Summary", "Full article"}
    harbour_article = "article:3"
    assert harbour_article in {b["callback_data"] for b in buttons}
    await harness.press(USER_ID, reply["message_id"], harbour_article)
    [article] = await harness.fake.wait_for_messages(USER_ID, 1)
    assert article["text"].startswith("Harbour bridge reopens")


async def test_ask_command_and_empty_answer_with_suggestions(harness: Harness) -> None:
    [reply] = await harness.say(USER_ID, "/ask bakery night shifts")
    assert "Bakery workers strike over night shifts" in reply["text"]
    [nothing] = await harness.say(USER_ID, "/ask zzyzx quokka")
    assert nothing["text"].startswith("No stored article mentions zzyzx quokka")
    [usage] = await harness.say(USER_ID, "/ask")
    assert "/ask what did Putin say" in usage["text"]


async def test_typing_indicator_while_answering(harness: Harness) -> None:
    await harness.say(USER_ID, "sea ice satellite")
    assert any(a["chat_id"] == USER_ID for a in harness.fake.chat_actions)


async def test_group_answers_only_when_addressed(harness: Harness) -> None:
    fake = harness.fake
    fake.send_text(GROUP_ID, "sea ice satellite", chat_type="group", user=user())
    [reply] = await harness.say(
        GROUP_ID, "@newsbot_test_bot sea ice satellite", chat_type="group", user=user()
    )
    assert "Weather satellite launched" in reply["text"]
    # The unaddressed message was skipped: the only reply quotes the mention.
    assert reply["message"]["reply_to_message"]["text"].startswith("@newsbot_test_bot")

    [again] = await harness.say(
        GROUP_ID,
        "and the bakery strike?",
        chat_type="group",
        user=user(),
        reply_to_message_id=reply["message_id"],
    )
    assert "Bakery workers strike" in again["text"]

    [asked] = await harness.say(GROUP_ID, "/ask river flood", chat_type="group", user=user())
    assert "River floods valley villages" in asked["text"]

    fake.send_text(GROUP_ID, "/frobnicate", chat_type="group", user=user())
    fake.send_text(GROUP_ID, "@someone_else bakery", chat_type="group", user=user())
    [marker] = await harness.say(GROUP_ID, "/ask library", chat_type="group", user=user())
    assert "library" in marker["text"].lower()
    assert len(fake.messages_for(GROUP_ID)) == 4


async def test_very_long_question_is_refused_politely(harness: Harness) -> None:
    [reply] = await harness.say(USER_ID, "bridge " * 1430)
    assert "very long question" in reply["text"]


async def test_markup_characters_in_an_article_come_through_literally(harness: Harness) -> None:
    [added] = await harness.say(ADMIN_ID, "/add " + UNSAFE_MARKUP_ARTICLE, user=admin_user())
    assert "Added article #7" in added["text"]
    parse_html(added["raw_text"])  # strict: a bare & would be rejected
    assert "Markup <b>test</b> & friends: 3 < 4" in added["text"]

    [full] = await harness.say(USER_ID, "/article 7")
    assert full["parse_mode"] == "HTML"
    assert "<b>bold</b> and a stray </i> tag" in full["text"]
    assert "*stars*, _underscores_ and [brackets]" in full["text"]
    assert "AT&T and R&D" in full["text"]
    bold = [e for e in full["entities"] if e["type"] == "bold"]
    assert [full["text"][e["offset"] : e["offset"] + e["length"]] for e in bold] == [
        "Markup <b>test</b> & friends: 3 < 4"
    ]

    [answer] = await harness.say(USER_ID, "stray tag brackets")
    assert "<b>bold</b>" in answer["text"]


BERG_ARTICLE = """Transport minister promises cheaper trains

Transport minister Anna Berg said on Monday that fares would fall by a tenth next year.

"Nobody should pay more to get to work by train than by car," Ms Berg said.

She said the cuts would be paid for by a new tax on airport parking.

Opposition leaders said the plan was a gimmick before the election.
"""


async def test_a_shared_surname_answers_for_one_person_and_offers_the_other(
    harness: Harness,
) -> None:
    [added] = await harness.say(ADMIN_ID, "/add " + BERG_ARTICLE, user=admin_user())
    assert "Added article" in added["text"]
    [reply] = await harness.say(USER_ID, "what did Berg say")
    # The minister (quoted most) answers; the chess player is not mixed in, but offered.
    assert reply["text"].startswith("What Anna Berg (Transport minister) said")
    assert "fares would fall by a tenth" in reply["text"]
    assert "middle game" not in reply["text"]
    assert "— Anna Berg (Transport minister) · Transport minister promises" in reply["text"]
    buttons = [b for row in reply["reply_markup"]["inline_keyboard"] for b in row]
    [other] = [b for b in buttons if b["callback_data"].startswith("who:")]
    assert other["text"].startswith("Or Tomas Berg")
    await harness.press(USER_ID, reply["message_id"], other["callback_data"])
    [chosen] = await harness.fake.wait_for_messages(USER_ID, 1)
    assert chosen["text"].startswith("What Tomas Berg")
    assert "my opponent ran short of time" in chosen["text"]
    assert "fares" not in chosen["text"]


async def test_a_full_name_never_falls_back_to_someone_else(harness: Harness) -> None:
    [reply] = await harness.say(USER_ID, "what did Sara Berg say")
    assert reply["text"].startswith("I found nothing that Sara Berg said")
