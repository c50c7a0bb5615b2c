"""Score the summarizer against the BBC News Summary references.

Compares Lead-k, every plain sumy algorithm and the default blend in one run, on
articles split exactly as the bot splits them (speakers attributed as at ingest), with
summary length k taken from the reference. The default is scored as the bot shows it
(``render_summary``: quotations balanced, speakers named). ``--tune`` refits the default
algorithm's weights on the dev split, then measures its dependent penalties there.

    python benchmarks/summarize.py [--split test|dev] [--limit N] [--eval-dir DIR]
    python benchmarks/summarize.py --tune [--limit N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bot.nlp.attribution import attribute_speakers
from bot.nlp.sentences import split_sentences
from bot.nlp.summarize import (
    ALGORITHMS,
    DEFAULT_WEIGHTS,
    FEATURES,
    Passage,
    render_summary,
    sentence_features,
    summarize,
)

DEFAULT_EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval"
DATA_FILE = "bbc-news-summary.jsonl"
ROUGE_TYPES = ("rouge1", "rouge2", "rougeL", "rougeLsum")


@dataclass(frozen=True)
class Article:
    """One evaluation record, split into sentences the way the bot would."""

    id: str
    title: str
    sentences: list[str]
    references: list[str]
    paragraphs: list[int]  # each sentence's paragraph number
    speakers: list[str | None]  # each sentence's speaker, as ingestion stores it


def load_articles(eval_dir: Path, split: str, limit: int | None) -> list[Article]:
    """Unique records of one split; duplicates would count some articles twice."""
    articles: list[Article] = []
    with (eval_dir / DATA_FILE).open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["split"] != split or record["duplicate_of"]:
                continue
            paragraphs = [
                split_sentences(paragraph)
                for paragraph in record["text"].split("\n\n")
                if paragraph.strip()
            ]
            paragraphs = [paragraph for paragraph in paragraphs if paragraph]
            found = attribute_speakers(paragraphs, title=record["title"])
            articles.append(
                Article(
                    record["id"],
                    record["title"],
                    [sentence for paragraph in paragraphs for sentence in paragraph],
                    record["reference_sentences"],
                    [number for number, paragraph in enumerate(paragraphs) for _ in paragraph],
                    [who.name if who else None for paragraph in found for who in paragraph],
                )
            )
            if limit is not None and len(articles) >= limit:
                break
    return articles


def scorer() -> Any:
    """Imported lazily so --help works without the bench extra installed."""
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)


def rouge(scorer: Any, references: Sequence[str], summary: Sequence[str]) -> dict[str, float]:
    """F1 per ROUGE type; Lsum wants one sentence per line on both sides."""
    flat = scorer.score(" ".join(references), " ".join(summary))
    lsum = scorer.score("\n".join(references), "\n".join(summary))
    scores = {name: flat[name].fmeasure for name in ("rouge1", "rouge2", "rougeL")}
    scores["rougeLsum"] = lsum["rougeLsum"].fmeasure
    return scores


Method = Callable[[Article, int], list[str]]


def shown_passages(
    article: Article, k: int, *, penalties: Mapping[str, float] | None = None
) -> list[Passage]:
    """The default summary as the bot shows it: chosen with context, then rendered."""
    chosen = summarize(
        article.sentences,
        title=article.title,
        count=k,
        paragraphs=article.paragraphs,
        speakers=article.speakers,
        dependent_penalties=penalties,
    )
    return render_summary(
        article.sentences, chosen, paragraphs=article.paragraphs, speakers=article.speakers
    )


def shown(article: Article, k: int) -> list[str]:
    """The default summary's items as text."""
    return [passage.text for passage in shown_passages(article, k)]


def methods() -> dict[str, Method]:
    """Lead-k first, then every plain sumy algorithm, then the default as shown."""
    table: dict[str, Method] = {
        "lead-k": lambda article, k: article.sentences[:k],
    }
    for algorithm in ALGORITHMS[1:]:
        table[algorithm] = lambda article, k, name=algorithm: [
            article.sentences[i]
            for i in summarize(article.sentences, title=article.title, count=k, algorithm=name)
        ]
    table["default"] = shown
    return table


