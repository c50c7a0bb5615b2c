"""The one door to the database: the setting (``NEWSBOT_DB`` or ``--db``) chooses the backend.

Every face (the command line, the bot) opens storage here and gets the storage contract
of ``bot/storage/interface.py``, never a backend's own class. The setting is a file path
or a URL, and its form says which backend:

* ``data/newsbot.db`` or ``sqlite:///data/newsbot.db`` (``sqlite:////srv/newsbot.db`` for
  an absolute path, as SQLAlchemy writes them): SQLite, the embedded default;
* ``postgresql://user:password@host:port/database`` (or ``postgres://…``; a Unix socket
  as ``postgresql:///database?host=/run/postgresql``): PostgreSQL, which several bot
  processes can share.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from bot.storage.interface import Storage

_URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<rest>.*)$", re.DOTALL)
ACCEPTED_FORMS = (
    "a file path such as data/newsbot.db, sqlite:///data/newsbot.db, or"
    " postgresql://user:password@host:5432/database"
)


class Backend(StrEnum):
    SQLITE = "sqlite"
    POSTGRESQL = "postgresql"


_SCHEMES = {
    "sqlite": Backend.SQLITE,
    "postgresql": Backend.POSTGRESQL,
    "postgres": Backend.POSTGRESQL,
}


class DatabaseSettingError(ValueError):
    """The database setting names nothing this program can open; the message says why."""


@dataclass(frozen=True, slots=True)
class DatabaseLocation:
    backend: Backend
    target: str  # SQLite: the file path; PostgreSQL: the URL as given


def database_location(setting: str | os.PathLike[str]) -> DatabaseLocation:
    """Which backend the setting names, and where; raises on a form nobody can open."""
    text = os.fspath(setting).strip()
    if not text:
        raise DatabaseSettingError(f"The database setting is empty. Use {ACCEPTED_FORMS}.")
    url = _URL.match(text)
    if url is None:
        return DatabaseLocation(Backend.SQLITE, text)
    scheme = url.group("scheme").lower()
    backend = _SCHEMES.get(scheme)
    if backend is None:
        raise DatabaseSettingError(
            f"The database setting starts with {scheme}://, which newsbot cannot open. "
            f"Use {ACCEPTED_FORMS}."
        )
    if backend is Backend.SQLITE:
        # sqlite:///relative/file.db, sqlite:////absolute/file.db
        path = url.group("rest").removeprefix("/")
        if not path:
            raise DatabaseSettingError(
                f"sqlite:/// needs the database file after it. Use {ACCEPTED_FORMS}."
            )
        return DatabaseLocation(Backend.SQLITE, path)
    return DatabaseLocation(backend, text)


async def open_storage(setting: str | os.PathLike[str]) -> Storage:
    """Open (creating and migrating if needed) the database the setting names."""
    location = database_location(setting)
    # Each backend is imported when it is opened: a command loads only the driver it uses,
    # and one that stops before opening the database (--help, a usage error) loads none.
    if location.backend is Backend.SQLITE:
        from bot.storage.sqlite import open_storage as open_sqlite_storage

        return await open_sqlite_storage(location.target)
    import asyncpg

    from bot.storage.postgres import open_storage as open_postgres_storage

    try:
        return await open_postgres_storage(location.target)
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        reason = str(exc) or type(exc).__name__
        raise DatabaseSettingError(
            f"Cannot open the PostgreSQL database {masked(location.target, location.target)}: "
            f"{masked(reason, location.target)}"
        ) from exc


def masked(text: str, url: str) -> str:
    """``text`` fit to print: the password of the database URL ``url`` masked in it."""
    try:
        password = urlsplit(url).password
    except ValueError:
        return text
    return text.replace(password, "***") if password else text


@contextlib.asynccontextmanager
async def opened_storage(setting: str | os.PathLike[str]) -> AsyncIterator[Storage]:
    """The database open for the length of one command, closed however it ends."""
    storage = await open_storage(setting)
    try:
        yield storage
    finally:
        await storage.close()
