"""Articles and their sentences in PostgreSQL."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import asyncpg

from bot.ingest.article import ParsedArticle
from bot.qa.spelling import spelling_terms_of
from bot.storage.postgres.lexemes import IndexedText, indexed, words_query
from bot.storage.postgres.pool import aware, clean, transaction
from bot.storage.postgres.postings import POSTINGS_OF_ROWS, post_sentences, unpost_sentences
from bot.storage.postgres.ranking import Bm25, heading_scale, term_statistics
from bot.storage.postgres.terms import (
    StatisticsChange,
    TermCounts,
    change_arguments,
    change_insert,
    count_terms,
    fold_changes,
    pending_changes,
    record_change,
)
from bot.storage.records import (
    AddOutcome,
    AddStatus,
    Article,
    ArticleHeader,
    NewSentence,
    Sentence,
    SpeakerUpdate,
    StaleArticle,
    is_row_id,
)

logger = logging.getLogger(__name__)

HEADER_COLUMNS = "id, title, published, section, ingested_at"
# Articles a process stores between two folds of the term statistics.
FOLD_EVERY = 64
_SENTENCE_COLUMNS = "id, article_id, paragraph, position, text, speaker, speaker_role, speaker_mode"


def sentence_index(text: str, speaker_terms: str | None) -> IndexedText:
    return indexed([("text", clean(text)), ("speaker_terms", clean(speaker_terms))])


def heading_index(title: str, section: str | None) -> IndexedText:
    return indexed([("title", title), ("section", section)])


def heading_terms(heading: IndexedText) -> TermCounts:
    """Document frequencies of an article's heading count title and section as one."""
    return TermCounts(("heading", lexeme) for lexeme in frozenset().union(*heading.terms.values()))


