"""What a hostile upload costs everyone else: question latency while it is processed.

One process, as in the bot: questions are answered on the event loop every 50 ms (a
steady stream of users) while an admin's upload goes through the same ingest service the
bot uses. Per upload this prints its outcome, how long it took, the question latency
(p50 / p95 / max) during it next to the baseline, and the growth of peak RSS:

    python benchmarks/upload_stall.py

The uploads: 330,000 one-word lines (1.6 MB), a page of 100,000 one-word paragraphs
(1.8 MB of HTML), a 0.5 MB wall of one-word sentences, a feature-length article for
scale, and the largest article the bounds accept (just under 300,000 characters).
"""

from __future__ import annotations

import asyncio
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.services.answers import AnswerService  # noqa: E402
from bot.services.ingest import IngestService, ingest_corpus_if_empty  # noqa: E402
from bot.storage.sqlite import open_storage  # noqa: E402

QUESTION = "what did Putin say"
QUESTION_EVERY = 0.05
WORDS = ["alpha", "beta", "council", "news", "x", "vote", "river", "plan"]


# A feature-length article (40 paragraphs, 120 sentences) for scale.
def feature_paragraph(n: int) -> str:
    return (
        f"The harbour reopened on day {n} of the works, the port authority said on Monday. "
        f"Fishing boats left at dawn while engineers checked section {n} of the sea wall. "
        f'"We are proud of the crews," the harbour master, Ana Ruiz, said of stage {n}.'
    )


FEATURE = [feature_paragraph(n) for n in range(1, 41)]


def uploads() -> dict[str, tuple[str, bytes]]:
    lines = "Title of the flood\n" + "\n".join(WORDS[n % 8] for n in range(330_000))
    page = "".join(f"<p>word {n}.</p>" for n in range(100_000))
    html = f"<html><head><title>Flood</title></head><body><article>{page}</article></body></html>"
    wall = "Wall of text\n\n" + "Word. " * 83_000
    real = ("Harbour reopens after a year of repairs\n\n" + "\n\n".join(FEATURE)).encode()
    largest = "Harbour works, the full record\n\n" + "\n\n".join(
        feature_paragraph(n) for n in range(1, 1_190)
    )
    return {
        "one-word lines": ("lines.txt", lines.encode()),
        "one-word paragraphs (HTML)": ("page.html", html.encode()),
        "wall of one-word sentences": ("wall.txt", wall.encode()),
        "a feature-length article": ("feature.txt", real),
        f"the largest accepted ({len(largest) // 1000} kB)": ("largest.txt", largest.encode()),
    }


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def latencies_while(
    answers: AnswerService, work: Callable[[], Awaitable[object]] | None, seconds: float
) -> tuple[list[float], object, float]:
    """Ask questions until ``work`` is done (or for ``seconds`` without work)."""
    done = asyncio.Event()
    outcome: list[object] = [None]
    took = [0.0]

    async def run() -> None:
        started = time.perf_counter()
        try:
            if work is not None:
                outcome[0] = await work()
            else:
                await asyncio.sleep(seconds)
        finally:
            took[0] = time.perf_counter() - started
            done.set()

    task = asyncio.create_task(run())
    samples: list[float] = []
    while not done.is_set():
        started = time.perf_counter()
        await answers.answer(QUESTION)
        samples.append(time.perf_counter() - started)
        await asyncio.sleep(QUESTION_EVERY)
    await task
    return samples, outcome[0], took[0]


def describe(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return (
        f"p50 {statistics.median(ordered) * 1000:6.1f} ms  p95 {p95 * 1000:7.1f} ms  "
        f"max {ordered[-1] * 1000:7.1f} ms  ({len(ordered)} questions)"
    )


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        storage = await open_storage(Path(folder) / "bench.db")
        try:
            ingest = IngestService(storage)
            await ingest_corpus_if_empty(ingest, storage, REPO / "corpus")
            answers = AnswerService(storage)
            await answers.answer(QUESTION)  # warm caches
            baseline, _, _ = await latencies_while(answers, None, 2.0)
            print(f"{'baseline':<30} {describe(baseline)}")
            for label, (name, data) in uploads().items():
                before = peak_rss_mb()

                async def upload(name: str = name, data: bytes = data) -> object:
                    return await ingest.ingest_bytes(data, name=name)

                samples, result, took = await latencies_while(answers, upload, 0)
                status = getattr(result, "status", "?")
                print(
                    f"{label:<30} {describe(samples)}  upload {took:5.2f} s {status:<8} "
                    f"peak RSS +{peak_rss_mb() - before:.0f} MB"
                )
        finally:
            await storage.close()
    print(f"machine: {sys.version.split()[0]}, questions every {QUESTION_EVERY * 1000:.0f} ms")


if __name__ == "__main__":
    asyncio.run(main())
