"""Ingestion speed: the BBC set through one `newsbot ingest` process, and where time goes.

    python benchmarks/ingest.py [--eval-dir DIR] [--runs 3]

Prints articles/s end to end (process start-up included) and peak memory of the
ingesting process, then a per-stage breakdown measured in-process.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = REPO.parent / "shared" / "eval"


def end_to_end(folder: Path, runs: int) -> None:
    exe = Path(sys.executable).with_name("newsbot")
    rates = []
    for run in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "bench.db"
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            start = time.perf_counter()
            done = subprocess.run(
                [str(exe), "ingest", "--json", "--db", str(db), str(folder)],
                capture_output=True,
                text=True,
                timeout=600,
                check=True,
            )
            elapsed = time.perf_counter() - start
            peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            lines = [json.loads(line) for line in done.stdout.splitlines()]
            added = sum(1 for line in lines if line["status"] == "added")
            rate = len(lines) / elapsed
            rates.append(rate)
            print(
                f"run {run + 1}: {len(lines)} inputs ({added} added) in {elapsed:.2f} s = "
                f"{rate:.0f} articles/s; peak RSS of the ingest process "
                f"{max(peak_kb, before) / 1024:.0f} MB"
            )
    print(f"median: {statistics.median(rates):.0f} articles/s")


def stages(folder: Path) -> None:
    from bot.ingest.pipeline import parse_document
    from bot.ingest.repair import normalise_for_hash
    from bot.nlp.attribution import attribute_speakers
    from bot.nlp.sentences import split_sentences
    from bot.services.ingest import iter_input_files, prepare_article
    from bot.storage.sqlite import open_storage

    files = list(iter_input_files(folder))
    blobs = [(p.name, p.read_bytes()) for p in files]
    timings = {"parse": 0.0, "sentences": 0.0, "attribution": 0.0, "hash": 0.0}
    parsed = []
    for name, data in blobs:
        t0 = time.perf_counter()
        article = parse_document(data, name=name)
        t1 = time.perf_counter()
        paragraphs = [split_sentences(p) for p in article.paragraphs]
        t2 = time.perf_counter()
        attribute_speakers(paragraphs, title=article.title)
        t3 = time.perf_counter()
        normalise_for_hash(article.paragraphs)
        t4 = time.perf_counter()
        timings["parse"] += t1 - t0
        timings["sentences"] += t2 - t1
        timings["attribution"] += t3 - t2
        timings["hash"] += t4 - t3
        parsed.append(article)
    prepared = [prepare_article(a) for a in parsed]

    async def store() -> float:
        from datetime import UTC, datetime

        with tempfile.TemporaryDirectory() as tmp:
            storage = await open_storage(Path(tmp) / "stages.db")
            start = time.perf_counter()
            for item in prepared:
                await storage.articles.add(
                    item.article,
                    item.sentences,
                    content_hash=item.content_hash,
                    ingested_at=datetime.now(UTC),
                )
            elapsed = time.perf_counter() - start
            await storage.close()
            return elapsed

    timings["storing + FTS5 indexing"] = asyncio.run(store())
    total = sum(timings.values())
    print(f"\nwhere the time goes ({len(files)} articles, in-process, no start-up):")
    for stage, seconds in timings.items():
        print(
            f"  {stage:<26} {seconds * 1000 / len(files):6.2f} ms/article  "
            f"{100 * seconds / total:5.1f} %"
        )
    print(f"  {'total':<26} {total * 1000 / len(files):6.2f} ms/article")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = args.eval_dir / "bbc"
    if not folder.is_dir():
        sys.exit(f"no evaluation folder at {folder}; pass --eval-dir")
    print(f"machine: {Path('/proc/cpuinfo').read_text().count('processor')} cores")
    end_to_end(folder, args.runs)
    stages(folder)


if __name__ == "__main__":
    main()