class PostgresArticleRepository:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool
        self._unfolded = 0
        self._folding: asyncio.Task[None] | None = None

    async def find_duplicate(self, *, content_hash: str, url: str | None) -> AddOutcome | None:
        return await _find_duplicate(self._pool, content_hash, url)

    async def add(
        self,
        article: ParsedArticle,
        sentences: Sequence[NewSentence],
        *,
        content_hash: str,
        ingested_at: datetime,
        attribution_version: int = 0,
    ) -> AddOutcome:
        aware(ingested_at)
        # One statement, so one round trip and its own transaction: the article whole, or
        # the one it duplicates. Its commit does not wait for the disk flush, which halves
        # the cost of an article: a database crash may then lose the articles of its last
        # fraction of a second, whole and in order (never a later transaction without
        # them); adding them again restores them. Everything else commits durably.
        stored = await store_article(
            self._pool,
            article,
            sentences,
            content_hash=content_hash,
            ingested_at=ingested_at,
            attribution_version=attribution_version,
            alone=True,
        )
        if stored.article_id is None:
            if stored.duplicate is not None:
                return stored.duplicate
            # A concurrent upload of the same article committed first (the insert
            # waited for it): this one is the duplicate it is.
            found = await _find_duplicate(self._pool, content_hash, article.url)
            if found is None:
                raise RuntimeError("the article conflicted with one that then vanished")
            return found
        self._unfolded += 1
        if self._unfolded >= FOLD_EVERY and (self._folding is None or self._folding.done()):
            # On another connection while the next articles are stored, and skipped while
            # another process folds.
            self._unfolded = 0
            self._folding = asyncio.create_task(self._fold_behind())
        return AddOutcome(AddStatus.ADDED, stored.article_id)

    async def _fold_behind(self) -> None:
        try:
            await fold_changes(self._pool, wait=False)
        except (asyncpg.PostgresError, OSError):
            # The changes stay pending: the next fold, or the next reader, folds them.
            logger.warning("could not fold the term statistics", exc_info=True)

    async def settle(self) -> None:
        """Wait for a fold started behind the stored articles."""
        if self._folding is not None:
            await self._folding

    async def fold_statistics(self) -> None:
        """Bring the term statistics and spelling index up to date with every change."""
        if await pending_changes(self._pool):
            await fold_changes(self._pool, wait=True)

    async def get(self, article_id: int) -> Article | None:
        if not is_row_id(article_id):
            return None
        row = await self._pool.fetchrow(
            "SELECT id, title, published, section, byline, dateline_place, dateline_agency,"
            " source, url, kind, ingested_at, content_hash, paragraphs"
            " FROM articles WHERE id = $1",
            article_id,
        )
        if row is None:
            return None
        return Article(
            id=row["id"],
            title=row["title"],
            published=row["published"],
            section=row["section"],
            byline=row["byline"],
            dateline_place=row["dateline_place"],
            dateline_agency=row["dateline_agency"],
            source=row["source"],
            url=row["url"],
            kind=row["kind"],
            ingested_at=row["ingested_at"],
            content_hash=row["content_hash"],
            paragraphs=tuple(row["paragraphs"]),
        )

    async def list_latest(self, *, limit: int = 10, offset: int = 0) -> list[ArticleHeader]:
        rows = await self._pool.fetch(
            f"SELECT {HEADER_COLUMNS} FROM articles ORDER BY day DESC, id DESC LIMIT $1 OFFSET $2",
            limit,
            offset,
        )
        return [header(row) for row in rows]

    async def ingested_since(self, since: datetime, *, limit: int = 50) -> list[ArticleHeader]:
        rows = await self._pool.fetch(
            f"SELECT {HEADER_COLUMNS} FROM articles WHERE ingested_at > $1"
            " ORDER BY ingested_at DESC, id DESC LIMIT $2",
            aware(since),
            limit,
        )
        return [header(row) for row in rows]

    async def count_ingested(self, *, since: datetime, until: datetime) -> int:
        return int(
            await self._pool.fetchval(
                "SELECT count(*) FROM articles WHERE ingested_at > $1 AND ingested_at <= $2",
                aware(since),
                aware(until),
            )
        )

    async def headers(self, article_ids: Sequence[int]) -> dict[int, ArticleHeader]:
        article_ids = [i for i in article_ids if is_row_id(i)]
        if not article_ids:
            return {}
        rows = await self._pool.fetch(
            f"SELECT {HEADER_COLUMNS} FROM articles WHERE id = ANY($1::bigint[])",
            list(article_ids),
        )
        return {row["id"]: header(row) for row in rows}

    async def find_by_words(self, words: Sequence[str], *, limit: int = 5) -> list[ArticleHeader]:
        """Articles whose title (weighted) or body match all the words, best first."""
        query = words_query(words, None, every=True)
        if query is None:
            return []
        await self.fold_statistics()
        async with self._pool.acquire() as conn:
            statistics = await term_statistics(conn, query.phrases, table="sentences")
            headings = await term_statistics(conn, query.phrases, table="articles")
            params: list[object] = [query.text, limit]
            body = Bm25(statistics, params, vector="s.lexemes", tokens="s.tokens")
            title = Bm25(
                headings,
                params,
                vector="a.lexemes",
                tokens="a.tokens",
                scale=heading_scale(title=4.0, section=1.0),
            )
            rows = await conn.fetch(
                f"SELECT {HEADER_COLUMNS} FROM articles JOIN ("
                f"  SELECT a.id AS article_id, -3 * {title.sql(query.groups)} AS rank"
                "   FROM articles a WHERE a.lexemes @@ $1::tsquery"
                "  UNION ALL"
                "  SELECT article_id, min(rank) FROM ("
                f"   SELECT s.article_id, -{body.sql(query.groups)} AS rank FROM sentences s"
                "    WHERE s.lexemes @@ $1::tsquery ORDER BY rank LIMIT 500"
                "  ) AS sentence_hits GROUP BY article_id"
                ") AS hit ON hit.article_id = articles.id"
                f" GROUP BY articles.id ORDER BY sum(hit.rank), articles.id DESC LIMIT $2",
                *params,
            )
        return [header(row) for row in rows]

    async def count(self) -> int:
        return int(await self._pool.fetchval("SELECT count(*) FROM articles"))

    async def last_ingested_at(self) -> datetime | None:
        value: datetime | None = await self._pool.fetchval("SELECT max(ingested_at) FROM articles")
        return value

    async def delete(self, article_id: int) -> bool:
        if not is_row_id(article_id):
            return False
        async with transaction(self._pool) as conn:
            # The terms to take away are counted again from the text, which gives the
            # lexemes it was indexed with; the sentences go with the article (CASCADE),
            # their postings first.
            heading = await conn.fetchrow(
                "SELECT title, section, tokens FROM articles WHERE id = $1 FOR UPDATE", article_id
            )
            if heading is None:
                return False
            gone = await conn.fetch(
                "SELECT text, speaker_terms FROM sentences WHERE article_id = $1", article_id
            )
            await unpost_sentences(conn, "s.article_id = $1", article_id)
            await conn.execute("DELETE FROM articles WHERE id = $1", article_id)
            rows = [sentence_index(row["text"], row["speaker_terms"]) for row in gone]
            terms = count_terms(rows) + heading_terms(
                heading_index(heading["title"], heading["section"])
            )
            await record_change(
                conn,
                StatisticsChange(
                    TermCounts({key: -n for key, n in terms.items()}),
                    sentences=(-len(rows), -sum(row.tokens for row in rows)),
                    articles=(-1, -heading["tokens"]),
                ),
            )
        return True

    async def sentences(self, article_id: int) -> list[Sentence]:
        if not is_row_id(article_id):
            return []
        rows = await self._pool.fetch(
            f"SELECT {_SENTENCE_COLUMNS} FROM sentences WHERE article_id = $1 ORDER BY position",
            article_id,
        )
        return [Sentence(**dict(row)) for row in rows]

    async def count_stale_attributions(self, version: int) -> int:
        return int(
            await self._pool.fetchval(
                "SELECT count(*) FROM articles WHERE attribution_version < $1", version
            )
        )

    async def stale_attributions(self, version: int, *, limit: int) -> list[StaleArticle]:
        heads = await self._pool.fetch(
            "SELECT id, title FROM articles WHERE attribution_version < $1 ORDER BY id LIMIT $2",
            version,
            limit,
        )
        if not heads:
            return []
        by_article: dict[int, list[Sentence]] = {row["id"]: [] for row in heads}
        rows = await self._pool.fetch(
            f"SELECT {_SENTENCE_COLUMNS} FROM sentences WHERE article_id = ANY($1::bigint[])"
            " ORDER BY article_id, position",
            list(by_article),
        )
        for row in rows:
            by_article[row["article_id"]].append(Sentence(**dict(row)))
        return [
            StaleArticle(row["id"], row["title"], tuple(by_article[row["id"]])) for row in heads
        ]

    async def update_speakers(
        self, article_id: int, updates: Sequence[SpeakerUpdate], *, version: int
    ) -> None:
        """New speakers, their index entries and term statistics, in one transaction."""
        async with transaction(self._pool) as conn:
            stored = await conn.fetch(
                "SELECT id, text, speaker_terms FROM sentences"
                " WHERE article_id = $1 AND id = ANY($2::bigint[]) FOR UPDATE",
                article_id,
                [u.sentence_id for u in updates],
            )
            texts = {row["id"]: row["text"] for row in stored}
            before = {
                row["id"]: sentence_index(row["text"], row["speaker_terms"]) for row in stored
            }
            changed = [u for u in updates if u.sentence_id in before]
            after = {
                u.sentence_id: sentence_index(texts[u.sentence_id], u.speaker_terms)
                for u in changed
            }
            ids = [u.sentence_id for u in changed]
            await unpost_sentences(conn, "s.id = ANY($1::bigint[])", ids)
            await conn.execute(
                "UPDATE sentences s SET speaker = u.speaker, speaker_role = u.role,"
                " speaker_mode = u.mode, speaker_terms = u.terms, lexemes = u.lexemes,"
                " tokens = u.tokens FROM unnest($1::bigint[], $2::text[], $3::text[],"
                " $4::text[], $5::text[], $6::tsvector[], $7::int[])"
                " AS u(id, speaker, role, mode, terms, lexemes, tokens) WHERE s.id = u.id",
                [u.sentence_id for u in changed],
                [clean(u.speaker) for u in changed],
                [clean(u.speaker_role) for u in changed],
                [u.speaker_mode for u in changed],
                [clean(u.speaker_terms) for u in changed],
                [after[u.sentence_id].vector for u in changed],
                [after[u.sentence_id].tokens for u in changed],
            )
            await post_sentences(conn, "s.id = ANY($1::bigint[])", ids)
            await conn.execute(
                "UPDATE articles SET attribution_version = $1 WHERE id = $2", version, article_id
            )
            difference = count_terms(after.values())
            difference.subtract(count_terms(before[i] for i in after))
            tokens = sum(r.tokens for r in after.values()) - sum(before[i].tokens for i in after)
            await record_change(conn, StatisticsChange(difference, sentences=(0, tokens)))


