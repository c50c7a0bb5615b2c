from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.ingest.pipeline import parse_text
from bot.ingest.scraped import looks_like_scraped_page, parse_scraped_page

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "us-armenia-azerbaijan-peace-talks.txt"
NBSP = "\u00a0"

# --- the real page ------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def test_sample_metadata(sample_text: str) -> None:
    article = parse_scraped_page(sample_text, source="sample.txt")
    assert article.title == (
        "US says Armenia and Azerbaijan have made ‘further progress’ toward a peace deal"
    )
    assert article.published == date(2023, 6, 29)
    assert article.section == "Washington News"
    assert article.byline == "Matthew Lee"
    assert article.dateline_place == "WASHINGTON"
    assert article.dateline_agency == "AP"
    assert article.dateline == "WASHINGTON (AP)"
    assert article.kind == "scraped"
    assert article.source == "sample.txt"


def test_sample_body_is_the_story_only(sample_text: str) -> None:
    paragraphs = parse_scraped_page(sample_text).paragraphs
    assert len(paragraphs) == 9
    assert paragraphs[0].startswith(
        "Secretary of State Antony Blinken says Armenia and Azerbaijan have made "
        "“further progress” toward a peace agreement in three days"
    )
    assert paragraphs[1].startswith("Wrapping up discussions between Armenian")
    assert paragraphs[2].startswith("“I appreciate further progress")
    assert paragraphs[3].startswith("“We look forward to continuing this process")
    assert paragraphs[4].startswith("Neither Mirzoyan nor Bayramov spoke")
    assert paragraphs[5].startswith("Earlier this week, Russian President Vladimir Putin")
    assert paragraphs[6].startswith("Aliyev and Pashinyan, taking part")
    assert paragraphs[7].startswith("Armenia and Azerbaijan fought a war")
    assert paragraphs[8].endswith("in violation of the armistice terms.")
    body = "\n".join(paragraphs)
    for foreign in (
        "AP Photo",
        "via AP",
        "1 of 2",
        "ASSOCIATED PRESS",
        "MATTHEW LEE",
        "Other news",
        "MOSCOW (AP)",
        "cocaine",
        "tangible progress",
        "Supreme Court",
        "Gravitational waves",
        "Washington News",
    ):
        assert foreign not in body
    assert all(NBSP not in p and p == p.strip() for p in paragraphs)


def test_sample_is_detected(sample_text: str) -> None:
    assert looks_like_scraped_page(sample_text)


def test_sample_through_the_pipeline(sample_text: str) -> None:
    article = parse_text(sample_text, source="sample.txt")
    assert article.kind == "scraped"
    assert article.paragraphs == parse_scraped_page(sample_text).paragraphs


# --- pages built from parts ----------------------------------------------------------

TITLE = "Ukraine reopens grain corridor after weeks of talks"
STORY = [
    "Ukraine reopened its Black Sea grain corridor on Monday after weeks of talks with "
    "shipping insurers, officials said.",
    "The first convoy of three grain ships left the port of Odesa at dawn, the ministry "
    "said in a statement.",
    "“This is a lifeline for our farmers,” the minister told reporters at the port.",
    "Insurers had suspended cover for the grain corridor in March after a series of drone "
    "attacks on port facilities.",
    "Officials expect about a dozen grain ships to leave Odesa this week.",
]
KYIV = "KYIV, Ukraine (AP) — "

CAROUSEL = [
    (
        "FILE - Fans cheer at a stadium in Madrid, Spain, March 3, 2023. "
        "(AP Photo/Manu Fernandez, File)",
        "Madrid derby ends in draw",
    ),
    (
        "A rocket lifts off from Cape Canaveral, Fla., Tuesday, Jan. 9, 2024. "
        "(Photo by John Raoux/Invision/AP)",
        "SpaceX launches new satellites",
    ),
]
PHOTO = "Ships wait at the port of Odesa, Ukraine, Monday, Feb. 5, 2024. (AP Photo/Libkos)"
TEASER_PORT = [
    "Dock workers rest at the port of Rotterdam, Netherlands, Friday, Jan. 5, 2024. "
    "(AP Photo/Peter Dejong)",
    "Dutch port strike ends after pay deal",
    "ROTTERDAM, Netherlands (AP) — Dock workers in Rotterdam ended a four-day strike on "
    "Friday after unions accepted a pay offer.",
]
TEASER_ZOO = [
    "In this image provided by the Berlin Zoo, a panda cub rests in its enclosure, "
    "Thursday, Feb. 1, 2024. (Berlin Zoo via AP)",
    "Berlin zoo shows off twin panda cubs",
    "The Berlin Zoo has shown its twin panda cubs to the public for the first time.",
]
TEASER_OLD = [
    "Grain ships sit in the port of Odesa, Ukraine, Jan. 3, 2024. (Libkos/Pool Photo via AP)",
    "Ukraine says grain corridor could reopen soon",
    "Ukraine reopened its Black Sea grain corridor on Monday after weeks of talks with "
    "shipping insurers and the U.S.",
]


