from __future__ import annotations

import json
from datetime import date

import pytest
from trafilatura.utils import load_html

from bot.ingest.errors import RejectedInput
from bot.ingest.html import _densest_paragraphs, parse_html
from bot.ingest.pipeline import parse_document
from bot.ingest.repair import repair_if_needed

PARAGRAPHS = [
    "The regional transit agency will cut weekend service on three bus lines starting next "
    "month, citing a shortage of drivers that has forced it to cancel hundreds of trips.",
    "Routes 12, 31 and 44 will run every 30 minutes on Saturdays and Sundays instead of "
    "every 15 minutes, which the agency says will make the service more reliable.",
    "The agency has about 1,150 drivers, roughly 140 fewer than it needs. It has raised "
    "starting pay twice in the past year and is offering bonuses to new hires.",
    "“We would rather run a schedule we can keep than promise buses that never come,” "
    "said the general manager, who took over the agency two years ago.",
    "Riders’ groups said the cuts would hurt people who work weekends, many of whom depend "
    "on the bus to get to jobs in hospitals, shops and restaurants.",
    "The board will review ridership figures in the autumn and decide then whether the "
    "weekend timetable should return to its old frequency next year.",
]
TITLE = "Transit agency cuts weekend service on three bus lines"


def page(body: str, head: str = "", title: str = TITLE) -> str:
    nav = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(12))
    return (
        f"<!doctype html><html><head><title>{title} | Metro Daily</title>{head}</head><body>"
        f"<header><nav><ul>{nav}</ul></nav></header><main>{body}</main>"
        "<footer><p>© 2023 Metro Daily. All rights reserved.</p></footer></body></html>"
    )


def paras(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def test_body_split_around_an_advertisement_is_joined() -> None:
    html = page(
        f"<article><h1>{TITLE}</h1>"
        f'<div class="article-body">{paras(PARAGRAPHS[:2])}</div>'
        '<div class="ad-slot"><span>Advertisement</span></div>'
        f'<div class="article-body">{paras(PARAGRAPHS[2:4])}</div>'
        '<div class="newsletter"><p>Get the latest updates right in your inbox</p></div>'
        f'<div class="article-body">{paras(PARAGRAPHS[4:])}</div></article>'
    )
    assert parse_html(html).paragraphs == tuple(PARAGRAPHS)


def test_same_class_far_away_is_not_joined() -> None:
    teaser = "A teaser for another story that happens to use the same container class."
    html = page(
        f'<article><h1>{TITLE}</h1><div class="article-body">{paras(PARAGRAPHS)}</div>'
        "</article>"
        f'<aside><div><div><div><div class="article-body"><p>{teaser}</p></div></div></div>'
        "</div></aside>"
    )
    assert teaser not in parse_html(html).paragraphs


def test_table_is_kept_as_readable_rows() -> None:
    table = (
        "<table><tr><th>Club</th><th>Played</th><th>Points</th></tr>"
        "<tr><td>Harbor City</td><td>14</td><td>33</td></tr>"
        "<tr><td>Westbrook Rovers</td><td>14</td><td>29</td></tr></table>"
    )
    html = page(f"<article><h1>{TITLE}</h1>{paras(PARAGRAPHS[:3])}{table}</article>")
    assert parse_html(html).paragraphs[-3:] == (
        "Club | Played | Points",
        "Harbor City | 14 | 33",
        "Westbrook Rovers | 14 | 29",
    )


def test_layout_table_is_read_as_paragraphs() -> None:
    menu = "<br>".join(f'<a href="/{w}">{w}</a>' for w in ("Home", "News", "Sport", "Letters"))
    body = "<br><br>".join(PARAGRAPHS)
    html = (
        f"<html><head><title>Town Gazette - {TITLE}</title></head><body><table><tr>"
        f"<td>{menu}</td><td><b>{TITLE}</b><br>October 20, 2023 - by George Pratt<br><br>"
        f"{body}</td></tr></table></body></html>"
    )
    article = parse_html(html)
    assert article.paragraphs == tuple(PARAGRAPHS)
    assert article.published == date(2023, 10, 20)
    assert article.byline == "George Pratt"


def test_a_date_printed_with_the_byline_dates_a_page_without_metadata() -> None:
    byline = "<p>By Jane Doe · 2 March 2023</p>"
    body = f"<article><h1>{TITLE}</h1>{byline}{paras(PARAGRAPHS)}</article>"
    article = parse_html(page(body))
    assert article.published == date(2023, 3, 2)
    assert article.byline == "Jane Doe"
    assert article.paragraphs == tuple(PARAGRAPHS)


def test_paragraphs_written_as_divs_count_towards_the_densest_run() -> None:
    """The check that sends a short extraction to the fallbacks sees a story whose
    paragraphs are ``<div>`` elements, not only ``<p>`` ones."""
    story = "".join(f'<div class="absatz">{t}</div>' for t in PARAGRAPHS)
    menu = "".join(f"<div><a href='/{n}'>Section {n}</a></div>" for n in range(30))
    tree = load_html(page(f"<div>{menu}</div><div class='text'>{story}</div>"))
    assert _densest_paragraphs(tree) == sum(len(t) for t in PARAGRAPHS)


def test_a_date_standing_alone_in_the_page_dates_it() -> None:
    """A blog without date metadata prints its post's date on a line of its own."""
    body = (
        f"<article><h1>{TITLE}</h1><div><span>Posted on Thursday, March 2, 2023</span>"
        f"<span>(jd)</span></div>{paras(PARAGRAPHS)}</article>"
        "<aside><p>Next event: 2 March 2031</p></aside>"
    )
    assert parse_html(page(body)).published == date(2023, 3, 2)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("05/29/2007 09:49:00", date(2007, 5, 29)),  # American order
        ("29/05/2007", date(2007, 5, 29)),  # the first number cannot be a month
        ("29.05.2007", date(2007, 5, 29)),
        ("2007-05-29T09:49:00Z", date(2007, 5, 29)),
    ],
)
def test_a_publish_date_meta_tag_in_the_forms_pages_write(content: str, expected: date) -> None:
    head = f'<meta name="publishdate" content="{content}">'
    head += '<meta name="last_updated" content="2015-04-28T11:54:11">'
    assert parse_html(page(f"<article>{paras(PARAGRAPHS)}</article>", head)).published == expected


