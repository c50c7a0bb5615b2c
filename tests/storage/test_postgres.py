"""What only the PostgreSQL backend has: its migrations under an advisory lock, its query
text, its term statistics."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime

import asyncpg
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.ingest.article import ParsedArticle
from bot.qa.records import TermClause
from bot.storage.interface import QueryRefused
from bot.storage.migrations import load_migrations
from bot.storage.postgres import PostgresStorage, open_storage
from bot.storage.postgres.lexemes import clauses_query, indexed, lexemes_of, words_query
from bot.storage.records import NewSentence, SpeakerUpdate

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


async def test_processes_starting_at_once_migrate_the_schema_once(postgres_url: str) -> None:
    opened = await asyncio.gather(*(open_storage(postgres_url) for _ in range(4)))
    try:
        versions = {await storage.schema_version() for storage in opened}
        assert versions == {len(load_migrations("postgres"))}
        tables = await opened[0].pool.fetchval(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
            " AND tablename = 'articles'"
        )
        assert tables == 1
    finally:
        for storage in opened:
            await storage.close()


async def test_a_newer_schema_is_refused(postgres_url: str) -> None:
    storage = await open_storage(postgres_url)
    await storage.pool.execute("UPDATE schema_version SET version = 999")
    await storage.close()
    with pytest.raises(RuntimeError, match="newer than this program"):
        await open_storage(postgres_url)


async def test_a_query_the_server_refuses_is_the_contracts_error(postgres_url: str) -> None:
    storage = await open_storage(postgres_url)
    try:
        with pytest.raises(QueryRefused):
            await storage.search._fetch(
                "SELECT id FROM sentences WHERE lexemes @@ $1::tsquery", ["'unterminated"]
            )
    finally:
        await storage.close()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=12), min_size=1, max_size=4))
@example(["ﱞ"])  # an isolated ligature: NFKD makes it a space and two marks
def test_words_are_only_ever_quoted_lexemes(words: list[str]) -> None:
    query = words_query(words, "text", every=True)
    if query is None:
        assert any(not lexemes_of(w) for w in words)
        return
    # Outside the quotes there are only operators and weights this code wrote.
    outside = "".join(query.text.split("'")[0::2])
    assert set(outside) <= set("()&|<-> :A")
    assert all(lexeme == lexeme.strip() for p in query.phrases for lexeme in p.lexemes)


def test_clauses_need_each_of_their_parts() -> None:
    query = clauses_query([TermClause("text", ("talks", "armenia", "deal"), 2)])
    assert query is not None
    assert query.text == (
        "((('talk':A & 'armenia':A) | ('talk':A & 'deal':A) | ('armenia':A & 'deal':A)))"
    )
    assert [g.condition is not None for g in query.groups] == [True, True, True]
    assert clauses_query([TermClause("text", ("—",), 1)]) is None
    phrase = words_query(["U.S.-hosted"], "speaker_terms", every=True)
    assert phrase is not None and phrase.text == "('u':B <-> 's':B <-> 'host':B)"


def test_a_row_indexes_its_columns_apart() -> None:
    row = indexed([("text", "Talks, talks!"), ("speaker_terms", "Vladimir Putin")])
    assert row.vector == "'talk':1A,2A 'vladimir':4B 'putin':5B"
    assert row.tokens == 4
    assert row.terms == {"text": {"talk"}, "speaker_terms": {"vladimir", "putin"}}


async def _statistics(storage: PostgresStorage) -> tuple[Counter[tuple[str, str]], list[int]]:
    """The statistics as readers see them: the pending changes folded in first."""
    await storage.articles.fold_statistics()
    rows = await storage.pool.fetch("SELECT col, term, documents FROM search_terms")
    totals = await storage.pool.fetch("SELECT rows, tokens FROM search_totals ORDER BY name")
    return (
        Counter({(r["col"], r["term"]): r["documents"] for r in rows}),
        [v for r in totals for v in (r["rows"], r["tokens"])],
    )


async def _recounted(storage: PostgresStorage) -> tuple[Counter[tuple[str, str]], list[int]]:
    """The statistics counted afresh from the stored text."""
    counts: Counter[tuple[str, str]] = Counter()
    tokens = {"articles": 0, "sentences": 0}
    rows = {"articles": 0, "sentences": 0}
    for r in await storage.pool.fetch("SELECT text, speaker_terms FROM sentences"):
        row = indexed([("text", r["text"]), ("speaker_terms", r["speaker_terms"])])
        counts.update((c, t) for c, terms in row.terms.items() for t in terms)
        tokens["sentences"] += row.tokens
        rows["sentences"] += 1
    for r in await storage.pool.fetch("SELECT title, section FROM articles"):
        row = indexed([("title", r["title"]), ("section", r["section"])])
        counts.update(("heading", t) for t in set().union(*row.terms.values()))
        tokens["articles"] += row.tokens
        rows["articles"] += 1
    return counts, [v for name in sorted(rows) for v in (rows[name], tokens[name])]


async def _postings(storage: PostgresStorage) -> set[tuple[str, str, int]]:
    rows = await storage.pool.fetch("SELECT col, term, sentence_id FROM postings")
    return {(r["col"].decode(), r["term"], r["sentence_id"]) for r in rows}


async def _reposted(storage: PostgresStorage) -> set[tuple[str, str, int]]:
    """The postings made afresh from the stored text: every word but the unposted ones."""
    unposted = {r["term"] for r in await storage.pool.fetch("SELECT term FROM unposted_terms")}
    weights = {"text": "A", "speaker_terms": "B"}
    found = set()
    for r in await storage.pool.fetch("SELECT id, text, speaker_terms FROM sentences"):
        row = indexed([("text", r["text"]), ("speaker_terms", r["speaker_terms"])])
        found |= {
            (weights[column], term, r["id"])
            for column, terms in row.terms.items()
            for term in terms
            if term not in unposted
        }
    return found


async def test_term_statistics_follow_every_add_and_delete(postgres_url: str) -> None:
    storage = await open_storage(postgres_url)
    try:
        ids = []
        for n in range(6):
            text = f"Talks number {n} went on; Putin said talks matter."
            outcome = await storage.articles.add(
                ParsedArticle(f"Talks {n}", (text,), section="World" if n % 2 else None),
                [NewSentence(0, 0, text, "Putin", None, "reported", "vladimir putin")],
                content_hash=f"h{n}",
                ingested_at=NOW,
            )
            ids.append(outcome.article_id)
        # Storing an article leaves the shared rows alone: its change waits to be folded.
        assert await storage.pool.fetchval("SELECT count(*) FROM search_terms") == 0
        assert await storage.pool.fetchval("SELECT count(*) FROM search_changes") == 6
        assert await _statistics(storage) == await _recounted(storage)
        assert await storage.pool.fetchval("SELECT count(*) FROM search_changes") == 0
        for article_id in ids[::2]:
            await storage.articles.delete(article_id)
        assert await _statistics(storage) == await _recounted(storage)
        assert (
            await storage.pool.fetchval(
                "SELECT documents FROM search_terms WHERE col = 'text' AND term = 'talk'"
            )
            == 3
        )
    finally:
        await storage.close()


async def test_concurrent_writers_keep_the_statistics_exact(postgres_url: str) -> None:
    writers = [await open_storage(postgres_url) for _ in range(3)]
    try:

        async def write(storage: PostgresStorage, first: int) -> None:
            for n in range(first, first + 10):
                text = f"Common words and word {n} here."
                await storage.articles.add(
                    ParsedArticle(f"Story {n}", (text,)),
                    [NewSentence(0, 0, text)],
                    content_hash=f"h{n}",
                    ingested_at=NOW,
                )

        await asyncio.gather(*(write(s, 100 * i) for i, s in enumerate(writers)))
        assert await writers[0].articles.count() == 30
        assert await _statistics(writers[0]) == await _recounted(writers[0])
        assert await _postings(writers[0]) == await _reposted(writers[0])
    finally:
        for storage in writers:
            await storage.close()


async def test_the_schema_lives_where_the_url_says(postgres_url: str) -> None:
    storage = await open_storage(postgres_url)
    try:
        schema = await storage.pool.fetchval("SELECT current_schema()")
        assert postgres_url.endswith(f"search_path={schema}")
        with pytest.raises(asyncpg.UndefinedTableError):
            await storage.pool.fetchval("SELECT count(*) FROM public.articles")
    finally:
        await storage.close()


async def test_postings_follow_every_add_recrediting_and_delete(postgres_url: str) -> None:
    storage = await open_storage(postgres_url)
    try:
        ids = []
        for n in range(4):
            texts = [f"The talks in round {n} went on.", f'"We will sign," said the envoy {n}.']
            outcome = await storage.articles.add(
                ParsedArticle(f"Talks {n}", tuple(texts)),
                [
                    NewSentence(0, 0, texts[0]),
                    NewSentence(1, 1, texts[1], "Jo Envoy", "envoy", "direct", "jo envoy envoy"),
                ],
                content_hash=f"h{n}",
                ingested_at=NOW,
            )
            ids.append(outcome.article_id)
        posted = await _postings(storage)
        assert posted == await _reposted(storage)
        assert not {t for _, t, _ in posted} & {"the", "in", "we", "will"}  # unposted words
        [first, quoted] = await storage.articles.sentences(ids[0])
        assert ("B", "envoi", quoted.id) in posted and ("A", "talk", first.id) in posted
        assert not {(c, i) for c, _, i in posted} & {("B", first.id)}
        await storage.articles.update_speakers(
            ids[0],
            [
                SpeakerUpdate(first.id, "Ann Other", None, "reported", "ann other"),
                SpeakerUpdate(quoted.id, None, None, None, None),
            ],
            version=2,
        )
        posted = await _postings(storage)
        assert posted == await _reposted(storage)
        assert ("B", "ann", first.id) in posted and ("B", "envoi", quoted.id) not in posted
        await storage.articles.delete(ids[1])
        assert await _postings(storage) == await _reposted(storage)
        assert await _statistics(storage) == await _recounted(storage)
    finally:
        await storage.close()
