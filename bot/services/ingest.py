"""Adding articles: from files, folders, pasted text and URLs, one transaction each."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from concurrent.futures import BrokenExecutor, Executor, ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from bot.config import Settings
from bot.ingest.article import ParsedArticle, bounded_article
from bot.ingest.errors import RejectedInput
from bot.ingest.fetch import Fetcher, FetchLimits, FetchResult, is_url
from bot.ingest.pipeline import ACCEPTED_SUFFIXES, load_parsers, parse_document, parse_text
from bot.ingest.repair import normalise_for_hash
from bot.nlp.attribution import (
    ATTRIBUTION_VERSION,
    Attribution,
    attribute_speakers,
    speaker_search_text,
)
from bot.nlp.sentences import load_sentence_model, split_sentences
from bot.storage.interface import Storage
from bot.storage.records import AddStatus, NewSentence

if TYPE_CHECKING:  # feedparser, which parsing feeds needs, is no cost of ingesting files
    from bot.feeds.parse import FeedEntry

logger = logging.getLogger(__name__)

Status = Literal["added", "duplicate", "rejected"]

# Bounds on one article's work and rows: a long feature has a few hundred sentences.
MAX_SENTENCES = 5_000
MAX_BODY_CHARS = 300_000

# Links fetched at once: each may take the whole fetch deadline, and they share the
# machine with everyone's questions.
LINK_FETCHES = 4


def fetcher_for(settings: Settings) -> Fetcher:
    """The process's one HTTP client, with the limits and address policy from the settings."""
    return Fetcher(
        allow_private=settings.fetch_allow_private,
        limits=FetchLimits(deadline=settings.fetch_timeout, max_bytes=settings.max_upload_bytes),
    )


@dataclass(frozen=True, slots=True)
class IngestResult:
    """One line of an ingest report; its JSON form is a stable contract."""

    input: str
    status: Status
    article_id: int | None = None
    title: str | None = None
    reason: str | None = None

    def to_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    article: ParsedArticle
    sentences: list[NewSentence]
    content_hash: str


def speaker_columns(
    who: Attribution | None,
) -> tuple[str | None, str | None, str | None, str | None]:
    """What is stored for a sentence's speaker: name, role, mode and the searchable terms."""
    if who is None:
        return None, None, None, None
    return who.name, who.role, who.mode, speaker_search_text(who)


def prepare_article(article: ParsedArticle) -> PreparedArticle:
    """The CPU part of ingestion: sentences, speakers and the duplicate fingerprint.

    Every input kind passes here, so here its title and short fields are clipped to the
    lengths every message can show (``bounded_article``), and the work and rows one
    article may cost are bounded (``MAX_BODY_CHARS``, ``MAX_SENTENCES``).
    """
    article = bounded_article(article)
    body_chars = sum(len(p) for p in article.paragraphs)
    if body_chars > MAX_BODY_CHARS:
        raise RejectedInput(
            f"the article's text is {body_chars:,} characters long, more than an article has "
            f"(at most {MAX_BODY_CHARS:,})"
        )
    paragraphs: list[list[str]] = []
    count = 0
    for paragraph in article.paragraphs:
        sentences_of = split_sentences(paragraph)
        count += len(sentences_of)
        if count > MAX_SENTENCES:
            raise RejectedInput(
                f"the article has more than {MAX_SENTENCES:,} sentences, more than an article "
                "has; is it a list or a collection rather than one article?"
            )
        if sentences_of:
            paragraphs.append(sentences_of)
    if not paragraphs:
        raise RejectedInput("the article has no sentences")
    speakers = attribute_speakers(paragraphs, title=article.title)
    sentences: list[NewSentence] = []
    position = 0
    for p_index, (texts, attributions) in enumerate(zip(paragraphs, speakers, strict=True)):
        for text, who in zip(texts, attributions, strict=True):
            speaker, role, mode, terms = speaker_columns(who)
            sentences.append(
                NewSentence(
                    paragraph=p_index,
                    position=position,
                    text=text,
                    speaker=speaker,
                    speaker_role=role,
                    speaker_mode=mode,
                    speaker_terms=terms,
                )
            )
            position += 1
    digest = sha256(normalise_for_hash(article.paragraphs).encode("utf-8")).hexdigest()
    return PreparedArticle(article, sentences, digest)


