"""`newsbot ingest | list | show | delete` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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
    }
    assert shown["byline"] == "Matthew Lee"
    assert shown["dateline"] == "WASHINGTON (AP)"
    assert len(shown["paragraphs"]) == 9

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
