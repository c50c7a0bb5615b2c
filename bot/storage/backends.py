"""The one door to the database: the setting (``NEWSBOT_DB`` or ``--db``) chooses the backend.

Every face (the command line, the bot) opens storage here and gets the storage contract
of ``bot/storage/interface.py``, never a backend's own class. The setting is a file path
or a URL, and its form says which backend:

* ``data/newsbot.db`` or ``sqlite:///data/newsbot.db`` (``sqlite:////srv/newsbot.db`` for
  an absolute path, as SQLAlchemy writes them): SQLite, the embedded default;
* ``postgresql://…`` (or ``postgres://…``): PostgreSQL, which this version cannot open yet;
  it says so instead of creating a strangely named SQLite file.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from enum import StrEnum

from bot.storage.interface import Storage
from bot.storage.sqlite import open_storage as open_sqlite_storage

_URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<rest>.*)$", re.DOTALL)
ACCEPTED_FORMS = "a file path such as data/newsbot.db, or sqlite:///data/newsbot.db"


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
    if location.backend is Backend.SQLITE:
        return await open_sqlite_storage(location.target)
    # The URL is not repeated: it may hold a password.
    raise DatabaseSettingError(
        "The database setting names a PostgreSQL server, but this version of newsbot "
        f"stores its data in SQLite only. Use {ACCEPTED_FORMS}."
    )


@contextlib.asynccontextmanager
async def opened_storage(setting: str | os.PathLike[str]) -> AsyncIterator[Storage]:
    """The database open for the length of one command, closed however it ends."""
    storage = await open_storage(setting)
    try:
        yield storage
    finally:
        await storage.close()