def test_a_copyright_year_is_not_taken_for_the_date() -> None:
    article = parse_html(page(f"<article>{paras(PARAGRAPHS)}</article>"))
    assert article.published is None


def test_a_table_of_one_column_is_layout_and_its_links_go() -> None:
    sidebar = (
        "<table><tr><td><b>Listen</b></td></tr>"
        '<tr><td><a href="/audio/1">The story read aloud</a></td></tr>'
        '<tr><td><a href="/audio/all">All recordings from this week</a></td></tr></table>'
    )
    html = page(f"<article><h1>{TITLE}</h1>{paras(PARAGRAPHS)}{sidebar}</article>")
    assert parse_html(html).paragraphs == tuple(PARAGRAPHS)


def test_list_items_are_paragraphs_of_their_own() -> None:
    items = ["Drink plenty of water.", "Stay in air-conditioned buildings.", "Check on neighbours."]
    listing = "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
    html = page(f"<article><h1>{TITLE}</h1>{paras(PARAGRAPHS[:3])}{listing}</article>")
    assert parse_html(html).paragraphs[3:] == tuple(items)


def test_structured_data_copy_and_timestamps_are_dropped() -> None:
    copy = " ".join(PARAGRAPHS)
    html = page(
        f'<div itemscope itemtype="http://schema.org/NewsArticle"><h1 itemprop="headline">{TITLE}'
        f'</h1><div itemprop="articleBody">{paras(PARAGRAPHS)}</div><div class="schema">'
        f'<span itemprop="name">{TITLE}</span><div itemprop="datePublished">2023-05-12T12:40:00Z'
        '</div><div itemprop="image">https://cdn.example.com/img/transit-1200x675.jpg</div>'
        f'<div itemprop="description">{copy}</div></div></div>'
    )
    assert parse_html(html).paragraphs == tuple(PARAGRAPHS)