def _store_statement(*, record: bool, asynchronous: bool) -> str:
    """One statement that stores an article whole unless one with its hash or URL exists:
    the article, its sentences (ids taken first, so the article notes their span as it is
    written), their postings, and with ``record`` its term statistics change. It returns
    the new article's id, else the existing one's and why. ``asynchronous``: its commit does
    not wait for the disk flush (the statement is its own transaction, or is part of the
    caller's, which then does not wait either)."""
    parts = [
        "dup AS (SELECT id, reason FROM (SELECT id, 'same content' AS reason, 1 AS rank"
        "  FROM articles WHERE content_hash = $12 UNION ALL SELECT id, 'same URL', 2"
        "  FROM articles WHERE url = $8) AS found ORDER BY rank LIMIT 1)",
        "ids AS MATERIALIZED (SELECT n, COALESCE(($27::bigint[])[n],"
        "  nextval((SELECT pg_get_serial_sequence('sentences', 'id')))) AS id"
        "  FROM generate_series(1, cardinality($20::text[])) AS n"
        "  WHERE NOT EXISTS (SELECT FROM dup))",
        "a AS (INSERT INTO articles (id, title, section, byline, dateline_place,"
        "  dateline_agency, published, source, url, kind, ingested_at, day, content_hash,"
        "  paragraphs, lexemes, tokens, attribution_version, sentence_ids)"
        "  SELECT COALESCE($17, nextval((SELECT pg_get_serial_sequence('articles', 'id')))),"
        "  $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::text::tsvector, $15, $16,"
        "  (SELECT int8range(min(id), max(id), '[]') FROM ids)"
        "  WHERE NOT EXISTS (SELECT FROM dup) ON CONFLICT DO NOTHING RETURNING id)",
        "s AS (INSERT INTO sentences (id, article_id, paragraph, position, text, speaker,"
        "  speaker_role, speaker_mode, speaker_terms, lexemes, tokens)"
        "  SELECT ids.id, a.id, u.paragraph, u.position, u.text, u.speaker, u.role, u.mode,"
        "  u.terms, u.lexemes, u.tokens FROM a, unnest($18::int[], $19::int[], $20::text[],"
        "  $21::text[], $22::text[], $23::text[], $24::text[], $25::tsvector[], $26::int[])"
        "  WITH ORDINALITY AS u(paragraph, position, text, speaker, role, mode, terms, lexemes,"
        "  tokens, n) JOIN ids ON ids.n = u.n RETURNING id, lexemes)",
        f"posted AS ({POSTINGS_OF_ROWS})",
    ]
    if record:
        parts.append(f"recorded AS ({change_insert(_STORE_ARGUMENTS + 1)} FROM a)")
    # The one row the statement returns sets it, once.
    durability = ", set_config('synchronous_commit', 'off', true)" if asynchronous else ""
    return (
        f"WITH {', '.join(parts)} SELECT (SELECT id FROM a) AS added, dup.id AS existing,"
        f" dup.reason{durability} FROM (SELECT) AS one LEFT JOIN dup ON true"
    )


