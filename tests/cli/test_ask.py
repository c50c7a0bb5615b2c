"""`newsbot ask` as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.qa.limits import MAX_ANSWERS


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


@pytest.fixture
def db(capsys: pytest.CaptureFixture[str], tmp_path: Path, sample_path: Path) -> str:
    path = str(tmp_path / "x.db")
    assert main(["ingest", "--db", path, str(sample_path)]) == 0
    capsys.readouterr()
    return path


def test_json_contract(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out = run(capsys, "ask", "--db", db, "--json", "what did Putin say?")
    assert code == 0
    [line] = out.splitlines()
    data = json.loads(line)
    assert set(data) == {"question", "kind", "speaker", "answers"}
    assert data["question"] == "what did Putin say?"
    # Who the answer is about: the person found, with the role the articles give them.
    assert data["kind"] == "speaker" and data["speaker"] == "Vladimir Putin (Russian President)"
    assert len(data["answers"]) == 2
    first, second = data["answers"]
    assert set(first) == {"article_id", "title", "published", "sentence", "speaker", "score"}
    assert first["published"] == "2023-06-29"
    assert first["speaker"] == "Vladimir Putin (Russian President)"
    assert isinstance(first["article_id"], int) and isinstance(first["score"], float)
    # A quote over two sentences is one entry with the sentences joined.
    assert "principal issues" in second["sentence"]
    assert second["sentence"].endswith("to try to resolve the differences.")


def test_json_keyword_question_and_limit(capsys: pytest.CaptureFixture[str], db: str) -> None:
    _, out = run(capsys, "ask", "--db", db, "--json", "--limit", "1", "peace deal Armenia")
    data = json.loads(out)
    assert data["kind"] == "keyword" and data["speaker"] is None
    assert len(data["answers"]) == 1


def test_json_when_nothing_is_found(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out = run(capsys, "ask", "--db", db, "--json", "what did ptuin say")
    data = json.loads(out)
    assert code == 0 and data["answers"] == []
    assert set(data) == {"question", "kind", "speaker", "answers"}


def test_human_output(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out = run(capsys, "ask", "--db", db, "what did Putin say")
    assert code == 0
    assert out.startswith("What Vladimir Putin (Russian President) said:\n1. Earlier this week")
    assert "— Vladimir Putin (Russian President) · US says" in out
    assert "(2023-06-29, #1)" in out and "\n2. " in out


def test_human_output_when_nothing_is_found(capsys: pytest.CaptureFixture[str], db: str) -> None:
    _, out = run(capsys, "ask", "--db", db, "what did ptuin say")
    assert "I found nothing that ptuin said." in out
    assert "Did you mean: putin?" in out
    assert "#1  US says Armenia" in out


def test_help_names_the_most_answers_the_service_gives(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["ask", "--help"])
    assert stop.value.code == 0
    assert f"answers to show, 1–{MAX_ANSWERS}" in capsys.readouterr().out
