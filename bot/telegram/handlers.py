"""What users can do: ask, list the latest articles, read summaries and full texts.

Thin on purpose: every decision about articles and answers is made in the services.
"""

from __future__ import annotations

import asyncio
import logging
import re

from telegram import InlineKeyboardMarkup, Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, filters

from bot.qa.intent import headlines_request, is_small_talk, summary_request
from bot.services.article_numbers import echo, looks_like_article_number, parse_article_number
from bot.services.summaries import MAX_SENTENCES, ArticleSummary
from bot.telegram.context import (
    Context,
    flood_window_of,
    hinted_once_of,
    services_of,
    typing_delay_of,
)
from bot.telegram.formatting import escape
from bot.telegram.guards import one_at_a_time, send_counted
from bot.telegram.keyboards import (
    PagePosition,
    answer_keyboard,
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
# Messages without words the bot could read (a photo with a caption has them).
NOT_TEXT = (
    filters.Sticker.ALL
    | filters.VOICE
    | filters.AUDIO
    | filters.VIDEO
    | filters.VIDEO_NOTE
    | filters.ANIMATION
    | filters.PHOTO
    | filters.LOCATION
    | filters.VENUE
    | filters.CONTACT
    | filters.POLL
    | filters.Dice.ALL
)


def _mentions_bot(message: Message, username: str) -> bool:
    wanted = f"@{username}".casefold()
    return any(text.casefold() == wanted for text in _mentions(message))


def _mentions(message: Message) -> list[str]:
    """The @mentions of a message's text, or of its caption (a photo sent with words)."""
    if message.text is not None:
        return list(message.parse_entities([MessageEntity.MENTION]).values())
    return list(message.parse_caption_entities([MessageEntity.MENTION]).values())


def _words(message: Message) -> str:
    return message.text or message.caption or ""


def is_admin(update: Update, context: Context) -> bool:
    user = update.effective_user
    return user is not None and user.id in services_of(context).settings.admin_ids


EDIT_HINT = "I answer new messages only, not edits — send the corrected question as a new message."
MEDIA_HINT = (
    "I can only read text. Ask me in words — e.g. <i>what did Putin say?</i> or "
    "<i>Lachin corridor</i> — or send /help."
)
CAPTION_COMMAND_HINT = "Send commands as a text message of their own, e.g. /latest."
MAY_CONTINUE = "You can send me messages again."


async def edited_message(update: Update, context: Context) -> None:
    """A corrected message is not a new question: answering it again would repeat the bot,
    so the user is told once per message how to get an answer to the new wording."""
    message = update.effective_message
    if (
        message is not None
        and ADDRESSED_TO_BOT.filter(message)
        and hinted_once_of(context).first((message.chat_id, message.message_id))
    ):
        await reply_html(message, EDIT_HINT)
    raise ApplicationHandlerStop


async def media_hint(update: Update, context: Context) -> None:
    """Stickers, voice, locations, photos without words…: what the bot can do instead."""
    message = update.effective_message
    if message is not None:
        await reply_html(message, MEDIA_HINT)


def _for_this_bot(update: Update) -> bool:
    """Whether a message asks something of the bot (group chatter between people does not)."""
    message = update.effective_message
    if message is None or update.callback_query is not None:
        return False
    if message.chat.type == ChatType.PRIVATE or _words(message).startswith("/"):
        return True
    return bool(ADDRESSED_TO_BOT.filter(message))


async def flood_guard(update: Update, context: Context) -> None:
    """Runs before every other handler; a user over the limit is told once and ignored.

    Messages count, button presses do not: a press sends nothing new (expensive ones are
    held to one at a time by ``one_at_a_time``). The user is told once to slow down, and
    once more when the window has room again, so a refused message never just vanishes.
    """
    user = update.effective_user
    message = update.effective_message
    if user is None or message is None or not _for_this_bot(update):
        return
    services = services_of(context)
    if user.id in services.settings.admin_ids:
        return
    # Counted in the database when several bot processes share it (their updates are
    # spread across them), in this process otherwise.
    verdict = await services.storage.limits.admit(
        user.id, limit=services.settings.flood_limit_per_minute, window=flood_window_of(context)
    )
    if verdict.allowed:
        return
    if verdict.warn:
        seconds = max(1, round(verdict.retry_after))
        await message.reply_text(
            f"Slow down, please: too many messages. I'll tell you when you can go on "
            f"(in about {seconds} s); messages sent until then are not read."
        )
        _say_when_free(context, message.chat_id, verdict.retry_after)
    raise ApplicationHandlerStop


def _say_when_free(context: Context, chat_id: int, delay: float) -> None:
    async def say(_: object = None) -> None:
        await send_html(context.bot, chat_id, MAY_CONTINUE)

    if context.job_queue is not None:
        context.job_queue.run_once(say, max(delay, 0.0) + 0.5, chat_id=chat_id)
    else:  # pragma: no cover - the job-queue extra is a dependency

        async def later() -> None:
            await asyncio.sleep(max(delay, 0.0) + 0.5)
            await say()

        context.application.create_task(later())


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
    """Plain text in a private chat, or text addressed to the bot in a group; a photo's
    caption counts as its text."""
    message = update.effective_message
    if message is None or not _words(message):
        return
    if message.text is None and message.caption and message.caption.startswith("/"):
        await reply_html(message, CAPTION_COMMAND_HINT)
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
    text = _words(message)
    wanted = f"@{username}".casefold()
    for value in _mentions(message):
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
    texts, cited, people = answer_messages(answer)
    await send_counted(
        context,
        context.bot,
        message.chat_id,
        texts,
        reply_markup=answer_keyboard(cited, people),
        reply_to=message,
    )


@one_at_a_time
async def person_button(update: Update, context: Context) -> None:
    """ "Or Jacqui Smith": the question again, about that person. The question is read
    back from the message the answer replied to, so the button needs no memory."""
    query = update.callback_query
    if query is None or context.match is None or update.effective_chat is None:
        return
    await query.answer()
    asked = ""
    if isinstance(query.message, Message) and query.message.reply_to_message is not None:
        asked = _question_text(query.message.reply_to_message, context.bot.username)
    answer = await services_of(context).answers.answer_about(asked, int(context.match.group(1)))
    texts, cited, people = answer_messages(answer)
    await send_counted(
        context,
        context.bot,
        update.effective_chat.id,
        texts,
        reply_markup=answer_keyboard(cited, people),
    )


def _question_text(message: Message, username: str) -> str:
    """The question a message asked, without the /ask command or a mention of the bot."""
    text = _without_mention(message, username)
    return re.sub(r"^/ask(?:@\w+)?\s*", "", text, flags=re.IGNORECASE)


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
        shown=found.shown,
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
