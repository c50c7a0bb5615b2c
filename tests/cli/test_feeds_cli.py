"""`newsbot feeds add | list | remove | poll` as an operator (or cron) runs them."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli.main import main
from tests.feed_site import NewsSite, serving

POLL_KEYS = ["feed_id", "url", "status", "added", "duplicates", "errors", "reason"]


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[NewsSite]:
    """The site runs on its own loop in a thread: the commands run their own loops."""
    news = NewsSite()
    news.add_feed("alpha", stories=3)
    news.add_feed("beta", kind="atom", stories=2)
    ready = threading.Event()
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()

    async def run() -> None:
        async with serving(news):
            ready.set()
            await stop.wait()

    thread = threading.Thread(target=loop.run_until_complete, args=(run(),), daemon=True)
    thread.start()
    assert ready.wait(10)
    monkeypatch.setenv("NEWSBOT_FETCH_ALLOW_PRIVATE", "true")  # the site is on 127.0.0.1
    try:
        yield news
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(10)
        loop.close()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_list_poll_remove(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, site: NewsSite
) -> None:
    db = str(tmp_path / "feeds.db")
    code, out, _ = run(
        capsys, "feeds", "add", "--db", db,
        site.feed_url("alpha"), f"{site.base}/moved/beta", f"{site.base}/not-a-feed.txt",
    )  # fmt: skip
    alpha, beta, bad = out.splitlines()
    assert code == 0
    assert alpha.startswith("added     #1  Alpha News") and alpha.endswith("3 entries")
    assert beta.startswith("added     #2  Beta Atom")
    assert bad.startswith("rejected") and "no RSS or Atom feed" in bad

    code, out, _ = run(capsys, "feeds", "poll", "--once", "--json", "--db", db)
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [list(line) for line in lines] == [POLL_KEYS, POLL_KEYS]
    assert {(x["feed_id"], x["status"], x["added"]) for x in lines} == {(1, "ok", 3), (2, "ok", 2)}
    assert all(x["duplicates"] == 0 and x["errors"] == 0 and x["reason"] is None for x in lines)

    code, out, _ = run(capsys, "feeds", "poll", "--once", "--json", "--db", db)
    assert code == 0 and out == ""  # nothing is due again yet

    code, out, _ = run(capsys, "feeds", "list", "--json", "--db", db)
    listed = [json.loads(line) for line in out.splitlines()]
    assert [(f["feed_id"], f["state"], f["articles_added"]) for f in listed] == [
        (1, "active", 3),
        (2, "active", 2),
    ]
    assert listed[0]["title"] == "Alpha News" and listed[0]["last_success"]

    code, out, _ = run(capsys, "list", "--json", "--db", db)
    assert len(out.splitlines()) == 5  # the articles, like any other

    assert run(capsys, "feeds", "remove", "1", "--db", db)[0] == 0
    code, _, err = run(capsys, "feeds", "remove", "1", "--db", db)
    assert code == 1 and "no feed 1" in err
    code, out, _ = run(capsys, "feeds", "list", "--db", db)
    assert "Beta Atom" in out and "Alpha News" not in out


def test_poll_reports_errors_as_lines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, site: NewsSite
) -> None:
    db = str(tmp_path / "feeds.db")
    run(capsys, "feeds", "add", "--db", db, site.feed_url("alpha"))
    site.feeds["alpha"].status = 500
    code, out, _ = run(capsys, "feeds", "poll", "--once", "--json", "--db", db)
    [line] = [json.loads(x) for x in out.splitlines()]
    assert code == 1
    assert line == {
        "feed_id": 1,
        "url": site.feed_url("alpha"),
        "status": "error",
        "added": 0,
        "duplicates": 0,
        "errors": 0,
        "reason": "the feed answered HTTP 500",
    }


def test_by_default_a_local_feed_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, site: NewsSite,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.delenv("NEWSBOT_FETCH_ALLOW_PRIVATE")
    code, out, _ = run(
        capsys, "feeds", "add", "--db", str(tmp_path / "f.db"), site.feed_url("alpha")
    )
    assert code == 1 and "loopback address" in out
