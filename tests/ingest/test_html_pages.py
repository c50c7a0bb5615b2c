"""The hand-written page sets (tests/ingest/pages): newsbot's bodies stay close to the expected."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from benchmarks.html_extraction import f1, precision_recall
from bot.ingest.pipeline import parse_document

PAGES = Path(__file__).parent / "pages"


@pytest.mark.parametrize(
    ("split", "pages", "least_f1"),
    [("dev", 40, 0.98), ("heldout", 12, 0.98), ("heldout2", 8, 0.95)],
)
def test_every_page_gives_its_story_and_the_set_scores_high(
    split: str, pages: int, least_f1: float
) -> None:
    scores = []
    for html_path in sorted((PAGES / split).glob("*.html")):
        article = parse_document(html_path.read_bytes(), name=html_path.name)
        body = "\n\n".join(article.paragraphs)
        precision, recall = precision_recall(html_path.with_suffix(".txt").read_text("utf-8"), body)
        assert f1(precision, recall) > 0.8, html_path.name
        scores.append((precision, recall))
    assert len(scores) >= pages
    precision = statistics.mean(p for p, _ in scores)
    recall = statistics.mean(r for _, r in scores)
    assert f1(precision, recall) >= least_f1
