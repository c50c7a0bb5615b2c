"""Logging for the command line and the bot: one format, and no secret in any line.

The bot token is part of every Bot API URL, so libraries put it in their own lines: PTB
logs "Set Bot API URL: …/bot<token>" at DEBUG and raises ``InvalidToken("The token `…`
was rejected")`` when Telegram answers 401/404; an HTTP error can quote a file URL. A
filter on every handler of the root logger rewrites each record before it is written —
message, arguments, traceback and stack — so whatever logs it, through whichever logger,
the token (and the webhook secret) never reaches the output.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from collections.abc import Iterable

REDACTED = "[redacted]"
# Any Bot API token, configured or not ("123456789:AAH…", 35 characters after the colon).
TOKEN_PATTERN = re.compile(r"\b\d{5,16}:[A-Za-z0-9_-]{30,}")
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def redact(text: str, *secrets: str | None) -> str:
    """``text`` without the secrets (longest first) and without anything shaped like a token."""
    for secret in sorted(filter(None, secrets), key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return TOKEN_PATTERN.sub(REDACTED, text)


class RedactSecrets(logging.Filter):
    """Replaces the given secrets, and anything shaped like a bot token, in every record."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        super().__init__()
        self._secrets: list[str] = []
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        if secret and secret not in self._secrets:
            self._secrets.append(secret)
            # Longest first, so a secret containing another is replaced whole.
            self._secrets.sort(key=len, reverse=True)

    def redact(self, text: str) -> str:
        return redact(text, *self._secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the line
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


class BriefTelegramErrors(logging.Filter):
    """python-telegram-bot logs Telegram's answers (Conflict, a network failure, a rate
    limit) with a full traceback of its own internals; for an operator one line says it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.exc_info or not record.name.startswith("telegram"):
            return True
        error = record.exc_info[1]
        if type(error).__module__ == "telegram.error":
            record.msg = f"{record.getMessage()} ({type(error).__name__}: {error})"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


def configure_logging(level: str, *, secrets: Iterable[str | None] = ()) -> RedactSecrets:
    """Log to stderr at ``level`` with every secret redacted; returns the filter so secrets
    known only later (a generated webhook secret) can be added to it."""
    logging.basicConfig(level=level.upper(), format=LOG_FORMAT, stream=sys.stderr)
    # httpx logs every request URL at INFO, and those URLs hold the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if logging.getLogger().getEffectiveLevel() > logging.DEBUG:
        # "discarding data: None" for a page without an article, which newsbot reports
        # itself ("rejected … no article text was found")
        logging.getLogger("trafilatura").setLevel(logging.ERROR)
    redactor = RedactSecrets(secrets)
    for handler in logging.getLogger().handlers:
        for old in [
            f for f in handler.filters if isinstance(f, RedactSecrets | BriefTelegramErrors)
        ]:
            handler.removeFilter(old)
        handler.addFilter(BriefTelegramErrors())
        handler.addFilter(redactor)  # last: it sees the record as it will be written
    return redactor


def hide_secret(secret: str | None) -> None:
    """Redact one more secret from now on (one the program made up after logging started)."""
    for handler in logging.getLogger().handlers:
        for redactor in handler.filters:
            if isinstance(redactor, RedactSecrets):
                redactor.add(secret)
