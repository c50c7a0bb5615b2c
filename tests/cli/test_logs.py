"""Whatever logs it, and however, the bot token never reaches the log output."""

from __future__ import annotations

import io
import logging

from bot.cli.logs import BriefTelegramErrors, RedactSecrets, hide_secret

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
UNKNOWN_TOKEN = "5555555:BBHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def _logger_writing_to(stream: io.StringIO) -> logging.Logger:
    handler = logging.StreamHandler(stream)
    handler.addFilter(BriefTelegramErrors())
    handler.addFilter(RedactSecrets([TOKEN]))
    logger = logging.getLogger("test.redaction")
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger


def test_the_token_is_redacted_from_messages_arguments_and_tracebacks() -> None:
    stream = io.StringIO()
    logger = _logger_writing_to(stream)
    logger.debug("Set Bot API URL: https://api.telegram.org/bot%s", TOKEN)
    logger.info(f"file https://api.telegram.org/file/bot{TOKEN}/documents/a.txt")
    try:
        raise RuntimeError(f"The token `{TOKEN}` was rejected by the server.")
    except RuntimeError:
        logger.exception("start-up failed")
    logger.warning("someone else's: %s", UNKNOWN_TOKEN)
    logger.info("stack", stack_info=True, extra={"token": TOKEN})
    output = stream.getvalue()
    assert "start-up failed" in output and "Traceback" in output
    assert output.count("[redacted]") >= 4
    assert "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw" not in output
    assert "BBHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw" not in output


def test_a_secret_made_up_later_is_redacted_from_then_on() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        hide_secret("webhook-secret-xyz")
        logging.getLogger("test.later").warning("secret is webhook-secret-xyz")
    finally:
        root.removeHandler(handler)
    assert "webhook-secret-xyz" not in stream.getvalue()