def _parse_and_prepare(parse: Callable[[], ParsedArticle]) -> PreparedArticle:
    return prepare_article(parse())


@dataclass(frozen=True, slots=True)
class Document:
    """An input's bytes and what is known of them: all that parsing it needs."""

    data: bytes
    name: str | None = None
    content_type: str | None = None
    url: str | None = None
    max_bytes: int = 2_000_000


def prepare_document(document: Document) -> PreparedArticle:
    """Parse and prepare one input; runs in a worker thread or in a parsing process."""
    article = parse_document(
        document.data,
        name=document.name,
        content_type=document.content_type,
        url=document.url,
        max_bytes=document.max_bytes,
    )
    return prepare_article(article)


def load_ingest_models() -> None:
    """Load the page extractor, text repair and the sentence model now, not with the first
    input (together about a fifth of a second)."""
    load_parsers()
    load_sentence_model()


def start_parsing_processes(workers: int) -> ProcessPoolExecutor:
    """Processes that parse inputs while this one stores them (``IngestService(parsers=)``).

    Call it before opening the database: the processes are forked at once, while this
    process runs no other thread (forking is safe only then). The parsers are loaded here
    first, so that forked processes start with them instead of each loading its own.
    """
    load_ingest_models()
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_parsing_process)
    pool.submit(load_ingest_models)  # the first task starts every process
    return pool


def _start_parsing_process() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the ingesting process
    load_ingest_models()  # already loaded unless started afresh (where fork is not offered)


def iter_input_files(path: Path) -> Iterator[Path]:
    """Files under a folder that can be articles, in a stable order, hidden ones skipped."""
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in ACCEPTED_SUFFIXES:
                yield Path(root) / name


def expand_inputs(items: Iterable[str]) -> Iterator[str]:
    """Command-line arguments to single inputs: folders become their article files."""
    for item in items:
        if is_url(item):
            yield item
            continue
        path = Path(item)
        if path.is_dir():
            yield from (str(p) for p in iter_input_files(path))
        else:
            yield item


