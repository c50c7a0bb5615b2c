"""How much real article text would the web-page cleaning rules remove?

    python benchmarks/body_rules_on_prose.py [--eval-dir DIR] [--show 20]

Runs every paragraph of the BBC News Summary set and of PolNeAR (clean article bodies,
see ../shared/eval/README.md) through the line rules of bot/ingest/body_rules.py, and each
article through the repeat and copy removal, as if they had come out of a web page.
Everything removed from these bodies is either a false alarm or furniture the corpora
kept; the script prints how much, by rule, with examples to judge which.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from bot.ingest.body_rules import (
    Block,
    drop_copies,
    drop_exact_repeats,
    is_byline,
    is_data_line,
    is_furniture,
)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = REPO.parent / "shared" / "eval"
_TOKEN = re.compile(r"\w+")
_LINE_RULES = {"data line": is_data_line, "furniture": is_furniture, "byline": is_byline}


def articles(eval_dir: Path) -> list[list[str]]:
    files = [eval_dir / "bbc-news-summary.jsonl", *sorted((eval_dir / "polnear").glob("*.jsonl"))]
    found = []
    for path in files:
        for line in path.read_text("utf-8").splitlines():
            text = json.loads(line)["text"]
            # PolNeAR marks embedded tweets with a tag of its own: not prose
            paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
            found.append([p for p in paragraphs if not p.startswith("<tweet")])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--show", type=int, default=20, help="examples to print")
    args = parser.parse_args()
    bodies = articles(args.eval_dir)
    total_paragraphs = sum(len(b) for b in bodies)
    total_tokens = sum(len(_TOKEN.findall(p)) for b in bodies for p in b)
    hits: Counter[str] = Counter()
    lost: Counter[str] = Counter()
    examples: list[str] = []
    for body in bodies:
        for paragraph in body:
            for rule, applies in _LINE_RULES.items():
                if applies(paragraph):
                    hits[rule] += 1
                    lost[rule] += len(_TOKEN.findall(paragraph))
                    examples.append(f"{rule}: {paragraph[:100]}")
                    break
        blocks = [Block("p", p) for p in body]
        kept = {id(b) for b in drop_exact_repeats(drop_copies(blocks))}
        for block in blocks:
            if id(block) not in kept:
                hits["copy or repeat"] += 1
                lost["copy or repeat"] += len(_TOKEN.findall(block.text))
    print(f"{len(bodies)} articles, {total_paragraphs} paragraphs, {total_tokens} words")
    for rule in [*_LINE_RULES, "copy or repeat"]:
        print(
            f"  {rule:<15} {hits[rule]:5} paragraphs ({100 * hits[rule] / total_paragraphs:.2f} %),"
            f" {lost[rule]:6} words ({100 * lost[rule] / total_tokens:.3f} %)"
        )
    for example in examples[: args.show]:
        print("   ", example)


if __name__ == "__main__":
    main()
