"""`newsbot run`: without a token it prepares the database and explains; with one it serves."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import aiohttp

from tests.conftest import CORPUS, REPO
from tests.fake_telegram.fixtures import FAKE_TOKEN, fake_telegram  # noqa: F401
from tests.fake_telegram.server import FakeTelegram

ENV_NAMES = (
    "TELEGRAM_BOT_TOKEN", "NEWSBOT_DB", "NEWSBOT_CORPUS_DIR", "NEWSBOT_ADMIN_IDS",
    "TELEGRAM_API_BASE_URL", "TELEGRAM_FILE_BASE_URL", "NEWSBOT_TIMEZONE", "NEWSBOT_LOG_LEVEL",
)  # fmt: skip
ADMIN = 777


def clean_env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ENV_NAMES}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.update(values)
    return env


def newsbot(*args: str) -> list[str]:
    return [sys.executable, "-m", "bot.cli.main", *args]


def test_run_without_token_ingests_the_corpus_and_explains(tmp_path: Path) -> None:
    db = tmp_path / "fresh.db"
    result = subprocess.run(
        newsbot("run", "--db", str(db)),
        cwd=tmp_path,  # no .env here
        env=clean_env(NEWSBOT_CORPUS_DIR=str(CORPUS)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert "added 1 article from" in result.stderr
    assert "@BotFather" in result.stderr and "/newbot" in result.stderr
    assert "TELEGRAM_BOT_TOKEN=" in result.stderr and ".env" in result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1

    again = subprocess.run(
        newsbot("run", "--db", str(db)),
        cwd=tmp_path,
        env=clean_env(NEWSBOT_CORPUS_DIR=str(CORPUS)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 2
    assert "holds 1 articles" in again.stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def wait_for_port(port: int, *, timeout: float) -> None:
    """The webhook server may start a moment after setWebhook; poll, bounded."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            if loop.time() > deadline:
                raise
            await asyncio.sleep(0.05)
        else:
            writer.close()
            await writer.wait_closed()
            return


async def start_bot(
    tmp_path: Path, fake: FakeTelegram, *args: str, **env: str
) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        *newsbot("run", "--db", str(tmp_path / "bot.db"), *args),
        cwd=tmp_path,
        env=clean_env(
            TELEGRAM_BOT_TOKEN=FAKE_TOKEN,
            TELEGRAM_API_BASE_URL=fake.base_url,
            TELEGRAM_FILE_BASE_URL=fake.base_file_url,
            NEWSBOT_CORPUS_DIR=str(CORPUS),
            **env,
        ),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def stop_bot(process: asyncio.subprocess.Process) -> tuple[int, str]:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
    try:
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
    except TimeoutError:
        process.kill()
        _, stderr = await process.communicate()
    return process.returncode or 0, stderr.decode("utf-8", "replace")


async def test_run_polls_and_stops_cleanly_on_sigterm(
    tmp_path: Path,
    fake_telegram: FakeTelegram,  # noqa: F811
) -> None:
    process = await start_bot(tmp_path, fake_telegram)
    try:
        await fake_telegram.wait_for_call("getUpdates", timeout=60)
        fake_telegram.send_text(1001, "/start")
        [welcome] = await fake_telegram.wait_for_messages(1001, 1, timeout=20)
        assert "Hello" in welcome["text"]
    finally:
        code, stderr = await stop_bot(process)
    assert code == 0, stderr


async def test_run_webhook_serves_updates_with_the_secret_token(
    tmp_path: Path,
    fake_telegram: FakeTelegram,  # noqa: F811
) -> None:
    port = free_port()
    process = await start_bot(
        tmp_path, fake_telegram,
        "--webhook", "https://bot.example.org/telegram-hook",
        "--listen", "127.0.0.1", "--port", str(port), "--secret-token", "s3cret",
    )  # fmt: skip
    try:
        await fake_telegram.wait_for_call("setWebhook", timeout=60)
        assert fake_telegram.webhook["url"] == "https://bot.example.org/telegram-hook"
        update = fake_telegram.send_text(1001, "/help")
        fake_telegram._updates.clear()  # delivered by webhook below, not by getUpdates
        hook = f"http://127.0.0.1:{port}/telegram-hook"
        await wait_for_port(port, timeout=30)
        async with aiohttp.ClientSession() as session:
            async with session.post(hook, json=update) as refused:
                assert refused.status == 403
            headers = {"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
            async with session.post(hook, json=update, headers=headers) as accepted:
                assert accepted.status == 200
        [reply] = await fake_telegram.wait_for_messages(1001, 1, timeout=20)
        assert "Commands" in reply["text"]
    finally:
        code, stderr = await stop_bot(process)
    assert code == 0, stderr


async def test_webhook_without_a_secret_gets_a_random_one_and_refuses_forged_updates(
    tmp_path: Path,
    fake_telegram: FakeTelegram,  # noqa: F811
) -> None:
    port = free_port()
    process = await start_bot(
        tmp_path, fake_telegram,
        "--webhook", "https://bot.example.org/hook", "--listen", "127.0.0.1", "--port", str(port),
        NEWSBOT_ADMIN_IDS=str(ADMIN),
    )  # fmt: skip
    try:
        call = await fake_telegram.wait_for_call("setWebhook", timeout=60)
        secret = call["params"]["secret_token"]
        assert len(secret) >= 32
        fake_telegram.add_chat(ADMIN, "private")
        forged = {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": ADMIN, "type": "private", "first_name": "A"},
                "from": {"id": ADMIN, "is_bot": False, "first_name": "A"},
                "text": "/delete 1",
                "entities": [{"type": "bot_command", "offset": 0, "length": 7}],
            },
        }
        await wait_for_port(port, timeout=30)
        hook = f"http://127.0.0.1:{port}/hook"
        async with aiohttp.ClientSession() as session, session.post(hook, json=forged) as refused:
            assert refused.status == 403
        await asyncio.sleep(0.5)
        assert fake_telegram.messages_for(ADMIN) == []
    finally:
        code, stderr = await stop_bot(process)
    assert code == 0, stderr
    assert "generated a random one" in stderr
    assert secret not in stderr  # the secret is redacted like the token
    with sqlite3.connect(tmp_path / "bot.db") as conn:
        assert conn.execute("SELECT count(*) FROM articles WHERE id = 1").fetchone()[0] == 1


