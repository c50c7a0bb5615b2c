"""Full-text search for questions in PostgreSQL: the SQLite search's contract and shapes.

Queries are ``tsquery`` values built from quoted lexemes only (``lexemes.py``), so no
user word becomes syntax. Results come newest first and capped, as in SQLite, so a common
word costs about the same on a large archive as on a small one. How to find them is not
left to the planner, which has no statistics for most words and, taking an unknown word for
a common one, would walk every sentence looking for a word that is nowhere: the term counts
kept at ingest (``search_terms``) bound the rows a query can match; none means no query,
a few thousand means reading them all from the GIN index and keeping the newest, more means
walking the newest rows until enough match.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import asyncpg

from bot.qa.records import Column, Scope, SentenceHit, TermClause
from bot.qa.spelling import deletions, spelling_terms_of
from bot.storage.interface import QueryRefused
from bot.storage.postgres.lexemes import TextQuery, clauses_query, matches_at_most, words_query
from bot.storage.postgres.ranking import term_statistics

_COLUMNS: dict[Column, str] = {"text": "text", "speaker_terms": "speaker_terms"}
_HIT_COLUMNS = (
    "s.id, s.article_id, s.paragraph, s.position, s.text, s.speaker, s.speaker_role,"
    " s.speaker_mode, s.speaker_terms, a.title, a.published, a.day, a.section"
)
# Up to this many matching rows, all are read from the GIN index and the newest kept.
RARE_MATCHES = 20_000
# Sentences counted for a word's rarity before it counts as common (as in SQLite).
DOCUMENTS_COUNTED = 2000


def _scope_filter(scope: Scope, params: list[object]) -> str:
    conditions: list[str] = []
    if scope.start is not None:
        params.append(scope.start)
        conditions.append(f"a.day >= ${len(params)}")
    if scope.end is not None:
        params.append(scope.end)
        conditions.append(f"a.day <= ${len(params)}")
    if scope.section is not None:
        params.append(scope.section.replace("\x00", ""))
        conditions.append(f"lower(a.section) = lower(${len(params)})")
    return "".join(f" AND {c}" for c in conditions)


def _param(params: list[object], value: object) -> str:
    params.append(value)
    return f"${len(params)}"


class PostgresSearchRepository:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool
        self._sections: tuple[int, list[str]] | None = None

    async def _newest_first(self, query: TextQuery, *, table: str, alias: str = "") -> str | None:
        """The ORDER BY key for "newest first" that makes the planner read the rows the
        cheap way (see the module's docstring), or None when the query matches nothing."""
        statistics = await term_statistics(self._pool, query.phrases, table=table)
        bound = matches_at_most(query, lambda phrase: statistics.documents.get(phrase, 0))
        if bound == 0:
            return None
        # "id + 0" cannot be read from the primary key in order: the GIN index it is.
        return f"{alias}id + 0 DESC" if bound <= RARE_MATCHES else f"{alias}id DESC"

    async def _fetch(self, sql: str, params: Sequence[object]) -> list[asyncpg.Record]:
        """Run a full-text query; the server refusing it becomes the contract's QueryRefused."""
        try:
            return await self._pool.fetch(sql, *params)
        except (asyncpg.SyntaxOrAccessError, asyncpg.DataError) as exc:
            raise QueryRefused(str(exc)) from exc

    async def sentences(
        self, clauses: Sequence[TermClause], *, scope: Scope, cap: int
    ) -> list[SentenceHit]:
        """Sentences matching every clause within the scope, newest first, at most ``cap``."""
        query = clauses_query(clauses) if clauses else None
        if query is None or cap <= 0:
            return []
        order = await self._newest_first(query, table="sentences", alias="s.")
        if order is None:
            return []
        params: list[object] = [query.text, cap]
        where = _scope_filter(scope, params)
        rows = await self._fetch(
            f"SELECT {_HIT_COLUMNS} FROM sentences s JOIN articles a ON a.id = s.article_id"
            f" WHERE s.lexemes @@ $1::tsquery{where} ORDER BY {order} LIMIT $2",
            params,
        )
        return [_hit(row) for row in rows]

    async def known_terms(self, column: Column, terms: Sequence[str]) -> set[str]:
        """The terms that occur at least once in ``column``."""
        unique = list(dict.fromkeys(terms))
        queries = [(t, words_query([t], column, every=True)) for t in unique]
        asked = [
            (t, q)
            for t, q in queries
            if q is not None and await self._newest_first(q, table="sentences") is not None
        ]
        if not asked:
            return set()
        # One statement for all the terms: each EXISTS stops at the first match.
        rows = await self._fetch(
            "SELECT q.i FROM unnest($1::tsquery[]) WITH ORDINALITY AS q(query, i)"
            " WHERE EXISTS (SELECT 1 FROM sentences s WHERE s.lexemes @@ q.query)",
            [[q.text for _, q in asked]],
        )
        return {asked[int(r["i"]) - 1][0] for r in rows}

    async def articles_mentioning(self, terms: Sequence[str], *, limit: int) -> list[int]:
        """Articles with all the terms in the title, then in one sentence; newest first."""
        if not terms or limit <= 0:
            return []
        in_title = words_query(terms, "title", every=True)
        in_text = words_query(terms, "text", every=True)
        if in_title is None or in_text is None:
            return []
        found: list[int] = []
        order = await self._newest_first(in_title, table="articles")
        if order is not None:
            found += [
                int(r["id"])
                for r in await self._fetch(
                    f"SELECT id FROM articles WHERE lexemes @@ $1::tsquery ORDER BY {order}"
                    " LIMIT $2",
                    [in_title.text, limit],
                )
            ]
        order = await self._newest_first(in_text, table="sentences")
        if len(found) < limit and order is not None:
            found += [
                int(r["article_id"])
                for r in await self._fetch(
                    "SELECT article_id FROM sentences WHERE lexemes @@ $1::tsquery"
                    f" ORDER BY {order} LIMIT $2",
                    [in_text.text, limit * 20],
                )
            ]
        return list(dict.fromkeys(found))[:limit]

    async def latest_article_ids(self, *, limit: int) -> list[int]:
        rows = await self._pool.fetch("SELECT id FROM articles ORDER BY id DESC LIMIT $1", limit)
        return [int(r["id"]) for r in rows]

    async def sections(self) -> list[str]:
        """Section names in use; re-read only when articles have been added."""
        newest = int(await self._pool.fetchval("SELECT coalesce(max(id), 0) FROM articles"))
        if self._sections is None or self._sections[0] != newest:
            rows = await self._pool.fetch(
                "SELECT DISTINCT section FROM articles WHERE section IS NOT NULL"
            )
            names = sorted({str(r["section"]) for r in rows if str(r["section"]).strip()})
            self._sections = (newest, names)
        return list(self._sections[1])

    async def column_text_with(self, column: Column, term: str) -> str | None:
        """Some stored text of ``column`` holding ``term``: shows how the stem is spelt."""
        query = words_query([term], column, every=True)
        order = await self._newest_first(query, table="sentences") if query else None
        if query is None or order is None:
            return None
        rows = await self._fetch(
            f"SELECT {_COLUMNS[column]} AS found FROM sentences WHERE lexemes @@ $1::tsquery"
            f" ORDER BY {order} LIMIT 1",
            [query.text],
        )
        return str(rows[0]["found"]) if rows and rows[0]["found"] else None

    async def term_documents(self, column: Column, stems: Sequence[str]) -> dict[str, int]:
        """How many sentences hold each term in ``column`` (from the statistics kept at
        ingest), counted up to ``DOCUMENTS_COUNTED`` as the SQLite search does."""
        unique = list(dict.fromkeys(t for t in stems if t))
        if not unique:
            return {}
        rows = await self._pool.fetch(
            "SELECT term, least(documents, $3) AS documents FROM search_terms"
            " WHERE col = $1 AND term = ANY($2::text[]) AND documents > 0",
            _COLUMNS[column],
            unique,
            DOCUMENTS_COUNTED,
        )
        return {str(r["term"]): int(r["documents"]) for r in rows}

    async def sentence_total(self) -> int:
        """How many sentences are stored: the scale for a word's rarity."""
        value = await self._pool.fetchval("SELECT rows FROM search_totals WHERE name = 'sentences'")
        return int(value or 0)

    async def phrase_found(self, words: Sequence[str]) -> bool:
        """Whether the words occur together, in this order, in a sentence or a title."""
        phrase = " ".join(words)
        in_text = words_query([phrase], "text", every=True)
        in_title = words_query([phrase], "title", every=True)
        if in_text is None or in_title is None:
            return False
        if (
            await self._newest_first(in_text, table="sentences") is None
            and await self._newest_first(in_title, table="articles") is None
        ):
            return False
        found = await self._fetch(
            "SELECT EXISTS (SELECT 1 FROM sentences WHERE lexemes @@ $1::tsquery)"
            " OR EXISTS (SELECT 1 FROM articles WHERE lexemes @@ $2::tsquery) AS found",
            [in_text.text, in_title.text],
        )
        return bool(found and found[0]["found"])

    async def titled_articles(
        self, clauses: Sequence[TermClause], *, scope: Scope, limit: int
    ) -> list[int]:
        """Articles whose title matches every clause (their column ignored), newest first."""
        query = clauses_query([TermClause("title", c.terms, c.minimum) for c in clauses])  # type: ignore[arg-type]
        if query is None or limit <= 0:
            return []
        order = await self._newest_first(query, table="articles", alias="a.")
        if order is None:
            return []
        params: list[object] = [query.text, limit]
        where = _scope_filter(scope, params)
        rows = await self._fetch(
            f"SELECT a.id FROM articles a WHERE a.lexemes @@ $1::tsquery{where}"
            f" ORDER BY {order} LIMIT $2",
            params,
        )
        return [int(r["id"]) for r in rows]

    async def article_hits(
        self, article_ids: Sequence[int], *, clauses: Sequence[TermClause] = ()
    ) -> list[SentenceHit]:
        """The sentences of these articles (those matching every clause, if any), in order."""
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return []
        params: list[object] = [ids]
        condition = ""
        if clauses:
            query = clauses_query(clauses)
            if query is None:
                return []
            params.append(query.text)
            condition = " AND s.lexemes @@ $2::tsquery"
        rows = await self._fetch(
            f"SELECT {_HIT_COLUMNS} FROM sentences s JOIN articles a ON a.id = s.article_id"
            f" WHERE s.article_id = ANY($1::bigint[]){condition}"
            " ORDER BY s.article_id, s.position",
            params,
        )
        return [_hit(row) for row in rows]

    async def sentence_hits(self, sentence_ids: Sequence[int]) -> list[SentenceHit]:
        """These sentences, as search hits (those that exist), in id order."""
        ids = list(dict.fromkeys(sentence_ids))
        if not ids:
            return []
        rows = await self._pool.fetch(
            f"SELECT {_HIT_COLUMNS} FROM sentences s JOIN articles a ON a.id = s.article_id"
            " WHERE s.id = ANY($1::bigint[]) ORDER BY s.id",
            ids,
        )
        return [_hit(row) for row in rows]

    async def contexts(
        self, sentence_ids: Sequence[int], *, before: int = 3
    ) -> dict[int, tuple[str, ...]]:
        """For each sentence, its article's first sentence and up to ``before`` sentences
        preceding it in its paragraph, in order."""
        ids = list(dict.fromkeys(sentence_ids))
        if not ids:
            return {}
        rows = await self._pool.fetch(
            "SELECT s.id, c.text FROM sentences s JOIN sentences c"
            " ON c.article_id = s.article_id AND c.id != s.id AND (c.position = 0"
            " OR (c.paragraph = s.paragraph AND c.position BETWEEN s.position - $2"
            " AND s.position)) WHERE s.id = ANY($1::bigint[]) ORDER BY s.id, c.position",
            ids,
            before,
        )
        found: dict[int, list[str]] = {}
        for row in rows:
            found.setdefault(int(row["id"]), []).append(str(row["text"]))
        return {key: tuple(value) for key, value in found.items()}

    async def close_terms(self, variants: Sequence[str], *, limit: int = 200) -> list[str]:
        """Indexed terms sharing a one-letter deletion (or none) with any of the variants."""
        unique = list(dict.fromkeys(v for v in variants if v))
        if not unique:
            return []
        rows = await self._pool.fetch(
            "SELECT DISTINCT t.term FROM spelling_variants v"
            " JOIN spelling_terms t ON t.id = v.term_id"
            " WHERE v.variant = ANY($1::text[]) LIMIT $2",
            unique,
            limit,
        )
        return [str(r["term"]) for r in rows]


async def record_spelling_terms(conn: asyncpg.Connection, texts: Iterable[str]) -> None:
    """Add the texts' new terms, with their deletions, to the spelling index, in the
    transaction that stores them; terms already known cost one lookup."""
    terms = sorted(spelling_terms_of(texts))
    if not terms:
        return
    rows = await conn.fetch(
        "INSERT INTO spelling_terms (term) SELECT unnest($1::text[]) ORDER BY 1"
        " ON CONFLICT (term) DO NOTHING RETURNING id, term",
        terms,
    )
    if not rows:
        return
    pairs = [
        (variant, int(row["id"]))
        for row in rows
        for variant in sorted({str(row["term"]), *deletions(str(row["term"]))})
    ]
    await conn.execute(
        "INSERT INTO spelling_variants (variant, term_id)"
        " SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT DO NOTHING",
        [v for v, _ in pairs],
        [i for _, i in pairs],
    )


def _hit(row: asyncpg.Record) -> SentenceHit:
    return SentenceHit(
        sentence_id=row["id"],
        article_id=row["article_id"],
        paragraph=row["paragraph"],
        position=row["position"],
        text=row["text"],
        speaker=row["speaker"],
        speaker_role=row["speaker_role"],
        speaker_mode=row["speaker_mode"],
        speaker_terms=row["speaker_terms"],
        title=row["title"],
        published=row["published"],
        day=row["day"],
        section=row["section"],
    )
