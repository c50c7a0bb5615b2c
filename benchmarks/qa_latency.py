"""Question latency as the archive grows: p50/p95 of ``AnswerService.answer``.

    python benchmarks/qa_latency.py [--sizes 10000,100000] [--eval-dir DIR] [--rebuild]

Builds one database per size by replicating the BBC articles (all 2,225) under new
ids and content hashes, with published dates spread over two years: the articles are
parsed and attributed once, and their prepared rows are bulk-inserted through the
schema's own tables and triggers, so a 100,000-article database takes minutes, not
hours. Databases are cached in the temp folder; ``--rebuild`` makes them again.
The spelling index is then filled from the full-text vocabulary by its migration, as
when an existing archive is upgraded. Then every question of ``qa_dev_questions.json``
and ``qa_questions.json`` plus a few misses and scoped questions is asked in one process
(one warm-up pass, then ``--passes`` timed passes), reported together and by kind:
speaker questions, keyword questions and those that find nothing (which cost the
spelling hints and headlines), and as CPU time, which a machine shared with other work
does not inflate; apart from them ``--titles`` article titles, the
questions of ``bot_throughput.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.ingest.errors import RejectedInput
from bot.ingest.pipeline import parse_document
from bot.services.answers import AnswerService
from bot.services.ingest import PreparedArticle, iter_input_files, prepare_article
from bot.storage.backends import opened_storage
from bot.storage.migrations import load_migrations
from bot.storage.sqlite import open_storage
from bot.storage.sqlite.articles import INSERT_SENTENCE, sentence_rows

REPO = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = REPO.parent / "shared" / "eval"
QUESTION_FILES = [
    Path(__file__).with_name("qa_dev_questions.json"),
    Path(__file__).with_name("qa_questions.json"),
]
CACHE = Path(tempfile.gettempdir()) / "newsbot-qa-latency"
NOW = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
FIRST_DAY = date(2023, 1, 1)
BATCH = 2000
EXTRA_QUESTIONS = [
    "what did ptuin say",  # a miss with a spelling hint
    "what happened at the Tiffany store",  # a subject found nowhere
    "what did Blair say",  # a speaker quoted thousands of times
    "what did the prime minister say about the election",
    "government said",  # common words only
    "what did Blair say last week",
    "economy in business",
    "what did Wenger say on 2 March 2024",
    '"" AND NEAR( * text: 😀',
    "x" * 10_000,
]


def prepare_all(eval_dir: Path) -> list[PreparedArticle]:
    prepared = []
    for path in iter_input_files(eval_dir / "bbc-full"):
        try:
            article = parse_document(path.read_bytes(), name=path.name)
            prepared.append(prepare_article(article))
        except RejectedInput:
            continue
    return prepared


async def create_schema(path: Path) -> None:
    storage = await open_storage(path)
    await storage.close()


def build(path: Path, size: int, prepared: list[PreparedArticle]) -> None:
    """Bulk insert ``size`` articles, cycling through the prepared ones."""
    asyncio.run(create_schema(path))
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    ingested = NOW.isoformat(timespec="microseconds")
    started = time.perf_counter()
    for start in range(0, size, BATCH):
        conn.execute("BEGIN")
        for n in range(start, min(size, start + BATCH)):
            item = prepared[n % len(prepared)]
            article = item.article
            published = FIRST_DAY + timedelta(days=(n * 7919) % 730)
            cursor = conn.execute(
                "INSERT INTO articles (title, section, published, source, kind, ingested_at,"
                " content_hash, paragraphs) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article.title,
                    article.section,
                    published.isoformat(),
                    article.source,
                    article.kind,
                    ingested,
                    f"{item.content_hash}-{n}",
                    json.dumps(list(article.paragraphs), ensure_ascii=False),
                ),
            )
            article_id = cursor.lastrowid
            conn.executemany(INSERT_SENTENCE, sentence_rows(article_id, item.sentences))
        conn.execute("COMMIT")
    conn.execute("INSERT INTO sentences_fts (sentences_fts) VALUES ('optimize')")
    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('optimize')")
    # The bulk rows bypassed the repository, which keeps the spelling index: rebuild it by
    # running its migration again over the full archive.
    spelling = next(m for m in load_migrations() if "spelling" in m.name)
    conn.execute("DROP TABLE spelling_variants")
    conn.execute("DROP TABLE spelling_terms")
    conn.execute(f"PRAGMA user_version = {spelling.version - 1}")
    conn.close()
    asyncio.run(create_schema(path))
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA optimize")
    conn.close()
    print(f"  built {size:,} articles in {time.perf_counter() - started:.0f} s")


async def measure(database: Path | str, questions: list[str], passes: int) -> list[float]:
    """Milliseconds per answer; ``database`` is any database setting (a path, a URL)."""
    return (await measure_kinds(database, questions, passes))[0]


async def measure_kinds(
    database: Path | str,
    questions: list[str],
    passes: int,
    *,
    cpu_seconds: Callable[[], float] = time.process_time,
) -> tuple[list[float], dict[str, list[float]]]:
    """All timings, and the same by kind of question (speaker, keyword, nothing found);
    ``cpu_seconds`` says what CPU time an answer is charged (this process's by default)."""
    async with opened_storage(database) as storage:
        service = AnswerService(storage, clock=lambda: NOW)
        kinds = {}
        for question in questions:  # warm-up: page cache, statement cache
            answer = await service.answer(question)
            kinds[question] = answer.kind if answer.items else "nothing found"
        timings = []
        by_kind: dict[str, list[float]] = {}
        for _ in range(passes):
            for question in questions:
                started, cpu = time.perf_counter(), cpu_seconds()
                await service.answer(question)
                elapsed = (time.perf_counter() - started) * 1000
                timings.append(elapsed)
                by_kind.setdefault(kinds[question], []).append(elapsed)
                # CPU time of the process (its database thread included): what the answer
                # costs, apart from waiting for cores other programs hold.
                by_kind.setdefault("all, CPU time", []).append((cpu_seconds() - cpu) * 1000)
        return timings, by_kind


def sample_titles(path: Path, count: int) -> list[str]:
    """Titles spread over the whole archive, distinct, in a fixed order."""
    conn = sqlite3.connect(path)
    try:
        total = conn.execute("SELECT max(id) FROM articles").fetchone()[0] or 0
        step = max(1, total // max(count, 1))
        rows = conn.execute(
            "SELECT DISTINCT title FROM articles WHERE id % ? = 0 LIMIT ?", (step, count)
        ).fetchall()
    finally:
        conn.close()
    return [str(r[0]) for r in rows]


def report(label: str, timings: list[float]) -> None:
    print(
        f"{label}: {len(timings)} answers  p50 {statistics.median(timings):.1f} ms"
        f"  p95 {percentile(timings, 0.95):.1f} ms  max {max(timings):.1f} ms"
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated article counts")
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--titles", type=int, default=100, help="title questions per size")
    parser.add_argument("--rebuild", action="store_true", help="ignore cached databases")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    questions = [
        q["question"]
        for path in QUESTION_FILES
        for q in json.loads(path.read_text("utf-8"))["questions"]
    ]
    questions += EXTRA_QUESTIONS
    CACHE.mkdir(parents=True, exist_ok=True)
    prepared: list[PreparedArticle] | None = None
    for size in sizes:
        # The schema version in the name: a cached database of an older schema is rebuilt.
        path = CACHE / f"articles-{size}-v{len(load_migrations())}.db"
        if args.rebuild or not path.exists():
            for leftover in path.parent.glob(path.name + "*"):
                leftover.unlink()
            if prepared is None:
                started = time.perf_counter()
                prepared = prepare_all(args.eval_dir)
                elapsed = time.perf_counter() - started
                print(f"prepared {len(prepared):,} articles in {elapsed:.0f} s")
            build(path, size, prepared)
        timings, by_kind = asyncio.run(measure_kinds(path, questions, args.passes))
        report(f"{size:>7,} articles", timings)
        for kind, values in sorted(by_kind.items()):
            report(f"{size:>7,} articles, {kind}", values)
        if args.titles > 0:
            titles = sample_titles(path, args.titles)
            report(f"{size:>7,} articles, titles", asyncio.run(measure(path, titles, args.passes)))


if __name__ == "__main__":
    main()
