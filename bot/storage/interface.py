"""The storage contract callers depend on; SQLite is one implementation of it.

Services and handlers type against these protocols only, so another backend
(PostgreSQL for several bot processes) can be added without touching them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Protocol

from bot.ingest.article import ParsedArticle
from bot.qa.records import (
    Column,
    Scope,
    SentenceHit,
    TermClause,
)
from bot.storage.digest_records import (
    Delivery,
    DeliveryClaim,
    DeliveryStatus,
    InactiveReason,
    Subscription,
    SubscriptionStats,
)
from bot.storage.feed_records import EntryStatus, Feed
from bot.storage.limit_records import FloodVerdict, SendTurn
from bot.storage.records import (
    AddOutcome,
    Article,
    ArticleHeader,
    NewSentence,
    Notice,
    NoticeKind,
    Sentence,
    SpeakerUpdate,
    StaleArticle,
)


class QueryRefused(Exception):
    """The database refused a search (full-text syntax it would not take); every backend
    raises this rather than its driver's own error, so callers need no driver."""


class ArticleRepository(Protocol):
    async def add(
        self,
        article: ParsedArticle,
        sentences: Sequence[NewSentence],
        *,
        content_hash: str,
        ingested_at: datetime,
        attribution_version: int = 0,
    ) -> AddOutcome:
        """Store the article and its sentences in one transaction, or report a duplicate."""
        ...

    async def count_stale_attributions(self, version: int) -> int:
        """Articles whose speakers were credited by rules older than ``version``."""
        ...

    async def stale_attributions(self, version: int, *, limit: int) -> list[StaleArticle]:
        """Up to ``limit`` such articles, oldest id first, with their stored sentences."""
        ...

    async def update_speakers(
        self, article_id: int, updates: Sequence[SpeakerUpdate], *, version: int
    ) -> None:
        """Rewrite some sentences' speakers and mark the article credited by ``version``,
        in one transaction."""
        ...

    async def get(self, article_id: int) -> Article | None: ...

    async def find_duplicate(self, *, content_hash: str, url: str | None) -> AddOutcome | None: ...

    async def list_latest(self, *, limit: int = 10, offset: int = 0) -> list[ArticleHeader]: ...

    async def ingested_since(self, since: datetime, *, limit: int = 50) -> list[ArticleHeader]: ...

    async def count_ingested(self, *, since: datetime, until: datetime) -> int:
        """Articles ingested after ``since`` and up to ``until``."""
        ...

    async def headers(self, article_ids: Sequence[int]) -> dict[int, ArticleHeader]: ...

    async def find_by_words(self, words: Sequence[str], *, limit: int = 5) -> list[ArticleHeader]:
        """Articles matching all the words in title or body, best first."""
        ...

    async def count(self) -> int: ...

    async def last_ingested_at(self) -> datetime | None: ...

    async def delete(self, article_id: int) -> bool: ...

    async def sentences(self, article_id: int) -> list[Sentence]: ...


class SummaryRepository(Protocol):
    async def get(self, article_id: int, *, algorithm: str, length: int) -> list[int] | None:
        """Cached sentence positions of a summary, or None."""
        ...

    async def put(
        self, article_id: int, *, algorithm: str, length: int, positions: Sequence[int]
    ) -> None: ...


class SubscriptionRepository(Protocol):
    async def remember_chat(self, chat_id: int, chat_type: str, *, now: datetime) -> None: ...

    async def get(self, chat_id: int) -> Subscription | None: ...

    async def upsert(
        self,
        chat_id: int,
        *,
        chat_type: str,
        local_time: str,
        zone: str,
        next_due_at: datetime,
        summary_sentences: int,
        now: datetime,
    ) -> Subscription:
        """Subscribe, or change the time of an existing subscription (keeping its options)."""
        ...

    async def set_options(
        self,
        chat_id: int,
        *,
        summary_sentences: int | None = None,
        send_empty: bool | None = None,
        now: datetime,
    ) -> Subscription | None: ...

    async def deactivate(self, chat_id: int, reason: InactiveReason, *, now: datetime) -> bool: ...

    async def reactivate(
        self, chat_id: int, *, next_due_at: datetime, now: datetime
    ) -> Subscription | None: ...

    async def due(self, now: datetime, *, limit: int = 500) -> list[Subscription]: ...

    async def list_active(
        self, *, limit: int = 1000, after_chat_id: int | None = None
    ) -> list[Subscription]: ...

    async def stats(self) -> SubscriptionStats:
        """Chats seen and subscriptions, for /stats."""
        ...


