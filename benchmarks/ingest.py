"""Ingestion speed: one `newsbot ingest` process over a folder, and where the time goes.

    python benchmarks/ingest.py [--eval-dir DIR] [--runs 3] [--workers 0 2]
    python benchmarks/ingest.py --pages DIR... [--copies 25] [--runs 3] [--workers 0 1 2]

Without ``--pages`` the inputs are the BBC set (``EVAL_DIR/bbc``, plain text). With it,
any folders of pages: ``NAME.html`` (or ``.htm``, ``.txt``, ``.md``) files, or the
``NAME/source.html`` layout of page benchmarks (expected bodies, ``NAME.txt`` beside
``NAME.html`` or ``expected.html``, are left out). Pages are
ingested ``--copies`` times, each copy marked so that none is taken for a duplicate, to
spread the process's start-up over a batch of realistic size.

Printed per run and for each ``--workers`` setting (``NEWSBOT_INGEST_WORKERS``, 0 =
parsing in the ingesting process; the settings take turns so the machine's load weighs
on all alike): inputs per second by the clock, start-up included, and per CPU second of
the process and its parsing processes; peak RSS. For web pages, trafilatura's ``extract``
alone is timed on the same pages in the same run (this process, back to back), and each
rate is given as a ratio to it. Then the start-up alone (an empty ingest) and a per-stage
breakdown measured in this process (no start-up, one thread).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = REPO.parent / "shared" / "eval"
_SUFFIXES = (".html", ".htm", ".txt", ".md")
_HTML = (".html", ".htm")


@dataclass(frozen=True)
class Rate:
    inputs: int
    added: int
    wall: float
    cpu: float
    peak_mb: float

    @property
    def per_second(self) -> float:
        return self.inputs / self.wall

    @property
    def per_cpu_second(self) -> float:
        return self.inputs / self.cpu


def page_files(folders: list[Path]) -> list[tuple[str, bytes]]:
    """(file name, content) of every input in the folders, in a stable order."""
    found = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.name == "expected.html" or path.suffix.lower() not in _SUFFIXES:
                continue
            if path.name.startswith(("_", ".")) or not path.is_file():
                continue
            if path.suffix == ".txt" and path.with_suffix(".html").exists():
                continue  # a page's expected body (benchmarks/html_extraction.py's layout)
            name = f"{path.parent.name}.html" if path.name == "source.html" else path.name
            found.append((name, path.read_bytes()))
    if not found:
        sys.exit(f"no pages in {', '.join(map(str, folders))}")
    return found


def marked_copies(pages: list[tuple[str, bytes]], copies: int) -> list[tuple[str, bytes]]:
    """Each page ``copies`` times; every copy's paragraphs carry a word of their own."""
    out = []
    for copy in range(copies):
        for name, data in pages:
            if copies > 1:
                if name.endswith(_HTML):
                    data = re.sub(rb"(<p[^>]*>)", rb"\1copy%d " % copy, data, flags=re.I)
                else:
                    data = data.replace(b"\n\n", b"\n\ncopy%d " % copy)
            out.append((f"{copy:03d}-{name}", data))
    return out


def run_ingest(folder: Path, workers: int | None) -> Rate:
    exe = Path(sys.executable).with_name("newsbot")
    env = dict(os.environ)
    if workers is not None:
        env["NEWSBOT_INGEST_WORKERS"] = str(workers)
    with tempfile.TemporaryDirectory() as tmp:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            [str(exe), "ingest", "--json", "--db", str(Path(tmp) / "bench.db"), str(folder)],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
            env=env,
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(f"newsbot ingest failed:\n{done.stderr}")
    results = [json.loads(line) for line in done.stdout.splitlines()]
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    added = sum(1 for r in results if r["status"] == "added")
    return Rate(len(results), added, wall, cpu, after.ru_maxrss / 1024)


def trafilatura_alone(pages: list[tuple[str, bytes]]) -> tuple[float, float]:
    """trafilatura's ``extract`` on the same pages: (pages per second, per CPU second)."""
    import trafilatura

    trafilatura.extract(pages[0][1].decode("utf-8", "replace"))  # imports and caches
    start, cpu = time.perf_counter(), time.process_time()
    for _, data in pages:
        trafilatura.extract(data.decode("utf-8", errors="replace"), include_comments=False)
    return len(pages) / (time.perf_counter() - start), len(pages) / (time.process_time() - cpu)


