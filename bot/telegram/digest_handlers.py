"""Daily digest commands and buttons, and starting/stopping the digest machinery.

Commands: /subscribe [HH:MM [zone]], /unsubscribe, /settings, /digest. Callback data
(plain text, valid after restarts): ``sub:at:HHMM``, ``sub:pick``, ``sub:resume``,
``set:len:N``, ``set:empty:0|1``, ``set:unsub``. In groups only administrators may change
the digest; private chats always may.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import socket
from datetime import datetime, timedelta

from telegram import (
    ChatMemberUpdated,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
)

from bot.digest.schedule import (
    ACCEPTED_TIME_FORMS,
    ACCEPTED_ZONE_FORMS,
    ScheduleInputError,
    zone_from_name,
)
from bot.services.bundle import Services
from bot.services.digests import DeliveryLedger, DigestScheduler, DigestService
from bot.services.subscriptions import (
    MAX_SUMMARY_SENTENCES,
    MIN_SUMMARY_SENTENCES,
    SUGGESTED_TIMES,
)
from bot.storage.digest_records import Subscription
from bot.telegram.context import SERVICES_KEY, Context, services_of
from bot.telegram.digest_queue import DeliveryQueue
from bot.telegram.digest_rendering import digest_messages
from bot.telegram.digest_runner import DigestOptions, DigestRunner
from bot.telegram.formatting import escape
from bot.telegram.guards import one_at_a_time
from bot.telegram.keyboards import (
    RESUME_DIGEST_DATA,
    digest_keyboard,
    resume_digest_keyboard,
)
from bot.telegram.replies import callback_notice, edit_html, reply_html, send_html

logger = logging.getLogger(__name__)

DIGEST_RUNNER_KEY = "digest_runner"
DIGEST_OPTIONS_KEY = "digest_options"
DIGEST_JOB_NAME = "digest-due-scan"

CALLBACK_PATTERN = re.compile(r"^(?:sub|set):")
_AT = re.compile(r"^sub:at:(\d{2})(\d{2})$")
_LENGTH = re.compile(r"^set:len:(\d)$")
_EMPTY = re.compile(r"^set:empty:([01])$")
PICK_DATA = "sub:pick"
UNSUBSCRIBE_DATA = "set:unsub"

FORMS_HELP = (
    "Examples:\n"
    "<code>/subscribe 07:30</code>\n"
    "<code>/subscribe 07:30 Europe/Berlin</code>\n"
    "<code>/subscribe 18:00 +02:00</code>\n"
    "<code>/subscribe 08:00 UTC</code>\n"
    f"The time is {escape(ACCEPTED_TIME_FORMS)}; the zone is {escape(ACCEPTED_ZONE_FORMS)}."
)
ADMINS_ONLY = "Only this group's administrators can change its daily digest."


def digest_handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    return [
        CommandHandler("subscribe", subscribe_command),
        CommandHandler("unsubscribe", unsubscribe_command),
        CommandHandler("settings", settings_command),
        CommandHandler("digest", digest_command),
        CallbackQueryHandler(digest_button, pattern=CALLBACK_PATTERN),
        ChatMemberHandler(bot_membership_changed, ChatMemberHandler.MY_CHAT_MEMBER),
    ]


# ------------------------------------------------------------------ start and stop


async def start_digests(application: Application) -> DigestRunner:  # type: ignore[type-arg]
    """Build the scheduler from the services and start it; a missed digest goes out now."""
    services: Services = application.bot_data[SERVICES_KEY]
    options: DigestOptions = application.bot_data.get(DIGEST_OPTIONS_KEY) or DigestOptions()
    clock = services.subscriptions.clock
    owner = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
    ledger = DeliveryLedger(services.storage.deliveries, owner=owner, clock=clock)
    queue = DeliveryQueue(
        application.bot,
        ledger,
        workers=options.workers,
        maxsize=options.queue_size,
        messages_per_second=options.messages_per_second,
        per_chat_gap=options.per_chat_gap,
    )
    scheduler = DigestScheduler(
        services.storage,
        digest_service(services),
        queue,
        ledger,
        catch_up=timedelta(hours=services.settings.digest_catch_up_hours),
        claim_lease=timedelta(seconds=options.claim_lease_seconds),
        sending_lease=timedelta(seconds=options.sending_lease_seconds),
        batch_size=max(1, min(options.queue_size, 50)),
    )
    runner = DigestRunner(scheduler, queue, idle_timeout=options.idle_timeout)
    application.bot_data[DIGEST_RUNNER_KEY] = runner
    runner.start()
    if application.job_queue is not None:

        async def tick(_: Context) -> None:
            runner.wake()

        application.job_queue.run_repeating(
            tick, interval=options.interval, first=options.interval, name=DIGEST_JOB_NAME
        )
    else:
        logger.warning("no JobQueue: digests are checked every %.0f s", options.idle_timeout)
    return runner


async def stop_digests(application: Application) -> None:  # type: ignore[type-arg]
    if application.job_queue is not None:
        for job in application.job_queue.get_jobs_by_name(DIGEST_JOB_NAME):
            job.schedule_removal()
    runner: DigestRunner | None = application.bot_data.pop(DIGEST_RUNNER_KEY, None)
    if runner is not None:
        await runner.stop()


def digest_service(services: Services) -> DigestService:
    return DigestService(
        services.storage,
        services.summaries,
        clock=services.subscriptions.clock,
        default_zone=services.settings.timezone,
    )


# ------------------------------------------------------------------ commands


async def subscribe_command(update: Update, context: Context) -> None:
    started = await _start_command(update, context, changes_digest=True)
    if started is None:
        return
    message, services = started
    args = context.args or []
    if not args:
        zone = await services.subscriptions.zone_for(message.chat_id)
        await reply_html(
            message,
            "When should your daily digest arrive? Times are in "
            f"<b>{escape(zone.name)}</b>.\nFor another time or zone send e.g. "
            "<code>/subscribe 07:30 Europe/Berlin</code>.",
            reply_markup=time_picker_keyboard(),
        )
        return
    time_text, zone_text = args[0], " ".join(args[1:]) or None
    try:
        subscription = await services.subscriptions.subscribe(
            message.chat_id, message.chat.type, time_text, zone_text
        )
    except ScheduleInputError as exc:
        await reply_html(message, f"{escape(str(exc))}\n\n{FORMS_HELP}")
        return
    await reply_html(message, subscribed_text(subscription))


async def unsubscribe_command(update: Update, context: Context) -> None:
    started = await _start_command(update, context, changes_digest=True)
    if started is None:
        return
    message, services = started
    if await services.subscriptions.unsubscribe(message.chat_id):
        await reply_html(message, "Your daily digest is off. /subscribe brings it back.")
    else:
        await reply_html(message, "There is no daily digest here. /subscribe to get one.")


async def settings_command(update: Update, context: Context) -> None:
    started = await _start_command(update, context, changes_digest=False)
    if started is None:
        return
    message, services = started
    subscription = await services.subscriptions.get(message.chat_id)
    text, keyboard = settings_view(subscription, services)
    await reply_html(message, text, reply_markup=keyboard)


@one_at_a_time
async def digest_command(update: Update, context: Context) -> None:
    """Today's digest now, on demand; the scheduled one still comes."""
    started = await _start_command(update, context, changes_digest=False)
    if started is None:
        return
    message, services = started
    digest = await digest_service(services).preview(message.chat_id)
    if digest.is_empty:
        await reply_html(message, "No new articles since your last digest.")
        return
    for index, part in enumerate(digest_messages(digest)):
        markup = digest_keyboard(part.articles, first_number=part.first_number)
        if index == 0:
            await reply_html(message, part.text, reply_markup=markup)
        else:
            await send_html(message.get_bot(), message.chat_id, part.text, reply_markup=markup)