def run_briefly(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        newsbot("run", "--db", str(tmp_path / "bot.db")),
        cwd=tmp_path,
        env=clean_env(NEWSBOT_CORPUS_DIR=str(CORPUS), NEWSBOT_LOG_LEVEL="DEBUG", **env),
        capture_output=True,
        text=True,
        timeout=120,
    )


WRONG_TOKEN = "987654321:AAHwrongwrongwrongwrongwrongwrongwro"


async def test_a_wrong_token_is_explained_in_one_paragraph_without_the_token(
    tmp_path: Path,
) -> None:
    async with FakeTelegram(token=FAKE_TOKEN) as fake:  # any other token gets 401
        result = await asyncio.to_thread(
            run_briefly,
            tmp_path,
            TELEGRAM_BOT_TOKEN=WRONG_TOKEN,
            TELEGRAM_API_BASE_URL=fake.base_url,
            TELEGRAM_FILE_BASE_URL=fake.base_file_url,
        )
    assert result.returncode == 2
    assert "Telegram refused the bot token (Unauthorized)" in result.stderr
    assert "@BotFather" in result.stderr
    assert "Traceback" not in result.stderr
    # Not in the DEBUG lines ("Set Bot API URL: …/bot<token>") nor anywhere else.
    assert "Set Bot API URL" in result.stderr
    assert WRONG_TOKEN not in result.stderr and WRONG_TOKEN.split(":")[1] not in result.stderr


def test_no_way_to_reach_telegram_is_explained_in_one_paragraph(tmp_path: Path) -> None:
    closed = free_port()
    result = run_briefly(
        tmp_path,
        TELEGRAM_BOT_TOKEN=WRONG_TOKEN,
        TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{closed}/bot",
    )
    assert result.returncode == 1
    assert f"newsbot cannot reach Telegram at 127.0.0.1:{closed}" in result.stderr
    assert "Traceback" not in result.stderr
    assert WRONG_TOKEN.split(":")[1] not in result.stderr


async def test_a_second_running_copy_stops_with_an_explanation(
    tmp_path: Path,
    fake_telegram: FakeTelegram,  # noqa: F811
) -> None:
    # What Telegram answers the polls of a copy while another one polls with the same token.
    fake_telegram.fail_next("getUpdates", error_code=409, times=1000)
    process = await start_bot(tmp_path, fake_telegram)
    try:
        await asyncio.wait_for(process.wait(), 90)
    finally:
        code, stderr = await stop_bot(process)
    assert code == 1
    assert "Another copy of this bot is already receiving its updates" in stderr
    assert "Traceback" not in stderr


async def test_a_token_revoked_while_running_stops_the_bot_with_an_explanation(
    tmp_path: Path,
    fake_telegram: FakeTelegram,  # noqa: F811
) -> None:
    process = await start_bot(tmp_path, fake_telegram)
    try:
        await fake_telegram.wait_for_call("getUpdates", timeout=60)
        fake_telegram.expected_token = "revoked"  # every later request: 401 Unauthorized
        await asyncio.wait_for(process.wait(), 60)
    finally:
        code, stderr = await stop_bot(process)
    assert code == 2
    assert "Telegram refused the bot token (Unauthorized, while running)" in stderr
    assert "@BotFather" in stderr
    assert "Traceback" not in stderr


async def test_an_upload_cut_off_by_a_restart_is_reported_after_it(
    tmp_path: Path,
    fake_telegram: FakeTelegram,  # noqa: F811
) -> None:
    process = await start_bot(tmp_path, fake_telegram, NEWSBOT_ADMIN_IDS=str(ADMIN))
    try:
        await fake_telegram.wait_for_call("getUpdates", timeout=60)
        fake_telegram.slow_next("getFile", 120)  # the download hangs until the process dies
        admin = {"id": ADMIN, "first_name": "Ada"}
        body = b"Harbour reopens\n\nThe harbour reopened on Monday. Boats left at dawn."
        fake_telegram.send_document(ADMIN, body, "harbour.txt", "text/plain", user=admin)
        await _until_held(tmp_path / "bot.db", timeout=30)
        process.kill()  # no goodbye: a crash, a power cut, `kill -9`
        await process.wait()
    finally:
        await stop_bot(process)
    assert fake_telegram.messages_for(ADMIN) == []

    restarted = await start_bot(tmp_path, fake_telegram, NEWSBOT_ADMIN_IDS=str(ADMIN))
    try:
        [notice] = await fake_telegram.wait_for_messages(ADMIN, 1, timeout=60)
    finally:
        code, stderr = await stop_bot(restarted)
    assert code == 0, stderr
    assert "Your upload “harbour.txt”" in notice["text"]
    assert "was interrupted" in notice["text"] and "send it again" in notice["text"]


async def _until_held(db: Path, *, timeout: float) -> None:
    """Until the bot holds a notice for an upload it is working on."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        with contextlib.suppress(sqlite3.Error), sqlite3.connect(db) as conn:
            held = conn.execute("SELECT count(*) FROM notices WHERE held_by IS NOT NULL")
            if held.fetchone()[0]:
                return
        assert loop.time() < deadline, "the upload never started"
        await asyncio.sleep(0.1)
