"""PostgreSQL beside SQLite on the same 100,000-article archive: questions and ingestion.

    python benchmarks/postgres_scale.py [--size 100000] [--eval-dir DIR] [--rebuild]
                                        [--skip-ask] [--skip-ingest] [--ingest N]

* ask: the archive of ``qa_latency.py`` (the BBC articles replicated under new hashes,
  published dates spread over two years) is built once per backend and cached (SQLite in
  the temp folder as ``qa_latency.py`` makes it; PostgreSQL in a server started from the
  pgserver wheel with its data folder beside it). Every labelled question plus the extra
  ones of ``qa_latency.py`` is asked through ``AnswerService`` (one warm-up pass, then
  ``--passes``); p50/p95 per backend and per kind of question (speaker, keyword, nothing
  found), ``--rounds`` times, with the median of the rounds. CPU time per answer counts
  the asking process and, on PostgreSQL, the server's processes too: on a machine that
  other work keeps busy it is the steadier figure.
* ingest: ``newsbot ingest`` of ``--ingest`` BBC files (parsing, sentences, speakers,
  storing) into a scratch copy of each backend's archive (the archive's size in articles
  already there): one process, then two processes at once on the two halves of the files
  (articles/s over the wall-clock time of both, start-up included), ``--runs`` times each,
  with the median; and CPU time per article, of the ingest processes (start-up, parsing
  and storing) and of the server. Each run starts on a fresh file copy of the archive.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import asyncpg

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from qa_latency import (  # noqa: E402
    CACHE,
    DEFAULT_EVAL,
    EXTRA_QUESTIONS,
    FIRST_DAY,
    NOW,
    QUESTION_FILES,
    build,
    measure_kinds,
    percentile,
    prepare_all,
)

from bot.services.ingest import PreparedArticle, iter_input_files  # noqa: E402
from bot.storage.postgres import open_storage as open_postgres  # noqa: E402
from bot.storage.postgres.articles import store_article  # noqa: E402
from bot.storage.postgres.pool import transaction  # noqa: E402
from bot.storage.postgres.terms import StatisticsChange, record_change  # noqa: E402

PG_FOLDER = CACHE / "postgres"
PG_BATCH = 500


def postgres_server() -> tuple[object, str]:
    """The cached server (its data survives between runs); returns it and its admin URL."""
    import pgserver

    PG_FOLDER.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(PG_FOLDER, cleanup_mode="stop")
    return server, server.get_uri()


def server_cpu_seconds() -> float:
    """CPU time the PostgreSQL server has used so far: the postmaster and its live
    processes, and those that have ended (counted into the postmaster's children)."""
    postmaster = int((PG_FOLDER / "postmaster.pid").read_text().split()[0])
    clock = os.sysconf("SC_CLK_TCK")

    def fields(pid: int) -> list[str]:
        text = Path(f"/proc/{pid}/stat").read_text()
        return text[text.rindex(")") + 2 :].split()

    total = sum(int(v) for v in fields(postmaster)[11:15])  # utime stime cutime cstime
    children = Path(f"/proc/{postmaster}/task/{postmaster}/children").read_text().split()
    for child in children:
        try:
            total += sum(int(v) for v in fields(int(child))[11:13])
        except FileNotFoundError:
            continue  # ended meanwhile: counted with the postmaster's children next time
    return total / clock


def client_and_server_cpu() -> float:
    return time.process_time() + server_cpu_seconds()


def database_url(admin_url: str, name: str) -> str:
    head, _, query = admin_url.partition("?")
    return f"{head.rsplit('/', 1)[0]}/{name}?{query}"


async def database_exists(admin_url: str, name: str) -> bool:
    admin = await asyncpg.connect(admin_url)
    try:
        return bool(await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name))
    finally:
        await admin.close()


async def recreate(admin_url: str, name: str, template: str | None = None) -> str:
    admin = await asyncpg.connect(admin_url)
    try:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        # A file copy: the default strategy writes the whole copy into the WAL, which the
        # server would still be flushing while the copy is measured.
        suffix = f" TEMPLATE {template} STRATEGY FILE_COPY" if template else ""
        await admin.execute(f"CREATE DATABASE {name}{suffix}")
    finally:
        await admin.close()
    return database_url(admin_url, name)


async def build_postgres(url: str, size: int, prepared: list[PreparedArticle]) -> None:
    """The same articles as qa_latency's SQLite build, through the backend's own insert."""
    storage = await open_postgres(url)
    started = time.perf_counter()
    try:
        for start in range(0, size, PG_BATCH):
            change = StatisticsChange()
            async with transaction(storage.pool) as conn:
                for n in range(start, min(size, start + PG_BATCH)):
                    item = prepared[n % len(prepared)]
                    published = FIRST_DAY + timedelta(days=(n * 7919) % 730)
                    stored = await store_article(
                        conn,
                        replace(item.article, published=published, url=None),
                        item.sentences,
                        content_hash=f"{item.content_hash}-{n}",
                        ingested_at=NOW,
                        attribution_version=0,
                    )
                    assert stored.article_id is not None
                    change.add(stored.change)
                await record_change(conn, change)
        await storage.pool.execute("VACUUM ANALYZE")
    finally:
        await storage.close()
    print(f"  built {size:,} articles on PostgreSQL in {time.perf_counter() - started:.0f} s")


def line(label: str, timings: list[float]) -> str:
    return (
        f"{label}: {len(timings)} answers  p50 {percentile(timings, 0.5):.1f} ms"
        f"  p95 {percentile(timings, 0.95):.1f} ms  max {max(timings):.1f} ms"
    )


