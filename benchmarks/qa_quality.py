"""Answer quality on the labelled questions in ``qa_questions.json``.

    python benchmarks/qa_quality.py [--eval-dir DIR] [--verbose] [--backend B]

``--backend sqlite`` (the default), ``postgresql`` (a server started from the pgserver
wheel) or ``both``, which also counts the questions whose first answer differs.

Ingests corpus/ and every article of the BBC test split (the distractors) into a
temporary database, with the BBC category as the section, asks each question through
``AnswerService`` and scores the answer items against the labelled sentences:

* success@1: the first item holds a labelled sentence;
* precision@3: labelled sentences among the first three sentences the answer shows (items
  read in order, a multi-sentence quote counting as its sentences), over
  min(3, labelled sentences), so a question with one right sentence can still score 1;
* item precision@3: the same over the first three items, an item counting as right when
  it holds a labelled sentence (stricter for speakers, whose quotes are grouped).

An item counts as right when one of its sentences is a labelled sentence (same text)
of the same source file. Scores are reported for speaker and keyword questions apart.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import re
import statistics
from datetime import UTC, datetime
from pathlib import Path

from bot.ingest.errors import RejectedInput
from bot.ingest.pipeline import parse_document
from bot.services.answers import AnswerService
from bot.services.ingest import iter_input_files, prepare_article
from bot.storage.backends import opened_storage
from bot.storage.interface import Storage

try:
    from benchmarks.databases import BACKENDS, scratch_database
except ModuleNotFoundError:  # run as a script: benchmarks/ is on the path
    from databases import BACKENDS, scratch_database  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = REPO.parent / "shared" / "eval"
QUESTIONS = Path(__file__).with_name("qa_questions.json")
NOW = datetime(2024, 1, 1, tzinfo=UTC)


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


async def ingest(storage: Storage, eval_dir: Path) -> dict[int, str]:
    """Article id -> source, as the labels name it."""
    sources: list[tuple[Path, str, str | None]] = [
        (path, str(path.relative_to(REPO)), None) for path in iter_input_files(REPO / "corpus")
    ]
    test = eval_dir / "bbc-full" / "test"
    for path in iter_input_files(test):
        category = path.parent.name
        sources.append((path, str(path.relative_to(eval_dir)), category.title()))
    found: dict[int, str] = {}
    for path, label, section in sources:
        try:
            article = parse_document(path.read_bytes(), name=path.name)
        except RejectedInput:
            continue
        if section:
            article = dataclasses.replace(article, section=section)
        prepared = prepare_article(article)
        outcome = await storage.articles.add(
            prepared.article,
            prepared.sentences,
            content_hash=prepared.content_hash,
            ingested_at=NOW,
        )
        found.setdefault(outcome.article_id, label)
    return found


Scores = dict[str, dict[str, float]]


async def evaluate(
    eval_dir: Path, verbose: bool, backend: str = "sqlite"
) -> tuple[Scores, list[tuple[str, ...]]]:
    """The scores per kind of question, and each question's first answer (for comparing
    backends)."""
    questions = json.loads(QUESTIONS.read_text("utf-8"))["questions"]
    firsts: list[tuple[str, ...]] = []
    async with scratch_database(backend) as setting, opened_storage(setting) as storage:
        sources = await ingest(storage, eval_dir)
        service = AnswerService(storage, clock=lambda: NOW)
        scores: dict[str, dict[str, list[float]]] = {}
        for entry in questions:
            labels = {(a["source"], normalised(a["sentence"])) for a in entry["answers"]}
            answer = await service.answer(entry["question"], limit=5)
            firsts.append(
                tuple(
                    f"{sources.get(i.article_id)}: {normalised(i.text)}" for i in answer.items[:1]
                )
            )
            right = [
                any(
                    (sources.get(item.article_id), normalised(s.text)) in labels
                    for s in item.sentences
                )
                for item in answer.items
            ]
            shown = [
                (sources.get(item.article_id), normalised(s.text)) in labels
                for item in answer.items
                for s in item.sentences
            ]
            kind = entry["kind"]
            bucket = scores.setdefault(
                kind, {"success@1": [], "precision@3": [], "item precision@3": []}
            )
            bucket["success@1"].append(float(bool(right) and right[0]))
            bucket["precision@3"].append(sum(shown[:3]) / min(3, len(labels)))
            bucket["item precision@3"].append(sum(right[:3]) / min(3, len(labels)))
            if answer.kind != kind:
                print(f"  ! read as {answer.kind}: {entry['question']!r}")
            if verbose or not (right and right[0]):
                marks = "".join("+" if r else "-" for r in right) or "(none)"
                print(f"{kind:8} {marks:6} {entry['question']}")
                if verbose and answer.items and not right[0]:
                    print(f"           top: {answer.items[0].text[:120]}")
    results = {
        kind: {metric: statistics.fmean(values) for metric, values in metrics.items()}
        | {"questions": float(len(metrics["success@1"]))}
        for kind, metrics in scores.items()
    }
    return results, firsts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--verbose", action="store_true", help="print every question's marks")
    parser.add_argument("--backend", choices=[*BACKENDS, "both"], default="sqlite")
    args = parser.parse_args()
    backends = BACKENDS if args.backend == "both" else (args.backend,)
    firsts: dict[str, list[tuple[str, ...]]] = {}
    for backend in backends:
        print(f"-- {backend}")
        results, firsts[backend] = asyncio.run(evaluate(args.eval_dir, args.verbose, backend))
        for kind, metrics in sorted(results.items()):
            print(
                f"{backend:10} {kind:8} questions={int(metrics['questions'])}  "
                f"success@1={metrics['success@1']:.3f}  "
                f"precision@3={metrics['precision@3']:.3f}  "
                f"item precision@3={metrics['item precision@3']:.3f}"
            )
    if len(firsts) == 2:
        pairs = list(zip(*firsts.values(), strict=True))
        same = sum(left == right for left, right in pairs)
        print(f"same first answer on both backends: {same} of {len(pairs)} questions")


if __name__ == "__main__":
    main()
