"""`newsbot ingest | list | show | delete` as a user runs them."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bot.cli.main import main

REPO = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_json_contract(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sample_path: Path
) -> None:
    db = str(tmp_path / "x.db")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.md").write_text("")
    code, out, _ = run(
        capsys,
        "ingest",
        "--db",
        db,
        "--json",
        str(sample_path),
        str(sample_path),
        str(tmp_path / "in"),
    )
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [set(line) for line in lines] == [
        {"input", "status", "article_id", "title", "reason"}
    ] * 3
    added, duplicate, rejected = lines
    assert added["status"] == "added" and isinstance(added["article_id"], int)
    assert added["reason"] is None
    assert duplicate["status"] == "duplicate" and duplicate["article_id"] == added["article_id"]
    assert rejected["status"] == "rejected" and rejected["article_id"] is None
    assert rejected["input"].endswith("empty.md") and "empty" in rejected["reason"]


def test_list_show_delete(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sample_path: Path
) -> None:
    db = str(tmp_path / "x.db")
    run(capsys, "ingest", "--db", db, str(sample_path))

    code, out, _ = run(capsys, "list", "--db", db, "--json")
    assert code == 0
    (listed,) = [json.loads(line) for line in out.splitlines()]
    article_id = listed["id"]
    assert listed["published"] == "2023-06-29"

    code, out, _ = run(capsys, "show", str(article_id), "--db", db, "--json")
    shown = json.loads(out)
    assert set(shown) == {
        "id",
        "title",
        "published",
        "section",
        "byline",
        "dateline",
        "source",
        "paragraphs",
        "sentences",
    }
    assert shown["byline"] == "Matthew Lee"
    assert shown["dateline"] == "WASHINGTON (AP)"
    assert len(shown["paragraphs"]) == 9
    sentences = shown["sentences"]
    assert all(
        set(s) == {"paragraph", "text", "speaker", "speaker_role", "mode"} for s in sentences
    )
    assert [s["paragraph"] for s in sentences] == sorted(s["paragraph"] for s in sentences)
    assert {s["paragraph"] for s in sentences} == set(range(9))
    first = sentences[0]
    assert first["text"].startswith("Secretary of State Antony Blinken says")
    assert (first["speaker"], first["speaker_role"], first["mode"]) == (
        "Antony Blinken",
        "Secretary of State",
        "reported",
    )
    silent = next(s for s in sentences if s["text"].startswith("Neither Mirzoyan nor"))
    assert (silent["speaker"], silent["speaker_role"], silent["mode"]) == (None, None, None)

    code, out, _ = run(capsys, "show", str(article_id), "--db", db)
    assert out.splitlines()[0].startswith(f"#{article_id}  US says Armenia")
    assert "WASHINGTON (AP) — Secretary of State" in out

    assert run(capsys, "delete", str(article_id), "--db", db)[0] == 0
    code, _, err = run(capsys, "show", str(article_id), "--db", db)
    assert code == 1 and "no article" in err
    assert run(capsys, "delete", str(article_id), "--db", db)[0] == 1


def test_console_script_honours_env_db(tmp_path: Path, sample_path: Path) -> None:
    db = tmp_path / "env.db"
    env = {**os.environ, "NEWSBOT_DB": str(db)}
    exe = Path(sys.executable).with_name("newsbot")
    done = subprocess.run(
        [str(exe), "ingest", str(sample_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("added")
    assert "1 added, 0 duplicate, 0 rejected" in done.stderr
    assert db.exists()


def test_a_page_without_an_article_is_reported_once(tmp_path: Path) -> None:
    """newsbot says why it refused the page; the extractor's own warning is not repeated."""
    page = tmp_path / "menu.html"
    page.write_text('<html><head><title>Menu</title></head><body><a href="/">Home</a></body>')
    done = subprocess.run(
        [str(Path(sys.executable).with_name("newsbot")), "ingest", str(page)],
        env={**os.environ, "NEWSBOT_DB": str(tmp_path / "x.db")},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.stdout.startswith("rejected") and "no article text" in done.stdout
    assert done.stderr.strip() == "0 added, 0 duplicate, 1 rejected"


def test_folder_with_thousands_of_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "many"
    for n in range(1500):
        sub = folder / f"part{n % 7}"
        sub.mkdir(parents=True, exist_ok=True)
        body = f"Story number {n} reports that the council met on day {n}. It agreed a plan."
        (sub / f"{n:04}.txt").write_text(f"Headline {n}\n\n{body}")
    (folder / "part0" / "picture.jpg").write_bytes(b"\xff\xd8\xff")  # not an article type
    (folder / "part1" / "0000-copy.txt").write_text(
        "Headline 0\n\nStory number 0 reports that the council met on day 0. It agreed a plan."
    )
    db = str(tmp_path / "x.db")
    code, out, _ = run(capsys, "ingest", "--db", db, "--json", str(folder))
    assert code == 0
    statuses = [json.loads(line)["status"] for line in out.splitlines()]
    assert statuses.count("added") == 1500
    assert statuses.count("duplicate") == 1
    assert len(statuses) == 1501
    code, out, _ = run(capsys, "list", "--db", db, "--json", "--limit", "2000")
    assert len(out.splitlines()) == 1500


def test_ingest_urls_from_a_local_server(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = (
        b"<html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens"
        b"</h1><p>The harbour reopened on Monday after a week of repairs to the sea wall, the"
        b" port authority said.</p><p>Fishing boats were the first to leave at dawn.</p>"
        b"</article></body></html>"
    )
    routes = {
        "/story": (200, "text/html; charset=utf-8", page),
        "/photo.png": (200, "image/png", b"\x89PNG\r\n\x1a\n"),
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, kind, body = routes.get(self.path, (404, "text/plain", b"not found"))
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        db = str(tmp_path / "x.db")
        code, out, _ = run(capsys, "ingest", "--db", db, "--json", f"{base}/story")
        [refused] = [json.loads(line) for line in out.splitlines()]
        assert code == 1 and refused["status"] == "rejected"
        assert "127.0.0.1 is a loopback address" in refused["reason"]
        assert "NEWSBOT_FETCH_ALLOW_PRIVATE=true" in refused["reason"]

        monkeypatch.setenv("NEWSBOT_FETCH_ALLOW_PRIVATE", "true")
        urls = [f"{base}/story", f"{base}/story", f"{base}/missing", f"{base}/photo.png"]
        code, out, _ = run(capsys, "ingest", "--db", db, "--json", *urls)
    finally:
        server.shutdown()
        server.server_close()
    added, again, missing, photo = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert added["status"] == "added" and added["title"] == "Harbour reopens"
    assert again["status"] == "duplicate" and again["article_id"] == added["article_id"]
    assert "same URL" in again["reason"]
    assert missing["status"] == "rejected" and "404" in missing["reason"]
    assert photo["status"] == "rejected" and "image/png" in photo["reason"]


@pytest.mark.parametrize("number", ["99999999999999999999999", "9223372036854775808", "²"])
def test_article_numbers_nobody_can_have_are_usage_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, number: str
) -> None:
    db = str(tmp_path / "x.db")
    for command in ("show", "delete"):
        with pytest.raises(SystemExit) as stopped:
            main([command, "--db", db, number])
        assert stopped.value.code == 2
        err = capsys.readouterr().err
        assert "argument ID:" in err and ("out of range" in err or "not a whole number" in err)


def test_the_largest_possible_number_is_simply_not_found(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "x.db")
    code, _, err = run(capsys, "show", "--db", db, "9223372036854775807")
    assert code == 1 and "no article 9223372036854775807" in err
    code, out, _ = run(capsys, "summarize", "--db", db, "--json", "99999999999999999999999")
    assert code == 1 and json.loads(out)["error"] == "no article 99999999999999999999999"


def test_output_cut_short_by_its_reader_is_not_an_error(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    exe = str(Path(sys.executable).with_name("newsbot"))
    # Longer than a pipe's buffer, so the writer is still writing when the reader leaves.
    paragraph = "The council met again on Monday and agreed the harbour plan in full. " * 8
    long_article = tmp_path / "long.txt"
    long_article.write_text("Council agrees the harbour plan\n\n" + "\n\n".join([paragraph] * 200))
    subprocess.run([exe, "ingest", "--db", str(db), str(long_article)], check=True, timeout=60)
    # `newsbot show 1 | head -1`: the reader closes the pipe after the first line.
    shown = subprocess.Popen(
        [exe, "show", "--db", str(db), "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert shown.stdout is not None and shown.stderr is not None
    shown.stdout.readline()
    shown.stdout.close()
    err = shown.stderr.read().decode()
    code = shown.wait(timeout=60)
    assert "BrokenPipeError" not in err and "Traceback" not in err
    assert code in (0, 141)


def test_a_missing_corpus_folder_is_explained(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(Path(sys.executable).with_name("newsbot")), "run", "--db", str(tmp_path / "x.db")],
        cwd=tmp_path,  # no corpus/ here
        env={k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "TELEGRAM_"))},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert f"there is no corpus folder at {tmp_path / 'corpus'}" in result.stderr
    assert "NEWSBOT_CORPUS_DIR" in result.stderr


def test_a_large_batch_comes_out_the_same_with_or_without_parsing_processes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    pages = REPO / "tests" / "ingest" / "pages" / "dev"
    for page in sorted(pages.glob("*.html"))[:20]:
        (folder / page.name).write_bytes(page.read_bytes())
    for n in range(10):
        (folder / f"note{n}.txt").write_text(f"Note {n}\n\nThe council met on day {n} and voted.")
    (folder / "note9-again.txt").write_text((folder / "note3.txt").read_text())
    (folder / "blank.md").write_text("")
    outputs = []
    for workers in ("2", "0"):
        monkeypatch.setenv("NEWSBOT_INGEST_WORKERS", workers)
        db = str(tmp_path / f"workers{workers}.db")
        code, out, _ = run(capsys, "ingest", "--db", db, "--json", str(folder))
        assert code == 0
        shown = [run(capsys, "show", str(n), "--db", db, "--json")[1] for n in range(1, 32)]
        outputs.append((out, shown))
    assert outputs[0] == outputs[1]
    statuses = [json.loads(line)["status"] for line in outputs[0][0].splitlines()]
    assert (statuses.count("added"), statuses.count("duplicate"), len(statuses)) == (30, 1, 32)


def test_the_command_line_starts_without_the_libraries_only_some_commands_need() -> None:
    # summarisers (sumy, numpy, nltk), Telegram, the HTTP client, feeds and the page
    # extractor cost seconds of start-up together; each is loaded by what uses it
    probe = (
        "import sys, bot.cli.main; heavy = ('sumy', 'nltk', 'numpy', 'telegram', 'httpx', "
        "'feedparser', 'trafilatura', 'ftfy', 'tqdm'); "
        "print(' '.join(m for m in heavy if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert done.stdout.strip() == ""
