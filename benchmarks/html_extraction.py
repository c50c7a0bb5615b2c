"""Web page bodies: newsbot against trafilatura's settings on the same pages, same run.

    python benchmarks/html_extraction.py [--pages DIR...] [--verbose]

Each page ``NAME.html`` has its hand-written expected body in ``NAME.txt``. A folder may
instead hold one folder per page, ``NAME/source.html`` with ``NAME/expected.html`` (the
layout of Mozilla Readability's test pages): the expected body is then the visible text of
``expected.html``, a paragraph per block, so any such page set kept outside the repository
can be scored the same way. Bodies are
compared as token shingles (4 consecutive ``\\w+`` tokens, counted with repeats): per page
precision and recall, then their means over the pages and the F1 of the two means, the
usual way article-extraction benchmarks score ``articleBody``. Speed is pages per second
in this process (extraction only); ``benchmarks/ingest.py --pages`` times one ``newsbot
ingest`` process over the same folders (start-up, sentences and storing included).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAGES = REPO / "tests" / "ingest" / "pages"
# dev: the rules were written against these; heldout: written afterwards to check them (and
# then used to fix what they showed); heldout2: written last, scored, never used for rules
DEFAULT_PAGES = [PAGES / "dev", PAGES / "heldout", PAGES / "heldout2"]
_TOKEN = re.compile(r"\w+")
_SHINGLE = 4


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    if len(tokens) < _SHINGLE:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + _SHINGLE]) for i in range(len(tokens) - _SHINGLE + 1))


def precision_recall(expected: str, got: str) -> tuple[float, float]:
    want, have = shingles(expected), shingles(got)
    tp = sum((want & have).values())
    fp = sum(have.values()) - tp
    fn = sum(want.values()) - tp
    precision = 1.0 if fp == fn == 0 else (tp / (tp + fp) if tp + fp else 0.0)
    recall = 1.0 if fp == fn == 0 else (tp / (tp + fn) if tp + fn else 0.0)
    return precision, recall


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def newsbot_body(html: bytes, name: str) -> str:
    from bot.ingest.errors import RejectedInput
    from bot.ingest.pipeline import parse_document

    try:
        return "\n\n".join(parse_document(html, name=name).paragraphs)
    except RejectedInput:
        return ""


def trafilatura_body(**settings: bool) -> Callable[[bytes, str], str]:
    import trafilatura

    def extract(html: bytes, name: str) -> str:
        text = html.decode("utf-8", errors="replace")
        return trafilatura.extract(text, include_comments=False, **settings) or ""

    return extract


SYSTEMS: dict[str, Callable[[], Callable[[bytes, str], str]]] = {
    "newsbot": lambda: newsbot_body,
    "trafilatura default": lambda: trafilatura_body(),
    "trafilatura favor_precision": lambda: trafilatura_body(favor_precision=True),
    "trafilatura favor_recall": lambda: trafilatura_body(favor_recall=True),
    "trafilatura no tables": lambda: trafilatura_body(include_tables=False),
    "trafilatura fast (no fallbacks)": lambda: trafilatura_body(fast=True),
    "trafilatura precision + fast": lambda: trafilatura_body(favor_precision=True, fast=True),
}


def load_pages(folder: Path) -> list[tuple[str, bytes, str]]:
    pages = []
    for html_path in sorted(folder.glob("*.html")):
        expected = html_path.with_suffix(".txt").read_text("utf-8")
        pages.append((html_path.name, html_path.read_bytes(), expected))
    for source in sorted(folder.glob("*/source.html")):
        expected_html = source.with_name("expected.html")
        if expected_html.exists():
            name = f"{source.parent.name}.html"
            pages.append((name, source.read_bytes(), visible_text(expected_html.read_bytes())))
    if not pages:
        sys.exit(f"no pages in {folder}")
    return pages


_BLOCKS = frozenset(
    {"p", "div", "section", "article", "main", "header", "footer", "aside", "figure"}
    | {"figcaption", "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "br", "hr", "td", "th"}
)


def visible_text(html: bytes) -> str:
    """The text a reader sees in an HTML fragment, a paragraph per block element."""
    import lxml.html

    root = lxml.html.fromstring(html.decode("utf-8", errors="replace"))
    parts: list[str] = []

    def walk(node: lxml.html.HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else None
        if tag is None or tag in ("script", "style", "noscript", "template"):  # comments too
            parts.append(node.tail or "")
            return
        block = tag in _BLOCKS
        parts.append("\n\n" if block else "")
        parts.append(node.text or "")
        for child in node:
            walk(child)
        parts.append("\n\n" if block else "")
        parts.append(node.tail or "")

    walk(root)
    paragraphs = (" ".join(chunk.split()) for chunk in "".join(parts).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def score(pages: list[tuple[str, bytes, str]], verbose: bool) -> None:
    print(f"{len(pages)} pages; shingles of {_SHINGLE} tokens; mean P and R over pages\n")
    print(f"{'system':<34} {'F1':>6} {'P':>6} {'R':>6} {'pages/s':>8}  worst pages (F1)")
    for label, make in SYSTEMS.items():
        extract = make()
        extract(pages[0][1], pages[0][0])  # warm-up: imports and caches
        start = time.perf_counter()
        outputs = [extract(html, name) for name, html, _ in pages]
        rate = len(pages) / (time.perf_counter() - start)
        per_page = [
            (name, *precision_recall(expected, got))
            for (name, _, expected), got in zip(pages, outputs, strict=True)
        ]
        precision = statistics.mean(p for _, p, _ in per_page)
        recall = statistics.mean(r for _, _, r in per_page)
        worst = sorted(per_page, key=lambda row: f1(row[1], row[2]))[:3]
        worst_text = ", ".join(f"{n.removesuffix('.html')} {f1(p, r):.2f}" for n, p, r in worst)
        print(
            f"{label:<34} {f1(precision, recall):6.3f} {precision:6.3f} {recall:6.3f} "
            f"{rate:8.1f}  {worst_text}"
        )
        if verbose and label == "newsbot":
            for name, p, r in sorted(per_page, key=lambda row: f1(row[1], row[2])):
                if f1(p, r) < 0.999:
                    print(f"    {name:<48} P {p:.3f} R {r:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=Path, nargs="+", default=DEFAULT_PAGES)
    parser.add_argument("--verbose", action="store_true", help="every imperfect newsbot page")
    args = parser.parse_args()
    cpus = Path("/proc/cpuinfo").read_text().count("processor")
    print(f"machine: {cpus} cores, Python {sys.version.split()[0]}")
    for folder in args.pages:
        print(f"\n== {folder.relative_to(REPO) if folder.is_relative_to(REPO) else folder}")
        score(load_pages(folder), args.verbose)


if __name__ == "__main__":
    main()