def test_title_repeated_in_the_body_and_teaser_above_the_lede_go() -> None:
    html = page(
        f'<h1>{TITLE}</h1><div class="story-content"><h2>{TITLE}</h2>'
        '<p><strong><a href="/news/other">Passengers face long queues as staff walk out</a>'
        f"</strong></p>{paras(PARAGRAPHS)}"
        "<p><em>Have a tip? Carlos Mendes may be reached at cm@metro.example.</em></p></div>"
    )
    assert parse_html(html).paragraphs == tuple(PARAGRAPHS)


def test_metadata_from_json_ld_wins_over_the_page_title() -> None:
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Metro Daily"},
            {
                "@type": "NewsArticle",
                "headline": TITLE,
                "datePublished": "2023-05-12T12:40:00Z",
                "author": [{"@type": "Person", "name": "Carlos Mendes"}, {"name": "Ana Ruiz"}],
                "articleSection": ["Metro", "Transport"],
            },
        ],
    }
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    article = parse_html(page(f"<article>{paras(PARAGRAPHS)}</article>", head, "Home"))
    assert article.title == TITLE
    assert article.published == date(2023, 5, 12)
    assert article.byline == "Carlos Mendes and Ana Ruiz"
    assert article.section == "Metro"


def test_metadata_from_meta_tags_and_time() -> None:
    head = (
        f'<meta property="og:title" content="{TITLE}">'
        '<meta property="article:section" content="Metro">'
        '<meta name="author" content="By Carlos Mendes">'
    )
    body = f'<article><time datetime="2023-05-12T12:40:00Z">May 12</time>{paras(PARAGRAPHS)}'
    article = parse_html(page(body + "</article>", head, "Metro Daily"))
    assert article.title == TITLE
    assert article.published == date(2023, 5, 12)
    assert article.byline == "Carlos Mendes"
    assert article.section == "Metro"


def test_overlong_titles_are_capped_at_a_word() -> None:
    long_title = "Transit agency " + "cuts weekend service " * 30
    article = parse_html(page(f"<article>{paras(PARAGRAPHS)}</article>", title=long_title))
    assert len(article.title) <= 200
    assert article.title.endswith("…")
    assert article.title.startswith("Transit agency cuts weekend service")


def test_mojibake_is_repaired_in_the_extracted_text() -> None:
    broken = PARAGRAPHS[0].replace("month", "month â€” cafÃ© owners said")
    article = parse_html(page(f"<article>{paras([broken, *PARAGRAPHS[1:]])}</article>"))
    assert "month — café owners said" in article.paragraphs[0]


def test_repair_leaves_clean_text_alone() -> None:
    clean = "Ça coûte 3 € — «très cher», dit-il. Мы говорим по-русски."
    assert repair_if_needed(clean) == clean
    assert repair_if_needed("The cafÃ© reopened") == "The café reopened"


def test_short_extraction_falls_back_to_the_densest_text() -> None:
    # the first container that looks like an article body is a two-line teaser box;
    # the story itself sits in plain divs
    html = page(
        '<div class="article-body"><p>Listen to this story.</p></div>'
        f'<div class="x1"><div class="x2">{paras(PARAGRAPHS)}</div></div>'
    )
    assert parse_html(html).paragraphs[-len(PARAGRAPHS) :] == tuple(PARAGRAPHS)


def test_page_whose_story_is_only_in_json_ld() -> None:
    ld = {"@type": "NewsArticle", "headline": TITLE, "articleBody": "\n".join(PARAGRAPHS)}
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    article = parse_html(page('<div id="app"></div>', head))
    assert article.paragraphs == tuple(PARAGRAPHS)


def test_story_in_a_script_without_spaces_is_kept() -> None:
    japanese = [
        "市立中央図書館は4月から、平日の開館時間を午後9時まで延長すると発表した。",
        "これまでの閉館時間は午後7時だった。延長は1年間の試行で、利用者数を見て決める。",
    ]
    article = parse_html(page(f"<article>{paras(japanese)}</article>", title="図書館"))
    assert article.paragraphs == tuple(japanese)


def test_story_the_extractor_discards_is_still_read() -> None:
    # a story inside an <aside>: the extractor and its fallbacks drop it whole
    article = parse_html(page(f"<aside>{paras(PARAGRAPHS)}</aside>"))
    assert article.paragraphs == tuple(PARAGRAPHS)


