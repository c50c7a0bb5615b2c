"""What handlers find in ``context.bot_data``, under names shared with the digest handlers."""

from __future__ import annotations

from typing import Any

from telegram.ext import ContextTypes

from bot.services.bundle import Services
from bot.telegram.workload import Once, Workload

SERVICES_KEY = "services"
TYPING_DELAY_KEY = "typing_delay"
WORKLOAD_KEY = "workload"
HINTED_ONCE_KEY = "hinted_once"
FLOOD_WINDOW_KEY = "flood_window"
# The flood limit counts a user's messages over this many seconds (NEWSBOT_FLOOD_LIMIT_PER_MINUTE).
FLOOD_WINDOW_SECONDS = 60.0

Context = ContextTypes.DEFAULT_TYPE


def services_of(context: Context) -> Services:
    services: Any = context.bot_data.get(SERVICES_KEY)
    if not isinstance(services, Services):
        raise RuntimeError("the bot's services are not set up yet (post_init has not run)")
    return services


def typing_delay_of(context: Context) -> float:
    return float(context.bot_data.get(TYPING_DELAY_KEY, 0.5))


def workload_of(context: Context) -> Workload:
    workload: Any = context.bot_data[WORKLOAD_KEY]
    return workload


def hinted_once_of(context: Context) -> Once:
    once: Any = context.bot_data[HINTED_ONCE_KEY]
    return once


def flood_window_of(context: Context) -> float:
    return float(context.bot_data.get(FLOOD_WINDOW_KEY, FLOOD_WINDOW_SECONDS))
