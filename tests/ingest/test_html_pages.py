"""The hand-written page set (tests/ingest/pages): newsbot's bodies stay close to the expected."""

from __future__ import annotations

import statistics
from pathlib import Path

from benchmarks.html_extraction import f1, precision_recall
from bot.ingest.pipeline import parse_document

PAGES = Path(__file__).parent / "pages"


def test_every_page_gives_its_story_and_the_set_scores_high() -> None:
    scores = []
    for html_path in sorted(PAGES.glob("*.html")):
        article = parse_document(html_path.read_bytes(), name=html_path.name)
        body = "\n\n".join(article.paragraphs)
        precision, recall = precision_recall(html_path.with_suffix(".txt").read_text("utf-8"), body)
        assert f1(precision, recall) > 0.8, html_path.name
        scores.append((precision, recall))
    assert len(scores) >= 40
    precision = statistics.mean(p for p, _ in scores)
    recall = statistics.mean(r for _, r in scores)
    assert f1(precision, recall) >= 0.98