def end_to_end(
    pages: list[tuple[str, bytes]], runs: int, workers: list[int | None], is_html: bool
) -> None:
    label = "pages" if is_html else "articles"
    by_setting: dict[int | None, list[Rate]] = defaultdict(list)
    ratios: dict[int | None, list[float]] = defaultdict(list)
    cpu_ratios: dict[int | None, list[float]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "inputs"
        folder.mkdir()
        for name, data in pages:
            (folder / name).write_bytes(data)
        for run in range(runs):
            order = workers if run % 2 == 0 else workers[::-1]
            traf = trafilatura_alone(pages) if is_html else None
            for setting in order:
                rate = run_ingest(folder, setting)
                by_setting[setting].append(rate)
                line = (
                    f"run {run + 1}, workers {_setting_name(setting)}: {rate.inputs} inputs "
                    f"({rate.added} added) in {rate.wall:.2f} s = {rate.per_second:.1f} {label}/s, "
                    f"{rate.per_cpu_second:.1f} per CPU second; peak RSS {rate.peak_mb:.0f} MB"
                )
                if traf is not None:
                    ratios[setting].append(rate.per_second / traf[0])
                    cpu_ratios[setting].append(rate.per_cpu_second / traf[1])
                    line += f"; trafilatura alone {traf[0]:.1f}/s, {traf[1]:.1f} per CPU s"
                print(line, flush=True)
    print(f"\nmedians over {runs} runs, {len(pages)} {label}, start-up included:")
    for setting in workers:
        rates = by_setting[setting]
        line = (
            f"  workers {_setting_name(setting):>7}: "
            f"{statistics.median(r.per_second for r in rates):6.1f} {label}/s, "
            f"{statistics.median(r.per_cpu_second for r in rates):6.1f} per CPU second"
        )
        if is_html:
            line += (
                f"; × trafilatura alone: {statistics.median(ratios[setting]):.2f} by the clock, "
                f"{statistics.median(cpu_ratios[setting]):.2f} per CPU second"
            )
        print(line)


def _setting_name(setting: int | None) -> str:
    return "default" if setting is None else str(setting)


def start_up(runs: int) -> None:
    """`newsbot ingest` of nothing: the process's own start and stop."""
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty"
        empty.mkdir()
        rates = [run_ingest(empty, None) for _ in range(runs)]
    print(
        f"\nstart-up (an empty ingest, median of {runs}): "
        f"{statistics.median(r.wall for r in rates):.2f} s by the clock, "
        f"{statistics.median(r.cpu for r in rates):.2f} s of CPU"
    )


class StageClock:
    """CPU time spent in chosen functions, by wrapping them where their callers look them up."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)

    def wrap(self, module: Any, name: str, stage: str) -> None:
        original = getattr(module, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                self.spent[stage] += time.process_time() - start

        setattr(module, name, timed)


# The stages of one input, and the functions timed inside each (wrapped where they are called).
_PARTS = {
    "parsing": [
        ("trafilatura.utils", "load_html", "page parsed by lxml"),
        ("bot.ingest.html", "read_page_metadata", "metadata"),
        ("bot.ingest.html", "merge_split_bodies", "split bodies joined"),
        ("bot.ingest.html", "_trafilatura_body", "trafilatura's extraction"),
        ("bot.ingest.html", "_body_blocks", "blocks from its tree"),
        ("bot.ingest.html", "clean_blocks", "cleaning rules"),
        ("bot.ingest.html", "_date_in_page", "date searched in the page"),
    ],
    "sentences, speakers, fingerprint": [
        ("bot.services.ingest", "split_sentences", "sentences"),
        ("bot.services.ingest", "attribute_speakers", "speakers"),
        ("bot.services.ingest", "normalise_for_hash", "duplicate fingerprint"),
    ],
    "storing, FTS5 and spelling index": [
        ("bot.storage.sqlite.search", "spelling_terms_of", "spelling terms (stems)"),
    ],
}


def stages(pages: list[tuple[str, bytes]]) -> None:
    import importlib

    from bot.ingest.errors import RejectedInput
    from bot.ingest.pipeline import parse_document
    from bot.services.ingest import prepare_article
    from bot.storage.sqlite import open_storage

    clock = StageClock()
    for parts in _PARTS.values():
        for module, name, part in parts:
            clock.wrap(importlib.import_module(module), name, part)
    for name, data in pages:  # imports and caches
        try:
            parse_document(data, name=name)
            break
        except RejectedInput:
            continue
    clock.spent.clear()
    totals: dict[str, float] = defaultdict(float)

    async def run() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            storage = await open_storage(Path(tmp) / "stages.db")
            for name, data in pages:
                start = time.process_time()
                try:
                    article = parse_document(data, name=name)
                except RejectedInput:
                    totals["parsing"] += time.process_time() - start
                    continue
                parsed = time.process_time()
                prepared = prepare_article(article)
                ready = time.process_time()
                await storage.articles.add(
                    prepared.article,
                    prepared.sentences,
                    content_hash=prepared.content_hash,
                    ingested_at=datetime.now(UTC),
                )
                totals["parsing"] += parsed - start
                totals["sentences, speakers, fingerprint"] += ready - parsed
                totals["storing, FTS5 and spelling index"] += time.process_time() - ready
            await storage.close()

    asyncio.run(run())
    count = len(pages)
    total = sum(totals.values())
    print(f"\nwhere the time goes ({count} inputs, in this process, CPU time, no start-up):")
    for stage, parts in _PARTS.items():
        share = 100 * totals[stage] / total
        print(f"  {stage:<36} {totals[stage] * 1000 / count:6.2f} ms  {share:5.1f} %")
        for _, _, part in parts:
            if clock.spent.get(part):
                print(f"    {part:<34} {clock.spent[part] * 1000 / count:6.2f} ms")
    print(f"  {'total':<36} {total * 1000 / count:6.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--pages", type=Path, nargs="+", help="folders of pages instead of BBC")
    parser.add_argument("--copies", type=int, default=None, help="times each page is ingested")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--workers",
        type=_workers,
        nargs="+",
        default=[None],
        help="NEWSBOT_INGEST_WORKERS settings to compare (a number, or 'default')",
    )
    args = parser.parse_args()
    if args.pages:
        pages = page_files(args.pages)
    else:
        folder = args.eval_dir / "bbc"
        if not folder.is_dir():
            sys.exit(f"no evaluation folder at {folder}; pass --eval-dir")
        pages = page_files([folder])
    copies = args.copies or (1 if not args.pages else max(1, 200 // len(pages)))
    pages = marked_copies(pages, copies)
    is_html = all(name.endswith(_HTML) for name, _ in pages)
    cores = len(os.sched_getaffinity(0))
    load = os.getloadavg()[0]
    print(f"machine: {cores} cores, Python {sys.version.split()[0]}, load average {load:.1f}")
    print(f"{len(pages)} inputs ({copies} copies of each)")
    end_to_end(pages, args.runs, args.workers, is_html)
    start_up(args.runs)
    stages(pages)


def _workers(value: str) -> int | None:
    return None if value == "default" else int(value)


if __name__ == "__main__":
    main()
