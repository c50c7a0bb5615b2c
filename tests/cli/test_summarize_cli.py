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


QUOTED = """Arsenal held to draw by Bayern

Arsenal drew 1-1 with Bayern Munich in the second leg of their Champions League tie.

Arsene Wenger said: "The only positive is that we are still in the tie. We were not at our \
best tonight. We need to improve a lot before the return game in Munich next month."

Bayern coach Felix Magath said his side had been the better team for most of the match.
"""


def test_summarize_json_shows_what_the_bot_shows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "x.db")
    story = tmp_path / "arsenal.txt"
    story.write_text(QUOTED)
    assert main(["ingest", "--db", db, "--json", str(story)]) == 0
    article_id = json.loads(capsys.readouterr().out)["article_id"]
    for length in ("1", "2", "3", "4", "5"):
        command = ["summarize", "--db", db, "--json", "--sentences", length]
        assert main([*command, str(article_id), str(story)]) == 0
        stored, from_file = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        # The stored article and the file read afresh give the same summary.
        assert stored["sentences"] == from_file["sentences"]
        assert stored["speakers"] == from_file["speakers"]
        assert len(stored["speakers"]) == len(stored["sentences"])
        for text, speaker in zip(stored["sentences"], stored["speakers"], strict=True):
            assert text.count('"') % 2 == 0, text
            if speaker is not None:
                assert text.startswith(f"{speaker}: ") or f"[{speaker}]" in text
