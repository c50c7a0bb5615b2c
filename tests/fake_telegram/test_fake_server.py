"""The fake Bot API must behave like Telegram towards PTB's unmodified HTTP stack."""

import asyncio
import datetime as dtm
import time
from collections.abc import AsyncIterator, Awaitable, Callable

import aiohttp
import pytest
import pytest_asyncio
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus, MessageEntityType
from telegram.error import BadRequest, EndPointNotFound, Forbidden, RetryAfter
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
)

from tests.fake_telegram import (
    EntityParseError,
    FakeTelegram,
    FloodLimits,
    detect_entities,
    parse_html,
    parse_markdown,
    parse_markdown_v2,
)
from tests.fake_telegram.fixtures import FAKE_TOKEN, fake_telegram  # noqa: F401

pytestmark = pytest.mark.timeout(10)

CHAT = 4242
StartApp = Callable[..., Awaitable[Application]]


@pytest.fixture
def ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opts into PTB's timedelta durations, which RetryAfter otherwise warns about."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


def _seconds(error: RetryAfter) -> float:
    value = error.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


@pytest_asyncio.fixture
async def bot(fake_telegram: FakeTelegram) -> AsyncIterator[Bot]:  # noqa: F811
    client = Bot(
        FAKE_TOKEN, base_url=fake_telegram.base_url, base_file_url=fake_telegram.base_file_url
    )
    await client.initialize()
    try:
        yield client
    finally:
        await client.shutdown()


@pytest_asyncio.fixture
async def start_app(fake_telegram: FakeTelegram) -> AsyncIterator[StartApp]:  # noqa: F811
    """Starts a polling Application the way the bot does; always torn down afterwards."""
    apps: list[Application] = []

    async def start(*handlers: object) -> Application:
        app = (
            Application.builder()
            .token(FAKE_TOKEN)
            .base_url(fake_telegram.base_url)
            .base_file_url(fake_telegram.base_file_url)
            .build()
        )
        for handler in handlers:
            app.add_handler(handler)  # type: ignore[arg-type]
        apps.append(app)
        await app.initialize()
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        return app

    try:
        yield start
    finally:
        for app in apps:
            if app.updater is not None and app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
            await app.shutdown()


# ----------------------------------------------------------------------- basics


async def test_get_me_reports_a_bot(bot: Bot, fake_telegram: FakeTelegram) -> None:  # noqa: F811
    me = await bot.get_me()
    assert me.is_bot
    assert me.username == fake_telegram.bot_user["username"]
    assert bot.username == me.username
    assert fake_telegram.token == FAKE_TOKEN


async def test_command_handler_reply_is_recorded(
    start_app: StartApp,
    fake_telegram: FakeTelegram,  # noqa: F811
) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"Hello, {context.args}")

    await start_app(CommandHandler("start", start))
    update = fake_telegram.send_text(CHAT, "/start now")
    assert update["message"]["entities"] == [{"offset": 0, "length": 6, "type": "bot_command"}]

    [reply] = await fake_telegram.wait_for_messages(CHAT, timeout=2)
    assert reply["text"] == "Hello, ['now']"
    assert reply["method"] == "sendMessage"
    assert reply["message"]["from"]["is_bot"] is True


async def test_command_with_bot_username_reaches_handler(
    start_app: StartApp,
    fake_telegram: FakeTelegram,  # noqa: F811
) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await context.bot.send_message(update.effective_chat.id, "hi")  # type: ignore[union-attr]

    await start_app(CommandHandler("start", start))
    fake_telegram.send_text(
        -100555, f"/start@{fake_telegram.bot_user['username']}", chat_type="supergroup"
    )
    [reply] = await fake_telegram.wait_for_messages(-100555, timeout=2)
    assert reply["message"]["chat"]["type"] == "supergroup"


