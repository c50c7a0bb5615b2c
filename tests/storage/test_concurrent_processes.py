"""Several processes on one SQLite file at once: first start, and writers that wait."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.storage.migrations import load_migrations
from bot.storage.sqlite import open_storage
from tests.conftest import CORPUS, REPO, WriteLockHolder, WriteWaits
from tests.digest.support import add_article

OPEN_AT = """
import asyncio, sys, time
from bot.storage.sqlite import open_storage

async def main():
    time.sleep(max(0.0, float(sys.argv[2]) - time.time()))  # all start together
    storage = await open_storage(sys.argv[1])
    await storage.close()

asyncio.run(main())
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def test_processes_opening_a_new_database_together_migrate_it_once(tmp_path: Path) -> None:
    for round_number in range(4):
        db = tmp_path / f"fresh-{round_number}.db"
        start_at = time.time() + 0.8
        openers = [
            subprocess.Popen(
                [sys.executable, "-c", OPEN_AT, str(db), str(start_at)],
                env=_env(),
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(3)
        ]
        for opener in openers:
            _, err = opener.communicate(timeout=60)
            assert opener.returncode == 0, err
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == len(load_migrations())
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_two_ingests_on_a_brand_new_database_both_succeed(tmp_path: Path) -> None:
    db = tmp_path / "fresh.db"
    exe = str(Path(sys.executable).with_name("newsbot"))
    articles = sorted(CORPUS.iterdir())[:1]
    other = tmp_path / "other.txt"
    other.write_text("Harbour reopens after repairs\n\nThe harbour reopened on Monday, it said.")
    ingests = [
        subprocess.Popen(
            [exe, "ingest", "--db", str(db), "--json", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in (*articles, other)
    ]
    for ingest in ingests:
        out, err = ingest.communicate(timeout=120)
        assert ingest.returncode == 0, err
        assert json.loads(out)["status"] == "added"


async def test_a_write_waits_out_another_process_and_reads_go_on_meanwhile(
    tmp_path: Path, hold_write_lock: WriteLockHolder, write_waits: WriteWaits
) -> None:
    db = tmp_path / "busy.db"
    storage = await open_storage(db)
    try:
        await add_article(storage, "Before the lock", ingested_at=datetime.now(UTC))
        # Taken and released in a thread, so this loop goes on meanwhile.
        lock = await asyncio.to_thread(hold_write_lock, db)
        writing = asyncio.create_task(
            add_article(
                storage, "Written while another process writes", ingested_at=datetime.now(UTC)
            )
        )
        await write_waits()
        # A question asked meanwhile is answered while the write still waits, not behind it.
        assert await asyncio.wait_for(storage.articles.count(), 20) == 1
        assert not writing.done()
        await asyncio.sleep(5.5)  # longer than SQLite's usual 5 s busy timeout
        assert not writing.done()
        await asyncio.to_thread(lock.release)
        await asyncio.wait_for(writing, 30)  # then it is written, not refused
    finally:
        await storage.close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