async def _start_command(
    update: Update, context: Context, *, changes_digest: bool
) -> tuple[Message, Services] | None:
    """What every digest command does first; ``None`` means there is nothing more to do.

    The chat is remembered even when the sender may not change its digest, so a refused
    group is still known to the bot.
    """
    message = update.effective_message
    if message is None:
        return None
    services = services_of(context)
    await _remember(update, services)
    if changes_digest and not await may_change_digest(update, context):
        await reply_html(message, ADMINS_ONLY)
        return None
    return message, services


# ------------------------------------------------------------------ buttons


async def digest_button(update: Update, context: Context) -> None:
    query = update.callback_query
    if query is None or query.data is None:
        return
    message = query.message if isinstance(query.message, Message) else None
    if message is None:
        await query.answer()
        return
    services = services_of(context)
    await _remember(update, services)
    if not await may_change_digest(update, context):
        await query.answer(ADMINS_ONLY, show_alert=True)
        return
    chat_id = message.chat_id
    data = query.data
    subscriptions = services.subscriptions
    notice = None
    if (at := _AT.match(data)) is not None:
        subscription = await subscriptions.subscribe(
            chat_id, message.chat.type, f"{at.group(1)}:{at.group(2)}"
        )
        await query.answer("Subscribed")
        await edit_html(message, subscribed_text(subscription))
        return
    if data == PICK_DATA:
        await query.answer()
        await edit_html(
            message, "When should your daily digest arrive?", reply_markup=time_picker_keyboard()
        )
        return
    if data == RESUME_DIGEST_DATA:
        resumed = await subscriptions.resume(chat_id)
        if resumed is None:
            await query.answer("There is no digest to resume; /subscribe starts one.")
            return
        await query.answer("Welcome back")
        await edit_html(message, "Your daily digest is back. " + schedule_sentence(resumed))
        return
    if data == UNSUBSCRIBE_DATA:
        await subscriptions.unsubscribe(chat_id)
        notice = "Unsubscribed"
    elif (length := _LENGTH.match(data)) is not None:
        try:
            await subscriptions.set_summary_length(chat_id, int(length.group(1)))
        except ScheduleInputError as exc:
            await query.answer(callback_notice(str(exc)), show_alert=True)
            return
        notice = "Saved"
    elif (empty := _EMPTY.match(data)) is not None:
        await subscriptions.set_send_empty(chat_id, empty.group(1) == "1")
        notice = "Saved"
    await query.answer(notice)
    text, keyboard = settings_view(await subscriptions.get(chat_id), services)
    await edit_html(message, text, reply_markup=keyboard)


