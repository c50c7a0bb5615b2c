"""Crediting stored articles again when the attribution rules improve.

Speakers are worked out once, at ingest. Each article records the version of the rules
that credited it; ``AttributionRefresher`` re-runs attribution over the sentences already
stored (the same paragraphs and sentences the rules saw at ingest, so no text is parsed
again) for articles credited by older rules, and rewrites only the sentences whose
speaker changed. It runs in the background when the bot starts and on demand with
``newsbot reattribute``; about a millisecond of work per article.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

from bot.nlp.attribution import ATTRIBUTION_VERSION, attribute_speakers
from bot.services.ingest import speaker_columns
from bot.storage.interface import Storage
from bot.storage.records import SpeakerUpdate, StaleArticle

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RefreshReport:
    articles: int  # articles credited again
    sentences: int  # sentences whose speaker changed
    remaining: int  # articles still credited by older rules


def recredit(article: StaleArticle) -> list[SpeakerUpdate]:
    """The sentences of a stored article whose speaker the current rules see differently."""
    rows = article.sentences
    paragraphs = [list(group) for _, group in groupby(rows, key=lambda s: s.paragraph)]
    credited = attribute_speakers([[s.text for s in para] for para in paragraphs], article.title)
    updates: list[SpeakerUpdate] = []
    for para, whos in zip(paragraphs, credited, strict=True):
        for sentence, who in zip(para, whos, strict=True):
            speaker, role, mode, terms = speaker_columns(who)
            if (speaker, role, mode) != (
                sentence.speaker,
                sentence.speaker_role,
                sentence.speaker_mode,
            ):
                updates.append(SpeakerUpdate(sentence.id, speaker, role, mode, terms))
    return updates


class AttributionRefresher:
    """Brings stored speakers up to the current rules, a batch of articles at a time."""

    def __init__(self, storage: Storage, *, version: int = ATTRIBUTION_VERSION) -> None:
        self._storage = storage
        self._version = version

    async def stale(self) -> int:
        return await self._storage.articles.count_stale_attributions(self._version)

    async def refresh(
        self,
        *,
        limit: int | None = None,
        batch: int = 100,
        progress: Callable[[int], None] | None = None,
    ) -> RefreshReport:
        """Credit up to ``limit`` stale articles again (all of them when None)."""
        done = changed = 0
        while limit is None or done < limit:
            size = batch if limit is None else min(batch, limit - done)
            stale = await self._storage.articles.stale_attributions(self._version, limit=size)
            if not stale:
                break
            # The rules are pure CPU work: keep the event loop free for the bot meanwhile.
            updates = await asyncio.to_thread(lambda items=stale: [recredit(a) for a in items])
            for article, rows in zip(stale, updates, strict=True):
                await self._storage.articles.update_speakers(
                    article.article_id, rows, version=self._version
                )
                changed += len(rows)
            done += len(stale)
            if progress is not None:
                progress(len(stale))
        return RefreshReport(done, changed, await self.stale())

    async def refresh_in_background(self) -> None:
        """The start-up catch-up: everything stale, logged, never raising."""
        try:
            if not await self.stale():
                return
            report = await self.refresh()
            logger.info(
                "speakers credited again in %d articles (%d sentences changed)",
                report.articles,
                report.sentences,
            )
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("crediting stored articles again failed; stored speakers kept")