def photos(count: int, caption: str = PHOTO) -> str:
    """The lead-photo gallery as AP pages scrape it: counter, repeated caption, credit."""
    shots = []
    for n in range(1, count + 1):
        shots.append(f"{caption}\n{n} of {count}{NBSP}|{NBSP}\n\n{caption}\n\nASSOCIATED PRESS")
    return "\n".join(shots)


def teasers(*items: list[str], marker: str = "Other news") -> str:
    return "\n".join([marker, *(line for item in items for line in item)])


def page(
    *,
    date_line: str | None = "date 2024-02-05",
    carousel: list[tuple[str, str]] | None = None,
    section: str | None = "World News",
    title: str = TITLE,
    gallery: str | None = None,
    byline: str | None = "By HANNA ARHIROVA",
    body: list[str] | None = None,
) -> str:
    """Assemble a scraped page; ``body`` items are joined by blank lines like paragraphs."""
    carousel = CAROUSEL if carousel is None else carousel
    top = [line for caption, headline in carousel for line in (caption, headline)]
    if section:
        top.append(section)
    head = "\n".join(top)
    if date_line:
        head = f"{date_line} {head}" if head else date_line
    parts = [head] if head else []
    parts.append(title)
    parts.append(gallery if gallery is not None else photos(2))
    if byline:
        parts.append(f"{byline}\n{NBSP}\nShare")
    parts.extend(body if body is not None else [KYIV + STORY[0], *STORY[1:]])
    return "\n\n".join(parts)


def body_with(*inserts: tuple[int, str], dateline: str = KYIV) -> list[str]:
    """The story's paragraphs with extra blocks inserted after the given paragraph counts."""
    out = [dateline + STORY[0], *STORY[1:]]
    for position, block in sorted(inserts, reverse=True):
        out.insert(position, block)
    return out


def test_page_without_teasers() -> None:
    article = parse_scraped_page(page())
    assert article.title == TITLE
    assert article.section == "World News"
    assert article.published == date(2024, 2, 5)
    assert article.byline == "Hanna Arhirova"
    assert (article.dateline_place, article.dateline_agency) == ("KYIV, Ukraine", "AP")
    assert article.paragraphs == tuple(STORY)


def test_teaser_block_in_the_middle_is_dropped() -> None:
    text = page(body=body_with((2, teasers(TEASER_PORT, TEASER_ZOO, TEASER_OLD))))
    assert parse_scraped_page(text).paragraphs == tuple(STORY)


def test_two_teaser_blocks() -> None:
    text = page(body=body_with((1, teasers(TEASER_PORT)), (3, teasers(TEASER_ZOO, TEASER_OLD))))
    assert parse_scraped_page(text).paragraphs == tuple(STORY)


def test_teaser_repeated_within_and_across_blocks() -> None:
    text = page(
        body=body_with(
            (2, teasers(TEASER_ZOO, TEASER_ZOO, TEASER_PORT)),
            (4, teasers(TEASER_ZOO)),
        )
    )
    assert parse_scraped_page(text).paragraphs == tuple(STORY)


def test_teaser_block_at_the_end() -> None:
    text = page(body=body_with((5, teasers(TEASER_PORT, TEASER_ZOO))))
    assert parse_scraped_page(text).paragraphs == tuple(STORY)


def test_teasers_each_on_their_own_block() -> None:
    """Some scrapes put blank lines between teaser lines too: shape decides then."""
    spread = "\n\n".join(["Other news", *TEASER_PORT, *TEASER_ZOO, *TEASER_OLD])
    text = page(body=body_with((3, spread)))
    assert parse_scraped_page(text).paragraphs == tuple(STORY)


def test_no_blank_lines_below_the_headline() -> None:
    lines = [
        TITLE,
        PHOTO,
        f"1 of 1{NBSP}|",
        "By HANNA ARHIROVA",
        "Share",
        KYIV + STORY[0],
        STORY[1],
        "Other news",
        *TEASER_PORT,
        *TEASER_OLD,
        *STORY[2:],
    ]
    text = "date 2024-02-05 " + "\n".join(
        [line for pair in CAROUSEL for line in pair] + ["World News\n"] + lines
    )
    article = parse_scraped_page(text)
    assert article.title == TITLE
    assert article.paragraphs == tuple(STORY)


def test_page_without_date_line() -> None:
    article = parse_scraped_page(page(date_line=None))
    assert article.published is None
    assert article.section == "World News"
    assert article.title == TITLE
    assert article.paragraphs == tuple(STORY)


def test_page_without_date_line_or_carousel() -> None:
    article = parse_scraped_page(page(date_line=None, carousel=[]))
    assert (article.section, article.title) == ("World News", TITLE)
    assert article.paragraphs == tuple(STORY)


def test_page_with_date_line_but_no_carousel() -> None:
    article = parse_scraped_page(page(carousel=[]))
    assert (article.section, article.title) == ("World News", TITLE)
    assert article.published == date(2024, 2, 5)


def test_page_without_section_line() -> None:
    article = parse_scraped_page(page(section=None))
    assert article.section is None
    assert article.title == TITLE
    assert article.paragraphs == tuple(STORY)


