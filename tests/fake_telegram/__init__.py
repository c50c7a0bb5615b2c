"""A local fake of the Telegram Bot API for end-to-end tests of the bot."""

from tests.fake_telegram.server import (
    ApiError,
    EntityParseError,
    FakeTelegram,
    FloodLimits,
    detect_entities,
    parse_html,
    parse_markdown,
    parse_markdown_v2,
)

__all__ = [
    "ApiError",
    "EntityParseError",
    "FakeTelegram",
    "FloodLimits",
    "detect_entities",
    "parse_html",
    "parse_markdown",
    "parse_markdown_v2",
]
