"""What every command shares: the settings, and the database they name."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.main import main
from tests.conftest import REPO

# Runs one command line through main() in a fresh interpreter, then names every module
# the command loaded: what a user pays for at start-up.
_LOADED_BY = (
    "import sys\n"
    "from bot.cli.main import main\n"
    "try:\n"
    "    main(sys.argv[1:])\n"
    "finally:\n"
    "    print('loaded:', ' '.join(sorted(sys.modules)))\n"
)
# What the commands other than ingest need: answering, feeds, digests, summaries, the
# attribution refresh, the Telegram bot, and the other database backend.
_NOT_FOR_INGEST = {
    "bot.services.answers",
    "bot.services.feeds",
    "bot.services.digests",
    "bot.services.summaries",
    "bot.services.attribution",
    "bot.app",
    "bot.telegram",
    "bot.storage.postgres",
    "asyncpg",
}


def _loaded_by(*argv: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _LOADED_BY, *argv],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=REPO,
    )
    [listing] = [line for line in done.stdout.splitlines() if line.startswith("loaded: ")]
    return done, set(listing.removeprefix("loaded: ").split())


def test_ingest_loads_the_reading_pipeline_and_sqlite_and_no_other_command(
    tmp_path: Path,
) -> None:
    (tmp_path / "empty").mkdir()
    done, loaded = _loaded_by("ingest", str(tmp_path / "empty"), "--db", str(tmp_path / "x.db"))
    assert "0 added, 0 duplicate, 0 rejected" in done.stderr
    assert {"bot.services.ingest", "bot.storage.sqlite", "bot.config"} <= loaded
    assert loaded.isdisjoint(_NOT_FOR_INGEST)


def test_reading_the_archive_loads_no_reading_pipeline(tmp_path: Path) -> None:
    done, loaded = _loaded_by("list", "--db", str(tmp_path / "x.db"))
    assert "no articles yet" in done.stderr
    assert "bot.storage.sqlite" in loaded
    assert loaded.isdisjoint({"bot.services.ingest", "bot.ingest.pipeline", "bot.ingest.html"})


def test_a_postgresql_setting_loads_no_sqlite_backend() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    done, loaded = _loaded_by("list", "--db", f"postgresql://bot@127.0.0.1:{port}/news")
    assert "Cannot open the PostgreSQL database" in done.stderr
    assert "asyncpg" in loaded
    assert loaded.isdisjoint({"bot.storage.sqlite", "aiosqlite", "sqlite3"})


@pytest.mark.parametrize("argv", [["--help"], ["ingest", "--help"], ["show", "abc"]])
def test_help_and_usage_errors_load_neither_settings_nor_a_database(argv: list[str]) -> None:
    done, loaded = _loaded_by(*argv)
    assert "usage: newsbot" in done.stdout + done.stderr
    assert loaded.isdisjoint({"pydantic", "bot.config", "bot.storage.sqlite", "asyncpg"})


@pytest.mark.parametrize("command", [["list"], ["digest", "--due"], ["ask", "peace talks"]])
def test_a_database_setting_that_cannot_be_opened_is_a_clear_error(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = main([*command, "--db", f"postgresql://bot:s3cret@127.0.0.1:{port}/news"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith("newsbot: ") and "Cannot open the PostgreSQL database" in err
    assert "Traceback" not in err and "s3cret" not in err
    assert list(tmp_path.iterdir()) == []
    code = main([*command, "--db", "mysql://bot:s3cret@127.0.0.1/news"])
    err = capsys.readouterr().err
    assert code == 2 and "sqlite:///" in err and "postgresql://" in err


def test_every_command_works_on_postgresql(
    capsys: pytest.CaptureFixture[str], postgres_url: str, sample_path: Path
) -> None:
    assert main(["ingest", str(sample_path), "--json", "--db", postgres_url]) == 0
    added = json.loads(capsys.readouterr().out)
    assert added["status"] == "added"
    assert main(["list", "--json", "--db", postgres_url]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == added["article_id"]
    assert main(["ask", "Lachin corridor", "--json", "--db", postgres_url]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["answers"] and "Lachin" in answer["answers"][0]["sentence"]
    assert main(["delete", str(added["article_id"]), "--db", postgres_url]) == 0
    capsys.readouterr()
    assert main(["list", "--json", "--db", postgres_url]) == 0
    assert capsys.readouterr().out == ""


def test_the_database_setting_comes_from_the_environment_too(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSBOT_DB", f"sqlite:///{tmp_path / 'env.db'}")
    assert main(["list", "--json"]) == 0
    assert capsys.readouterr().out == ""
    assert (tmp_path / "env.db").is_file()
