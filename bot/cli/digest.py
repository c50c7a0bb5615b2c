"""`newsbot digest CHAT_ID [--json]` and `newsbot digest --due`: look, never send."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.cli.numbers import whole_number
from bot.storage.backends import opened_storage

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.digest.content import Digest
    from bot.services.digests import DueChat


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "digest",
        parents=[common],
        help="show a chat's digest as it would be now, or list the chats due",
        description="Print what a chat's daily digest would contain now, or (--due) which "
        "chats are due. Nothing is sent and nothing is recorded.",
    )
    parser.add_argument("chat_id", type=whole_number(), nargs="?", metavar="CHAT_ID")
    parser.add_argument("--due", action="store_true", help="list the chats whose digest is due")
    parser.add_argument("--json", action="store_true", help="JSON output")
    parser.set_defaults(handler=run_digest)


async def run_digest(args: argparse.Namespace, settings: Settings) -> int:
    if args.due == (args.chat_id is not None):
        print("newsbot digest: give either a CHAT_ID or --due", file=sys.stderr)
        return 2
    # the summariser (sumy, numpy) is loaded by the commands that summarise only
    from bot.services.digests import DigestService
    from bot.services.summaries import SummaryService

    async with opened_storage(settings.db_path) as storage:
        summaries = SummaryService(
            storage,
            algorithm=settings.summary_algorithm,
            default_sentences=settings.summary_sentences,
        )
        digests = DigestService(storage, summaries, clock=_utc_now, default_zone=settings.timezone)
        if args.due:
            due = await digests.due_chats(catch_up=timedelta(hours=settings.digest_catch_up_hours))
            _print_due(due, as_json=args.json)
            return 0
        content = await digests.preview(args.chat_id)
        subscription = await storage.subscriptions.get(args.chat_id)
    if args.json:
        print(
            json.dumps(content_json(content, subscribed=bool(subscription and subscription.active)))
        )
    else:
        _print_content(content)
    return 0


def content_json(content: Digest, *, subscribed: bool) -> dict[str, object]:
    return {
        "chat_id": content.chat_id,
        "subscribed": subscribed,
        "local_date": content.local_date.isoformat(),
        "since": content.since.isoformat(),
        "until": content.until.isoformat(),
        "articles": [
            {
                "id": item.header.id,
                "title": item.header.title,
                "published": item.header.published.isoformat() if item.header.published else None,
                "ingested_at": item.header.ingested_at.isoformat(),
                "summary": list(item.sentences),
            }
            for item in content.items
        ],
        "more": content.more,
        "messages": _plain_messages(content),
    }


def _print_content(content: Digest) -> None:
    if content.is_empty:
        print(f"chat {content.chat_id}: no new articles since {content.since:%Y-%m-%d %H:%M} UTC")
        return
    for index, text in enumerate(_plain_messages(content)):
        if index:
            print("\n" + "─" * 40 + "\n")
        print(text)


def _plain_messages(content: Digest) -> list[str]:
    """The messages the bot would send, as plain text; the rendering is loaded here, by
    the one command that shows a digest."""
    from bot.telegram.digest_rendering import digest_messages
    from bot.telegram.formatting import strip_html

    return [strip_html(message.text) for message in digest_messages(content)]


def _print_due(due: list[DueChat], *, as_json: bool) -> None:
    for entry in due:
        subscription, decision = entry.subscription, entry.decision
        action = "send" if decision.send else "skip (too late)"
        if as_json:
            record = {
                "chat_id": subscription.chat_id,
                "local_time": subscription.local_time,
                "zone": subscription.zone,
                "local_date": decision.slot.local_date.isoformat(),
                "due_at": decision.slot.due_at.isoformat(),
                "late_seconds": int(decision.lateness.total_seconds()),
                "action": "send" if decision.send else "skip",
            }
            print(json.dumps(record))
        else:
            late = decision.lateness.total_seconds() / 60
            print(
                f"{subscription.chat_id:>15}  {subscription.local_time} {subscription.zone:<20}"
                f"  {decision.slot.local_date}  {late:6.0f} min late  {action}"
            )
    if not due and not as_json:
        print("no chats are due", file=sys.stderr)


def _utc_now() -> datetime:
    return datetime.now(UTC)
