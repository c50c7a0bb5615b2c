"""Full-text search on every backend: escaping, clauses, scope, vocabulary; FTS5 syntax."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.ingest.article import ParsedArticle
from bot.qa.records import Scope, TermClause
from bot.qa.spelling import deletions
from bot.storage.interface import QueryRefused, Storage
from bot.storage.migrations import load_migrations
from bot.storage.records import NewSentence
from bot.storage.sqlite import SQLiteStorage, open_storage
from bot.storage.sqlite.search import SPELLING_BATCH, clause_expression, fts_phrase

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
    assert hits[0].title == "Peace talks resume"


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


async def test_term_documents_and_known_terms(filled: Storage) -> None:
    documents = await filled.search.term_documents("text", ["talk", "corridor", "tiffani"])
    assert documents == {"talk": 1, "corridor": 1}
    assert await filled.search.term_documents("speaker_terms", ["putin"]) == {"putin": 1}
    assert await filled.search.known_terms("text", ["corridor", "tiffany"]) == {"corridor"}
    text = await filled.search.column_text_with("speaker_terms", "putin")
    assert text is not None and "putin" in text
    assert await filled.search.sentence_total() == 4


async def test_spelling_index_finds_terms_one_slip_away(filled: Storage) -> None:
    # "ptuin": a swap of two letters; both lose one to the same variant.
    assert "putin" in await filled.search.close_terms(["ptin", "ptun", "tuin"])
    assert await filled.search.close_terms(["zzzz"]) == []


async def test_spelling_index_of_an_archive_stored_before_it_existed(tmp_path: Path) -> None:
    """The SQLite migration fills the index from what the full-text index already holds."""
    path = tmp_path / "old.db"
    storage = await open_storage(path)
    await add(storage, "Peace talks resume", [("Putin said the talks will resume.", None)])
    await storage.close()
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE spelling_variants")
    conn.execute("DROP TABLE spelling_terms")
    spelling = next(m for m in load_migrations() if "spelling" in m.name)
    conn.execute(f"PRAGMA user_version = {spelling.version - 1}")
    conn.commit()
    conn.close()
    reopened = await open_storage(path)
    try:
        assert "putin" in await reopened.search.close_terms(["ptin"])
        assert "resum" in await reopened.search.close_terms(["resum"])
    finally:
        await reopened.close()


def count_in(path: Path, sql: str, *args: object) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(sql, args).fetchone()[0])
    finally:
        conn.close()


def made_up_words(count: int) -> list[str]:
    """Distinct words no stemmer shortens: consonant-vowel pairs ending in a consonant."""
    consonants, vowels = "bdfgklmnprstvz", "aiou"
    syllables = [c + v for c in consonants for v in vowels]
    return [a + b + c + "k" for a in syllables for b in syllables for c in syllables][:count]


async def test_spelling_deletions_are_written_in_bulk_and_found_before(
    sqlite_storage: SQLiteStorage,
) -> None:
    """New terms wait until a few thousand have come; a lookup finds them all along."""
    words = made_up_words(SPELLING_BATCH + 100)
    first, rest = words[:50], words[50:]
    await add(sqlite_storage, "First words", [(" ".join(first) + ".", None)])
    assert count_in(sqlite_storage.path, "SELECT count(*) FROM spelling_pending") == 50
    assert first[7] in await sqlite_storage.search.close_terms([first[7][1:]])  # waiting
    sentences = [(" ".join(rest[i : i + 40]) + ".", None) for i in range(0, len(rest), 40)]
    await add(sqlite_storage, "More words", sentences)
    assert count_in(sqlite_storage.path, "SELECT count(*) FROM spelling_pending") == 0
    variants = count_in(
        sqlite_storage.path,
        "SELECT count(*) FROM spelling_variants v JOIN spelling_terms t ON t.id = v.term_id"
        " WHERE t.term = ?",
        first[7],
    )
    assert variants == len(deletions(first[7])) + 1
    assert first[7] in await sqlite_storage.search.close_terms([first[7][1:]])  # written
    assert rest[-1] in await sqlite_storage.search.close_terms([rest[-1][:-1]])


async def test_phrases_titles_and_whole_articles(filled: Storage) -> None:
    search = filled.search
    assert await search.phrase_found(["talks", "will", "resume"])
    assert await search.phrase_found(["cup", "final"])  # in a title
    assert not await search.phrase_found(["resume", "talks"])
    assert await search.titled_articles(
        [TermClause("text", ("final",))], scope=EVERYTHING, limit=5
    ) == [2]
    hits = await search.article_hits([1])
    assert [h.position for h in hits] == [0, 1] and hits[0].title == "Peace talks resume"
    only = await search.article_hits([1, 2], clauses=[TermClause("text", ("corridor",))])
    assert [h.text for h in only] == ["The corridor stays closed."]
    assert [h.text for h in await search.sentence_hits([hits[1].sentence_id])] == [hits[1].text]


async def test_contexts_are_the_lede_and_what_precedes_in_the_paragraph(
    storage: Storage,
) -> None:
    await add(storage, "Story", [("Lede.", None), ("One.", None), ("Two.", None), ("Three.", None)])
    ids = [h.sentence_id for h in await storage.search.article_hits([1])]
    contexts = await storage.search.contexts(ids, before=1)
    assert ids[0] not in contexts
    assert contexts[ids[1]] == ("Lede.",)
    assert contexts[ids[3]] == ("Lede.", "Two.")


async def test_articles_mentioning_prefers_titles(filled: Storage) -> None:
    assert await filled.search.articles_mentioning(["final"], limit=3) == [2]
    assert await filled.search.articles_mentioning(["corridor"], limit=3) == [1]
    assert await filled.search.articles_mentioning(["nothing"], limit=3) == []


async def test_a_query_fts5_refuses_is_the_contracts_error(
    sqlite_storage: SQLiteStorage,
) -> None:
    with pytest.raises(QueryRefused):
        await sqlite_storage.search._matching(
            "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?", ['"unterminated']
        )