class IngestService:
    def __init__(
        self,
        storage: Storage,
        *,
        max_bytes: int = 2_000_000,
        fetcher: Fetcher | None = None,
        link_fetches: int = LINK_FETCHES,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        parsers: Executor | None = None,
    ) -> None:
        """Without a ``fetcher`` each link gets a default one (private addresses refused).

        Files and pages are parsed in ``parsers`` (see :func:`start_parsing_processes`)
        when given, else in a worker thread.
        """
        self._storage = storage
        self._max_bytes = max_bytes
        self._fetcher = fetcher
        self._parsers = parsers
        self._link_slots = asyncio.Semaphore(link_fetches)
        self._links_pending = 0
        self._clock = clock

    @property
    def links_pending(self) -> int:
        """Links being fetched or waiting for a fetch slot."""
        return self._links_pending

    async def ingest(self, item: str) -> IngestResult:
        """A path or a URL, as given on the command line."""
        return await self._add(*await self._read_and_prepare(item))

    async def ingest_all(
        self, items: Iterable[str], *, ahead: int = 0
    ) -> AsyncIterator[IngestResult]:
        """Each input's result, in the inputs' order, as :meth:`ingest` gives it.

        While one input is stored, up to ``ahead`` of the next ones are read (or fetched)
        and parsed; articles are still stored one at a time, in order, so ids and
        duplicates come out as if the inputs were given one by one.
        """
        inputs = iter(items)
        pending: deque[asyncio.Task[tuple[str, PreparedArticle | IngestResult]]] = deque()
        try:
            while True:
                while len(pending) <= ahead and (item := next(inputs, None)) is not None:
                    pending.append(asyncio.create_task(self._read_and_prepare(item)))
                if not pending:
                    return
                yield await self._add(*await pending.popleft())
        finally:
            for task in pending:
                task.cancel()

    async def _read_and_prepare(self, item: str) -> tuple[str, PreparedArticle | IngestResult]:
        if is_url(item):
            return item, await self._url_prepared(item)
        return item, await self._file_prepared(Path(item))

    async def ingest_path(self, path: Path) -> IngestResult:
        return await self._add(str(path), await self._file_prepared(path))

    async def _file_prepared(self, path: Path) -> PreparedArticle | IngestResult:
        label = str(path)
        try:
            if not path.is_file():
                raise RejectedInput("no such file" if not path.exists() else "not a regular file")
            size = path.stat().st_size
            if size > self._max_bytes:
                # Checked before reading so a huge file never enters memory.
                raise RejectedInput(
                    f"the file is too large ({size:,} bytes; the limit is {self._max_bytes:,})"
                )
            data = path.read_bytes()
        except RejectedInput as exc:
            return IngestResult(label, "rejected", reason=str(exc))
        except OSError as exc:
            return IngestResult(label, "rejected", reason=f"cannot read the file ({exc.strerror})")
        document = Document(data, name=path.name, max_bytes=self._max_bytes)
        return await self._guarded(label, self._parse(document))

    async def ingest_bytes(
        self,
        data: bytes,
        *,
        name: str | None,
        label: str | None = None,
        content_type: str | None = None,
    ) -> IngestResult:
        label = label or name or "upload"
        document = Document(data, name=name, content_type=content_type, max_bytes=self._max_bytes)
        return await self._add(label, await self._guarded(label, self._parse(document)))

    async def ingest_text(self, text: str, *, label: str = "text") -> IngestResult:
        if len(text.encode("utf-8", errors="replace")) > self._max_bytes:
            return IngestResult(label, "rejected", reason="the text is too large")
        return await self._store(label, lambda: parse_text(text, source=label))

    async def ingest_url(self, url: str) -> IngestResult:
        return await self._add(url, await self._url_prepared(url))

    async def _url_prepared(self, url: str) -> PreparedArticle | IngestResult:
        known = await self._storage.articles.find_duplicate(content_hash="", url=url)
        if known:
            return IngestResult(
                url,
                "duplicate",
                article_id=known.article_id,
                reason=f"same URL as article {known.article_id}",
            )
        try:
            page = await self._fetch_page(url)
        except RejectedInput as exc:
            return IngestResult(url, "rejected", reason=str(exc))
        document = Document(
            page.content, content_type=page.content_type, url=page.url, max_bytes=self._max_bytes
        )
        return await self._guarded(url, self._parse(document))

    async def ingest_entry(
        self, entry: FeedEntry, *, fetch_page: Callable[[str], Awaitable[FetchResult]]
    ) -> IngestResult:
        """A feed entry: its linked page through the same parsing as any link, else the
        entry's own content or summary; the entry's title, date, author and first
        category win over what the page suggests."""
        label = entry.link or entry.title or entry.key
        if entry.link:
            known = await self._storage.articles.find_duplicate(content_hash="", url=entry.link)
            if known:
                reason = f"same URL as article {known.article_id}"
                return IngestResult(label, "duplicate", article_id=known.article_id, reason=reason)
        page: FetchResult | None = None
        problem = "the entry has no link"
        if entry.link:
            try:
                page = await fetch_page(entry.link)
            except RejectedInput as exc:
                problem = str(exc)

        def build() -> ParsedArticle:
            nonlocal problem
            article = None
            if page is not None:
                try:
                    article = parse_document(
                        page.content,
                        content_type=page.content_type,
                        url=entry.link,
                        max_bytes=self._max_bytes,
                    )
                except RejectedInput as exc:
                    problem = str(exc)
            if article is None:
                if not entry.paragraphs:
                    raise RejectedInput(f"{problem}, and the entry carries no text of its own")
                first = entry.paragraphs[0]
                article = ParsedArticle(
                    title=entry.title or first[:120],
                    paragraphs=entry.paragraphs,
                    source=entry.link,
                    url=entry.link,
                    kind="feed",
                )
            return _with_entry_metadata(article, entry)

        return await self._store(label, build)

    async def _fetch_page(self, url: str) -> FetchResult:
        self._links_pending += 1
        try:
            async with self._link_slots:
                if self._fetcher is not None:
                    return await self._fetcher.page(url)
                async with Fetcher(limits=FetchLimits(max_bytes=self._max_bytes)) as fetcher:
                    return await fetcher.page(url)
        finally:
            self._links_pending -= 1

    async def _store(self, label: str, parse: Callable[[], ParsedArticle]) -> IngestResult:
        prepared = await self._guarded(label, asyncio.to_thread(_parse_and_prepare, parse))
        return await self._add(label, prepared)

    async def _parse(self, document: Document) -> PreparedArticle:
        parsers = self._parsers
        if parsers is not None:
            loop = asyncio.get_running_loop()
            try:
                return await loop.run_in_executor(parsers, prepare_document, document)
            except BrokenExecutor:
                # A parsing process died (killed, out of memory): this input and the rest
                # are parsed here instead, as without processes.
                if self._parsers is parsers:
                    logger.warning("a parsing process stopped; parsing here from now on")
                    self._parsers = None
        return await asyncio.to_thread(prepare_document, document)

    async def _guarded(
        self, label: str, parsing: Awaitable[PreparedArticle]
    ) -> PreparedArticle | IngestResult:
        """The prepared article, or the input's rejection: a parser bug costs one input,
        never the batch or the bot."""
        try:
            return await parsing
        except RejectedInput as exc:
            return IngestResult(label, "rejected", reason=str(exc))
        except Exception:
            logger.exception("could not process %s", label)
            return IngestResult(
                label, "rejected", reason="the article could not be processed (internal error)"
            )

    async def _add(self, label: str, prepared: PreparedArticle | IngestResult) -> IngestResult:
        if isinstance(prepared, IngestResult):
            return prepared
        outcome = await self._storage.articles.add(
            prepared.article,
            prepared.sentences,
            attribution_version=ATTRIBUTION_VERSION,
            content_hash=prepared.content_hash,
            ingested_at=self._clock(),
        )
        if outcome.status is AddStatus.DUPLICATE:
            return IngestResult(
                label,
                "duplicate",
                article_id=outcome.article_id,
                title=prepared.article.title,
                reason=f"{outcome.duplicate_reason} as article {outcome.article_id}",
            )
        return IngestResult(
            label, "added", article_id=outcome.article_id, title=prepared.article.title
        )


def _with_entry_metadata(article: ParsedArticle, entry: FeedEntry) -> ParsedArticle:
    """The feed knows its own entry's title, date, author and section better than a page
    scraper guesses them."""
    return replace(
        article,
        title=entry.title or article.title,
        published=entry.published.date() if entry.published else article.published,
        byline=entry.author or article.byline,
        section=entry.categories[0] if entry.categories else article.section,
        url=entry.link or article.url,
        source=entry.link or article.source,
    )


async def ingest_corpus_if_empty(service: IngestService, storage: Storage, corpus: Path) -> int:
    """First start: fill an empty database from the bundled corpus; returns articles added."""
    if await storage.articles.count() > 0:
        return 0
    if not corpus.is_dir():
        # Usually newsbot was started from another folder than the one holding corpus/.
        logger.warning(
            "The database is empty and there is no corpus folder at %s, so it starts without "
            "articles. Run newsbot from the folder that holds corpus/, or set "
            "NEWSBOT_CORPUS_DIR to it; articles can also be added with `newsbot ingest` or /add.",
            corpus.absolute(),
        )
        return 0
    added = 0
    for path in iter_input_files(corpus):
        result = await service.ingest_path(path)
        added += result.status == "added"
    return added