class DeliveryRepository(Protocol):
    """One digest per chat and local day, claimed atomically before it is sent."""

    async def claim(
        self, claims: Sequence[DeliveryClaim], *, owner: str, now: datetime
    ) -> list[Delivery]: ...

    async def reclaim_stale(
        self, *, owner: str, claimed_before: datetime, now: datetime, limit: int = 500
    ) -> list[Delivery]: ...

    async def expire_sending(self, *, started_before: datetime) -> list[Delivery]: ...

    async def start_sending(self, delivery_id: int, *, owner: str, now: datetime) -> bool: ...

    async def record_attempt(self, delivery_id: int, *, owner: str, now: datetime) -> None: ...

    async def mark_sent(
        self, delivery_id: int, *, owner: str, now: datetime, messages: int
    ) -> bool: ...

    async def mark_skipped(
        self, delivery_id: int, *, owner: str, note: str, advance_cutoff: bool
    ) -> bool: ...

    async def mark_failed(
        self,
        delivery_id: int,
        *,
        owner: str,
        note: str,
        now: datetime,
        deactivate: InactiveReason | None = None,
    ) -> bool: ...

    async def mark_unknown(self, delivery_id: int, *, owner: str, note: str) -> bool:
        """A send may have reached Telegram without an answer: closed, never resent."""
        ...

    async def release(self, *, owner: str) -> int: ...

    async def get(self, chat_id: int, local_date: date) -> Delivery | None: ...

    async def for_chat(self, chat_id: int, *, limit: int = 30) -> list[Delivery]: ...

    async def status_counts(self) -> dict[DeliveryStatus, int]: ...


class SearchRepository(Protocol):
    """Full-text search for questions; user words are always matched as plain text."""

    async def sentences(
        self, clauses: Sequence[TermClause], *, scope: Scope, cap: int
    ) -> list[SentenceHit]:
        """Sentences matching every clause within the scope, newest first, at most ``cap``."""
        ...

    async def known_terms(self, column: Column, terms: Sequence[str]) -> set[str]:
        """The terms that occur at least once in ``column``."""
        ...

    async def articles_mentioning(self, terms: Sequence[str], *, limit: int) -> list[int]:
        """Ids of articles holding all the terms, title matches first, newest first."""
        ...

    async def latest_article_ids(self, *, limit: int) -> list[int]: ...

    async def sections(self) -> list[str]: ...

    async def column_text_with(self, column: Column, term: str) -> str | None: ...

    async def term_documents(self, column: Column, stems: Sequence[str]) -> dict[str, int]:
        """How many sentences hold each indexed (stemmed) term; absent terms left out."""
        ...

    async def sentence_total(self) -> int:
        """About how many sentences are stored: the scale for a word's rarity."""
        ...

    async def phrase_found(self, words: Sequence[str]) -> bool:
        """Whether the words occur together, in order, in a sentence or a title."""
        ...

    async def titled_articles(
        self, clauses: Sequence[TermClause], *, scope: Scope, limit: int
    ) -> list[int]:
        """Articles whose title matches every clause, newest first."""
        ...

    async def article_hits(
        self, article_ids: Sequence[int], *, clauses: Sequence[TermClause] = ()
    ) -> list[SentenceHit]:
        """The sentences of these articles (matching every clause, if any), in order."""
        ...

    async def sentence_hits(self, sentence_ids: Sequence[int]) -> list[SentenceHit]: ...

    async def contexts(
        self, sentence_ids: Sequence[int], *, before: int = 3
    ) -> dict[int, tuple[str, ...]]:
        """Each sentence's article's first sentence and the ones before it in its paragraph."""
        ...

    async def close_terms(self, variants: Sequence[str], *, limit: int = 200) -> list[str]:
        """Indexed terms one letter left out away from any of the variants (spelling)."""
        ...


