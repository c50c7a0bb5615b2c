"""Do summary sentences stand on their own? Measured on the BBC News Summary set.

For N-sentence summaries (default 3) of every unique article of a split, as the bot
shows them (sentences chosen, quotation marks balanced, speakers named):

- pronoun without antecedent: share of summaries holding a sentence whose first word,
  after any opening quotation marks or brackets, is he, she, it, they, his, her, its,
  their, him, them, this, that, these or those ("It's" and "That's" included), while the
  sentence just before it in the article is not in the summary — unless the summary
  names the referent in brackets right after that word ("He [Vladimir Putin] said"). The
  lede counts too: nothing precedes it. The antecedent is taken to be the previous
  sentence, so a pronoun whose referent is further back counts as resolved when that
  sentence is shown: the measure is a lower bound on what a reader stumbles on.
- unbalanced quotation: share of summaries with an item whose straight double quotes are
  odd in number, or whose “ and ” (or « and ») differ in number.
- bare quotation without speaker: an item that is quotation only, with no lead-in naming
  who says it, and whose speaker (as attribution found it) is named neither in it nor in
  the item before it — or not known at all.
- connective without antecedent: an item opening with "But", "However", "Also", …
  (``bot.nlp.standalone.opening_connective``) while the sentence before it is missing.

Then ROUGE-2 F1 at the reference's length (the eval README's scoring, as in
``benchmarks/summarize.py``) of the default summary as shown against plain sumy TextRank,
and the time per article of choosing and rendering a 3-sentence summary with no cache
(speakers are found once at ingest and stored, so attribution is timed apart). "before"
is the summariser as it was: the earlier weights and features, no regard for sentences
that lean on others, raw sentences shown.

    python benchmarks/summary_standalone.py [--split test|dev] [--sentences N] [--limit N]
    python benchmarks/summary_standalone.py --tune [--limit N]   # dev: penalty grid
"""

from __future__ import annotations

import argparse
import math
import re
import statistics
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from summarize import DEFAULT_EVAL_DIR, Article, load_articles, rouge, scorer, shown_passages

from bot.nlp.attribution import attribute_speakers
from bot.nlp.standalone import (
    CONNECTIVE,
    DEMONSTRATIVE,
    PRONOUN,
    QUOTATION,
    bare_quotation,
    opening_connective,
    speaker_in_view,
)
from bot.nlp.summarize import FEATURES, Passage, summarize

