"""What every command shares: the settings, and the database they name."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.main import main


@pytest.mark.parametrize("command", [["list"], ["digest", "--due"], ["ask", "peace talks"]])
def test_a_database_setting_that_cannot_be_opened_is_a_clear_error(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    code = main([*command, "--db", "postgresql://bot:s3cret@db.local/news"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith("newsbot: ") and "PostgreSQL" in err and "sqlite:///" in err
    assert "Traceback" not in err and "s3cret" not in err
    assert list(tmp_path.iterdir()) == []


def test_the_database_setting_comes_from_the_environment_too(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSBOT_DB", f"sqlite:///{tmp_path / 'env.db'}")
    assert main(["list", "--json"]) == 0
    assert capsys.readouterr().out == ""
    assert (tmp_path / "env.db").is_file()
