from __future__ import annotations

from datetime import date

import pytest

from bot.ingest.errors import RejectedInput
from bot.ingest.markdown import inline_text, parse_markdown
from bot.ingest.pipeline import parse_document

ARTICLE = """# Storm hits the **coast**

*By Jane Doe · 23 November 2023*

CHARLESTON, S.C. (AP) — A storm hit the [coast](https://example.com/coast) on Monday,
cutting power to *thousands* of homes.

## What we know

- Power is out for 48,000 homes.
- Three shelters are open.
  Pets are welcome at one of them.
1. Stay off the roads.
2) Check on your neighbours.

> “We are asking people to be patient,” said Lena Marsh.

| County | Homes without power |
|---|---|
| Charleston | 30,000 |

![Flooded street](flood.jpg)

Crews from three states worked overnight.
"""


def test_markdown_article_structure() -> None:
    article = parse_document(ARTICLE.encode(), name="storm.md")
    assert article.kind == "markdown"
    assert article.title == "Storm hits the coast"
    assert article.byline == "Jane Doe"
    assert article.published == date(2023, 11, 23)
    assert article.dateline == "CHARLESTON, S.C. (AP)"
    assert article.paragraphs == (
        "A storm hit the coast on Monday, cutting power to thousands of homes.",
        "What we know",
        "Power is out for 48,000 homes.",
        "Three shelters are open. Pets are welcome at one of them.",
        "Stay off the roads.",
        "Check on your neighbours.",
        "“We are asking people to be patient,” said Lena Marsh.",
        "County | Homes without power",
        "Charleston | 30,000",
        "Crews from three states worked overnight.",
    )


@pytest.mark.parametrize(
    ("line", "byline", "published"),
    [
        ("*By Jane Doe · 23 November 2023*", "Jane Doe", date(2023, 11, 23)),
        ("**By JANE DOE** | Nov. 23, 2023", "Jane Doe", date(2023, 11, 23)),
        ("_Published 2023-11-23_", None, date(2023, 11, 23)),
        ("By Jane Doe and John Roe", "Jane Doe and John Roe", None),
    ],
)
def test_byline_and_date_line_under_the_title(
    line: str, byline: str | None, published: date | None
) -> None:
    article = parse_markdown(f"# Title\n\n{line}\n\nThe story starts here and goes on.")
    assert (article.byline, article.published) == (byline, published)
    assert article.paragraphs == ("The story starts here and goes on.",)


def test_a_sentence_under_the_title_stays_in_the_body() -> None:
    text = "# Title\n\n*By Tuesday the river had crested.*\n\nMore text follows here."
    article = parse_markdown(text)
    assert article.byline is None
    assert article.paragraphs[0] == "By Tuesday the river had crested."


def test_front_matter_gives_title_date_author_section() -> None:
    text = (
        '---\ntitle: "Council: a new budget"\ndate: 2024-03-05\nauthor: Jane Roe\n'
        "categories: [Politics, Local]\n---\n\nThe council agreed a budget.\n"
    )
    article = parse_markdown(text)
    assert article.title == "Council: a new budget"
    assert (article.published, article.byline, article.section) == (
        date(2024, 3, 5),
        "Jane Roe",
        "Politics",
    )
    assert article.paragraphs == ("The council agreed a budget.",)


def test_setext_heading_and_first_line_title() -> None:
    assert parse_markdown("Budget agreed\n=============\n\nBody text.").title == "Budget agreed"
    article = parse_markdown("Budget agreed\nThe council agreed a budget on Tuesday.")
    assert article.title == "Budget agreed"
    assert article.paragraphs == ("The council agreed a budget on Tuesday.",)


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("**bold** and __strong__ and *em* and _em_", "bold and strong and em and em"),
        ("a [link](http://x.example) and <https://y.example>", "a link and https://y.example"),
        ("snake_case_name and 2*3*4 stay", "snake_case_name and 2*3*4 stay"),
        (r"an \*escaped\* star", "an *escaped* star"),
        ("`code` and ~~gone~~ and ![img](a.png)", "code and gone and"),
        ("line<br>break", "line break"),
    ],
)
def test_inline_markup(markup: str, text: str) -> None:
    assert inline_text(markup) == text


@pytest.mark.parametrize(
    ("text", "reason"),
    [("", "empty"), ("# Only a title", "no body"), ("word " * 100 + "\n\nbody", "title")],
)
def test_markdown_rejections(text: str, reason: str) -> None:
    with pytest.raises(RejectedInput, match=reason):
        parse_document(text.encode() or b" ", name="a.md")


def test_markdown_fetched_by_link_is_read_as_markdown() -> None:
    article = parse_document(
        ARTICLE.encode(), content_type="text/markdown", url="https://example.com/storm"
    )
    assert article.title == "Storm hits the coast"
    assert article.byline == "Jane Doe"
