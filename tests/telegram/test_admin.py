"""Admins add, delete and count articles; everyone else is refused and nothing changes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio
from aiohttp import web
from telegram.ext import ConversationHandler

from bot.app import CONCURRENT_UPDATES
from bot.services.ingest import LINK_FETCHES
from bot.storage.sqlite import open_storage
from bot.telegram.context import SERVICES_KEY
from bot.telegram.notices import NOTICE_OUTBOX_KEY
from tests.conftest import SAMPLE, WriteLockHolder, WriteWaits, local_site
from tests.fake_telegram.fixtures import fake_telegram  # noqa: F401
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

PAGE = """<!doctype html><html><head><title>Lighthouse keeper retires</title></head>
<body><article><h1>Lighthouse keeper retires after forty years</h1>
<p>The last lighthouse keeper on the island retired on Saturday after forty years of service.</p>
<p>"The light never went out on my watch," the keeper, Olav Sund, said.</p>
<p>The lighthouse will be run automatically from the mainland from now on.</p>
</article></body></html>"""


@pytest_asyncio.fixture
async def page_url() -> AsyncIterator[str]:
    async def serve(request: web.Request) -> web.Response:
        return web.Response(text=PAGE, content_type="text/html")

    app = web.Application()
    app.router.add_get("/news/lighthouse", serve)
    async with local_site(app) as base:
        yield f"{base}/news/lighthouse"


async def article_count(harness: Harness) -> int:
    storage = await open_storage(harness.settings.db_path)
    try:
        return await storage.articles.count()
    finally:
        await storage.close()


async def test_uploaded_sample_article_answers_what_putin_said(harness: Harness) -> None:
    harness.fake.send_document(
        ADMIN_ID, SAMPLE.read_bytes(), SAMPLE.name, "text/plain", user=admin_user()
    )
    [reply] = await harness.fake.wait_for_messages(ADMIN_ID, 1, timeout=20)
    assert reply["text"].startswith("Added article #7: US says Armenia and Azerbaijan")

    [answer] = await harness.say(USER_ID, "what did Putin say", timeout=20)
    text = answer["text"]
    assert "only “strictly technical” issues remain" in text
    assert "on the “principal issues, there is an agreement,”" in text
    assert "He said representatives of Russia, Armenia and Azerbaijan would meet" in text
    assert "US says Armenia and Azerbaijan have made" in text

    harness.fake.send_document(
        ADMIN_ID, SAMPLE.read_bytes(), "again.txt", "text/plain", user=admin_user()
    )
    [duplicate] = await harness.fake.wait_for_messages(ADMIN_ID, 1, timeout=20)
    assert "duplicate of article #7" in duplicate["text"]


async def test_rejected_uploads_say_why(harness: Harness) -> None:
    fake = harness.fake
    fake.send_document(ADMIN_ID, b"\x00\x01\x02PNG\x00" * 50, "photo.txt", user=admin_user())
    [binary] = await fake.wait_for_messages(ADMIN_ID, 1)
    assert "binary" in binary["text"]

    fake.send_document(ADMIN_ID, b"", "empty.txt", user=admin_user())
    [empty] = await fake.wait_for_messages(ADMIN_ID, 1)
    assert "empty" in empty["text"]

    fake.send_document(ADMIN_ID, b"x", "huge.txt", user=admin_user(), file_size=50_000_000)
    [huge] = await fake.wait_for_messages(ADMIN_ID, 1)
    assert "too large" in huge["text"] and "50,000,000" in huge["text"]

    fake.send_document(ADMIN_ID, b"%PDF-1.4", "report.pdf", user=admin_user())
    [wrong_type] = await fake.wait_for_messages(ADMIN_ID, 1)
    assert ".pdf are not articles" in wrong_type["text"]

    fake.send_document(
        ADMIN_ID, "Caf\xe9 title\n\nbody".encode("utf-16"), "odd.txt", user=admin_user()
    )
    await fake.wait_for_messages(ADMIN_ID, 1)
    # Size and type were checked before downloading: only the three readable files were fetched.
    assert len(fake.downloads) == 3
    assert await article_count(harness) <= 7


async def test_add_pasted_text_url_and_conversation(harness: Harness, page_url: str) -> None:
    [pasted] = await harness.say(
        ADMIN_ID,
        "/add Ferry timetable changes for winter\n\nThe island ferry will sail twice a day "
        "from November.\n\nThe operator said fuel costs forced the change.",
        user=admin_user(),
    )
    assert pasted["text"] == "Added article #7: Ferry timetable changes for winter"

    [by_url] = await harness.say(ADMIN_ID, f"/add {page_url}", user=admin_user(), timeout=15)
    assert by_url["text"].startswith("Added article #8: Lighthouse keeper retires")
    [same_url] = await harness.say(ADMIN_ID, f"/add {page_url}", user=admin_user())
    assert "duplicate of article #8" in same_url["text"]

    [prompt] = await harness.say(ADMIN_ID, "/add", user=admin_user())
    assert "next message" in prompt["text"]
    await _conversation_waits_for(harness, ADMIN_ID)
    [added] = await harness.say(
        ADMIN_ID,
        "Museum opens a new wing\n\nThe museum opened a new wing for modern art on Friday.",
        user=admin_user(),
    )
    assert added["text"] == "Added article #9: Museum opens a new wing"
    await _conversation_waits_for(harness, ADMIN_ID, waiting=False)

    await harness.say(ADMIN_ID, "/add", user=admin_user())
    await _conversation_waits_for(harness, ADMIN_ID)
    [cancelled] = await harness.say(ADMIN_ID, "/cancel", user=admin_user())
    assert "Cancelled" in cancelled["text"]
    await _conversation_waits_for(harness, ADMIN_ID, waiting=False)
    [question] = await harness.say(ADMIN_ID, "museum modern art wing", user=admin_user())
    assert "Museum opens a new wing" in question["text"]  # a question again, not an article
    assert await article_count(harness) == 9


async def _conversation_waits_for(harness: Harness, chat_id: int, *, waiting: bool = True) -> None:
    """Until /add's conversation has recorded that it waits for the article (or that it
    ended): PTB records it just after the reply has gone out, and a message faster than
    that would find the conversation in its former state."""
    [conversation] = [
        handler
        for group in harness.application.handlers.values()
        for handler in group
        if isinstance(handler, ConversationHandler)
    ]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    while ((chat_id, chat_id) in conversation._conversations) != waiting:
        assert loop.time() < deadline, "the conversation did not change its state"
        await asyncio.sleep(0.01)


async def test_delete_and_stats(harness: Harness) -> None:
    [stats] = await harness.say(ADMIN_ID, "/stats", user=admin_user())
    assert "Articles: 6" in stats["text"]
    [deleted] = await harness.say(ADMIN_ID, "/delete 2", user=admin_user())
    assert deleted["text"] == "Deleted article #2."
    [again] = await harness.say(ADMIN_ID, "/delete 2", user=admin_user())
    assert "no article #2" in again["text"]
    [stats] = await harness.say(ADMIN_ID, "/stats", user=admin_user())
    assert "Articles: 5" in stats["text"]
    [gone] = await harness.say(USER_ID, "/article 2")
    assert "no article #2" in gone["text"]


async def test_non_admins_are_refused_and_nothing_changes(harness: Harness) -> None:
    stranger = user(USER_ID)
    for command in ("/delete 1", "/add Some title\n\nSome body text here.", "/add", "/stats"):
        [reply] = await harness.say(USER_ID, command, user=stranger)
        assert "only the bot's admins" in reply["text"], command
    harness.fake.send_document(USER_ID, SAMPLE.read_bytes(), SAMPLE.name, user=stranger)
    [refused] = await harness.fake.wait_for_messages(USER_ID, 1)
    assert "only the bot's admins" in refused["text"]
    assert harness.fake.downloads == []
    assert await article_count(harness) == 6


async def test_links_to_this_machine_are_refused_by_default(
    fake_telegram: FakeTelegram,  # noqa: F811
    bot_db: Path,
    tmp_path: Path,
    page_url: str,
) -> None:
    settings = make_settings(fake_telegram, bot_db, tmp_path / "none", fetch_allow_private=False)
    async with running_bot(settings, typing_delay=0.0) as application:
        harness = Harness(fake_telegram, application, settings)
        [refused] = await harness.say(ADMIN_ID, f"/add {page_url}", user=admin_user())
    assert "127.0.0.1 is a loopback address" in refused["text"]
    assert await article_count(harness) == 6


async def test_slow_links_never_keep_questions_waiting(
    fake_telegram: FakeTelegram,  # noqa: F811
    bot_db: Path,
    tmp_path: Path,
) -> None:
    """More slow links than the bot has handler slots, and a question still gets its answer."""
    release = asyncio.Event()
    started: list[str] = []

    async def stuck(request: web.Request) -> web.StreamResponse:
        started.append(request.path_qs)
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        await response.write(b"<!doctype html>")
        await asyncio.wait_for(release.wait(), 60)  # one byte, then nothing until released
        await response.write(PAGE.encode()[15:])
        return response

    app = web.Application()
    app.router.add_get("/stuck", stuck)
    links = CONCURRENT_UPDATES + 4
    settings = make_settings(fake_telegram, bot_db, tmp_path / "none", fetch_timeout=60)
    async with local_site(app) as base, running_bot(settings, typing_delay=0.0) as application:
        harness = Harness(fake_telegram, application, settings)
        for n in range(links):
            fake_telegram.send_text(ADMIN_ID, f"/add {base}/stuck?n={n}", user=admin_user())
        async with asyncio.timeout(10):
            while len(started) < LINK_FETCHES:
                await asyncio.sleep(0.02)
        [answer] = await harness.say(USER_ID, "what did Putin say", timeout=10)
        assert "Putin" in answer["text"]
        assert fake_telegram.messages_for(ADMIN_ID) == []  # every link is still on its way
        assert len(started) == LINK_FETCHES  # the rest wait for a fetch slot
        release.set()
        replies = await fake_telegram.wait_for_messages(ADMIN_ID, links, timeout=30)
    assert replies[0]["text"].startswith("Added article #7: Lighthouse keeper retires")
    assert all("duplicate of article #7" in r["text"] for r in replies[1:])
    assert len(started) == links


async def test_an_upload_waits_out_another_writer_instead_of_failing(
    harness: Harness, hold_write_lock: WriteLockHolder, write_waits: WriteWaits
) -> None:
    """A `newsbot ingest` writing for longer than SQLite's usual busy timeout meanwhile."""
    # In a thread: until the other process has the lock, the bot must go on (it may be
    # in the middle of a write itself).
    lock = await asyncio.to_thread(hold_write_lock, Path(harness.settings.db_path))
    harness.fake.send_document(
        ADMIN_ID, SAMPLE.read_bytes(), SAMPLE.name, "text/plain", user=admin_user()
    )
    await write_waits()
    await asyncio.sleep(5.5)  # longer than SQLite's usual 5 s busy timeout
    assert harness.fake.messages_for(ADMIN_ID) == []  # neither added nor given up yet
    await asyncio.to_thread(lock.release)
    [reply] = await harness.fake.wait_for_messages(ADMIN_ID, 1, timeout=30)
    assert reply["text"].startswith("Added article #7")
    assert await article_count(harness) == 7


