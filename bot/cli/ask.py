"""`newsbot ask "QUESTION" [--limit N] [--json]`: the bot's answers, from a terminal."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from bot.cli.numbers import whole_number
from bot.qa.limits import MAX_ANSWERS
from bot.storage.backends import opened_storage

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.qa.answer import Answer


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "ask",
        parents=[common],
        help="answer a question from the stored articles",
        description='Answer a question from the stored articles: "what did Putin say?", '
        '"Lachin corridor", "what did the chancellor say last week?".',
    )
    parser.add_argument("question", metavar="QUESTION")
    parser.add_argument(
        "--limit",
        type=whole_number(),
        default=5,
        metavar="N",
        help=f"answers to show, 1–{MAX_ANSWERS}",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object; a quote over several sentences is one answer whose "
        '"sentence" joins them',
    )
    parser.set_defaults(handler=run_ask)


async def run_ask(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services.answers import AnswerService  # loaded by the one command that asks

    async with opened_storage(settings.db_path) as storage:
        service = AnswerService(storage, zone=settings.zone)
        answer = await service.answer(args.question, limit=args.limit)
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False))
    else:
        print(format_answer_text(answer))
    return 0


def format_answer_text(answer: Answer) -> str:
    from bot.qa.compose import item_style, quoted_text

    if not answer.items:
        lines = [answer.message or "Nothing found."]
        if answer.suggestions:
            lines.append(f"Did you mean: {', '.join(answer.suggestions)}?")
        if answer.headlines:
            lines.append("Articles you could read:")
            for headline in answer.headlines:
                published = f"  {headline.published.isoformat()}" if headline.published else ""
                lines.append(f"  #{headline.article_id}  {headline.title}{published}")
        return "\n".join(lines)
    lines = [f"What {answer.speaker} said:"] if answer.kind == "speaker" and answer.speaker else []
    style = item_style(answer.items)
    for number, item in enumerate(answer.items, 1):
        published = item.published.isoformat() if item.published else "undated"
        lead = f"{item.lead_in}: " if item.lead_in else ""
        lines.append(f"{number}. {lead}{quoted_text(item, style)}")
        by = f"{item.who} · " if item.who else ""
        lines.append(f"   — {by}{item.title} ({published}, #{item.article_id})")
    if answer.others:
        lines.append("Others by that name: " + "; ".join(p.label for p in answer.others) + ".")
    return "\n".join(lines)
