"""Full-text search for questions in PostgreSQL: the SQLite search's contract and shapes.

Queries are ``tsquery`` values built from quoted lexemes only (``lexemes.py``), so no
user word becomes syntax. Results come newest first and capped, as in SQLite, so a common
word costs about the same on a large archive as on a small one: sentences are found
through the postings (``postings.py``), each term's sentences newest first, and only the
candidates they give are checked against the query. The ``IS TRUE`` around that check
keeps the planner from reading every match from the GIN index instead.

A query whose every clause could be met by unposted words alone (the most frequent ones)
is not left to the planner either, which has no statistics for most words: the term
counts (``search_terms``) say whether to read its few matches from the GIN index or to
walk the newest rows until enough match, as such words are found at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import asyncpg

from bot.qa.records import Column, Scope, SentenceHit, TermClause
from bot.storage.interface import QueryRefused
from bot.storage.postgres.lexemes import (
    WEIGHTS,
    TextQuery,
    clauses_query,
    lexemes_of,
    matches_at_most,
    words_query,
)
from bot.storage.postgres.postings import (
    PostedClause,
    candidates,
    posted_clauses,
    postings_listed,
)
from bot.storage.postgres.ranking import term_statistics
from bot.storage.postgres.terms import fold_changes, pending_changes

_COLUMNS: dict[Column, str] = {"text": "text", "speaker_terms": "speaker_terms"}
_HIT_COLUMNS = (
    "s.id, s.article_id, s.paragraph, s.position, s.text, s.speaker, s.speaker_role,"
    " s.speaker_mode, s.speaker_terms, a.title, a.published, a.day, a.section"
)
# Up to this many matching rows, all are read from the GIN index and the newest kept.
RARE_MATCHES = 20_000
# Postings merged for a query before the GIN indexes are asked for the older matches
# (merging them takes a few milliseconds).
POSTINGS_MERGED = 10_000
# Articles within a search's days whose sentences are picked from the postings by id.
ARTICLES_IN_DAYS = 5000
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
    def __init__(self, pool: asyncpg.Pool, unposted: frozenset[str]) -> None:
        self._pool = pool
        self._unposted = unposted
        self._sections: tuple[int, list[str]] | None = None

    async def _newest_first(self, query: TextQuery, *, table: str, alias: str = "") -> str:
        """The ORDER BY key for "newest first" that makes the planner read the rows the
        cheap way without postings (see the module's docstring). The counts may lag the
        newest articles a little: they choose the way, never what is found."""
        statistics = await term_statistics(self._pool, query.phrases, table=table)
        bound = matches_at_most(query, lambda phrase: statistics.documents.get(phrase, 0))
        # "id + 0" cannot be read from the primary key in order: the GIN index it is.
        return f"{alias}id + 0 DESC" if bound <= RARE_MATCHES else f"{alias}id DESC"

    async def _newest(
        self, clauses: Sequence[TermClause], *, scope: Scope, cap: int, columns: str
    ) -> list[asyncpg.Record]:
        """``columns`` of the newest sentences (``s``, with their article ``a``) matching
        every clause within the scope, at most ``cap``.

        The postings of the query's terms are merged newest first and only the sentences
        holding terms enough are read, until ``cap`` match. When the newest
        ``POSTINGS_MERGED`` postings yield too few, matches are rare, and the GIN indexes
        are asked, which find the sentences holding all the words at once (few, then)
        without reading each word's list. Within a few days, the postings are kept to
        those days' articles before any is merged, and merged whole."""
        query = clauses_query(clauses) if clauses else None
        if query is None or cap <= 0:
            return []
        posted = posted_clauses(clauses, self._unposted)
        if not posted:
            params: list[object] = [query.text, cap]
            where = _scope_filter(scope, params)
            order = await self._newest_first(query, table="sentences", alias="s.")
            return await self._fetch(
                f"SELECT {columns} FROM sentences s JOIN articles a ON a.id = s.article_id"
                f" WHERE s.lexemes @@ $1::tsquery{where} ORDER BY {order} LIMIT $2",
                params,
            )
        days = await self._sentences_of_days(scope)
        merged = await self._merged(query, posted, scope, days, cap, columns, POSTINGS_MERGED)
        if len(merged) >= cap:
            return merged
        if days is not None:
            documents = await self._documents(posted)
            if postings_listed(posted, documents) <= POSTINGS_MERGED // 2:
                return merged  # the lists were merged whole (the counts may lag a little)
            return await self._merged(query, posted, scope, days, cap, columns, None, documents)
        params = [query.text, cap]
        where = _scope_filter(scope, params)
        speakers = clauses_query([c for c in clauses if c.column == "speaker_terms"])
        if speakers is not None:
            # The speaker terms' own index: the main one cannot tell them from the text.
            params.append(speakers.text)
            where += (
                " AND s.speaker_terms IS NOT NULL"
                f" AND ts_filter(s.lexemes, '{{b}}') @@ ${len(params)}::tsquery"
            )
        # Unless the term statistics say the lists were merged whole (the counts may lag a
        # little), which the server checks first, in the same statement.
        listed = [(c.column, x) for c in posted for x in {x for p in c.phrases for x in p}]
        cols = _param(params, [column for column, _ in listed])
        terms = _param(params, [lexeme for _, lexeme in listed])
        merged_whole = _param(params, POSTINGS_MERGED // 2)
        indexed = await self._fetch(
            f"SELECT {columns}, s.id AS found_id FROM sentences s"
            " JOIN articles a ON a.id = s.article_id"
            f" WHERE s.lexemes @@ $1::tsquery{where} AND (SELECT coalesce(sum(t.documents), 0)"
            f"  FROM unnest({cols}::text[], {terms}::text[]) AS w(col, term)"
            f"  JOIN search_terms t ON t.col = w.col AND t.term = w.term) > {merged_whole}"
            " ORDER BY s.id + 0 DESC LIMIT $2",
            params,
        )
        every = {row["found_id"]: row for row in [*merged, *indexed]}
        return [every[i] for i in sorted(every, reverse=True)[:cap]]

    async def _merged(
        self,
        query: TextQuery,
        posted: Sequence[PostedClause],
        scope: Scope,
        days: list[asyncpg.Range] | None,
        cap: int,
        columns: str,
        postings: int | None,
        documents: Mapping[tuple[str, str], int] | None = None,
    ) -> list[asyncpg.Record]:
        """The newest matches among the candidates of the newest ``postings`` postings
        (all with None) of the query's terms; ``found_id`` is each one's sentence id."""
        params: list[object] = [query.text, cap]
        where = _scope_filter(scope, params)
        bounds = []
        if days is not None:
            params.append(days)
            bounds.append(f"sentence_id <@ ${len(params)}::int8multirange")
        limit = None
        if postings is not None:
            params.append(postings)
            limit = f"${len(params)}"
        stream = candidates(posted, documents or {}, params, bounds=bounds, limit=limit)
        return await self._fetch(
            f"SELECT {columns}, s.id AS found_id FROM ({stream}) AS c"
            " JOIN sentences s ON s.id = c.sentence_id JOIN articles a ON a.id = s.article_id"
            f" WHERE (s.lexemes @@ $1::tsquery) IS TRUE{where}"
            " ORDER BY c.sentence_id DESC LIMIT $2",
            params,
        )

    async def _sentences_of_days(self, scope: Scope) -> list[asyncpg.Range] | None:
        """The sentence ids of the articles within the scope's days (a multirange) when
        they are at most ``ARTICLES_IN_DAYS`` articles; None when the scope has no days
        or more articles."""
        if scope.start is None and scope.end is None:
            return None
        params: list[object] = []
        where = _scope_filter(Scope(start=scope.start, end=scope.end), params)
        params.append(ARTICLES_IN_DAYS + 1)
        row = await self._pool.fetchrow(
            "SELECT count(*) AS articles, range_agg(a.sentence_ids) AS ids FROM"
            f" (SELECT a.sentence_ids FROM articles a WHERE true{where}"
            f" LIMIT ${len(params)}) AS a",
            *params,
        )
        if row is None or row["articles"] > ARTICLES_IN_DAYS:
            return None
        return list(row["ids"] or [])

    async def _documents(self, clauses: Sequence[PostedClause]) -> dict[tuple[str, str], int]:
        """The term statistics' count of each lexeme of the clauses, to choose by."""
        wanted = sorted(
            {(c.column, lexeme) for c in clauses for phrase in c.phrases for lexeme in phrase}
        )
        rows = await self._pool.fetch(
            "SELECT col, term, documents FROM search_terms"
            " WHERE (col, term) IN (SELECT * FROM unnest($1::text[], $2::text[]))",
            [column for column, _ in wanted],
            [lexeme for _, lexeme in wanted],
        )
        return {(r["col"], r["term"]): int(r["documents"]) for r in rows}

    async def _fold_pending(self) -> None:
        """Fold the statistics changes not yet folded (rarely any: they are folded as
        articles arrive), for the readers of the statistics and spelling index."""
        if await pending_changes(self._pool):
            await fold_changes(self._pool, wait=True)

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
        rows = await self._newest(clauses, scope=scope, cap=cap, columns=_HIT_COLUMNS)
        return [_hit(row) for row in rows]

    async def known_terms(self, column: Column, terms: Sequence[str]) -> set[str]:
        """The terms that occur at least once in ``column``: a posted word when it has a
        posting (one statement for them all), any other as a search finds it."""
        unique = list(dict.fromkeys(terms))
        posted = {
            t: found[0]
            for t in unique
            if len(found := lexemes_of(t)) == 1 and found[0] not in self._unposted
        }
        present: set[str] = set()
        if posted:
            rows = await self._pool.fetch(
                "SELECT t.term FROM unnest($1::text[]) AS t(term) WHERE EXISTS"
                f" (SELECT FROM postings p WHERE p.col = '{WEIGHTS[column]}' AND p.term = t.term)",
                sorted(set(posted.values())),
            )
            present = {str(r["term"]) for r in rows}
        return {t for t, lexeme in posted.items() if lexeme in present} | {
            term
            for term in unique
            if term not in posted
            and await self._newest([TermClause(column, (term,))], scope=Scope(), cap=1, columns="1")
        }

    async def articles_mentioning(self, terms: Sequence[str], *, limit: int) -> list[int]:
        """Articles with all the terms in the title, then in one sentence; newest first."""
        if not terms or limit <= 0:
            return []
        in_title = words_query(terms, "title", every=True)
        if in_title is None:
            return []
        order = await self._newest_first(in_title, table="articles")
        found = [
            int(r["id"])
            for r in await self._fetch(
                f"SELECT id FROM articles WHERE lexemes @@ $1::tsquery ORDER BY {order} LIMIT $2",
                [in_title.text, limit],
            )
        ]
        if len(found) < limit:
            every = list(dict.fromkeys(terms))
            rows = await self._newest(
                [TermClause("text", tuple(every), len(every))],
                scope=Scope(),
                cap=limit * 20,
                columns="s.article_id",
            )
            found += [int(r["article_id"]) for r in rows]
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
        rows = await self._newest(
            [TermClause(column, (term,))],
            scope=Scope(),
            cap=1,
            columns=f"s.{_COLUMNS[column]} AS found",
        )
        return str(rows[0]["found"]) if rows and rows[0]["found"] else None

    async def term_documents(self, column: Column, stems: Sequence[str]) -> dict[str, int]:
        """How many sentences hold each term in ``column``, counted up to
        ``DOCUMENTS_COUNTED`` as the SQLite search does, the term taken as a word of a
        query (so stemmed again, as FTS5 does): from the postings, or for the unposted
        words from the term statistics (brought up to date first)."""
        unique = list(dict.fromkeys(t for t in stems if t))
        lexemes = {t: found[0] for t in unique if len(found := lexemes_of(t)) == 1}
        posted = {t: x for t, x in lexemes.items() if x not in self._unposted}
        counted: dict[str, int] = {}
        if posted:
            rows = await self._pool.fetch(
                "SELECT t.term, (SELECT count(*) FROM (SELECT FROM postings p"
                f"  WHERE p.col = '{WEIGHTS[column]}' AND p.term = t.term LIMIT $2) AS found)"
                " AS documents FROM unnest($1::text[]) AS t(term)",
                sorted(set(posted.values())),
                DOCUMENTS_COUNTED,
            )
            counted = {str(r["term"]): int(r["documents"]) for r in rows}
        unposted = sorted({x for x in lexemes.values() if x in self._unposted})
        if unposted:
            await self._fold_pending()
            rows = await self._pool.fetch(
                "SELECT term, least(documents, $3) AS documents FROM search_terms"
                " WHERE col = $1 AND term = ANY($2::text[])",
                _COLUMNS[column],
                unposted,
                DOCUMENTS_COUNTED,
            )
            counted |= {str(r["term"]): int(r["documents"]) for r in rows}
        found = {t: counted.get(x, 0) for t, x in lexemes.items()}
        for term in (t for t in unique if t not in lexemes):
            # Several words in one: counted as the phrase they make.
            found[term] = len(
                await self._newest(
                    [TermClause(column, (term,))], scope=Scope(), cap=DOCUMENTS_COUNTED, columns="1"
                )
            )
        return {t: n for t, n in found.items() if n > 0}

    async def sentence_total(self) -> int:
        """About how many sentences are stored (the highest id): the scale for rarity."""
        value = await self._pool.fetchval("SELECT max(id) FROM sentences")
        return int(value or 0)

    async def phrase_found(self, words: Sequence[str]) -> bool:
        """Whether the words occur together, in this order, in a sentence or a title."""
        phrase = " ".join(words)
        in_title = words_query([phrase], "title", every=True)
        if in_title is None:
            return False
        if await self._newest([TermClause("text", (phrase,))], scope=Scope(), cap=1, columns="1"):
            return True
        found = await self._fetch(
            "SELECT EXISTS (SELECT 1 FROM articles WHERE lexemes @@ $1::tsquery) AS found",
            [in_title.text],
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
            # Checked on these articles' sentences, never read from the GIN index.
            condition = " AND (s.lexemes @@ $2::tsquery) IS TRUE"
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
        """Indexed terms sharing a one-letter deletion (or none) with any of the variants;
        the words of the newest articles are folded into the index first."""
        unique = list(dict.fromkeys(v for v in variants if v))
        if not unique:
            return []
        await self._fold_pending()
        rows = await self._pool.fetch(
            "SELECT DISTINCT t.term FROM spelling_variants v"
            " JOIN spelling_terms t ON t.id = v.term_id"
            " WHERE v.variant = ANY($1::text[]) LIMIT $2",
            unique,
            limit,
        )
        return [str(r["term"]) for r in rows]


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
