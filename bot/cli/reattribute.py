"""`newsbot reattribute`: credit stored articles again with the current attribution rules."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from bot.storage.backends import opened_storage

if TYPE_CHECKING:
    from bot.config import Settings


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "reattribute",
        parents=[common],
        help="credit stored articles again with the current attribution rules",
        description="Work out who says each stored sentence again, for the articles whose "
        "speakers were credited by older rules (the bot also does this in the background "
        "when it starts). Prints how many articles and sentences changed.",
    )
    parser.add_argument("--limit", type=int, default=None, help="at most this many articles")
    parser.add_argument("--json", action="store_true", help="print the counts as one JSON object")
    parser.set_defaults(handler=run_reattribute)


async def run_reattribute(args: argparse.Namespace, settings: Settings) -> int:
    if args.limit is not None and args.limit < 1:
        print("newsbot: --limit must be at least 1", file=sys.stderr)
        return 2
    from bot.services.attribution import AttributionRefresher  # loads the attribution rules

    async with opened_storage(settings.db_path) as storage:
        refresher = AttributionRefresher(storage)
        stale = await refresher.stale()
        total = stale if args.limit is None else min(stale, args.limit)
        show = sys.stderr.isatty() and not args.json and total >= 100
        from tqdm import tqdm  # its import costs more than a short run takes

        with tqdm(total=total, unit="article", disable=not show, file=sys.stderr) as bar:
            report = await refresher.refresh(limit=args.limit, progress=bar.update)
    if args.json:
        print(
            json.dumps(
                {
                    "articles": report.articles,
                    "sentences": report.sentences,
                    "remaining": report.remaining,
                }
            )
        )
    else:
        print(
            f"{report.articles} articles credited again, {report.sentences} sentences changed"
            + (f"; {report.remaining} still to do" if report.remaining else "")
        )
    return 0
