"""`newsbot ingest | list | show | delete`."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bot.cli.numbers import INT64_MAX, whole_number
from bot.storage.backends import opened_storage

if TYPE_CHECKING:
    from tqdm import tqdm

    from bot.config import Settings
    from bot.services.ingest import IngestResult
    from bot.storage.records import Article, ArticleHeader, Sentence

_PROGRESS_MIN_INPUTS = 20
# Web pages in one run from which parsing processes pay for their start (measured with
# benchmarks/ingest.py: below this, one process finishes as soon). Plain text is parsed
# faster than it is stored, so processes would not speed it up.
_PROCESSES_MIN_PAGES = 16
_PAGE_SUFFIXES = (".html", ".htm", ".xhtml")


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    ingest = commands.add_parser(
        "ingest",
        parents=[common],
        help="add articles from files, folders or URLs",
        description="Add articles from files, folders (recursively: .txt, .html, .htm, .md) "
        "and URLs. Prints one result per input.",
    )
    ingest.add_argument("inputs", nargs="+", metavar="PATH_OR_URL")
    ingest.add_argument("--json", action="store_true", help="one JSON object per input line")
    ingest.set_defaults(handler=run_ingest)

    listing = commands.add_parser(
        "list", parents=[common], help="list stored articles, newest first"
    )
    listing.add_argument(
        "--limit", type=whole_number(0, 1_000_000), default=50, help="how many (default 50)"
    )
    listing.add_argument(
        "--offset", type=whole_number(0, INT64_MAX), default=0, help=argparse.SUPPRESS
    )
    listing.add_argument("--json", action="store_true", help="one JSON object per article line")
    listing.set_defaults(handler=run_list)

    show = commands.add_parser("show", parents=[common], help="print one article")
    show.add_argument("article_id", type=whole_number(), metavar="ID")
    show.add_argument("--json", action="store_true", help="print the article as one JSON object")
    show.set_defaults(handler=run_show)

    delete = commands.add_parser("delete", parents=[common], help="delete one article")
    delete.add_argument("article_id", type=whole_number(), metavar="ID")
    delete.set_defaults(handler=run_delete)


async def run_ingest(args: argparse.Namespace, settings: Settings) -> int:
    # the reading pipeline is loaded by the command that reads, not by list, show or delete
    from bot.ingest.fetch import is_url
    from bot.services.ingest import (
        IngestService,
        expand_inputs,
        fetcher_for,
        start_parsing_processes,
    )

    inputs = list(expand_inputs(args.inputs))
    counts = {"added": 0, "duplicate": 0, "rejected": 0}
    pages = sum(1 for item in inputs if is_url(item) or item.lower().endswith(_PAGE_SUFFIXES))
    workers = settings.ingest_processes if pages >= _PROCESSES_MIN_PAGES else 0
    # started before the database is opened (see start_parsing_processes)
    parsers = start_parsing_processes(workers) if workers else None
    progress = (
        _progress_bar(len(inputs))
        if sys.stderr.isatty() and len(inputs) >= _PROGRESS_MIN_INPUTS
        else None
    )
    try:
        async with opened_storage(settings.db_path) as storage, fetcher_for(settings) as fetcher:
            service = IngestService(
                storage, max_bytes=settings.max_upload_bytes, fetcher=fetcher, parsers=parsers
            )
            # the processes parse the next inputs while the ones before are stored; several
            # each, so that one slow page at the head of the line leaves none of them idle
            # (two each: 54-57 pages/s on 171 real pages; eight: 60-62)
            results = service.ingest_all(inputs, ahead=8 * workers)
            async with contextlib.aclosing(results):
                async for result in results:
                    counts[result.status] += 1
                    if args.json:
                        print(json.dumps(result.to_json(), ensure_ascii=False), flush=True)
                    elif progress is not None:
                        progress.write(_describe(result), file=sys.stdout)
                    else:
                        print(_describe(result))
                    if progress is not None:
                        progress.update()
    finally:
        if progress is not None:
            progress.close()
        if parsers is not None:
            parsers.shutdown(cancel_futures=True)
    if not args.json:
        print(
            f"{counts['added']} added, {counts['duplicate']} duplicate, "
            f"{counts['rejected']} rejected",
            file=sys.stderr,
        )
    return 1 if inputs and counts["rejected"] == len(inputs) else 0


def _progress_bar(total: int) -> tqdm:
    from tqdm import tqdm  # loaded only for a terminal to show it on

    return tqdm(total=total, unit="file", file=sys.stderr)


def _describe(result: IngestResult) -> str:
    if result.status == "added":
        return f"added      #{result.article_id}  {result.title}  ({result.input})"
    if result.status == "duplicate":
        return f"duplicate  #{result.article_id}  {result.input}: {result.reason}"
    return f"rejected   {result.input}: {result.reason}"


async def run_list(args: argparse.Namespace, settings: Settings) -> int:
    async with opened_storage(settings.db_path) as storage:
        headers = await storage.articles.list_latest(limit=args.limit, offset=args.offset)
    for header in headers:
        if args.json:
            print(json.dumps(header_json(header), ensure_ascii=False))
        else:
            published = header.published.isoformat() if header.published else "          "
            print(f"{header.id:>6}  {published}  {header.title}")
    if not headers and not args.json:
        print("no articles yet: add some with `newsbot ingest PATH_OR_URL`", file=sys.stderr)
    return 0


async def run_show(args: argparse.Namespace, settings: Settings) -> int:
    async with opened_storage(settings.db_path) as storage:
        article = await storage.articles.get(args.article_id)
        sentences = await storage.articles.sentences(args.article_id) if article else []
    if article is None:
        print(f"newsbot: no article {args.article_id}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(article_json(article, sentences), ensure_ascii=False))
    else:
        print(format_article_text(article))
    return 0


async def run_delete(args: argparse.Namespace, settings: Settings) -> int:
    async with opened_storage(settings.db_path) as storage:
        deleted = await storage.articles.delete(args.article_id)
    if not deleted:
        print(f"newsbot: no article {args.article_id}", file=sys.stderr)
        return 1
    print(f"deleted article {args.article_id}")
    return 0


def header_json(header: ArticleHeader) -> dict[str, object]:
    return {
        "id": header.id,
        "title": header.title,
        "published": header.published.isoformat() if header.published else None,
        "section": header.section,
        "ingested_at": header.ingested_at.isoformat(),
    }


def article_json(article: Article, sentences: Sequence[Sentence]) -> dict[str, object]:
    """The ``show --json`` contract: the article, then its stored sentences with speakers."""
    return {
        "id": article.id,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "section": article.section,
        "byline": article.byline,
        "dateline": article.dateline,
        "source": article.source,
        "paragraphs": list(article.paragraphs),
        "sentences": [
            {
                "paragraph": s.paragraph,
                "text": s.text,
                "speaker": s.speaker,
                "speaker_role": s.speaker_role,
                "mode": s.speaker_mode,
            }
            for s in sentences
        ],
    }


def format_article_text(article: Article) -> str:
    meta = [
        part
        for part in (
            article.published.isoformat() if article.published else None,
            article.section,
            f"By {article.byline}" if article.byline else None,
        )
        if part
    ]
    lines = [f"#{article.id}  {article.title}"]
    if meta:
        lines.append(" · ".join(meta))
    lines.append("")
    body = list(article.paragraphs)
    if article.dateline and body:
        body[0] = f"{article.dateline} — {body[0]}"
    lines.append("\n\n".join(body))
    if article.source:
        lines += ["", f"Source: {article.source}"]
    return "\n".join(lines)
