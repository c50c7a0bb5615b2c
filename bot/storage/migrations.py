"""Schema versions: numbered SQL files applied in order.

SQLite's are ``migrations/NNNN_*.sql``, tracked by ``PRAGMA user_version``; PostgreSQL's
are ``migrations/postgres/NNNN_*.sql``, tracked in its ``schema_version`` table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations(dialect: str = "sqlite") -> list[Migration]:
    """The migrations of one backend (``sqlite`` or ``postgres``), in version order."""
    folder = resources.files("bot.storage") / "migrations"
    if dialect != "sqlite":
        folder = folder / dialect
    found: list[Migration] = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..N without gaps, found {versions}")
    return found