def test_page_without_any_story_is_rejected() -> None:
    with pytest.raises(RejectedInput, match="no article text"):
        parse_document(page('<div id="app"></div>').encode(), name="empty.html")


def test_next_story_appended_in_its_own_article_is_not_joined() -> None:
    other = "The next story on the page, loaded below the first one as readers scroll."
    html = page(
        f'<article><h1>{TITLE}</h1><div class="article-body">{paras(PARAGRAPHS)}</div></article>'
        f'<article><h1>Another story</h1><div class="article-body"><p>{other}</p></div></article>'
    )
    assert other not in parse_html(html).paragraphs


def test_code_inside_a_sentence_stays_in_its_paragraph() -> None:
    first = (
        "To build the library, run <code>make install</code> in the top folder, then copy "
        "<code>lib.so</code> next to the program that loads it at start-up."
    )
    second = (
        "The build leaves <code>lib.so</code> and a header behind; the program needs only "
        "<code>lib.so</code> at run time, so the header can stay on the build machine."
    )
    listing = "<pre><code>make install\ncp lib.so /opt/app/</code></pre>"
    html = page(
        f"<article><h1>{TITLE}</h1><p>{first}</p>{listing}<p>{second}</p>"
        f"{paras(PARAGRAPHS[:3])}</article>"
    )
    got = parse_html(html).paragraphs
    assert got[0].startswith("To build the library, run make install in the top folder")
    assert any(p.startswith("The build leaves lib.so and a header behind") for p in got)
    assert not any(p == "lib.so" for p in got)


def test_a_site_name_in_h1_is_not_the_headline() -> None:
    html = (
        "<html><head><title>Night buses return to the harbour line | Travel | Ana Lima"
        "</title></head><body><header><h1>Notes from the workshop</h1></header>"
        f"<article><h2>Night buses return to the harbour line</h2>{paras(PARAGRAPHS)}"
        "</article></body></html>"
    )
    assert parse_html(html).title == "Night buses return to the harbour line"


def test_an_h1_the_title_repeats_stays_the_headline() -> None:
    html = (
        "<html><head><title>Fire | The Springfield Evening Chronicle</title></head><body>"
        f"<article><h1>Fire</h1>{paras(PARAGRAPHS)}</article></body></html>"
    )
    assert parse_html(html).title == "Fire"


def test_a_code_line_shown_again_inside_a_listing_is_kept_twice() -> None:
    line = 'import config from "./settings.js";'
    listing = f"{line}\nconst port = config.port || 8080;\nserve(port);"
    html = page(
        f"<article><h1>{TITLE}</h1>{paras(PARAGRAPHS[:2])}<pre><code>{line}</code></pre>"
        f"{paras(PARAGRAPHS[2:4])}<pre><code>{listing}</code></pre>{paras(PARAGRAPHS[4:])}"
        "</article>"
    )
    got = parse_html(html).paragraphs
    assert got.count(line) == 1
    assert any(p.startswith(line) and p.endswith("serve(port);") for p in got)


def test_a_code_block_that_looks_like_page_furniture_is_kept() -> None:
    html = page(
        f"<article><h1>{TITLE}</h1>{paras(PARAGRAPHS[:3])}"
        "<pre><code>https://api.example.org/v2/stops?route=12</code></pre>"
        f"{paras(PARAGRAPHS[3:])}</article>"
    )
    assert "https://api.example.org/v2/stops?route=12" in parse_html(html).paragraphs


@pytest.mark.parametrize(
    ("page_title", "headline"),
    [
        ("欲張りなイヌ　＜福娘童話集　きょうのイソップ童話＞", "欲張りなイヌ"),
        ("新しい駅舎が完成【市民ニュース】", "新しい駅舎が完成"),
        ("映画『海の駅』が公開", "映画『海の駅』が公開"),  # a quoted work's name is the headline's
    ],
)
def test_east_asian_bracketed_site_name_leaves_the_title(page_title: str, headline: str) -> None:
    story = "".join(f"<p>{'駅の改札が新しくなり、朝の混雑が減った。' * 4}</p>" for _ in range(3))
    html = f"<html><head><title>{page_title}</title></head><body><div>{story}</div></body></html>"
    assert parse_html(html).title == headline