# ----------------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("<b>ok</b> &amp; fine", "ok & fine"),
        ('<a href="https://example.com/?a=1&amp;b=2">link</a>', "link"),
        ('<span class="tg-spoiler">s</span> <tg-spoiler>t</tg-spoiler> 1 &gt; 0', "s t 1 > 0"),
        ('<pre><code class="language-python">x = 1</code></pre>', "x = 1"),
    ],
)
async def test_html_accepted(bot: Bot, text: str, plain: str) -> None:
    message = await bot.send_message(CHAT, text, parse_mode="HTML")
    assert message.text == plain


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("<b>unclosed", 'Can\'t find end tag corresponding to start tag "b"'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
        ("<b><i>x</b></i>", "Unmatched end tag at byte offset 7"),
        ("fish & chips", "byte offset 5"),
    ],
)
async def test_html_rejected(bot: Bot, text: str, detail: str) -> None:
    with pytest.raises(BadRequest, match="Can't parse entities") as caught:
        await bot.send_message(CHAT, text, parse_mode="HTML")
    assert detail.lower() in caught.value.message.lower()  # PTB lower-cases the rest


async def test_markdown_v2_requires_escaping(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"character '\.' is reserved"):
        await bot.send_message(CHAT, "Version 2.0", parse_mode="MarkdownV2")
    message = await bot.send_message(CHAT, r"*Version* 2\.0", parse_mode="MarkdownV2")
    assert message.text == "Version 2.0"
    assert message.entities[0].type == MessageEntityType.BOLD


async def test_message_length_limit(bot: Bot) -> None:
    await bot.send_message(CHAT, "a" * 4096)
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(CHAT, "a" * 4097)
    # the limit applies to the text after markup is removed
    await bot.send_message(CHAT, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")


async def test_empty_text_rejected(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(CHAT, "  <b></b> ", parse_mode="HTML")


def test_parsers_measure_utf16_and_match_tdlib_wording() -> None:
    text, entities = parse_html("😀 <i>x</i>")
    assert text == "😀 x"
    assert entities == [{"offset": 3, "length": 1, "type": "italic"}]
    assert parse_html("a & b", strict_ampersand=False)[0] == "a & b"
    with pytest.raises(EntityParseError, match=r"Can't find end of Bold entity at byte offset 0"):
        parse_markdown_v2("*bold")
    with pytest.raises(EntityParseError, match="Can't find end of the entity starting"):
        parse_markdown("_open")
    assert parse_markdown("*b* [t](http://x.org)")[1][1]["url"] == "http://x.org/"
    found = detect_entities("see https://example.com/a_(b). #news @someone /help")
    assert [e["type"] for e in found] == ["url", "hashtag", "mention", "bot_command"]
    assert found[0]["length"] == len("https://example.com/a_(b)")


# ----------------------------------------------------------------------- keyboards and edits


async def test_callback_data_limit(bot: Bot) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="y" * 65)]])
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(CHAT, "pick", reply_markup=markup)


