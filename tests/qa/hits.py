"""Stored sentences as the search hands them back, made up for ranking tests."""

from __future__ import annotations

import itertools
from datetime import date

from bot.qa.records import SentenceHit

_ids = itertools.count(1)


def sentence_hit(
    text: str,
    *,
    position: int | None = None,
    article_id: int = 1,
    paragraph: int = 0,
    speaker: str | None = None,
    role: str | None = None,
    mode: str | None = None,
    terms: str | None = None,
    title: str = "A story",
    day: date = date(2005, 1, 1),
) -> SentenceHit:
    """A hit; a speaker's index words default to their name and role, lower-cased."""
    sentence_id = next(_ids) if position is None else article_id * 1000 + position
    if terms is None and speaker:
        terms = " ".join(f"{speaker} {role or ''}".lower().replace("'s", "").split())
    return SentenceHit(
        sentence_id=sentence_id,
        article_id=article_id,
        paragraph=paragraph,
        position=sentence_id if position is None else position,
        text=text,
        speaker=speaker,
        speaker_role=role,
        speaker_mode=mode or ("reported" if speaker else None),
        speaker_terms=terms,
        title=title,
        published=day,
        day=day,
        section=None,
    )