class FeedRepository(Protocol):
    """Feed sources, their polling state, and the entries already handled in each."""

    async def add(
        self, url: str, *, title: str | None, interval: timedelta, now: datetime
    ) -> tuple[Feed, bool]:
        """The feed with this URL, and whether it was created now (else it existed)."""
        ...

    async def seed(self, urls: Sequence[str], *, interval: timedelta, now: datetime) -> int:
        """Add ``urls`` once per database, however often this is called; returns feeds added."""
        ...

    async def get(self, feed_id: int) -> Feed | None: ...

    async def get_by_url(self, url: str) -> Feed | None: ...

    async def list_all(self) -> list[Feed]: ...

    async def remove(self, feed_id: int) -> bool: ...

    async def pause(self, feed_id: int, *, now: datetime) -> Feed | None: ...

    async def resume(self, feed_id: int, *, now: datetime) -> Feed | None:
        """Active again, failures forgotten, due now."""
        ...

    async def claim_due(self, now: datetime, *, lease_until: datetime, limit: int) -> list[Feed]:
        """Feeds due by ``now`` (not paused), each moved to ``lease_until`` in the same
        transaction so that no other poller takes it while this one works."""
        ...

    async def release(self, feed_ids: Sequence[int], *, now: datetime) -> None: ...

    async def known_entries(
        self, feed_id: int, keys: Sequence[str], *, max_attempts: int
    ) -> set[str]:
        """Of ``keys`` (entry keys and canonical links), those handled for good in this
        feed: stored, found duplicate, or rejected ``max_attempts`` times."""
        ...

    async def record_entry(
        self,
        feed_id: int,
        entry_key: str,
        *,
        canonical_url: str | None,
        article_id: int | None,
        status: EntryStatus,
        reason: str | None,
        now: datetime,
    ) -> None: ...

    async def record_success(
        self,
        feed_id: int,
        *,
        title: str | None,
        etag: str | None,
        last_modified: str | None,
        interval: timedelta,
        next_poll_at: datetime,
        now: datetime,
    ) -> None: ...

    async def record_failure(
        self,
        feed_id: int,
        *,
        error: str,
        next_poll_at: datetime,
        pause_after: int,
        now: datetime,
    ) -> Feed | None:
        """One more failure in a row; paused (by failures) when there are ``pause_after``."""
        ...

    async def unnotified_pauses(self) -> list[Feed]:
        """Feeds paused by failures whose pause the admins have not been told of."""
        ...

    async def mark_notified(self, feed_id: int) -> None: ...


class NoticeRepository(Protocol):
    """Messages owed to chats, kept until Telegram takes them (see migrations 0007, 0010).

    A notice is due when nobody holds it or its holder's lease has run out. Holding is a
    lease its holder renews while it runs: a process at work on an upload holds its notice,
    and a process sending notices holds those it claimed, so each goes out once however
    many processes send, and the notices of a process that stopped become due."""

    async def hold(
        self,
        chat_id: int,
        kind: NoticeKind,
        text: str,
        *,
        owner: str,
        now: datetime,
        until: datetime,
    ) -> int:
        """A notice kept back while ``owner`` is at work (its lease ends ``until``)."""
        ...

    async def rewrite(self, notice_id: int, text: str) -> None: ...

    async def post(self, chat_id: int, kind: NoticeKind, text: str, *, now: datetime) -> bool:
        """A notice to send as soon as possible; False when the chat already has one of an
        ``undelivered`` kind (one is enough)."""
        ...

    async def release(self, notice_id: int) -> None:
        """Due now, held or not."""
        ...

    async def release_held(self, *, except_owner: str) -> int:
        """Notices held by other processes become due at once: for a process that knows it
        is the only one (the others have stopped); returns how many."""
        ...

    async def renew(self, *, owner: str, until: datetime) -> int:
        """The leases of every notice ``owner`` holds end ``until``; returns how many."""
        ...

    async def claim(
        self, *, owner: str, now: datetime, until: datetime, limit: int = 100
    ) -> list[Notice]:
        """The notices due at ``now``, oldest first, now held by ``owner`` until
        ``until``: one that another process holds (or is claiming) is never among them."""
        ...

    async def due(self, *, now: datetime, limit: int = 100) -> list[Notice]:
        """The notices due at ``now``, oldest first (read only)."""
        ...

    async def attempted(self, notice_id: int) -> None: ...

    async def delete(self, notice_id: int) -> None: ...


class LimitRepository(Protocol):
    """Limits every bot process sharing the database counts together: a PostgreSQL backend
    keeps them in the database, a one-process backend (SQLite) in its process."""

    async def admit(self, user_id: int, *, limit: int, window: float) -> FloodVerdict:
        """Count one message of the user; refused when ``limit`` came within ``window`` s."""
        ...

    async def reserve_send(self, *, per_second: float) -> SendTurn:
        """Take the bot's next turn to send a message: when it is and how long to wait for
        it, so that the bot as a whole sends at most ``per_second`` messages a second."""
        ...


class Storage(Protocol):
    """One open database: its repositories, and closing it."""

    @property
    def articles(self) -> ArticleRepository: ...

    @property
    def summaries(self) -> SummaryRepository: ...

    @property
    def search(self) -> SearchRepository: ...

    @property
    def subscriptions(self) -> SubscriptionRepository: ...

    @property
    def deliveries(self) -> DeliveryRepository: ...

    @property
    def feeds(self) -> FeedRepository: ...

    @property
    def notices(self) -> NoticeRepository: ...

    def limits(self) -> LimitRepository: ...

    async def close(self) -> None: ...
