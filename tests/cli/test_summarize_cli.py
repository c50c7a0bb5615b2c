"""`newsbot summarize` with ids and files, one JSON line per input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli.main import main


def test_summarize_ids_and_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sample_path: Path
) -> None:
    db = str(tmp_path / "x.db")
    assert main(["ingest", "--db", db, "--json", str(sample_path)]) == 0
    article_id = json.loads(capsys.readouterr().out)["article_id"]
    plain = tmp_path / "plain.txt"
    plain.write_text(
        "Budget agreed\n\nThe council agreed a budget on Tuesday after long talks.\n\n"
        "The mayor said the deal was fair to every borough.\n\n"
        "Opposition members said it left too many questions unanswered."
    )
    code = main(
        [
            "summarize",
            "--db",
            db,
            "--json",
            "--sentences",
            "2",
            "--algorithm",
            "textrank",
            str(article_id),
            str(plain),
            "999",
        ]
    )
    assert code == 0
    by_id, by_file, missing = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {"input", "article_id", "algorithm", "sentences"} <= set(by_id)
    assert by_id["article_id"] == article_id and by_id["algorithm"] == "textrank"
    assert len(by_id["sentences"]) == 2
    assert by_file["article_id"] is None and len(by_file["sentences"]) == 2
    assert all(s in plain.read_text() for s in by_file["sentences"])
    assert missing["sentences"] == [] and "no article" in missing["error"]