async def bot_membership_changed(update: Update, context: Context) -> None:
    """Blocked or removed: stop the digest. Back again: offer to resume it."""
    change: ChatMemberUpdated | None = update.my_chat_member
    if change is None:
        return
    services = services_of(context)
    chat = change.chat
    await services.subscriptions.remember_chat(chat.id, chat.type)
    gone = (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT)
    present = (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)
    new, old = change.new_chat_member.status, change.old_chat_member.status
    if new in gone:
        if await services.subscriptions.mark_blocked(chat.id):
            logger.info("chat %s removed the bot; its digest is paused", chat.id)
        return
    if new in present and old in gone and await services.subscriptions.reactivation_offer(chat.id):
        subscription = await services.subscriptions.get(chat.id)
        assert subscription is not None
        await send_html(
            context.bot,
            chat.id,
            "Welcome back! Your daily digest "
            f"({escape(subscription.local_time)} {escape(subscription.zone)}) "
            "was paused while I could not write here.",
            reply_markup=resume_digest_keyboard(),
        )


# ------------------------------------------------------------------ views


def time_picker_keyboard() -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(value, callback_data=f"sub:at:{value.replace(':', '')}")
        for value in SUGGESTED_TIMES
    ]
    return InlineKeyboardMarkup([buttons[:3], buttons[3:]])


def schedule_sentence(subscription: Subscription) -> str:
    zone = zone_from_name(subscription.zone)
    line = (
        f"It arrives every day at <b>{escape(subscription.local_time)}</b> "
        f"({escape(subscription.zone)})"
    )
    if subscription.next_due_at is not None:
        line += f"; the next one {escape(_local_moment(subscription.next_due_at, zone.tz))}"
    return line + "."


def subscribed_text(subscription: Subscription) -> str:
    return (
        f"Subscribed to the daily digest. {schedule_sentence(subscription)}\n"
        "Summary length, empty days and more: /settings."
    )


def settings_view(
    subscription: Subscription | None, services: Services
) -> tuple[str, InlineKeyboardMarkup]:
    if subscription is None or not subscription.active:
        zone = (
            zone_from_name(subscription.zone)
            if subscription
            else services.subscriptions.default_zone
        )
        text = (
            "<b>Daily digest</b>: off.\n"
            f"Pick a time to subscribe (zone <b>{escape(zone.name)}</b>), or send "
            "<code>/subscribe 07:30 Europe/Berlin</code>."
        )
        return text, time_picker_keyboard()
    quiet = "tell you" if subscription.send_empty else "stay quiet"
    text = "\n".join(
        [
            "<b>Daily digest</b>",
            schedule_sentence(subscription),
            f"Summary length: {subscription.summary_sentences} "
            f"sentence{'s' if subscription.summary_sentences != 1 else ''} per article.",
            f"When there is nothing new I {quiet}.",
        ]
    )
    lengths = [
        InlineKeyboardButton(
            f"✓ {n}" if n == subscription.summary_sentences else str(n),
            callback_data=f"set:len:{n}",
        )
        for n in range(MIN_SUMMARY_SENTENCES, MAX_SUMMARY_SENTENCES + 1)
    ]
    toggle = InlineKeyboardButton(
        "Tell me when there is nothing new: " + ("on" if subscription.send_empty else "off"),
        callback_data=f"set:empty:{0 if subscription.send_empty else 1}",
    )
    keyboard = InlineKeyboardMarkup(
        [
            lengths,
            [toggle],
            [
                InlineKeyboardButton("Change time", callback_data=PICK_DATA),
                InlineKeyboardButton("Unsubscribe", callback_data=UNSUBSCRIBE_DATA),
            ],
        ]
    )
    return text, keyboard


def _local_moment(moment: datetime, tz: object) -> str:
    local = moment.astimezone(tz)  # type: ignore[arg-type]
    return f"{local:%a} {local.day} {local:%b} at {local:%H:%M}"


# ------------------------------------------------------------------ permissions


async def may_change_digest(update: Update, context: Context) -> bool:
    """Private chats always; in groups the administrators (and anonymous admins) only."""
    chat = update.effective_chat
    if chat is None:
        return False
    if chat.type in (ChatType.PRIVATE, ChatType.CHANNEL):
        return True
    message = update.effective_message
    anonymous_admin = (
        update.callback_query is None
        and message is not None
        and message.sender_chat is not None
        and message.sender_chat.id == chat.id
    )
    if anonymous_admin:
        return True
    user = update.effective_user
    if user is None:
        return False
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except BadRequest:
        return False
    return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


async def _remember(update: Update, services: Services) -> None:
    chat = update.effective_chat
    if chat is not None:
        await services.subscriptions.remember_chat(chat.id, chat.type)
