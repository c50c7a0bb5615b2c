"""Compare sentence splitters: accuracy on the tricky news cases and speed per BBC article.

Run from anywhere: ``python benchmarks/sentence_splitter.py [--eval-dir DIR]``.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import nupunkt  # noqa: E402
import punkt  # noqa: E402

from bot.nlp.sentences import split_sentences  # noqa: E402
from tests.nlp.tricky_sentences import CASES  # noqa: E402

Splitter = Callable[[str], list[str]]


def _paragraphwise(split: Callable[[str], list[str]]) -> Splitter:
    """Give the raw libraries the same blank-line paragraphs ours splits on, for fairness."""

    def run(text: str) -> list[str]:
        out: list[str] = []
        for block in text.split("\n\n"):
            out.extend(s.strip() for s in split(block) if s.strip())
        return out

    return run


def _articles(eval_dir: Path) -> list[str]:
    files = sorted((eval_dir / "bbc").rglob("*.txt"))
    if not files:
        raise SystemExit(f"no articles under {eval_dir / 'bbc'}; pass --eval-dir")
    return [f.read_text(encoding="utf-8") for f in files]


def _accuracy(split: Splitter) -> tuple[int, int]:
    right = sum(tuple(split(case.text)) == case.expected for case in CASES)
    return right, len(CASES)


def _timings(split: Splitter, articles: list[str]) -> tuple[float, float]:
    split(articles[0])  # load the model outside the measurement
    times = []
    for text in articles:
        start = time.perf_counter()
        split(text)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--eval-dir",
        type=Path,
        default=Path(__file__).resolve().parents[2] / "shared" / "eval",
        help="folder holding bbc/ (default: ../shared/eval next to the repository)",
    )
    args = parser.parse_args()
    articles = _articles(args.eval_dir)
    english = punkt.tokenizer_for("english")
    splitters: dict[str, Splitter] = {
        "nupunkt (raw)": _paragraphwise(nupunkt.sent_tokenize),
        "punkt (raw)": _paragraphwise(english.tokenize),
        "ours": split_sentences,
    }
    print(f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}")
    print(f"{len(CASES)} tricky cases; {len(articles)} articles from {args.eval_dir / 'bbc'}")
    print(f"{'splitter':<16}{'tricky right':>14}{'median ms':>11}{'p95 ms':>9}")
    for name, split in splitters.items():
        right, total = _accuracy(split)
        median, p95 = _timings(split, articles)
        print(f"{name:<16}{f'{right}/{total}':>14}{median:>11.3f}{p95:>9.3f}")


if __name__ == "__main__":
    main()
