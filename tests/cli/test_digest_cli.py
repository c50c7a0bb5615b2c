"""`newsbot digest` shows a chat's digest and the due chats without sending anything."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.services.subscriptions import SubscriptionService
from bot.storage.sqlite import open_storage
from tests.digest.support import ControlledClock, add_article


def _prepare(db: Path) -> None:
    async def fill() -> None:
        storage = await open_storage(db)
        try:
            now = datetime.now(UTC)
            await add_article(storage, "Harbour reopens", ingested_at=now - timedelta(hours=2))
            # Subscribed yesterday for a time that has passed: due now.
            clock = ControlledClock(now - timedelta(days=1))
            service = SubscriptionService(storage, default_zone="UTC", clock=clock)
            due_time = (now - timedelta(minutes=5)).strftime("%H:%M")
            await service.subscribe(42, "private", due_time)
            await service.subscribe(43, "private", due_time)
            await service.unsubscribe(43)
        finally:
            await storage.close()

    asyncio.run(fill())


def test_digest_preview_and_due_list(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    _prepare(db)
    assert main(["digest", "42", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "Your daily digest" in out and "Harbour reopens" in out

    assert main(["digest", "42", "--db", str(db), "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["subscribed"] is True
    assert [a["title"] for a in record["articles"]] == ["Harbour reopens"]
    assert record["articles"][0]["summary"]

    assert main(["digest", "--due", "--db", str(db), "--json"]) == 0
    due = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(d["chat_id"], d["action"]) for d in due] == [(42, "send")]

    # Looking changed nothing: still due, nothing recorded.
    assert main(["digest", "--due", "--db", str(db)]) == 0
    assert "42" in capsys.readouterr().out


def test_digest_needs_a_chat_or_due(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["digest", "--db", str(tmp_path / "x.db")]) == 2
    assert "CHAT_ID or --due" in capsys.readouterr().err
