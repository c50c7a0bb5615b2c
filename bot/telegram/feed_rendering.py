"""Feed results → Telegram HTML; every URL and title from a feed is escaped here."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.services.feeds import FeedAddResult, OpmlImport
from bot.storage.feed_records import Feed, FeedState
from bot.telegram.formatting import escape, split_message

_MAX_SHOWN = 20
FEED_USAGE = (
    "Feeds fill the archive by themselves:\n"
    "<code>/feed add https://example.com/rss.xml</code> (a site's page works too)\n"
    "<code>/feed remove ID</code>, <code>/feed pause ID</code>, <code>/feed resume ID</code>\n"
    "/feeds lists them; upload an .opml file to add many at once."
)


def _moment(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M} UTC" if value else "never"


def _state(feed: Feed) -> str:
    if feed.state is FeedState.PAUSED:
        return "⏸ paused after repeated failures" if feed.paused_by_failures else "⏸ paused"
    if feed.state is FeedState.FAILING:
        return f"⚠️ failing ({feed.consecutive_failures} in a row)"
    return "✅ active"


def feed_block(feed: Feed) -> str:
    lines = [
        f"<b>#{feed.id}</b> {escape(feed.title or 'untitled feed')}",
        escape(feed.url),
        f"{_state(feed)} · last success {_moment(feed.last_success_at)}"
        f" · {feed.articles_added} article{'s' * (feed.articles_added != 1)} added",
    ]
    if feed.last_error and feed.state is not FeedState.ACTIVE:
        lines.append(f"last error: {escape(feed.last_error[:300])}")
    return "\n".join(lines)


def feeds_messages(feeds: Sequence[Feed]) -> list[str]:
    if not feeds:
        return ["No feeds yet.\n\n" + FEED_USAGE]
    blocks = [f"<b>Feeds</b> ({len(feeds)})"] + [feed_block(f) for f in feeds]
    return split_message(blocks)


def feed_added_text(result: FeedAddResult) -> str:
    if result.status == "rejected" or result.feed is None:
        return f"Could not add the feed: {escape(result.reason)}."
    feed = result.feed
    name = escape(feed.title or feed.url)
    if result.status == "exists":
        return f"That feed is already there: #{feed.id} {name}."
    found = f" (found on {escape(result.discovered_from)})" if result.discovered_from else ""
    entries = result.entries or 0
    return (
        f"Added feed #{feed.id}: {name}{found}\n{escape(feed.url)}\n"
        f"{entries} entr{'ies' if entries != 1 else 'y'} now; new articles arrive within a "
        "minute, then as the feed updates."
    )


def opml_text(imported: OpmlImport) -> str:
    lines = [
        f"Imported the OPML list: {len(imported.added)} feed"
        f"{'s' * (len(imported.added) != 1)} added, {len(imported.existing)} already there"
        f", {len(imported.rejected)} skipped."
    ]
    lines += [f"#{f.id} {escape(f.title or f.url)}" for f in imported.added[:_MAX_SHOWN]]
    if len(imported.added) > _MAX_SHOWN:
        lines.append(f"… and {len(imported.added) - _MAX_SHOWN} more (see /feeds).")
    lines += [f"skipped {escape(url)}: {escape(why)}" for url, why in imported.rejected[:5]]
    return "\n".join(lines)


def paused_notice(feed: Feed) -> str:
    return (
        f"Feed #{feed.id} {escape(feed.title or feed.url)} is paused after "
        f"{feed.consecutive_failures} failed polls in a row.\n"
        f"Last error: {escape((feed.last_error or 'unknown')[:300])}\n"
        f"<code>/feed resume {feed.id}</code> tries again; "
        f"<code>/feed remove {feed.id}</code> drops it."
    )
