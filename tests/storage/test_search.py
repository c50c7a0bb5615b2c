"""Full-text search on every backend: escaping, clauses, scope, vocabulary; FTS5 syntax."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.ingest.article import ParsedArticle
from bot.qa.records import Scope, TermClause
from bot.storage.interface import QueryRefused, Storage
from bot.storage.records import NewSentence
from bot.storage.sqlite import SQLiteStorage
from bot.storage.sqlite.search import clause_expression, fts_phrase

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
EVERYTHING = Scope()


async def add(
    storage: Storage,
    title: str,
    sentences: list[tuple[str, str | None]],
    *,
    published: date | None = date(2024, 4, 30),
    section: str | None = None,
    ingested_at: datetime = NOW,
) -> int:
    rows = [
        NewSentence(
            0,
            i,
            text,
            speaker,
            None,
            "reported" if speaker else None,
            speaker.lower() if speaker else None,
        )
        for i, (text, speaker) in enumerate(sentences)
    ]
    outcome = await storage.articles.add(
        ParsedArticle(title, tuple(t for t, _ in sentences), published=published, section=section),
        rows,
        content_hash=title,
        ingested_at=ingested_at,
    )
    return outcome.article_id


@pytest.fixture
async def filled(storage: Storage) -> Storage:
    await add(
        storage,
        "Peace talks resume",
        [
            ("Putin said the talks will resume.", "Vladimir Putin russian president"),
            ("The corridor stays closed.", None),
        ],
        section="World",
    )
    await add(
        storage,
        "Cup final tonight",
        [
            ('He said "AND OR NOT" is a joke.', "Jose Mourinho"),
            ("The final starts at eight.", None),
        ],
        published=None,
        section="Sport",
        ingested_at=datetime(2024, 3, 1, tzinfo=UTC),
    )
    return storage


def test_phrases_are_quoted_with_inner_quotes_doubled() -> None:
    assert fts_phrase('say "hi"') == '"say ""hi"""'
    clause = TermClause("text", ("a", "b", "c"), 2)
    assert clause_expression(clause) == 'text : (("a" AND "b") OR ("a" AND "c") OR ("b" AND "c"))'


@pytest.mark.parametrize(
    "term",
    [
        '"',
        "*",
        "AND",
        "OR",
        "NOT",
        "NEAR(",
        "-",
        "^",
        "text:",
        "speaker_terms:x",
        "😀",
        "'",
        ")",
        "a" * 5000,
        "",
        "\x00",
        "{text}",
    ],
)
async def test_operator_text_is_matched_as_plain_words(filled: Storage, term: str) -> None:
    hits = await filled.search.sentences(
        [TermClause("text", (term, "said"), 1)], scope=EVERYTHING, cap=10
    )
    assert all("said" in h.text for h in hits)


async def test_operator_words_match_literally(filled: Storage) -> None:
    hits = await filled.search.sentences(
        [TermClause("text", ("and", "or", "not"), 3)], scope=EVERYTHING, cap=10
    )
    assert [h.text for h in hits] == ['He said "AND OR NOT" is a joke.']


async def test_speaker_clause_with_topic(filled: Storage) -> None:
    hits = await filled.search.sentences(
        [TermClause("speaker_terms", ("putin",), 1), TermClause("text", ("talks", "x"), 1)],
        scope=EVERYTHING,
        cap=10,
    )
    assert [h.speaker for h in hits] == ["Vladimir Putin russian president"]
    assert hits[0].title == "Peace talks resume" and hits[0].relevance > 0


async def test_scope_by_day_falls_back_to_ingestion_date(filled: Storage) -> None:
    clause = [TermClause("text", ("said",), 1)]
    march = Scope(date(2024, 3, 1), date(2024, 3, 1))
    hits = await filled.search.sentences(clause, scope=march, cap=10)
    assert [h.title for h in hits] == ["Cup final tonight"]
    assert hits[0].published is None and hits[0].day == date(2024, 3, 1)
    april = Scope(date(2024, 4, 1), date(2024, 4, 30))
    assert [h.title for h in await filled.search.sentences(clause, scope=april, cap=10)] == [
        "Peace talks resume"
    ]


async def test_scope_by_section_ignores_case(filled: Storage) -> None:
    hits = await filled.search.sentences(
        [TermClause("text", ("said",), 1)], scope=Scope(section="sport"), cap=10
    )
    assert [h.section for h in hits] == ["Sport"]
    assert await filled.search.sections() == ["Sport", "World"]


async def test_results_are_newest_first_and_capped(storage: Storage) -> None:
    for n in range(5):
        await add(storage, f"Story {n}", [(f"Markets rose {n}.", None)])
    hits = await storage.search.sentences(
        [TermClause("text", ("markets",), 1)], scope=EVERYTHING, cap=3
    )
    assert [h.text for h in hits] == ["Markets rose 4.", "Markets rose 3.", "Markets rose 2."]


async def test_vocabulary_and_known_terms(filled: Storage) -> None:
    terms = await filled.search.vocabulary("speaker_terms", ["pu", "vl"])
    assert {t.term for t in terms} >= {"putin", "vladimir"}
    assert await filled.search.known_terms("text", ["corridor", "tiffany"]) == {"corridor"}
    text = await filled.search.column_text_with("speaker_terms", "putin")
    assert text is not None and "putin" in text


async def test_articles_mentioning_prefers_titles(filled: Storage) -> None:
    assert await filled.search.articles_mentioning(["final"], limit=3) == [2]
    assert await filled.search.articles_mentioning(["corridor"], limit=3) == [1]
    assert await filled.search.articles_mentioning(["nothing"], limit=3) == []


async def test_keyword_candidates_run_later_tiers_only_when_short(filled: Storage) -> None:
    strict = await filled.search.keyword_candidates(
        ["talks", "resume"], [2, 1], scope=EVERYTHING, cap=10, enough=1, keep=10
    )
    assert [h.text for h in strict.hits] == ["Putin said the talks will resume."]
    assert strict.title_relevance and strict.top_title > 0
    wide = await filled.search.keyword_candidates(
        ["talks", "final"], [2, 1], scope=EVERYTHING, cap=10, enough=5, keep=10
    )
    assert {h.text for h in wide.hits} == {
        "Putin said the talks will resume.",
        "The final starts at eight.",
    }


async def test_a_query_fts5_refuses_is_the_contracts_error(
    sqlite_storage: SQLiteStorage,
) -> None:
    with pytest.raises(QueryRefused):
        await sqlite_storage.search._matching(
            "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?", ['"unterminated']
        )