# Arguments of the store statement before those of the change it records.
_STORE_ARGUMENTS = 27
_STORE = _store_statement(record=True, asynchronous=True)
_INSERT = _store_statement(record=False, asynchronous=False)


@dataclass(frozen=True, slots=True)
class StoredArticle:
    article_id: int | None  # None: not stored
    duplicate: AddOutcome | None  # the article with its hash or URL, when one was found
    change: StatisticsChange  # what it adds to the term statistics


async def store_article(
    executor: asyncpg.Pool | asyncpg.Connection,
    article: ParsedArticle,
    sentences: Sequence[NewSentence],
    *,
    content_hash: str,
    ingested_at: datetime,
    attribution_version: int,
    article_id: int | None = None,
    sentence_ids: Sequence[int] | None = None,
    alone: bool = False,
) -> StoredArticle:
    """Store one article with its sentences, index entries and postings in one statement
    (ids given when copying an archive), unless one with its hash or URL exists. ``alone``:
    the statement is its own transaction, records the change to the term statistics and
    commits without waiting for the disk flush; else the caller records the change."""
    title = clean(article.title) or ""
    section = clean(article.section)
    heading = heading_index(title, section)
    rows = [sentence_index(s.text, s.speaker_terms) for s in sentences]
    arguments: list[object] = [
        title,
        section,
        clean(article.byline),
        clean(article.dateline_place),
        clean(article.dateline_agency),
        article.published,
        clean(article.source),
        clean(article.url),
        article.kind,
        ingested_at,
        article.published or ingested_at.astimezone(UTC).date(),
        content_hash,
        [clean(p) for p in article.paragraphs],
        heading.vector,
        heading.tokens,
        attribution_version,
        article_id,
        [s.paragraph for s in sentences],
        [s.position for s in sentences],
        [clean(s.text) for s in sentences],
        [clean(s.speaker) for s in sentences],
        [clean(s.speaker_role) for s in sentences],
        [s.speaker_mode for s in sentences],
        [clean(s.speaker_terms) for s in sentences],
        [row.vector for row in rows],
        [row.tokens for row in rows],
        list(sentence_ids) if sentence_ids is not None else [],
    ]
    change = StatisticsChange(
        count_terms(rows) + heading_terms(heading),
        sentences=(len(rows), sum(row.tokens for row in rows)),
        articles=(1, heading.tokens),
        spelling=spelling_terms_of(s.text for s in sentences),
    )
    statement = _STORE if alone else _INSERT
    extra = change_arguments(change) if alone else []
    result = await executor.fetchrow(statement, *arguments, *extra)
    if result is None:
        raise RuntimeError("storing an article returned nothing")
    duplicate = None
    if result["existing"] is not None:
        duplicate = AddOutcome(AddStatus.DUPLICATE, result["existing"], result["reason"])
    added = int(result["added"]) if result["added"] is not None else None
    return StoredArticle(added, duplicate, change)


async def _find_duplicate(
    executor: asyncpg.Pool | asyncpg.Connection, content_hash: str, url: str | None
) -> AddOutcome | None:
    found = await executor.fetchval("SELECT id FROM articles WHERE content_hash = $1", content_hash)
    if found is not None:
        return AddOutcome(AddStatus.DUPLICATE, found, "same content")
    if url:
        found = await executor.fetchval("SELECT id FROM articles WHERE url = $1", clean(url))
        if found is not None:
            return AddOutcome(AddStatus.DUPLICATE, found, "same URL")
    return None


def header(row: asyncpg.Record) -> ArticleHeader:
    return ArticleHeader(
        id=row["id"],
        title=row["title"],
        published=row["published"],
        section=row["section"],
        ingested_at=row["ingested_at"],
    )
