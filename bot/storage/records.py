"""What the storage layer hands out and takes in: plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.ingest.article import format_dateline

# Row ids are 64-bit signed integers in every backend; no article has a number outside this.
MAX_ROW_ID = 2**63 - 1


def is_row_id(value: int) -> bool:
    """Whether ``value`` can be a stored row's id at all (the drivers overflow beyond it)."""
    return 1 <= value <= MAX_ROW_ID


@dataclass(frozen=True, slots=True)
class NewSentence:
    paragraph: int
    position: int
    text: str
    speaker: str | None = None
    speaker_role: str | None = None
    speaker_mode: str | None = None
    speaker_terms: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    id: int
    article_id: int
    paragraph: int
    position: int
    text: str
    speaker: str | None
    speaker_role: str | None
    speaker_mode: str | None


@dataclass(frozen=True, slots=True)
class SpeakerUpdate:
    """New speaker columns for one stored sentence."""

    sentence_id: int
    speaker: str | None
    speaker_role: str | None
    speaker_mode: str | None
    speaker_terms: str | None


@dataclass(frozen=True, slots=True)
class StaleArticle:
    """An article credited by older attribution rules: its title and stored sentences."""

    article_id: int
    title: str
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class ArticleHeader:
    """An article without its body: enough for lists, digests and answer citations."""

    id: int
    title: str
    published: date | None
    section: str | None
    ingested_at: datetime


@dataclass(frozen=True, slots=True)
class Article:
    id: int
    title: str
    published: date | None
    section: str | None
    byline: str | None
    dateline_place: str | None
    dateline_agency: str | None
    source: str | None
    url: str | None
    kind: str
    ingested_at: datetime
    content_hash: str
    paragraphs: tuple[str, ...]

    @property
    def dateline(self) -> str | None:
        return format_dateline(self.dateline_place, self.dateline_agency)

    @property
    def header(self) -> ArticleHeader:
        return ArticleHeader(self.id, self.title, self.published, self.section, self.ingested_at)


class AddStatus(StrEnum):
    ADDED = "added"
    DUPLICATE = "duplicate"


@dataclass(frozen=True, slots=True)
class AddOutcome:
    status: AddStatus
    article_id: int
    duplicate_reason: str | None = None  # "same content" | "same URL"


class NoticeKind(StrEnum):
    UPLOAD = "upload"  # an admin's upload: its outcome, or that a restart interrupted it
    UNDELIVERED = "undelivered"  # an answer Telegram may not have delivered


@dataclass(frozen=True, slots=True)
class Notice:
    """A message owed to a chat, sent once nothing holds it and Telegram answers."""

    id: int
    chat_id: int
    kind: NoticeKind
    text: str  # Telegram HTML
    created_at: datetime
    attempts: int
