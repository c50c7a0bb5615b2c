"""`newsbot summarize ID_OR_PATH... [--sentences N] [--algorithm A] [--json]`."""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli.numbers import whole_number
from bot.ingest.errors import RejectedInput
from bot.nlp.summary_choices import ALGORITHMS, MAX_SENTENCES
from bot.storage.backends import opened_storage

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.nlp.summarize import Passage


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "summarize",
        parents=[common],
        help="summarise stored articles (by id) or text files",
        description="Summarise stored articles by id, or article files without storing them.",
    )
    parser.add_argument("inputs", nargs="+", metavar="ID_OR_PATH")
    parser.add_argument(
        "--sentences", type=whole_number(), metavar="N", help=f"summary length, 1–{MAX_SENTENCES}"
    )
    parser.add_argument(
        "--algorithm", choices=ALGORITHMS, help="default: NEWSBOT_SUMMARY_ALGORITHM"
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per input line")
    parser.set_defaults(handler=run_summarize)


async def run_summarize(args: argparse.Namespace, settings: Settings) -> int:
    # the summariser (sumy, numpy) is loaded by the commands that summarise only
    from bot.services.article_numbers import looks_like_article_number, parse_article_number
    from bot.services.summaries import SummaryService

    algorithm = args.algorithm or settings.summary_algorithm
    length = max(1, min(MAX_SENTENCES, args.sentences or settings.summary_sentences))
    failures = 0
    async with opened_storage(settings.db_path) as storage:
        service = SummaryService(storage, algorithm=algorithm, default_sentences=length)
        for item in args.inputs:
            article_id: int | None = None
            error: str | None = None
            passages: list[Passage] = []
            title = ""
            if looks_like_article_number(item):
                number = parse_article_number(item)
                summary = (
                    await service.summarize(number, sentences=length)
                    if number is not None
                    else None
                )
                if summary is None:
                    error = f"no article {item}"
                else:
                    article_id, title, passages = (
                        summary.header.id,
                        summary.header.title,
                        summary.passages,
                    )
            else:
                try:
                    title, passages = await asyncio.to_thread(
                        _summarize_file, Path(item), length, algorithm, settings.max_upload_bytes
                    )
                except (RejectedInput, OSError) as exc:
                    error = str(exc) if isinstance(exc, RejectedInput) else exc.strerror
            if error:
                failures += 1
            if args.json:
                record: dict[str, object] = {
                    "input": item,
                    "article_id": article_id,
                    "algorithm": algorithm,
                    "sentences": [passage.text for passage in passages],
                    "speakers": [passage.speaker for passage in passages],
                }
                if error:
                    record["error"] = error
                print(json.dumps(record, ensure_ascii=False), flush=True)
            elif error:
                print(f"{item}: {error}")
            else:
                label = f"#{article_id} " if article_id else ""
                print(f"{label}{title}")
                for passage in passages:
                    print(f"  • {passage.text}")
                print()
    return 1 if failures == len(args.inputs) else 0


def _summarize_file(
    path: Path, length: int, algorithm: str, max_bytes: int
) -> tuple[str, list[Passage]]:
    """Read a file as ingestion would (sentences and speakers), without storing it."""
    from bot.ingest.pipeline import parse_document
    from bot.services.ingest import prepare_article
    from bot.services.summaries import choose_sentences, show_sentences

    if not path.is_file():
        raise RejectedInput("no such file (and not an article id)")
    article = parse_document(path.read_bytes(), name=path.name, max_bytes=max_bytes)
    sentences = prepare_article(article).sentences
    chosen = choose_sentences(sentences, title=article.title, length=length, algorithm=algorithm)
    return article.title, show_sentences(sentences, chosen)