async def test_a_report_telegram_did_not_take_goes_out_when_it_is_back(
    fake_telegram: FakeTelegram,  # noqa: F811
    bot_db: Path,
    tmp_path: Path,
) -> None:
    async with quickly_retrying_bot(fake_telegram, bot_db, tmp_path) as application:
        fake_telegram.fail_next("sendMessage", error_code=502, times=5, chat_id=ADMIN_ID)
        fake_telegram.send_document(
            ADMIN_ID, SAMPLE.read_bytes(), SAMPLE.name, "text/plain", user=admin_user()
        )
        await fake_telegram.wait_for_call(
            "sendMessage", predicate=lambda c: c["error_code"] == 502, timeout=20
        )
        notices = application.bot_data[SERVICES_KEY].notices
        await until_found(notices.due, 20)  # Telegram is back: the next round sends it
        application.bot_data[NOTICE_OUTBOX_KEY].wake()
        [report] = await fake_telegram.wait_for_messages(ADMIN_ID, 1, timeout=20)
        await asyncio.sleep(0.3)
    assert report["text"].startswith("Added article #7: US says Armenia")
    assert len(fake_telegram.messages_for(ADMIN_ID)) == 1  # the report, and nothing else


async def test_an_upload_of_a_word_list_is_refused_in_words(harness: Harness) -> None:
    words = ("Flood\n" + "word\n" * 330_000).encode()  # 1.6 MB of one-word lines
    harness.fake.send_document(ADMIN_ID, words, "words.txt", "text/plain", user=admin_user())
    [question] = await harness.say(USER_ID, "what did the union say")
    [reply] = await harness.fake.wait_for_messages(ADMIN_ID, 1, timeout=30)
    assert reply["text"].startswith("Not added: the text has 330,002 lines")
    assert "union" in question["text"].lower()
    assert await article_count(harness) == 6
