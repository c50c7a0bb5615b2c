"""The database setting picks the backend: a path or sqlite:/// is SQLite; others say why not."""

from __future__ import annotations

import re
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


async def test_postgresql_is_refused_clearly_without_repeating_the_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DatabaseSettingError) as refused:
        await open_storage("postgresql://bot:s3cret@db.local:5432/news")
    message = str(refused.value)
    assert "PostgreSQL" in message and "SQLite" in message
    assert "s3cret" not in message
    assert list(tmp_path.iterdir()) == []  # no stray SQLite file named after the URL