async def test_button_press_then_edit(
    start_app: StartApp,
    fake_telegram: FakeTelegram,  # noqa: F811
) -> None:
    async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="more:1")]])
        await update.effective_message.reply_text("Pick one", reply_markup=keyboard)  # type: ignore[union-attr]

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None and query.message is not None
        assert query.chat_instance
        await query.answer("Loading")
        await query.edit_message_text(f"<b>Chosen</b> {query.data}", parse_mode="HTML")

    await start_app(CommandHandler("menu", menu), CallbackQueryHandler(pressed))
    fake_telegram.send_text(CHAT, "/menu")
    [sent] = await fake_telegram.wait_for_messages(CHAT, timeout=2)
    assert sent["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "more:1"

    fake_telegram.press_button(CHAT, sent["message_id"], "more:1")
    call = await fake_telegram.wait_for_call("editMessageText", timeout=2)
    assert call["ok"], call
    [edit] = fake_telegram.edited(CHAT)
    assert edit["text"] == "Chosen more:1"
    assert edit["raw_text"] == "<b>Chosen</b> more:1"
    assert "reply_markup" not in edit["message"]  # editing text without markup drops it
    assert fake_telegram.callback_answers[0]["text"] == "Loading"
    with pytest.raises(ValueError, match="no button"):
        fake_telegram.press_button(CHAT, sent["message_id"], "missing")


async def test_edit_errors(bot: Bot) -> None:
    message = await bot.send_message(CHAT, "same")
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("same", chat_id=CHAT, message_id=message.message_id)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", chat_id=CHAT, message_id=999)
    edited = await bot.edit_message_text("new", chat_id=CHAT, message_id=message.message_id)
    assert isinstance(edited, type(message))
    assert edited.edit_date is not None
    assert await bot.delete_message(CHAT, message.message_id)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(CHAT, message.message_id)


async def test_message_ids_and_replies(bot: Bot, fake_telegram: FakeTelegram) -> None:  # noqa: F811
    incoming = fake_telegram.send_text(CHAT, "question")["message"]
    reply = await bot.send_message(CHAT, "answer", reply_to_message_id=incoming["message_id"])
    assert reply.message_id == incoming["message_id"] + 1
    assert reply.reply_to_message is not None
    assert reply.reply_to_message.text == "question"
    assert abs(reply.date.timestamp() - time.time()) < 5
    other = await bot.send_message(CHAT + 1, "elsewhere")
    assert other.message_id == 1


# ----------------------------------------------------------------------- files


async def test_get_file_download_roundtrip(bot: Bot, fake_telegram: FakeTelegram) -> None:  # noqa: F811
    document = fake_telegram.add_file(b"%PDF-1.4 fake", "paper.pdf", "application/pdf")
    file = await bot.get_file(document["file_id"])
    assert file.file_size == len(b"%PDF-1.4 fake")
    assert file.file_path is not None and file.file_path.endswith(".pdf")
    assert await file.download_as_bytearray() == bytearray(b"%PDF-1.4 fake")

    huge = fake_telegram.add_file(b"x", "big.bin", file_size=21 * 1024 * 1024)
    with pytest.raises(BadRequest, match="File is too big"):
        await bot.get_file(huge["file_id"])


async def test_user_document_reaches_the_bot(
    bot: Bot,
    fake_telegram: FakeTelegram,  # noqa: F811
) -> None:
    fake_telegram.send_document(CHAT, b"<html></html>", "page.html", caption="read https://x.org")
    [update] = await bot.get_updates(timeout=0)
    assert update.message is not None and update.message.document is not None
    assert update.message.document.file_name == "page.html"
    assert update.message.document.mime_type == "text/html"
    assert update.message.caption_entities[0].type == MessageEntityType.URL
    data = await (await update.message.document.get_file()).download_as_bytearray()
    assert data == bytearray(b"<html></html>")


async def test_send_document_upload(bot: Bot, fake_telegram: FakeTelegram) -> None:  # noqa: F811
    message = await bot.send_document(
        CHAT, document=b"digest body", filename="digest.txt", caption="<i>Daily</i>",
        parse_mode="HTML",
    )  # fmt: skip
    assert message.document is not None
    assert message.caption == "Daily"
    [record] = fake_telegram.messages_for(CHAT)
    assert record["method"] == "sendDocument"
    assert fake_telegram.file_content(record["document"]["file_id"]) == b"digest body"
    assert record["params"]["document"]["size"] == len(b"digest body")


# ----------------------------------------------------------------------- faults


@pytest.mark.usefixtures("ptb_timedelta")
async def test_429_surfaces_as_retry_after(bot: Bot, fake_telegram: FakeTelegram) -> None:  # noqa: F811
    fake_telegram.fail_next("sendMessage", retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(CHAT, "hi")
    assert _seconds(caught.value) == 7
    await bot.send_message(CHAT, "hi")  # only the next call failed
    assert [c["ok"] for c in fake_telegram.calls_of("sendMessage")] == [False, True]


async def test_403_surfaces_as_forbidden(bot: Bot, fake_telegram: FakeTelegram) -> None:  # noqa: F811
    fake_telegram.fail_next("sendMessage", error_code=403, chat_id=CHAT, times=2)
    await bot.send_message(CHAT + 1, "other chats are unaffected")
    for _ in range(2):
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(CHAT, "hi")
    await bot.send_message(CHAT, "hi")

    fake_telegram.block_chat(CHAT)
    with pytest.raises(Forbidden):
        await bot.send_chat_action(CHAT, "typing")
    fake_telegram.unblock_chat(CHAT)
    await bot.send_message(CHAT, "back")


async def test_my_chat_member_kicked_blocks_sends(
    start_app: StartApp,
    fake_telegram: FakeTelegram,  # noqa: F811
) -> None:
    statuses: list[str] = []
    handled = asyncio.Event()

    async def member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.my_chat_member is not None
        statuses.append(update.my_chat_member.new_chat_member.status)
        try:
            await context.bot.send_message(CHAT, "still there?")
        except Forbidden:
            statuses.append("forbidden")
        handled.set()

    await start_app(ChatMemberHandler(member, ChatMemberHandler.MY_CHAT_MEMBER))
    fake_telegram.send_chat_member_update(CHAT, "kicked")
    await asyncio.wait_for(handled.wait(), timeout=2)
    assert statuses == [ChatMemberStatus.BANNED, "forbidden"]


@pytest.mark.usefixtures("ptb_timedelta")
async def test_flood_limits_per_private_chat() -> None:
    limits = FloodLimits(private_burst=2, private_per_second=1.0)
    fake = FakeTelegram(flood_limits=limits)
    async with fake, Bot(FAKE_TOKEN, base_url=fake.base_url) as client:
        await client.send_message(CHAT, "1")
        await client.send_message(CHAT, "2")
        with pytest.raises(RetryAfter) as caught:
            await client.send_message(CHAT, "3")
        await client.send_message(CHAT + 1, "other chat is fine")
    assert _seconds(caught.value) >= 1
    assert fake.flood_rejections == 1
    assert len(fake.send_times(CHAT)) == 2


async def test_unknown_method_is_404(bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": CHAT})


async def test_wire_format_json_and_form(fake_telegram: FakeTelegram) -> None:  # noqa: F811
    api = f"{fake_telegram.base_url}{FAKE_TOKEN}"
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{api}/SENDMESSAGE", json={"chat_id": CHAT, "text": "1"}) as r:
            body = await r.json()
            assert r.status == 200 and body["ok"] is True
            assert isinstance(body["result"]["date"], int)
        async with session.get(f"{api}/sendMessage", params={"chat_id": "@", "text": "x"}) as r:
            body = await r.json()
            assert r.status == 400
            assert body == {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: chat not found",
            }
        async with session.post(f"{api}/nope", data={"a": "1"}) as r:
            assert r.status == 404
            assert (await r.json())["description"] == "Not Found"


# ----------------------------------------------------------------------- updates


async def test_offset_confirms_updates(bot: Bot, fake_telegram: FakeTelegram) -> None:  # noqa: F811
    first = fake_telegram.send_text(CHAT, "one")["update_id"]
    fake_telegram.send_text(CHAT, "two")
    updates = await bot.get_updates(timeout=0)
    assert [u.update_id for u in updates] == [first, first + 1]
    assert len(await bot.get_updates(timeout=0)) == 2  # nothing confirmed yet
    assert len(await bot.get_updates(offset=first, timeout=0, limit=1)) == 1
    remaining = await bot.get_updates(offset=first + 1, timeout=0)
    assert [u.update_id for u in remaining] == [first + 1]
    assert await bot.get_updates(offset=first + 2, timeout=0) == ()
    assert await bot.get_updates(offset=first, timeout=0) == ()  # confirmed ones are gone


async def test_allowed_updates_filter(bot: Bot, fake_telegram: FakeTelegram) -> None:  # noqa: F811
    fake_telegram.send_text(CHAT, "text")
    sent = await bot.send_message(CHAT, "menu", reply_markup=InlineKeyboardMarkup(
        [[InlineKeyboardButton("b", callback_data="b")]]
    ))  # fmt: skip
    fake_telegram.press_button(CHAT, sent.message_id, "b")
    updates = await bot.get_updates(timeout=0, allowed_updates=["callback_query"])
    assert [u.callback_query is not None for u in updates] == [True]


async def test_long_poll_returns_when_update_arrives(
    bot: Bot,
    fake_telegram: FakeTelegram,  # noqa: F811
) -> None:
    # A poll that only the update can end in time: it would otherwise last a minute.
    fake_telegram.max_poll_timeout = 60.0
    poll = asyncio.create_task(bot.get_updates(timeout=60))
    await asyncio.sleep(0.2)
    assert not poll.done()
    fake_telegram.send_text(CHAT, "wake up")
    updates = await asyncio.wait_for(poll, timeout=30)
    assert len(updates) == 1


async def test_long_poll_waits_for_timeout() -> None:
    fake = FakeTelegram(max_poll_timeout=0.3)
    async with fake, Bot(FAKE_TOKEN, base_url=fake.base_url) as client:
        started = time.monotonic()
        # The server's cap, not the client's minute, ends the poll.
        assert await asyncio.wait_for(client.get_updates(timeout=60), 30) == ()
        assert time.monotonic() - started >= 0.25


# ----------------------------------------------------------------------- chat state


async def test_commands_per_scope(bot: Bot, fake_telegram: FakeTelegram) -> None:  # noqa: F811
    from telegram import BotCommandScopeAllPrivateChats, BotCommandScopeChat

    await bot.set_my_commands([("start", "Start the bot"), ("digest", "Daily digest")])
    await bot.set_my_commands([("admin", "Admin tools")], scope=BotCommandScopeChat(CHAT))
    assert [c.command for c in await bot.get_my_commands()] == ["start", "digest"]
    scoped = await bot.get_my_commands(scope=BotCommandScopeChat(CHAT))
    assert [c.command for c in scoped] == ["admin"]
    assert await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats()) == ()
    assert fake_telegram.commands_for({"type": "chat", "chat_id": CHAT})[0]["command"] == "admin"
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([("Start!", "bad")])
    with pytest.raises(BadRequest, match="Bot_command_description_invalid"):
        await bot.set_my_commands([("ok", "x" * 257)])
    await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()


async def test_chat_member_status_is_configurable(
    bot: Bot,
    fake_telegram: FakeTelegram,  # noqa: F811
) -> None:
    group = -100777
    fake_telegram.add_chat(group, "supergroup", title="Readers")
    assert (await bot.get_chat_member(group, 5)).status == ChatMemberStatus.MEMBER
    fake_telegram.set_chat_member(group, 5, "administrator")
    fake_telegram.set_chat_member(group, 6, "creator")
    assert (await bot.get_chat_member(group, 5)).status == ChatMemberStatus.ADMINISTRATOR
    admins = await bot.get_chat_administrators(group)
    assert {a.user.id for a in admins} == {5, 6}
    chat = await bot.get_chat(group)
    assert chat.title == "Readers"
    assert await bot.set_chat_menu_button()
    assert await bot.send_chat_action(group, "typing")


async def test_wait_for_messages_timeout_explains(fake_telegram: FakeTelegram) -> None:  # noqa: F811
    with pytest.raises(TimeoutError, match=r"expected 1 new message\(s\) to chat 1"):
        await fake_telegram.wait_for_messages(1, timeout=0.05)
