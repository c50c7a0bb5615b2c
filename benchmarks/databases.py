"""Scratch databases for benchmarks: a SQLite file, or a PostgreSQL database on a server
started from the ``pgserver`` wheel (or the server a ``postgresql://`` URL names)."""

from __future__ import annotations

import contextlib
import itertools
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

BACKENDS = ("sqlite", "postgresql")
_NAMES = itertools.count(1)


@contextlib.contextmanager
def postgres_server(folder: Path | None = None) -> Iterator[str]:
    """A PostgreSQL server for the length of a benchmark; yields its admin URL."""
    import pgserver

    with tempfile.TemporaryDirectory() as scratch:
        server = pgserver.get_server(folder or Path(scratch), cleanup_mode="stop")
        try:
            yield server.get_uri()
        finally:
            server.cleanup()


@contextlib.asynccontextmanager
async def fresh_database(server_url: str, *, prefix: str = "bench") -> AsyncIterator[str]:
    """A new, empty database on the server; yields its URL and drops it afterwards."""
    name = f"{prefix}_{next(_NAMES)}"
    admin = await asyncpg.connect(server_url)
    try:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.execute(f"CREATE DATABASE {name}")
    finally:
        await admin.close()
    parts = urlsplit(server_url)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        admin = await asyncpg.connect(server_url)
        try:
            await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        finally:
            await admin.close()


@contextlib.asynccontextmanager
async def scratch_database(backend: str, server_url: str | None = None) -> AsyncIterator[str]:
    """The database setting of an empty database of ``backend``."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield str(Path(folder) / "bench.db")
        return
    if server_url is not None:
        async with fresh_database(server_url) as url:
            yield url
        return
    with postgres_server() as server:
        async with fresh_database(server) as url:
            yield url