def test_page_with_nothing_above_the_headline() -> None:
    article = parse_scraped_page(page(date_line=None, carousel=[], section=None))
    assert (article.section, article.title) == (None, TITLE)
    assert article.paragraphs == tuple(STORY)


def test_invalid_date_is_ignored() -> None:
    assert parse_scraped_page(page(date_line="date 2024-13-45")).published is None


@pytest.mark.parametrize(
    ("dateline", "place"),
    [
        ("NEW YORK (AP) — ", "NEW YORK"),
        ("KYIV, Ukraine (AP) — ", "KYIV, Ukraine"),
        ("BEIRUT — ", "BEIRUT"),
    ],
)
def test_other_city_datelines(dateline: str, place: str) -> None:
    article = parse_scraped_page(page(body=body_with(dateline=dateline)))
    assert article.dateline_place == place
    assert article.paragraphs[0] == STORY[0]


def test_story_without_dateline() -> None:
    article = parse_scraped_page(page(body=body_with(dateline="")))
    assert article.dateline_place is None
    assert article.paragraphs == tuple(STORY)


@pytest.mark.parametrize(
    "caption",
    [
        "A woman walks past a shelled building in Odesa, Ukraine, Sunday, Feb. 4, 2024. "
        "(Photo by Nina Liashonok/Ukrinform/NurPhoto via AP)",
        "Grain is loaded onto a ship in Odesa, Ukraine. (Ukrainian Presidential Press "
        "Office via AP)",
        "FILE - A cargo ship sails in the Black Sea near Odesa, Ukraine, Aug. 16, 2023.",
        "FILE — Farmers harvest wheat near Kyiv, Ukraine, July 2, 2023.",
        "This illustration provided by the ministry shows the corridor route across the Black Sea.",
        "Cargo ships are anchored off Odesa on Feb. 1, 2024.",  # no credit: the counter tells
    ],
)
def test_gallery_captions_and_credits_are_dropped(caption: str) -> None:
    article = parse_scraped_page(page(gallery=photos(5, caption)))
    assert article.paragraphs == tuple(STORY)


def test_captions_and_chrome_inside_the_body_are_dropped() -> None:
    text = page(
        body=body_with(
            (2, f"{PHOTO}\n3 of 5{NBSP}|"),
            (3, "Advertisement"),
            (4, "Read more"),
            (5, "Copyright 2024 The Associated Press. All rights reserved."),
        )
    )
    assert parse_scraped_page(text).paragraphs == tuple(STORY)


def test_teaser_without_first_paragraph() -> None:
    text = page(body=body_with((2, teasers(TEASER_PORT, TEASER_ZOO[:2]))))
    assert parse_scraped_page(text).paragraphs == tuple(STORY)


def test_subhead_of_the_story_is_kept() -> None:
    text = page(body=body_with((3, "WHAT HAPPENS NEXT")))
    paragraphs = parse_scraped_page(text).paragraphs
    assert paragraphs == (*STORY[:3], "WHAT HAPPENS NEXT", *STORY[3:])


def test_unmarked_teaser_card_is_dropped() -> None:
    text = page(body=body_with((2, "\n".join(TEASER_ZOO))))
    assert parse_scraped_page(text).paragraphs == tuple(STORY)


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("By JOHN DOE and JANE ROE", "John Doe and Jane Roe"),
        (f"By{NBSP}JOHN O'NEILL", "John O'Neill"),
        ("By ANA MARÍA GARCÍA, JOHN DOE and JANE ROE", "Ana María García, John Doe and Jane Roe"),
        ("By Matthew Lee", "Matthew Lee"),
        (None, None),
    ],
)
def test_bylines(line: str | None, byline: str | None) -> None:
    assert parse_scraped_page(page(byline=line)).byline == byline


def test_page_without_body_is_rejected() -> None:
    with pytest.raises(ValueError, match="no article text"):
        parse_scraped_page(page(body=[]))


def test_page_with_only_teasers_is_rejected() -> None:
    with pytest.raises(ValueError, match="no article text"):
        parse_scraped_page(page(body=[teasers(TEASER_PORT, TEASER_ZOO)]))


def test_empty_page_is_rejected() -> None:
    with pytest.raises(ValueError, match="empty"):
        parse_scraped_page(f"  \n{NBSP}\n")


def test_page_of_captions_only_has_no_headline() -> None:
    with pytest.raises(ValueError, match="no headline"):
        parse_scraped_page(f"{PHOTO}\n\n{PHOTO}\n\nShare")


# --- detection -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        page(),
        page(date_line=None),
        page(date_line=None, carousel=[], section=None, byline=None),
        "date 2024-02-05\nWorld News\n\nHeadline\n\nBody text.",
    ],
)
def test_scraped_pages_are_detected(text: str) -> None:
    assert looks_like_scraped_page(text)


@pytest.mark.parametrize(
    "text",
    [
        f"{TITLE}\n\n" + "\n\n".join(STORY),
        f"{TITLE}\n\nBy JANE ROE\n\n" + "\n\n".join(STORY),
        "Share prices fell\n\nShare prices fell sharply on Monday.",
        "",
    ],
)
def test_plain_text_is_not_detected(text: str) -> None:
    assert not looks_like_scraped_page(text)
