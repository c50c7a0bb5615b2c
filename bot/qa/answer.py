"""The answer to a question: cited sentences, or a plain "nothing found" with hints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.qa.question import Question


@dataclass(frozen=True, slots=True)
class AnswerSentence:
    sentence_id: int
    position: int
    text: str
    speaker: str | None
    mode: str | None  # direct | reported | continued


@dataclass(frozen=True, slots=True)
class AnswerItem:
    """One thing to show: a sentence, or a quote running over consecutive sentences."""

    article_id: int
    title: str
    published: date | None
    section: str | None
    sentences: tuple[AnswerSentence, ...]
    speaker: str | None
    score: float

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    def to_json(self) -> dict[str, object]:
        """One entry per item: a multi-sentence quote is joined into one ``sentence``."""
        return {
            "article_id": self.article_id,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "sentence": self.text,
            "speaker": self.speaker,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True, slots=True)
class Headline:
    article_id: int
    title: str
    published: date | None


@dataclass(frozen=True, slots=True)
class Answer:
    question: Question
    items: tuple[AnswerItem, ...] = ()
    message: str | None = None  # what to tell the user when there are no items
    suggestions: tuple[str, ...] = ()  # spellings close to words that matched nothing
    headlines: tuple[Headline, ...] = ()  # articles worth a look instead

    @property
    def found(self) -> bool:
        return bool(self.items)

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def speaker(self) -> str | None:
        return self.question.speaker.phrase if self.question.speaker else None

    def to_json(self) -> dict[str, object]:
        return {
            "question": self.question.text,
            "kind": self.kind,
            "speaker": self.speaker,
            "answers": [item.to_json() for item in self.items],
        }


def nothing_found_message(question: Question, missing: tuple[str, ...] = ()) -> str:
    """Say plainly what was looked for, so the user can tell a miss from a misreading.

    ``missing`` are the question's words no stored sentence holds at all.
    """
    where = f" ({question.scope.label})" if question.scope.label else ""
    if question.kind == "speaker" and question.speaker:
        about = f" about {' '.join(question.keywords)}" if question.keywords else ""
        # A role alone reads as a common noun: "the Azerbaijani foreign minister".
        who = question.speaker.phrase if question.speaker.name else f"the {question.speaker.phrase}"
        return f"I found nothing that {who} said{about}{where}."
    if not question.keywords:
        return (
            "I could not find anything to search for in that question. Ask about a "
            'person ("what did Putin say?") or a topic ("Lachin corridor").'
        )
    words = missing or question.keywords
    return f"No stored article mentions {' '.join(words)}{where}."
