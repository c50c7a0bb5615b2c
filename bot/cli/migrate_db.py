"""`newsbot migrate-db`: copy a SQLite archive into PostgreSQL, resumably."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from bot.storage.backends import Backend, DatabaseSettingError, database_location, masked

if TYPE_CHECKING:
    from bot.config import Settings


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    migrate = commands.add_parser(
        "migrate-db",
        parents=[common],
        help="copy a SQLite database into PostgreSQL",
        description="Copy everything a SQLite database holds (articles with their sentences "
        "and speakers, summaries, chats, subscriptions, the delivery log, feeds) into a "
        "PostgreSQL database, keeping every id. Run it again after an interruption: it "
        "continues where it stopped. The SQLite file is only read.",
    )
    migrate.add_argument("--from", dest="source", required=True, metavar="SQLITE",
                         help="the SQLite database: a path or sqlite:///PATH")  # fmt: skip
    migrate.add_argument("--to", dest="target", required=True, metavar="POSTGRESQL",
                         help="postgresql://USER:PASSWORD@HOST:PORT/DB")  # fmt: skip
    migrate.add_argument("--json", action="store_true", help="print the report as JSON")
    migrate.set_defaults(handler=run_migrate)


async def run_migrate(args: argparse.Namespace, settings: Settings) -> int:
    source = database_location(args.source)
    target = database_location(args.target)
    if source.backend is not Backend.SQLITE or target.backend is not Backend.POSTGRESQL:
        raise DatabaseSettingError(
            "migrate-db copies from SQLite to PostgreSQL: --from sqlite:///PATH (or a path)"
            " --to postgresql://USER:PASSWORD@HOST:PORT/DB"
        )
    # Imported here: only this command needs both backends at once.
    from bot.storage.transfer import TransferError, copy_sqlite_to_postgres

    def progress(done: int, total: int) -> None:
        if not args.json and sys.stderr.isatty():
            print(f"\rarticles: {done}/{total}", end="", file=sys.stderr, flush=True)

    try:
        report = await copy_sqlite_to_postgres(source.target, target.target, progress=progress)
    except TransferError as exc:
        print(f"newsbot: {masked(str(exc), target.target)}", file=sys.stderr)
        return 1
    if not args.json and sys.stderr.isatty():
        print(file=sys.stderr)
    result = {
        "articles": report.articles,
        "articles_already_there": report.articles_before,
        "rows": report.rows,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"copied {report.articles} articles ({report.articles_before} were already there); "
            + ", ".join(f"{table} {n}" for table, n in report.rows.items())
        )
    return 0
