"""Real pages checked by snippets: what must be in the body and what must not.

    pip download --no-binary :all: --no-deps trafilatura==1.0.0 && tar xzf trafilatura-1.0.0.tar.gz
    python benchmarks/snippet_checks.py trafilatura-1.0.0/tests [--verbose]

trafilatura's source release 1.0.0 ships 100-odd real pages (news sites, blogs, public
bodies; mostly German, also English and French) under ``tests/cache`` with, in
``tests/realworld_tests.py``, sentences its output must hold (``'…' in result``) and page
furniture it must not (``'…' not in result``). Those checks were written for trafilatura
itself, so they favour it. newsbot's stored text (title and body) is checked against them,
and trafilatura's best setting (``favor_precision``, tables kept) alongside, comments left
out by both (newsbot stores no reader comments, so the checks on comments are missed by
both). The pages are not part of this repository; the same folder serves
``benchmarks/ingest.py --pages DIR/tests/cache`` for speed on full, unlightened pages.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

_LOAD = re.compile(r"load_mock_page\('([^']+)'")
_IN = re.compile(r"'((?:[^'\\]|\\.)*)' in result|\"((?:[^\"\\]|\\.)*)\" in result")
_NOT_IN = re.compile(r"'((?:[^'\\]|\\.)*)' not in result|\"((?:[^\"\\]|\\.)*)\" not in result")


@dataclass(frozen=True)
class Case:
    page: Path
    kept: tuple[str, ...]
    left_out: tuple[str, ...]


def read_cases(tests: Path) -> list[Case]:
    """The ``assert … in result`` lines of realworld_tests.py, by the page they load."""
    source = (tests / "realworld_tests.py").read_text(encoding="utf-8")
    start = source.index("MOCK_PAGES = {") + len("MOCK_PAGES = ")
    pages = ast.literal_eval(source[start : source.index("}", start) + 1])
    cases: list[Case] = []
    url = None
    for line in source.splitlines():
        if found := _LOAD.search(line):
            url = found.group(1)
        if not line.strip().startswith("assert") or url not in pages or "result" not in line:
            continue
        left_out = [a or b for a, b in _NOT_IN.findall(line)]
        kept = [a or b for a, b in _IN.findall(line) if (a or b) not in left_out]
        if kept or left_out:
            cases.append(Case(tests / "cache" / pages[url], tuple(kept), tuple(left_out)))
    return cases


def _plain(text: str) -> str:
    return " ".join(text.replace("\\n", "\n").replace("\\'", "'").split())


def newsbot_text(html: bytes) -> str:
    from bot.ingest.errors import RejectedInput
    from bot.ingest.pipeline import parse_document

    try:
        article = parse_document(html, name="page.html")
    except RejectedInput:
        return ""
    return "\n".join((article.title, *article.paragraphs))


def trafilatura_text(html: bytes) -> str:
    import trafilatura

    text = html.decode("utf-8", errors="replace")
    found = trafilatura.extract(
        text, favor_precision=True, include_tables=True, include_comments=False
    )
    return found or ""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("tests", type=Path, help="the tests/ folder of trafilatura 1.0.0")
    parser.add_argument("--verbose", action="store_true", help="list each failed check")
    args = parser.parse_args()
    cases = read_cases(args.tests)
    systems = {"newsbot": newsbot_text, "trafilatura favor_precision": trafilatura_text}
    totals = {name: [0, 0, 0, 0] for name in systems}
    for case in cases:
        html = case.page.read_bytes()
        for name, extract in systems.items():
            text = _plain(extract(html))
            kept = [_plain(s) in text for s in case.kept]
            clean = [_plain(s) not in text for s in case.left_out]
            total = totals[name]
            total[0] += sum(kept)
            total[1] += len(kept)
            total[2] += sum(clean)
            total[3] += len(clean)
            if args.verbose and name == "newsbot":
                for snippet, ok in zip(case.kept, kept, strict=True):
                    if not ok:
                        print(f"  missing  {case.page.name}: {snippet[:70]}")
                for snippet, ok in zip(case.left_out, clean, strict=True):
                    if not ok:
                        print(f"  kept     {case.page.name}: {snippet[:70]}")
    print(f"{len(cases)} checks over {len({c.page for c in cases})} pages")
    print(f"{'system':<30} {'story kept':>16} {'furniture left out':>20}")
    for name, (kept, wanted, clean, unwanted) in totals.items():
        print(
            f"{name:<30} {kept:>4}/{wanted:<4} {kept / wanted:.3f}"
            f" {clean:>8}/{unwanted:<4} {clean / unwanted:.3f}"
        )


if __name__ == "__main__":
    main()
