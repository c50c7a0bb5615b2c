"""Everything a handler or command needs, built once by a composition root."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.ingest.fetch import Fetcher
from bot.services.ingest import IngestService
from bot.storage.interface import Storage

if TYPE_CHECKING:
    from bot.services.answers import AnswerService
    from bot.services.feeds import FeedService
    from bot.services.notices import NoticeService
    from bot.services.subscriptions import SubscriptionService
    from bot.services.summaries import SummaryService


@dataclass(frozen=True, slots=True)
class Services:
    settings: Settings
    storage: Storage
    fetcher: Fetcher
    ingest: IngestService
    answers: AnswerService
    summaries: SummaryService
    subscriptions: SubscriptionService
    feeds: FeedService
    notices: NoticeService
