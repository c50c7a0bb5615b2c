"""The answer to a question: cited sentences, or a plain "nothing found" with hints."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.nlp.standalone import speaker_in_view
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
    speaker_role: str | None = None  # as the article (or the archive, as of its date) gives it

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def lead_in(self) -> str | None:
        """The speaker to name before the text, when the text does not show them: a
        pronoun or a bare quotation would otherwise hang in the air."""
        if not self.speaker or not self.sentences or speaker_in_view(self.speaker, self.text):
            return None
        return self.speaker

    @property
    def shown(self) -> str:
        """The text as an answer shows it: "Vladimir Putin: He said …" where needed."""
        return f"{self.lead_in}: {self.text}" if self.lead_in else self.text

    @property
    def who(self) -> str | None:
        """The speaker as shown: "Arsene Wenger (Arsenal manager)"."""
        if not self.speaker:
            return None
        return speaker_label(self.speaker, self.speaker_role)

    def to_json(self) -> dict[str, object]:
        """One entry per item: a multi-sentence quote is joined into one ``sentence``."""
        return {
            "article_id": self.article_id,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "sentence": self.shown,
            "speaker": self.who,
            "score": round(self.score, 4),
        }


def speaker_label(name: str, role: str | None) -> str:
    """A name with its role in brackets, unless the name already says it."""
    if not role or role.lower() in name.lower():
        return name
    return f"{name} ({role})"


@dataclass(frozen=True, slots=True)
class PersonOption:
    """Someone else a speaker question could mean, offered instead of being mixed in."""

    name: str
    role: str | None
    statements: int
    sentence_id: int  # one of their statements: identifies them on a button

    @property
    def label(self) -> str:
        return speaker_label(self.name, self.role)


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
    person: str | None = None  # who a speaker answer is about, as shown
    others: tuple[PersonOption, ...] = ()  # other people the question's name could mean

    @property
    def found(self) -> bool:
        return bool(self.items)

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def speaker(self) -> str | None:
        """Who the answer is about: the person found, else the words asked."""
        if self.person:
            return self.person
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

    ``missing`` are the question's words no stored sentence holds at all; without them,
    the words are all somewhere but nothing answers the question.
    """
    where = f" ({question.scope.label})" if question.scope.label else ""
    if question.kind == "speaker" and question.speaker:
        topic = as_written(question.keywords, question.text)
        about = f" about {topic}" if topic else ""
        # A role alone reads as a common noun: "the Azerbaijani foreign minister".
        who = question.speaker.phrase if question.speaker.name else f"the {question.speaker.phrase}"
        return f"I found nothing that {who} said{about}{where}."
    if not question.keywords:
        return (
            "I could not find anything to search for in that question. Ask about a "
            'person ("what did Putin say?") or a topic ("Lachin corridor").'
        )
    if missing:
        return f"No stored article mentions {as_written(missing, question.text)}{where}."
    return f"I found nothing about {as_written(question.keywords, question.text)}{where}."


def as_written(words: tuple[str, ...], text: str) -> str:
    """The words as the question wrote them (its capitals kept), in order."""
    shown = []
    for word in words:
        match = re.search(rf"(?<![\w'’]){re.escape(word)}(?![\w'’])", text, re.IGNORECASE)
        shown.append(match.group() if match else word)
    return " ".join(shown)
