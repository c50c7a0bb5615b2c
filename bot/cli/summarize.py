"""`newsbot summarize ID_OR_PATH... [--sentences N] [--algorithm A] [--json]`."""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
from typing import Any

from bot.cli.numbers import whole_number
from bot.config import Settings
from bot.ingest.errors import RejectedInput
from bot.ingest.pipeline import parse_document
from bot.nlp.sentences import split_sentences
from bot.nlp.summarize import ALGORITHMS, summarize
from bot.services.article_numbers import looks_like_article_number, parse_article_number
from bot.services.summaries import MAX_SENTENCES, SummaryService
from bot.storage.backends import opened_storage


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
    algorithm = args.algorithm or settings.summary_algorithm
    length = max(1, min(MAX_SENTENCES, args.sentences or settings.summary_sentences))
    failures = 0
    async with opened_storage(settings.db_path) as storage:
        service = SummaryService(storage, algorithm=algorithm, default_sentences=length)
        for item in args.inputs:
            article_id: int | None = None
            error: str | None = None
            sentences: list[str] = []
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
                    article_id, title, sentences = (
                        summary.header.id,
                        summary.header.title,
                        (summary.sentences),
                    )
            else:
                try:
                    title, sentences = await asyncio.to_thread(
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
                    "sentences": sentences,
                }
                if error:
                    record["error"] = error
                print(json.dumps(record, ensure_ascii=False), flush=True)
            elif error:
                print(f"{item}: {error}")
            else:
                label = f"#{article_id} " if article_id else ""
                print(f"{label}{title}")
                for sentence in sentences:
                    print(f"  • {sentence}")
                print()
    return 1 if failures == len(args.inputs) else 0


def _summarize_file(
    path: Path, length: int, algorithm: str, max_bytes: int
) -> tuple[str, list[str]]:
    if not path.is_file():
        raise RejectedInput("no such file (and not an article id)")
    article = parse_document(path.read_bytes(), name=path.name, max_bytes=max_bytes)
    sentences = [s for paragraph in article.paragraphs for s in split_sentences(paragraph)]
    chosen = summarize(sentences, title=article.title, count=length, algorithm=algorithm)
    return article.title, [sentences[i] for i in chosen]
