"""Service results → Telegram HTML. Pure: every piece of article or user text is escaped here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from bot.ingest.article import MAX_TITLE_CHARS, clip_text
from bot.nlp.standalone import clip_quotation
from bot.qa.answer import Answer
from bot.qa.compose import item_style, quoted_text
from bot.services.ingest import IngestResult
from bot.services.summaries import ArticleSummary
from bot.storage.records import Article, ArticleHeader
from bot.telegram.formatting import MESSAGE_LIMIT, escape, split_message, visible_length
from bot.telegram.keyboards import CitedArticle, PersonChoice

# Bounds on what a message shows of one thing, so each message fits by construction.
_REASON_CHARS = 500
_NAME_CHARS = 100
_NOTE_CHARS = 1000
_LISTED = 5


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return f"{value.day} {value:%b %Y}"


def header_line(header: ArticleHeader) -> str:
    return citation(header.id, header.title, header.published)


@dataclass(frozen=True, slots=True)
class CommandHelp:
    command: str
    description: str


USER_COMMANDS: tuple[CommandHelp, ...] = (
    CommandHelp("ask", "ask a question about the news"),
    CommandHelp("latest", "the newest articles"),
    CommandHelp("summary", "summarise an article (id or keywords)"),
    CommandHelp("article", "read an article in full"),
    CommandHelp("subscribe", "get a daily digest"),
    CommandHelp("unsubscribe", "stop the daily digest"),
    CommandHelp("settings", "digest time and time zone"),
    CommandHelp("digest", "today's digest now"),
    CommandHelp("help", "what this bot can do"),
)
ADMIN_COMMANDS: tuple[CommandHelp, ...] = (
    CommandHelp("add", "add an article (link or pasted text)"),
    CommandHelp("delete", "delete an article by id"),
    CommandHelp("stats", "articles, users and subscribers"),
    CommandHelp("feeds", "the feeds that fill the archive"),
    CommandHelp("feed", "add, remove, pause or resume a feed"),
    CommandHelp("cancel", "stop adding an article"),
)


def welcome_text(*, first_name: str | None, is_admin: bool) -> str:
    greeting = f"Hello, {escape(first_name)}!" if first_name else "Hello!"
    lines = [
        f"{greeting} I read the news so you can ask about it.",
        "",
        "<b>Ask me anything</b> in plain words and I answer with the articles' own "
        "sentences, each with its title and date:",
        "• <i>what did Putin say?</i>",
        "• <i>Lachin corridor</i>",
        "• <i>/ask what happened in Armenia</i> (in groups, mention me or reply to me)",
        "",
        "<b>Ask for the short version</b>: <i>summarize the Armenia story</i>, or /summary.",
        "",
        "<b>Commands</b>",
    ]
    lines += [f"/{c.command} — {escape(c.description)}" for c in USER_COMMANDS]
    lines += [
        "",
        "Examples: <code>/summary armenia peace talks</code>, <code>/article 1</code>.",
    ]
    if is_admin:
        lines += ["", "<b>Admin</b>"]
        lines += [f"/{c.command} — {escape(c.description)}" for c in ADMIN_COMMANDS]
        lines.append(
            "Upload a .txt, .md, .html or .htm file to add it as an article, "
            "or send <code>/add https://…</code>."
        )
    return "\n".join(lines)


def small_talk_reply(text: str) -> str:
    opening = "You're welcome!" if text.strip().lower().startswith("th") else "Hello!"
    return (
        f"{opening} Ask me about the news — <i>what did Putin say?</i>, "
        "<i>Lachin corridor</i>, <i>summarize the Armenia story</i> — or send /latest "
        "for the newest articles."
    )


def summary_text(summary: ArticleSummary) -> str:
    """One message (it is edited in place by Shorter / Longer): one bullet per item as the
    summary service shows it (speakers named, quotations closed), overlong items sharing
    what the title and footer leave of Telegram's limit."""
    head = header_line(summary.header)
    items = len(summary.sentences)
    foot = f"<i>{summary.shown} of {summary.article_length} sentences</i>"
    room = MESSAGE_LIMIT - visible_length(head) - visible_length(foot) - 4
    each = max(40, room // max(1, items) - len("• \n"))
    lines = [head, ""]
    lines += [f"• {escape(clip_quotation(sentence, each))}" for sentence in summary.sentences]
    lines += ["", foot]
    return "\n".join(lines)


def article_messages(article: Article) -> list[str]:
    """The full text, cut only between paragraphs so each message reads on its own."""
    head = [f"<b>{escape(clip_text(article.title, MAX_TITLE_CHARS))}</b>"]
    meta = [
        part for part in (format_date(article.published), article.section, f"#{article.id}") if part
    ]
    head.append(f"<i>{escape(' · '.join(meta))}</i>")
    if article.byline:
        head.append(f"By {escape(article.byline)}")
    blocks = ["\n".join(head)]
    paragraphs = list(article.paragraphs)
    if article.dateline and paragraphs:
        blocks.append(f"<b>{escape(article.dateline)}</b> — {escape(paragraphs[0])}")
        paragraphs = paragraphs[1:]
    blocks += [escape(p) for p in paragraphs]
    if article.source and article.source.startswith(("http://", "https://")):
        blocks.append(f"Source: {escape(article.source)}")
    return split_message(blocks)


def latest_text(headers: Sequence[ArticleHeader], *, offset: int, total: int) -> str:
    if not headers:
        return "There are no articles yet."
    first, last = offset + 1, offset + len(headers)
    lines = [f"<b>Latest articles</b> ({first}–{last} of {total})", ""]
    lines += [
        f"{offset + index}. {header_line(header)}" for index, header in enumerate(headers, start=1)
    ]
    return "\n".join(lines)


def ingest_result_text(result: IngestResult) -> str:
    title = escape(clip_text(result.title or "", MAX_TITLE_CHARS))
    reason = escape(clip_text(result.reason or "", _REASON_CHARS))
    if result.status == "added":
        return f"Added article #{result.article_id}: <b>{title}</b>"
    if result.status == "duplicate":
        title = f" (<b>{title}</b>)" if title else ""
        return (
            f"Already stored: this is a duplicate of article #{result.article_id}{title} — "
            f"{reason}."
        )
    return f"Not added: {reason}."


@dataclass(frozen=True, slots=True)
class StatsFigures:
    articles: int
    last_ingest: datetime | None
    chats: int | None = None
    subscribers: int | None = None


def stats_text(figures: StatsFigures) -> str:
    last = (
        figures.last_ingest.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
        if figures.last_ingest
        else "never"
    )
    lines = ["<b>Statistics</b>", f"Articles: {figures.articles:,}"]
    if figures.chats is not None:
        lines.append(f"Chats (users and groups): {figures.chats:,}")
    if figures.subscribers is not None:
        lines.append(f"Digest subscribers: {figures.subscribers:,}")
    lines.append(f"Last article added: {escape(last)}")
    return "\n".join(lines)


QUESTION_LIMIT = 1000


def answer_messages(answer: Answer) -> tuple[list[str], list[CitedArticle], list[PersonChoice]]:
    """The answer's sentences with who said them and their citations, the articles to
    offer buttons for, and the other people the question's name could mean."""
    if not answer.items:
        return (
            [_nothing_found(answer)],
            [CitedArticle(h.article_id, h.title) for h in answer.headlines],
            [],
        )
    if answer.kind == "speaker" and answer.speaker:
        intro = f"<b>What {escape(clip_text(answer.speaker, _NAME_CHARS))} said</b>"
    else:
        intro = "<b>From the articles</b>"
    blocks = [intro]
    cited: dict[int, CitedArticle] = {}
    style = item_style(answer.items)
    for item in answer.items:
        cited.setdefault(item.article_id, CitedArticle(item.article_id, item.title))
        lead = f"<b>{escape(clip_text(item.lead_in, _NAME_CHARS))}:</b> " if item.lead_in else ""
        by = f"{escape(clip_text(item.who, _NAME_CHARS))} · " if item.who else ""
        source = citation(item.article_id, item.title, item.published)
        blocks.append(f"{lead}{escape(quoted_text(item, style))}\n— {by}{source}")
    people = [PersonChoice(p.label, p.sentence_id) for p in answer.others]
    if people:
        names = ", ".join(escape(clip_text(p.label, _NAME_CHARS)) for p in people)
        blocks.append(f"<i>Others by that name: {names}.</i>")
    return split_message(blocks), list(cited.values()), people


def citation(article_id: int, title: str, published: date | None) -> str:
    """'<b>Title</b> · 29 Jun 2023 · #12': a citation a reader can look up."""
    parts = [f"<b>{escape(clip_text(title, MAX_TITLE_CHARS))}</b>"]
    if published:
        parts.append(escape(format_date(published)))
    parts.append(f"#{article_id}")
    return " · ".join(parts)


def _nothing_found(answer: Answer) -> str:
    """One message: each part is bounded (the note, five suggestions, five headlines)."""
    note = answer.message or "I found nothing about that in the stored articles."
    lines = [escape(clip_text(note, _NOTE_CHARS))]
    if answer.suggestions:
        suggestions = answer.suggestions[:_LISTED]
        lines += [
            "",
            "Did you mean: "
            + ", ".join(f"<i>{escape(clip_text(s, _NAME_CHARS))}</i>" for s in suggestions),
        ]
    if answer.headlines:
        lines += ["", "Articles that may still interest you:"]
        lines += [
            f"• {citation(h.article_id, h.title, h.published)}" for h in answer.headlines[:_LISTED]
        ]
    return "\n".join(lines)


def _clock_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%H:%M UTC")


def undelivered_notice_text(asked: str | None, when: datetime) -> str:
    """For a chat whose answer Telegram may not have delivered, sent once it is back."""
    what = f"your message “{escape(clip_text(asked, 80))}”" if asked else "your last request"
    return (
        f"Sorry — Telegram could not be reached when I answered {what} at "
        f"{_clock_time(when)}, so the answer may be missing. Please send it again."
    )


def upload_interrupted_text(name: str, when: datetime) -> str:
    """Held while an admin's upload is stored; sent only if the bot stops first."""
    return (
        f"Your upload “{escape(clip_text(name, 80))}” ({_clock_time(when)}) was interrupted: the "
        "bot restarted while storing it. Please send it again — if it had been stored "
        "already, I will tell you it is a duplicate."
    )