KINDS = ("speaker", "keyword", "nothing found", "all, CPU time")


async def ask_rounds(
    label: str, setting: str, questions: list[str], args: argparse.Namespace
) -> None:
    """p50/p95 of every kind of question, each round and the median of the rounds."""
    cpu = client_and_server_cpu if label == "postgresql" else time.process_time
    figures: dict[str, list[tuple[float, float]]] = {}
    for round_number in range(1, args.rounds + 1):
        timings, by_kind = await measure_kinds(setting, questions, args.passes, cpu_seconds=cpu)
        by_kind["all"] = timings
        for kind in ("all", *KINDS):
            values = by_kind.get(kind, [])
            if values:
                figures.setdefault(kind, []).append(
                    (percentile(values, 0.5), percentile(values, 0.95))
                )
                print(line(f"  round {round_number} ask {label} {kind}", values), flush=True)
    for kind, pairs in figures.items():
        p50 = statistics.median(p for p, _ in pairs)
        p95 = statistics.median(p for _, p in pairs)
        print(
            f"ask {label:<10} {args.size:,} articles, {kind}: median of {len(pairs)} rounds"
            f"  p50 {p50:.1f} ms  p95 {p95:.1f} ms  (load average {os.getloadavg()[0]:.2f})",
            flush=True,
        )


def ingest_rate(setting: str, groups: list[list[Path]], label: str) -> tuple[float, float, float]:
    """``newsbot ingest`` processes started together, one per group: articles/s overall,
    and CPU milliseconds per article of the processes (start-up and parsing included) and
    of the server (PostgreSQL)."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    server_before = server_cpu_seconds() if label == "postgresql" else 0.0
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bot.cli.main",
                "ingest",
                "--json",
                "--db",
                setting,
                *map(str, files),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=REPO,
        )
        for files in groups
    ]
    added = 0
    for process in processes:
        out, _ = process.communicate(timeout=3600)
        added += sum(json.loads(row)["status"] == "added" for row in out.splitlines())
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    server = server_cpu_seconds() - server_before if label == "postgresql" else 0.0
    return added / elapsed, cpu * 1000 / max(added, 1), server * 1000 / max(added, 1)


async def sqlite_scratch(source: Path, folder: Path) -> str:
    target = folder / "ingest.db"
    subprocess.run(["cp", str(source), str(target)], check=True)
    return str(target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3, help="ask measurements per backend")
    parser.add_argument("--runs", type=int, default=3, help="ingest runs per configuration")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--ingest", type=int, default=600, help="BBC files per ingest run")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--skip-ask", action="store_true")
    parser.add_argument("--skip-ingest", action="store_true")
    args = parser.parse_args()
    backends = set(args.backends.split(","))
    CACHE.mkdir(parents=True, exist_ok=True)
    sqlite_path = CACHE / f"articles-{args.size}.db"
    name = f"articles_{args.size}"
    server, admin = postgres_server()
    try:
        prepared: list[PreparedArticle] | None = None
        if args.rebuild or not sqlite_path.exists():
            prepared = prepare_all(args.eval_dir)
            for leftover in sqlite_path.parent.glob(sqlite_path.name + "*"):
                leftover.unlink()
            build(sqlite_path, args.size, prepared)
        if args.rebuild or not asyncio.run(database_exists(admin, name)):
            prepared = prepared or prepare_all(args.eval_dir)
            url = asyncio.run(recreate(admin, name))
            asyncio.run(build_postgres(url, args.size, prepared))
        postgres_url = database_url(admin, name)
        if not args.skip_ask:
            questions = [
                q["question"]
                for path in QUESTION_FILES
                for q in json.loads(path.read_text("utf-8"))["questions"]
            ]
            questions += EXTRA_QUESTIONS
            for label, setting in (("sqlite", str(sqlite_path)), ("postgresql", postgres_url)):
                if label in backends:
                    asyncio.run(ask_rounds(label, setting, questions, args))
        if not args.skip_ingest:
            files = list(iter_input_files(args.eval_dir / "bbc-full"))[: args.ingest]
            halves = [files[0::2], files[1::2]]
            with tempfile.TemporaryDirectory() as folder:
                for label in (b for b in ("sqlite", "postgresql") if b in backends):
                    for groups in ([files], halves):
                        rates, costs, served = [], [], []
                        processes = f"{len(groups)} process{'es' * (len(groups) > 1)}"
                        for _ in range(args.runs):
                            if label == "sqlite":
                                setting = asyncio.run(sqlite_scratch(sqlite_path, Path(folder)))
                            else:
                                setting = asyncio.run(recreate(admin, "ingest_scratch", name))
                            rate, cost, serving = ingest_rate(setting, groups, label)
                            rates.append(rate)
                            costs.append(cost)
                            served.append(serving)
                            print(
                                f"  ingest {label} {processes}: {rate:.0f} articles/s,"
                                f" CPU per article {cost:.1f} ms ingest + {serving:.1f} ms"
                                f" server (load average {os.getloadavg()[0]:.2f})",
                                flush=True,
                            )
                        print(
                            f"ingest {label:<10} onto {args.size:,} articles, {processes}:"
                            f" median of {len(rates)} runs {statistics.median(rates):.0f}"
                            f" articles/s ({min(rates):.0f}-{max(rates):.0f}), CPU per article"
                            f" {statistics.median(costs):.1f} ms ingest"
                            f" + {statistics.median(served):.1f} ms server"
                            f"  (load average {os.getloadavg()[0]:.2f})",
                            flush=True,
                        )
    finally:
        server.cleanup()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
