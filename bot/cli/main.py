"""`newsbot` command line: the same services the bot uses, from a terminal."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

# Each command module loads what its command needs when the command runs, so parsing the
# command line here stays cheap and a command pays only for itself.
from bot.cli import articles, ask, digest, feeds, migrate_db, reattribute, run, summarize
from bot.cli.logs import configure_logging
from bot.storage.backends import DatabaseSettingError

if TYPE_CHECKING:
    from pydantic import ValidationError

logger = logging.getLogger("newsbot")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        help="database file, sqlite:///PATH or postgresql://… (overrides NEWSBOT_DB)",
    )
    parser = argparse.ArgumentParser(
        prog="newsbot",
        description="Read news articles, summarise them, answer questions and send digests.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    articles.register(commands, common)
    ask.register(commands, common)
    run.register(commands, common)
    summarize.register(commands, common)
    digest.register(commands, common)
    feeds.register(commands, common)
    reattribute.register(commands, common)
    migrate_db.register(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # the settings' validation (pydantic) is loaded once the command line is known good
    from pydantic import ValidationError

    from bot.config import load_settings

    try:
        settings = load_settings(db_path=args.db)
    except ValidationError as exc:
        print(f"newsbot: invalid settings:\n{_settings_errors(exc)}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, secrets=[settings.telegram_bot_token])
    try:
        return asyncio.run(args.handler(args, settings))
    except DatabaseSettingError as exc:
        print(f"newsbot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`newsbot show 1 | head`): that is not an error of ours.
        # Python would still try to flush stdout on exit and complain, so point it nowhere.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except Exception:
        # Logged rather than left to Python, so the traceback goes through the redaction.
        logger.critical("newsbot %s stopped on an unexpected error", args.command, exc_info=True)
        return 1


def _settings_errors(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"])
        lines.append(f"  {where}: {error['msg']}")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
