from __future__ import annotations

from datetime import date

import pytest

from bot.ingest.errors import RejectedInput
from bot.ingest.html import parse_html
from bot.ingest.pipeline import parse_document, parse_text
from bot.ingest.plaintext import parse_plain_text

BBC_STYLE = (
    "wall street cool to ebay's profit\n\n"
    "shares in online auction house ebay fell 9.8% in after-hours trade on wednesday.\n\n"
    "despite seeing net profits rise by 44% to $205.4m (â£110m) during october to december."
)

ARTICLE_HTML = """<!doctype html><html><head><title>Council &amp; mayor agree budget</title>
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-03-05T10:00:00Z"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Council &amp; mayor agree budget</h1>
<p>LONDON (Reuters) - The city council and the mayor agreed a budget on Tuesday after
weeks of talks that had threatened to close libraries across the capital.</p>
<p>"This is a fair deal for every borough," the mayor said at a news conference.</p>
<p>Opposition members said the agreement left too many questions unanswered.</p>
</article><footer>Copyright 2024. All rights reserved.</footer></body></html>"""


def test_plain_text_title_body_and_mojibake() -> None:
    article = parse_text(BBC_STYLE, source="x.txt")
    assert article.title == "wall street cool to ebay's profit"
    assert article.kind == "text"
    assert len(article.paragraphs) == 2
    assert "(£110m)" in article.paragraphs[1]


def test_plain_text_dateline_is_split_off() -> None:
    article = parse_plain_text(
        "Quake hits coast\n\nKYIV, Ukraine (AP) — A strong quake hit the coast on Monday."
    )
    assert article.dateline_place == "KYIV, Ukraine"
    assert article.dateline_agency == "AP"
    assert article.paragraphs == ("A strong quake hit the coast on Monday.",)


def test_markdown_heading_title() -> None:
    article = parse_plain_text("# **Big** story\n\nSome body text here.\n\nMore **text**.")
    assert article.title == "Big story"
    assert article.paragraphs == ("Some body text here.", "More text.")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   \n\n  ", "empty"),
        ("Just a title", "no body"),
        ("word " * 200 + "\n\nbody", "title"),
    ],
)
def test_plain_text_rejections(text: str, reason: str) -> None:
    with pytest.raises(RejectedInput, match=reason):
        parse_text(text)


def test_html_article_extracted() -> None:
    article = parse_html(ARTICLE_HTML, source="page.html")
    assert article.title == "Council & mayor agree budget"
    assert article.byline == "Jane Roe"
    assert article.published == date(2024, 3, 5)
    assert article.dateline_place == "LONDON"
    assert article.dateline_agency == "Reuters"
    assert article.paragraphs[0].startswith("The city council and the mayor agreed")
    assert not any("Copyright" in p or "Home" in p for p in article.paragraphs)
    assert len(article.paragraphs) == 3


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><nav>Home</nav><footer>(c)</footer></body></html>",
        "<html><body><p>Too short.</p>",
        "<<<>>>&&&<html<body",
    ],
    ids=["no-article", "tiny", "malformed"],
)
def test_html_without_article_is_rejected(html: str) -> None:
    with pytest.raises(RejectedInput, match=r"no article|could not be read"):
        parse_document(html.encode(), name="page.html")


def test_malformed_but_readable_html_still_works() -> None:
    broken = ARTICLE_HTML.replace("</p>", "").replace("</article>", "<div><span>")
    article = parse_document(broken.encode(), name="page.htm")
    assert article.title == "Council & mayor agree budget"
    assert "libraries" in article.paragraphs[0]


def test_document_routing_by_suffix_and_sniffing() -> None:
    assert parse_document(BBC_STYLE.encode(), name="a.txt").kind == "text"
    assert parse_document(ARTICLE_HTML.encode(), name="a.txt").kind == "html"
    with pytest.raises(RejectedInput, match=r"\.pdf"):
        parse_document(b"%PDF", name="a.pdf")


def test_scraped_page_is_routed_to_its_parser(sample_text: str) -> None:
    article = parse_document(sample_text.encode(), name="sample.txt")
    assert article.kind == "scraped"
    assert article.title.startswith("US says Armenia and Azerbaijan")
