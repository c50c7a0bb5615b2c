"""How the bot's requests reach Telegram: timeouts for real latency, and which failures are
safe to repeat.

A request that failed may or may not have been carried out by Telegram, and only some
failures say for certain that it was not:

* the connection could not be opened (refused, no route, DNS, connect timeout) or no
  connection of the pool came free: the request never left;
* Telegram (or the proxy in front of it) answered 5xx: it did not take the request;
* 429 (``RetryAfter``): it refused the request and says when to come back.

Those are raised as :class:`NotDelivered` (429 stays ``RetryAfter``) and repeated with
back-off by :class:`RetryingRateLimiter`. Anything else — a read timeout, a connection
dropped after the request was written — is left alone: the message may have arrived, and
sending it again could show it twice. Those reach the caller, which decides (digests record
the delivery ``unknown``; answers leave the user a notice, see ``bot/telegram/notices.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable, Coroutine
from typing import Any

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.ext import AIORateLimiter
from telegram.request import HTTPXRequest, RequestData

logger = logging.getLogger(__name__)

# Telegram answers within a second normally and within tens of seconds under load; PTB's
# default of 5 s turned slow answers into failures (and, for digests, into resends).
CONNECT_TIMEOUT_SECONDS = 10.0
READ_TIMEOUT_SECONDS = 30.0
WRITE_TIMEOUT_SECONDS = 30.0
POOL_TIMEOUT_SECONDS = 10.0
# Repeats of a request Telegram certainly did not get: waits of 0.5, 1, 2 and 4 s.
NOT_DELIVERED_RETRIES = 4
FIRST_BACKOFF_SECONDS = 0.5
# 429 answers waited out (each for its retry_after) before the request fails.
RATE_LIMIT_RETRIES = 6

_NEVER_SENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.UnsupportedProtocol,
)


class NotDelivered(NetworkError):
    """Telegram certainly did not carry the request out; sending it again cannot double it."""


class TelegramRequest(HTTPXRequest):
    """PTB's HTTP client with longer timeouts, telling failures that certainly did not reach
    Telegram (:class:`NotDelivered`) from those that may have."""

    def __init__(
        self,
        *,
        connect_timeout: float = CONNECT_TIMEOUT_SECONDS,
        read_timeout: float = READ_TIMEOUT_SECONDS,
        write_timeout: float = WRITE_TIMEOUT_SECONDS,
        pool_timeout: float = POOL_TIMEOUT_SECONDS,
        connection_pool_size: int = 256,
    ) -> None:
        super().__init__(
            connection_pool_size=connection_pool_size,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            pool_timeout=pool_timeout,
        )

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        write_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        connect_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        pool_timeout: Any = HTTPXRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        try:
            code, payload = await super().do_request(
                url,
                method,
                request_data,
                read_timeout=read_timeout,
                write_timeout=write_timeout,
                connect_timeout=connect_timeout,
                pool_timeout=pool_timeout,
            )
        except (NetworkError, TimedOut) as exc:
            if isinstance(exc.__cause__, _NEVER_SENT):
                raise NotDelivered(f"not sent: {_describe(exc.__cause__)}") from exc
            raise
        if 500 <= code <= 599:
            raise NotDelivered(f"Telegram answered {code}: {_description(payload)}")
        return code, payload


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _description(payload: bytes) -> str:
    text = payload.decode("utf-8", "replace")
    with contextlib.suppress(ValueError, AttributeError):
        text = str(json.loads(text).get("description") or text)
    return text[:200] or "no description"


Sleep = Callable[[float], Coroutine[Any, Any, None]]


class RetryingRateLimiter(AIORateLimiter):
    """PTB's limiter (paces requests, waits out 429 for everyone) that also repeats requests
    Telegram certainly did not get, with exponential back-off, before giving up."""

    def __init__(
        self,
        *,
        rate_limit_retries: int = RATE_LIMIT_RETRIES,
        retries: int = NOT_DELIVERED_RETRIES,
        first_backoff: float = FIRST_BACKOFF_SECONDS,
        sleep: Sleep = asyncio.sleep,
        **pacing: float,
    ) -> None:
        """``pacing``: AIORateLimiter's rates (``overall_max_rate``, ``group_max_rate``, …)."""
        super().__init__(max_retries=rate_limit_retries, **pacing)
        self.retries = retries
        self.first_backoff = first_backoff
        self._sleep = sleep

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        failures = 0
        while True:
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except NotDelivered as exc:
                failures += 1
                if failures > self.retries:
                    raise
                delay = self.first_backoff * 2 ** (failures - 1)
                logger.info("%s did not reach Telegram (%s); again in %.1f s", endpoint, exc, delay)
                await self._sleep(delay)
