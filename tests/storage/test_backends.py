"""The database setting picks the backend: a path or sqlite:/// is SQLite, postgresql:// is
PostgreSQL; other forms say why not."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from bot.storage.backends import (
    Backend,
    DatabaseSettingError,
    database_location,
    open_storage,
    opened_storage,
)


@pytest.mark.parametrize(
    ("setting", "backend", "target"),
    [
        ("data/newsbot.db", Backend.SQLITE, "data/newsbot.db"),
        ("/srv/newsbot/bot.db", Backend.SQLITE, "/srv/newsbot/bot.db"),
        ("sqlite:///data/newsbot.db", Backend.SQLITE, "data/newsbot.db"),
        ("sqlite:////srv/newsbot/bot.db", Backend.SQLITE, "/srv/newsbot/bot.db"),
        ("SQLite:///bot.db", Backend.SQLITE, "bot.db"),
        ("postgresql://bot:pw@db.local:5432/news", Backend.POSTGRESQL, None),
        ("postgres://db.local/news", Backend.POSTGRESQL, None),
    ],
)
def test_the_form_of_the_setting_names_the_backend(
    setting: str, backend: Backend, target: str | None
) -> None:
    location = database_location(setting)
    assert location.backend is backend
    assert location.target == (target if target is not None else setting)


@pytest.mark.parametrize("setting", ["", "  ", "sqlite:///", "sqlite://", "mysql://db/news"])
def test_settings_nobody_can_open_are_refused_with_the_accepted_forms(setting: str) -> None:
    with pytest.raises(DatabaseSettingError, match=re.escape("sqlite:///data/newsbot.db")):
        database_location(setting)


async def test_a_path_and_its_sqlite_url_open_the_same_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    async with opened_storage(Path("data") / "bot.db") as storage:
        assert await storage.articles.count() == 0
    assert (tmp_path / "data" / "bot.db").is_file()
    async with opened_storage("sqlite:///data/bot.db") as storage:
        assert await storage.articles.count() == 0
    absolute = tmp_path / "elsewhere" / "bot.db"
    async with opened_storage(f"sqlite:///{absolute}") as storage:
        assert await storage.articles.count() == 0
    assert absolute.is_file()
    assert sorted(p.name for p in tmp_path.rglob("*.db")) == ["bot.db", "bot.db"]


async def test_an_unreachable_server_is_named_without_its_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(DatabaseSettingError) as refused:
        await open_storage(f"postgresql://bot:s3cret@127.0.0.1:{port}/news")
    message = str(refused.value)
    assert "Cannot open the PostgreSQL database" in message and f":{port}/news" in message
    assert "s3cret" not in message
    assert list(tmp_path.iterdir()) == []  # no stray SQLite file named after the URL


async def test_a_postgresql_url_opens_postgresql(postgres_url: str) -> None:
    async with opened_storage(postgres_url) as storage:
        assert type(storage).__name__ == "PostgresStorage"
        assert await storage.articles.count() == 0
    async with opened_storage(postgres_url.replace("postgresql://", "postgres://", 1)) as again:
        assert await again.articles.count() == 0