def evaluate(articles: Sequence[Article]) -> None:
    """Print mean F1 and per-article latency for every method."""
    scoring = scorer()
    table = methods()
    totals = {name: {kind: 0.0 for kind in ROUGE_TYPES} for name in table}
    timings: dict[str, list[float]] = {name: [] for name in table}
    for article in articles:
        k = len(article.references)
        for name, method in table.items():
            started = time.perf_counter()
            summary = method(article, k)
            timings[name].append((time.perf_counter() - started) * 1000)
            scores = rouge(scoring, article.references, summary)
            for kind in ROUGE_TYPES:
                totals[name][kind] += scores[kind]
    count = len(articles)
    print(f"{len(articles)} articles")
    header = ("R-1", "R-2", "R-L", "R-Lsum")
    print(f"{'method':<10} " + " ".join(f"{h:>6}" for h in header) + "  ms med  ms p95")
    for name in table:
        means = [totals[name][kind] / count for kind in ROUGE_TYPES]
        ms = sorted(timings[name])
        p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
        print(
            f"{name:<10} {means[0]:6.3f} {means[1]:6.3f} {means[2]:6.3f} {means[3]:6.3f}"
            f" {statistics.median(ms):7.1f} {p95:7.1f}"
        )


def _labelled(
    articles: Sequence[Article],
) -> Iterator[tuple[Article, list[int], np.ndarray, np.ndarray]]:
    """Eligible indices, features and in-reference labels per article."""
    for article in articles:
        references = {reference.strip() for reference in article.references}
        indices, features = sentence_features(article.sentences, title=article.title)
        if not indices:
            continue
        labels = np.array([article.sentences[i].strip() in references for i in indices], float)
        yield article, indices, features, labels


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 25) -> np.ndarray:
    """Newton's method on L2-regularised log loss; column 0 of ``x`` is the bias."""
    weights = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ weights)))
        gradient = x.T @ (p - y) + penalty * weights
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-8:
            break
    return weights


Rows = Sequence[tuple[np.ndarray, np.ndarray, int]]


def precision_at_k(rows: Rows, vector: np.ndarray) -> float:
    """Share of the top-k sentences that are in the reference: a fast proxy for ROUGE."""
    hits = 0.0
    picked = 0
    for features, labels, k in rows:
        scores = features @ vector
        top = np.argpartition(-scores, k - 1)[:k] if k < len(labels) else np.arange(len(labels))
        hits += labels[top].sum()
        picked += k
    return hits / picked


def coordinate_ascent(rows: Rows, start: np.ndarray, sweeps: int = 3) -> np.ndarray:
    """Polish the log-loss fit on the metric that matters: which k sentences win."""
    weights = start.copy()
    best = precision_at_k(rows, weights)
    for sweep in range(sweeps):
        for column in range(len(weights)):
            for factor in (-1.0, -0.5, -0.25, -0.1, 0.1, 0.25, 0.5, 1.0):
                candidate = weights.copy()
                candidate[column] += factor * max(abs(weights[column]), 0.2)
                score = precision_at_k(rows, candidate)
                if score > best + 1e-5:
                    best, weights = score, candidate
        print(f"sweep {sweep + 1}: precision@k {best:.4f}")
    return weights


def tune(articles: Sequence[Article]) -> None:
    """Fit the feature weights on dev: log loss first, then top-k precision."""
    labelled = list(_labelled(articles))
    rows = [
        (features, labels, min(len(article.references), len(labels)))
        for article, _, features, labels in labelled
    ]
    x = np.vstack([features for features, _, _ in rows])
    y = np.concatenate([labels for _, labels, _ in rows])
    print(f"{len(rows)} articles, {len(y)} sentences, {y.mean():.3f} in a reference")
    current = np.array([DEFAULT_WEIGHTS.get(name, 0.0) for name in FEATURES])
    print(f"current weights: precision@k {precision_at_k(rows, current):.4f}")
    fitted = fit_logistic(np.column_stack([np.ones(len(y)), x]), y, l2=1.0)
    print(f"logistic fit: precision@k {precision_at_k(rows, fitted[1:]):.4f}")
    polished = coordinate_ascent(rows, fitted[1:])
    weights = {"bias": round(float(fitted[0]), 3)}
    weights.update(
        {name: round(float(value), 3) for name, value in zip(FEATURES, polished, strict=True)}
    )
    print("DEFAULT_WEIGHTS =", json.dumps(weights, indent=4))
    print("then: benchmarks/summary_standalone.py --tune for DEFAULT_DEPENDENT_PENALTIES")


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("test", "dev"), default="test")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    parser.add_argument("--tune", action="store_true", help="refit the default weights on dev")
    args = parser.parse_args(argv)
    if args.tune:
        tune(load_articles(args.eval_dir, "dev", args.limit))
    else:
        evaluate(load_articles(args.eval_dir, args.split, args.limit))
    return 0


if __name__ == "__main__":
    sys.exit(main())
