"""Full-text search for questions in PostgreSQL: the SQLite search's contract and shapes.

Queries are ``tsquery`` values built from quoted lexemes only (``lexemes.py``), so no
user word becomes syntax. Results come newest first and capped, as in SQLite, so a common
word costs about the same on a large archive as on a small one; the planner reads a
rare word's rows from the GIN index and a common word's by walking the newest sentences.
"""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from bot.qa.rank import BM25_WEIGHT, COVERAGE_WEIGHT, TITLE_WEIGHT
from bot.qa.records import (
    Column,
    KeywordCandidates,
    Scope,
    SentenceHit,
    TermClause,
    VocabularyTerm,
)
from bot.storage.interface import QueryRefused
from bot.storage.postgres.lexemes import TextQuery, clauses_query, words_query
from bot.storage.postgres.ranking import Bm25, heading_scale, term_statistics

_COLUMNS: dict[Column, str] = {"text": "text", "speaker_terms": "speaker_terms"}
_HIT_COLUMNS = (
    "s.id, s.article_id, s.paragraph, s.position, s.text, s.speaker, s.speaker_role,"
    " s.speaker_mode, s.speaker_terms"
)


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
        statistics = await term_statistics(self._pool, query.phrases, table="sentences")
        params: list[object] = [query.text, cap]
        relevance = Bm25(statistics, params, vector="s.lexemes", tokens="s.tokens")
        relevance_sql = relevance.sql(query.groups)
        where = _scope_filter(scope, params)
        rows = await self._fetch(
            f"SELECT {_HIT_COLUMNS}, {relevance_sql} AS relevance,"
            " a.title, a.published, a.day, a.section"
            " FROM sentences s JOIN articles a ON a.id = s.article_id"
            f" WHERE s.lexemes @@ $1::tsquery{where} ORDER BY s.id DESC LIMIT $2",
            params,
        )
        return [_hit(row) for row in rows]

    async def keyword_candidates(
        self,
        terms: Sequence[str],
        minimums: Sequence[int],
        *,
        scope: Scope,
        cap: int,
        enough: int,
        keep: int,
    ) -> KeywordCandidates:
        """Sentences holding at least ``minimums[i]`` of the terms, tier by tier, in one
        statement: the same tiers, gates, scores and pre-ordering as the SQLite search."""
        unique = tuple(dict.fromkeys(terms))
        empty = KeywordCandidates((), {}, 1.0, 1.0)
        if not unique or not minimums or cap <= 0 or keep <= 0:
            return empty
        count = len(unique)
        tiers: list[TextQuery | None] = [
            clauses_query([TermClause("text", unique, min(m, count))]) for m in minimums
        ]
        titles = words_query(unique, None, every=False)
        if titles is None or all(t is None for t in tiers):
            return empty
        every = {p for tier in tiers if tier for p in tier.phrases}
        statistics = await term_statistics(self._pool, every, table="sentences")
        headings = await term_statistics(self._pool, titles.phrases, table="articles")
        params: list[object] = [cap, enough, keep]
        ctes: list[str] = []
        names: list[str] = []
        floors: list[str] = []
        for number, (tier, minimum) in enumerate(zip(tiers, minimums, strict=True), start=1):
            if tier is None:
                continue
            name = f"t{number}"
            relevance = Bm25(statistics, params, vector="s.lexemes", tokens="s.tokens").sql(
                tier.groups
            )
            query = _param(params, tier.text)
            where = _scope_filter(scope, params)
            join = " JOIN articles a ON a.id = s.article_id" if where else ""
            # The gate sits in LIMIT: a LIMIT of 0 never reads the index.
            limit = "$1"
            if names:
                earlier = " UNION ALL ".join(f"SELECT id FROM {n}" for n in names)
                limit = (
                    f"CASE WHEN (SELECT count(DISTINCT id) FROM ({earlier}) e) < $2"
                    " THEN $1 ELSE 0 END"
                )
            ctes.append(
                f"{name} AS MATERIALIZED (SELECT s.id, {relevance} AS rel FROM sentences s{join}"
                f" WHERE s.lexemes @@ {query}::tsquery{where} ORDER BY s.id DESC LIMIT {limit})"
            )
            floors.append(_param(params, min(minimum, count) / count))
            names.append(name)
        hits = " UNION ALL ".join(
            f"SELECT id, rel, {tier} AS tier FROM {n}" for tier, n in enumerate(names, start=1)
        )
        # A sentence keeps the BM25 of the last tier that found it and the coverage floor
        # of the strictest.
        need = " ".join(
            f"WHEN h.id IN (SELECT id FROM {n}) THEN {floor}::float8"
            for n, floor in zip(names[:-1], floors[:-1], strict=True)
        )
        need = f"CASE {need} ELSE {floors[-1]}::float8 END" if need else f"{floors[-1]}::float8"
        ctes.append(
            f"found AS MATERIALIZED (SELECT h.id, h.rel, {need} AS need, s.article_id, s.text,"
            " a.day FROM (SELECT DISTINCT ON (id) id, rel FROM ("
            f"{hits}) u ORDER BY id, tier DESC) h"
            " JOIN sentences s ON s.id = h.id JOIN articles a ON a.id = s.article_id)"
        )
        title_relevance = Bm25(
            headings,
            params,
            vector="a.lexemes",
            tokens="a.tokens",
            scale=heading_scale(title=1.0, section=0.3),
        ).sql(titles.groups)
        title_query = _param(params, titles.text)
        ctes.append(
            f"titles AS MATERIALIZED (SELECT a.id AS article_id, {title_relevance} AS title_rel"
            f" FROM articles a WHERE a.id IN (SELECT article_id FROM found)"
            f" AND a.lexemes @@ {title_query}::tsquery)"
        )
        ctes.append(
            "scored AS (SELECT f.*, t.title_rel,"
            " coalesce(nullif(max(f.rel) OVER (), 0), 1.0) AS top_rel,"
            " coalesce(nullif(max(t.title_rel) OVER (), 0), 1.0) AS top_title"
            " FROM found f LEFT JOIN titles t USING (article_id))"
        )
        ctes.append(
            f"ranked AS (SELECT *, {COVERAGE_WEIGHT} * need"
            f" + {BM25_WEIGHT} * greatest(rel, 0) / top_rel"
            f" + {TITLE_WEIGHT} * greatest(coalesce(title_rel, 0), 0) / top_title AS guess"
            " FROM scored)"
        )
        ctes.append(
            "copies AS (SELECT *, row_number() OVER"
            " (PARTITION BY text ORDER BY guess DESC, day DESC, article_id DESC) AS copy"
            " FROM ranked)"
        )
        rows = await self._fetch(
            "WITH " + ", ".join(ctes) + f" SELECT {_HIT_COLUMNS}, c.rel AS relevance,"
            " a.title, a.published, c.day, a.section, c.title_rel, c.top_rel, c.top_title"
            " FROM copies c JOIN sentences s ON s.id = c.id JOIN articles a ON a.id = s.article_id"
            " WHERE c.copy = 1 ORDER BY c.guess DESC, c.day DESC, c.article_id DESC, s.position"
            " LIMIT $3",
            params,
        )
        if not rows:
            return empty
        title_scores = {
            int(r["article_id"]): float(r["title_rel"]) for r in rows if r["title_rel"] is not None
        }
        return KeywordCandidates(
            tuple(_hit(r) for r in rows),
            title_scores,
            float(rows[0]["top_rel"]),
            float(rows[0]["top_title"]),
        )

    async def known_terms(self, column: Column, terms: Sequence[str]) -> set[str]:
        """The terms that occur at least once in ``column``."""
        unique = list(dict.fromkeys(terms))
        queries = [(t, words_query([t], column, every=True)) for t in unique]
        asked = [(t, q) for t, q in queries if q is not None]
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
        found = [
            int(r["id"])
            for r in await self._fetch(
                "SELECT id FROM articles WHERE lexemes @@ $1::tsquery ORDER BY id DESC LIMIT $2",
                [in_title.text, limit],
            )
        ]
        if len(found) < limit:
            found += [
                int(r["article_id"])
                for r in await self._fetch(
                    "SELECT article_id FROM sentences WHERE lexemes @@ $1::tsquery"
                    " ORDER BY id DESC LIMIT $2",
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

    async def vocabulary(
        self, column: Column, prefixes: Sequence[str], *, limit: int = 2000
    ) -> list[VocabularyTerm]:
        """Indexed terms of ``column`` starting with any of the prefixes."""
        found: dict[str, int] = {}
        for prefix in dict.fromkeys(p.replace("\x00", "") for p in prefixes if p):
            if not prefix:
                continue
            upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            rows = await self._pool.fetch(
                "SELECT term, documents FROM search_terms WHERE col = $1 AND term >= $2"
                " AND term < $3 AND documents > 0 ORDER BY term LIMIT $4",
                _COLUMNS[column],
                prefix,
                upper,
                limit,
            )
            for row in rows:
                found[str(row["term"])] = int(row["documents"])
        return [VocabularyTerm(t, d) for t, d in found.items()]

    async def column_text_with(self, column: Column, term: str) -> str | None:
        """Some stored text of ``column`` holding ``term``: shows how the stem is spelt."""
        query = words_query([term], column, every=True)
        if query is None:
            return None
        rows = await self._fetch(
            f"SELECT {_COLUMNS[column]} AS found FROM sentences WHERE lexemes @@ $1::tsquery"
            " ORDER BY id DESC LIMIT 1",
            [query.text],
        )
        return str(rows[0]["found"]) if rows and rows[0]["found"] else None


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
        relevance=float(row["relevance"]),
        title=row["title"],
        published=row["published"],
        day=row["day"],
        section=row["section"],
    )
