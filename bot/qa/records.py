"""What a question is searched with and what the search hands back.

These records live with the question-answering logic rather than in the storage
package because they describe a question's needs; every storage backend speaks them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Column = Literal["text", "speaker_terms"]


@dataclass(frozen=True, slots=True)
class Scope:
    """Which articles a question is about: a day range and/or a section.

    ``start``/``end`` are inclusive and compare against the published date, or the
    ingestion day for articles printed without one.
    """

    start: date | None = None
    end: date | None = None
    section: str | None = None
    label: str | None = None  # how the question put it: "yesterday", "in Sport"

    @property
    def is_everything(self) -> bool:
        return self.start is None and self.end is None and self.section is None


@dataclass(frozen=True, slots=True)
class TermClause:
    """``minimum`` of ``terms`` must occur in ``column``; all clauses of a search must hold."""

    column: Column
    terms: tuple[str, ...]
    minimum: int = 1

    def __post_init__(self) -> None:
        if not self.terms:
            raise ValueError("a clause needs at least one term")
        if not 1 <= self.minimum <= len(self.terms):
            raise ValueError("minimum must be between 1 and the number of terms")


@dataclass(frozen=True, slots=True)
class SentenceHit:
    """One stored sentence that matched, with what ranking and citing need."""

    sentence_id: int
    article_id: int
    paragraph: int
    position: int
    text: str
    speaker: str | None
    speaker_role: str | None
    speaker_mode: str | None
    speaker_terms: str | None
    title: str
    published: date | None
    day: date  # published, or the day the article was ingested
    section: str | None


@dataclass(frozen=True, slots=True)
class VocabularyTerm:
    """An indexed (stemmed) term and how many sentences hold it."""

    term: str
    documents: int
