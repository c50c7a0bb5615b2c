"""What users can do: ask, list the latest articles, read summaries and full texts.

Thin on purpose: every decision about articles and answers is made in the services.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, filters

from bot.qa.intent import headlines_request, is_small_talk, summary_request
from bot.services.article_numbers import echo, looks_like_article_number, parse_article_number
from bot.services.summaries import MAX_SENTENCES, ArticleSummary
from bot.telegram.context import (
    Context,
    services_of,
    typing_delay_of,
)
from bot.telegram.formatting import escape
from bot.telegram.guards import one_at_a_time, send_counted
from bot.telegram.keyboards import (
    PagePosition,
    cited_articles_keyboard,
    continue_reading_keyboard,
    latest_keyboard,
    resume_digest_keyboard,
    summary_keyboard,
)
from bot.telegram.rendering import (
    QUESTION_LIMIT,
    answer_messages,
    article_messages,
    latest_text,
    small_talk_reply,
    summary_text,
    welcome_text,
)
from bot.telegram.replies import (
    edit_html,
    reply_html,
    send_html,
    typing_while_working,
)

logger = logging.getLogger(__name__)

LATEST_PAGE_SIZE = 5
# The flood limit counts a user's messages over this many seconds (NEWSBOT_FLOOD_LIMIT_PER_MINUTE).
FLOOD_WINDOW_SECONDS = 60.0
# Messages one request for an article sends; a longer one continues at a button's press.
ARTICLE_PART_MESSAGES = 4


class AddressedToBot(filters.MessageFilter):
    """Private chats always; in groups only a mention of the bot or a reply to it.

    A bot in a busy group must not answer every sentence people say to each other.
    """

    def filter(self, message: Message) -> bool:
        if message.chat.type == ChatType.PRIVATE:
            return True
        bot = message.get_bot()
        replied = message.reply_to_message
        if replied and replied.from_user and replied.from_user.id == bot.id:
            return True
        return _mentions_bot(message, bot.username)


ADDRESSED_TO_BOT = AddressedToBot(name="AddressedToBot")


def _mentions_bot(message: Message, username: str) -> bool:
    wanted = f"@{username}".casefold()
    return any(
        text.casefold() == wanted
        for text in message.parse_entities([MessageEntity.MENTION]).values()
    )


def is_admin(update: Update, context: Context) -> bool:
    user = update.effective_user
    return user is not None and user.id in services_of(context).settings.admin_ids


async def ignore_edits(update: Update, context: Context) -> None:
    """A corrected message is not a new question: answering it again would repeat the bot."""
    raise ApplicationHandlerStop


def _for_this_bot(update: Update) -> bool:
    """Whether the update asks something of the bot (group chatter between people does not)."""
    if update.callback_query is not None:
        return True
    message = update.effective_message
    if message is None:
        return False
    if message.chat.type == ChatType.PRIVATE or (message.text or "").startswith("/"):
        return True
    return bool(ADDRESSED_TO_BOT.filter(message))


async def flood_guard(update: Update, context: Context) -> None:
    """Runs before every other handler; a user over the limit is told once and ignored."""
    user = update.effective_user
    if user is None or not _for_this_bot(update):
        return
    services = services_of(context)
    if user.id in services.settings.admin_ids:
        return
    # Counted in the database when several bot processes share it (their updates are
    # spread across them), in this process otherwise.
    verdict = await services.storage.limits.admit(
        user.id, limit=services.settings.flood_limit_per_minute, window=FLOOD_WINDOW_SECONDS
    )
    if verdict.allowed:
        return
    if verdict.warn:
        seconds = max(1, round(verdict.retry_after))
        notice = f"Slow down, please: too many messages. Try again in {seconds} s."
        if update.callback_query is not None:
            await update.callback_query.answer(notice, show_alert=True)
        elif update.effective_message is not None:
            await update.effective_message.reply_text(notice)
    elif update.callback_query is not None:
        await update.callback_query.answer()
    raise ApplicationHandlerStop


async def start(update: Update, context: Context) -> None:
    """Welcome, and offer the digest back to a chat that blocked the bot and returned."""
    message = update.effective_message
    if message is None:
        return
    services = services_of(context)
    user = update.effective_user
    text = welcome_text(
        first_name=user.first_name if user else None, is_admin=is_admin(update, context)
    )
    # Every conversation with a bot begins with /start: the moment to count the chat.
    await services.subscriptions.remember_chat(message.chat_id, message.chat.type)
    keyboard = None
    if await services.subscriptions.reactivation_offer(message.chat_id):
        keyboard = resume_digest_keyboard()
    await reply_html(message, text, reply_markup=keyboard)


async def help_command(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None:
        return
    user = update.effective_user
    text = welcome_text(
        first_name=user.first_name if user else None, is_admin=is_admin(update, context)
    )
    await reply_html(message, text)


@one_at_a_time
async def ask_command(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None:
        return
    question = " ".join(context.args or [])
    if not question.strip():
        await reply_html(
            message,
            "Ask me something after the command, for example:\n"
            "<code>/ask what did Putin say</code>",
        )
        return
    await answer_question(message, context, question)


@one_at_a_time
async def question_message(update: Update, context: Context) -> None:
    """Plain text in a private chat, or text addressed to the bot in a group."""
    message = update.effective_message
    if message is None or not message.text:
        return
    question = _without_mention(message, context.bot.username)
    if not question.strip():
        await reply_html(message, "Yes? Ask me about the news, e.g. <i>what did Putin say</i>.")
        return
    if is_small_talk(question):
        await reply_html(message, small_talk_reply(question))
        return
    if headlines_request(question):
        text, keyboard = await _latest_page(context, offset=0)
        await reply_html(message, text, reply_markup=keyboard)
        return
    topic = summary_request(question)
    if topic is not None:
        await send_summary(message, context, topic)
        return
    await answer_question(message, context, question)


def _without_mention(message: Message, username: str) -> str:
    text = message.text or ""
    wanted = f"@{username}".casefold()
    for value in message.parse_entities([MessageEntity.MENTION]).values():
        if value.casefold() == wanted:
            text = text.replace(value, " ", 1)
    return " ".join(text.split())


async def answer_question(message: Message, context: Context, question: str) -> None:
    if len(question) > QUESTION_LIMIT:
        await reply_html(
            message,
            f"That is a very long question ({len(question):,} characters). Please ask in a "
            f"sentence or two — at most {QUESTION_LIMIT:,} characters.",
        )
        return
    services = services_of(context)
    async with typing_while_working(context.bot, message.chat_id, delay=typing_delay_of(context)):
        answer = await services.answers.answer(question)
    texts, cited = answer_messages(answer)
    await send_counted(
        context,
        context.bot,
        message.chat_id,
        texts,
        reply_markup=cited_articles_keyboard(cited),
        reply_to=message,
    )


async def latest_command(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None:
        return
    text, keyboard = await _latest_page(context, offset=0)
    await reply_html(message, text, reply_markup=keyboard)


async def latest_page_button(update: Update, context: Context) -> None:
    """Next/previous page: the list message is edited in place, not repeated."""
    query = update.callback_query
    if query is None or context.match is None:
        return
    await query.answer()
    text, keyboard = await _latest_page(context, offset=int(context.match.group(1)))
    if isinstance(query.message, Message):
        await edit_html(query.message, text, reply_markup=keyboard)
    elif update.effective_chat is not None:
        await send_html(context.bot, update.effective_chat.id, text, reply_markup=keyboard)


async def _latest_page(context: Context, *, offset: int) -> tuple[str, InlineKeyboardMarkup | None]:
    articles = services_of(context).storage.articles
    total = await articles.count()
    if total and offset >= total:
        offset = max(0, (total - 1) // LATEST_PAGE_SIZE * LATEST_PAGE_SIZE)
    headers = await articles.list_latest(limit=LATEST_PAGE_SIZE, offset=offset)
    page = PagePosition(offset, LATEST_PAGE_SIZE, has_next=offset + len(headers) < total)
    keyboard = latest_keyboard(headers, page) if headers else None
    return latest_text(headers, offset=offset, total=total), keyboard


@one_at_a_time
async def summary_command(update: Update, context: Context) -> None:
    """By id, by keywords, or (alone) of the newest article."""
    message = update.effective_message
    if message is None:
        return
    await send_summary(message, context, " ".join(context.args or []).strip())


async def send_summary(message: Message, context: Context, query: str) -> None:
    services = services_of(context)
    async with typing_while_working(context.bot, message.chat_id, delay=typing_delay_of(context)):
        if query:
            header = await services.summaries.find_article(query)
        else:
            newest = await services.storage.articles.list_latest(limit=1)
            header = newest[0] if newest else None
        if header is None:
            found = None
        else:
            found = await services.summaries.summarize(header.id)
    if found is None:
        what = f"matching “{echo(query, 60)}”" if query else "yet"
        await reply_html(
            message,
            f"I have no article {escape(what)}. Try /latest to see what there is.",
        )
        return
    await reply_html(message, summary_text(found), reply_markup=_summary_keyboard(found))


def _summary_keyboard(found: ArticleSummary) -> InlineKeyboardMarkup:
    return summary_keyboard(
        found.header.id,
        length=found.length,
        shown=len(found.sentences),
        article_length=found.article_length,
        max_length=MAX_SENTENCES,
    )


@one_at_a_time
async def summary_button(update: Update, context: Context) -> None:
    """'Summary' under an answer or a list: a new message, so the list stays usable."""
    query = update.callback_query
    if query is None or context.match is None or update.effective_chat is None:
        return
    article_id = int(context.match.group(1))
    found = await services_of(context).summaries.summarize(article_id)
    if found is None:
        await query.answer("That article has been deleted.", show_alert=True)
        return
    await query.answer()
    await send_html(
        context.bot,
        update.effective_chat.id,
        summary_text(found),
        reply_markup=_summary_keyboard(found),
    )


@one_at_a_time
async def resize_button(update: Update, context: Context) -> None:
    """Shorter / Longer: the summary message is edited in place."""
    query = update.callback_query
    if query is None or context.match is None:
        return
    article_id, length = int(context.match.group(1)), int(context.match.group(2))
    found = await services_of(context).summaries.summarize(article_id, sentences=max(1, length))
    if found is None:
        await query.answer("That article has been deleted.", show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await edit_html(query.message, summary_text(found), reply_markup=_summary_keyboard(found))


@one_at_a_time
async def article_command(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None:
        return
    argument = " ".join(context.args or []).strip()
    article_id = parse_article_number(argument)
    if article_id is None:
        if looks_like_article_number(argument):
            await reply_html(message, f"There is no article #{escape(echo(argument.lstrip('#')))}.")
            return
        await reply_html(
            message,
            "Send the article's number, e.g. <code>/article 3</code> "
            "(numbers are shown in /latest and in answers).",
        )
        return
    await _send_article(context, message.chat_id, article_id, reply_to=message)


@one_at_a_time
async def article_button(update: Update, context: Context) -> None:
    """'Full article', or 'Continue reading' under a part of a long one."""
    query = update.callback_query
    if query is None or context.match is None or update.effective_chat is None:
        return
    await query.answer()
    part = int(context.match.group(2) or 0)
    await _send_article(context, update.effective_chat.id, int(context.match.group(1)), part=part)


async def _send_article(
    context: Context,
    chat_id: int,
    article_id: int,
    *,
    part: int = 0,
    reply_to: Message | None = None,
) -> None:
    """One part of the article: at most ``ARTICLE_PART_MESSAGES`` messages, and a button for
    the next part, so no request ever queues more than a few messages."""
    article = await services_of(context).storage.articles.get(article_id)
    if article is None:
        await send_html(
            context.bot, chat_id, f"There is no article #{article_id}.", reply_to=reply_to
        )
        return
    messages = article_messages(article)
    parts = -(-len(messages) // ARTICLE_PART_MESSAGES)
    part = min(max(part, 0), parts - 1)
    start = part * ARTICLE_PART_MESSAGES
    shown = messages[start : start + ARTICLE_PART_MESSAGES]
    more = (
        continue_reading_keyboard(article_id, part=part + 1, parts=parts)
        if part + 1 < parts
        else None
    )
    await send_counted(context, context.bot, chat_id, shown, reply_markup=more, reply_to=reply_to)


async def unknown_command(update: Update, context: Context) -> None:
    """Private chats always; groups only for commands addressed to this bot by name."""
    message = update.effective_message
    if message is None or not message.text:
        return
    command = message.text.split()[0]
    _, _, addressee = command.partition("@")
    addressed = addressee.casefold() == context.bot.username.casefold()
    if message.chat.type != ChatType.PRIVATE and not addressed:
        return
    await reply_html(
        message,
        f"I don't know the command {escape(echo(command.split('@')[0]))}. "
        "Send /help to see what I can do — or just ask a question in plain words.",
    )


async def cancel_outside_conversation(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is not None:
        await reply_html(message, "There is nothing to cancel.")