# The measure's own word list, independent of the summariser's rules.
_PRONOUN = re.compile(
    r"""^[\s"“”«»'‘’(\[]*(he|she|it|they|his|her|its|their|him|them|this|that|these|those)\b""",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(r"^[^\s\"“”«»:][^\"“”«»:]{0,80}: (?=[\"“«])")

# The summariser as it was before sentences were judged on standing alone: its weights
# (the two features added since weigh nothing) and no penalty for leaning sentences.
BEFORE_WEIGHTS: Mapping[str, float] = {
    "bias": -5.536,
    "textrank": 2.642,
    "sumbasic": 3.326,
    "textrank_log": 0.163,
    "sumbasic_log": -0.215,
    "luhn": 0.311,
    "first": -0.268,
    "position": -0.385,
    "log_length": 2.144,
    "log_length_sq": -0.484,
    "title": 0.312,
    "digit": -0.016,
    "quote": -0.019,
}
_NO_PENALTIES: Mapping[str, float] = {}

Summariser = Callable[[Article, int], list[Passage]]


def before(article: Article, k: int) -> list[Passage]:
    """The earlier summariser: its own weights, no regard for dependence, raw sentences."""
    weights = {name: BEFORE_WEIGHTS.get(name, 0.0) for name in ("bias", *FEATURES)}
    chosen = summarize(
        article.sentences,
        title=article.title,
        count=k,
        weights=weights,
        dependent_penalties=_NO_PENALTIES,
    )
    return [Passage((i,), article.sentences[i]) for i in chosen]


def default(penalties: Mapping[str, float] | None = None) -> Summariser:
    """The summary the bot shows, with its penalties (or ``penalties``)."""
    return lambda article, k: shown_passages(article, k, penalties=penalties)


def textrank(article: Article, k: int) -> list[Passage]:
    """Plain sumy TextRank, the baseline the default must beat."""
    chosen = summarize(article.sentences, title=article.title, count=k, algorithm="textrank")
    return [Passage((i,), article.sentences[i]) for i in chosen]


def _shown(passages: Sequence[Passage]) -> set[int]:
    return {position for passage in passages for position in passage.positions}


def dangling_pronoun(article: Article, passages: Sequence[Passage]) -> bool:
    """A shown sentence opens with a pronoun whose antecedent sentence is not shown."""
    visible = _shown(passages)
    for passage in passages:
        for offset, position in enumerate(passage.positions):
            match = _PRONOUN.match(article.sentences[position])
            if match is None or position - 1 in visible:
                continue
            named = re.match(
                rf"""^[\s"“”«»'‘’(\[…]*{re.escape(match.group(1))}\S* \[""", passage.text
            )
            if offset == 0 and named:
                continue
            return True
    return False


def unbalanced(passages: Sequence[Passage]) -> bool:
    """Any item whose double quotation marks do not pair up."""
    return any(
        p.text.count('"') % 2
        or p.text.count("“") != p.text.count("”")
        or p.text.count("«") != p.text.count("»")
        for p in passages
    )


def bare_without_speaker(article: Article, passages: Sequence[Passage]) -> bool:
    """Any item of quotation alone whose speaker is named neither in it (a lead-in
    included) nor in the item before it."""
    for index, passage in enumerate(passages):
        if not bare_quotation(passage.text) or _LEAD_IN.match(passage.text):
            continue
        speaker = article.speakers[passage.positions[0]]
        context = [passage.text] + ([passages[index - 1].text] if index else [])
        if speaker is None or not speaker_in_view(speaker, *context):
            return True
    return False


def connective_without_antecedent(article: Article, passages: Sequence[Passage]) -> bool:
    """Any item opening with "But"/"However"-type words while the sentence before is missing."""
    visible = _shown(passages)
    return any(
        opening_connective(article.sentences[p.positions[0]]) and p.positions[0] - 1 not in visible
        for p in passages
    )


@dataclass
class Row:
    name: str
    pronoun: float
    quote: float
    bare: float
    connective: float
    rouge2: float
    ms: list[float]


def measure(
    summarisers: Mapping[str, Summariser], articles: Sequence[Article], count: int
) -> list[Row]:
    """The shares over ``count``-sentence summaries, ROUGE-2 at reference length, and the
    time of each summary; summarisers take turns on each article, so a machine whose load
    changes during the run weighs on all of them alike."""
    rouge_scorer = scorer()
    flags = {
        name: dict.fromkeys(("pronoun", "quote", "bare", "connective"), 0) for name in summarisers
    }
    timings: dict[str, list[float]] = {name: [] for name in summarisers}
    totals = dict.fromkeys(summarisers, 0.0)
    for article in articles:
        for name, summariser in summarisers.items():
            started = time.perf_counter()
            passages = summariser(article, count)
            timings[name].append((time.perf_counter() - started) * 1000)
            found = flags[name]
            found["pronoun"] += dangling_pronoun(article, passages)
            found["quote"] += unbalanced(passages)
            found["bare"] += bare_without_speaker(article, passages)
            found["connective"] += connective_without_antecedent(article, passages)
            long = summariser(article, len(article.references))
            totals[name] += rouge(rouge_scorer, article.references, [p.text for p in long])[
                "rouge2"
            ]
    return [
        Row(
            name,
            **{key: 100 * value / len(articles) for key, value in flags[name].items()},
            rouge2=totals[name] / len(articles),
            ms=timings[name],
        )
        for name in summarisers
    ]


def print_rows(rows: Sequence[Row], baseline: float) -> None:
    """One line per summariser; "-TR" is its ROUGE-2 minus TextRank's."""
    print(
        f"{'':<26} {'pronoun':>8} {'quote':>7} {'bare':>6} {'connect':>8}"
        f" {'R-2':>7} {'-TR':>8} {'ms med':>7} {'ms p95':>7}"
    )
    for row in rows:
        ms = sorted(row.ms)
        p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
        print(
            f"{row.name:<26} {row.pronoun:7.1f}% {row.quote:6.1f}% {row.bare:5.1f}%"
            f" {row.connective:7.1f}% {row.rouge2:7.4f} {row.rouge2 - baseline:+8.4f}"
            f" {statistics.median(ms):7.2f} {p95:7.2f}",
            flush=True,
        )


# Penalties tried by --tune: (pronoun and demonstrative, connective, quotation).
_GRID = (
    (0.0, 0.0, 0.0),
    (0.3, 0.0, 0.0),
    (0.5, 0.0, 0.0),
    (0.7, 0.0, 0.0),
    (0.5, 0.1, 0.1),
    (0.5, 0.2, 0.2),
    (0.5, 0.3, 0.5),
    (0.7, 0.3, 0.5),
    (0.5, 0.5, 0.5),
    (1.0, 1.0, 1.0),
    (math.inf, math.inf, math.inf),
)


def tune(articles: Sequence[Article], count: int) -> None:
    """Each penalty setting on dev: how often sentences dangle, and what ROUGE it costs."""
    (baseline,) = measure({"textrank": textrank}, articles, count)
    print(f"{len(articles)} articles (dev), {count}-sentence summaries")
    print_rows([baseline], baseline.rouge2)
    for reference, connective, quotation in _GRID:
        penalties = {
            PRONOUN: reference,
            DEMONSTRATIVE: reference,
            CONNECTIVE: connective,
            QUOTATION: quotation,
        }
        name = f"penalties {reference:g}/{connective:g}/{quotation:g}"
        print_rows(measure({name: default(penalties)}, articles, count), baseline.rouge2)


def attribution_ms(articles: Sequence[Article]) -> list[float]:
    """What finding the speakers costs per article (once, at ingest)."""
    timings = []
    for article in articles:
        grouped: list[list[str]] = []
        for index, sentence in enumerate(article.sentences):
            if not index or article.paragraphs[index] != article.paragraphs[index - 1]:
                grouped.append([])
            grouped[-1].append(sentence)
        started = time.perf_counter()
        attribute_speakers(grouped, title=article.title)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("test", "dev"), default="test")
    parser.add_argument("--sentences", type=int, default=3)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    parser.add_argument("--tune", action="store_true", help="penalty grid on the dev split")
    args = parser.parse_args(argv)
    if args.tune:
        tune(load_articles(args.eval_dir, "dev", args.limit), args.sentences)
        return 0
    articles = load_articles(args.eval_dir, args.split, args.limit)
    summarisers = {"before": before, "default (as shown)": default(), "textrank": textrank}
    rows = measure(summarisers, articles, args.sentences)
    print(f"{len(articles)} articles ({args.split}), {args.sentences}-sentence summaries")
    print_rows(rows, rows[-1].rouge2)
    print(
        f"speaker attribution (once, at ingest): "
        f"{statistics.median(attribution_ms(articles)):.2f} ms median per article"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
