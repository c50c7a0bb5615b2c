"""The HTTP client behind :class:`bot.ingest.fetch.Fetcher`: httpx on a checked network.

Kept apart from ``fetch`` so that httpx and httpcore are loaded with the first fetch, not
by every command that merely may fetch (ingesting files reads no link).
"""

from __future__ import annotations

from collections.abc import Iterable

import httpcore
import httpx

from bot.ingest.addresses import refusal_reason
from bot.ingest.decompress import ACCEPT_ENCODING
from bot.ingest.fetch import FetchError, RefusedAddress, Resolve, system_resolve


def guarded_client(
    *,
    allow_private: bool,
    resolve: Resolve,
    network: httpcore.AsyncNetworkBackend | None,
    user_agent: str,
    max_connections: int,
) -> httpx.AsyncClient:
    """A pooled client that connects only to addresses the policy allows; no redirects
    followed by itself (the fetcher checks each one)."""
    guarded = GuardedNetwork(allow_private=allow_private, resolve=resolve, inner=network)
    pool_limits = httpx.Limits(
        max_connections=max_connections, max_keepalive_connections=max_connections
    )
    return httpx.AsyncClient(
        transport=_GuardedTransport(guarded, pool_limits),
        headers={"User-Agent": user_agent, "Accept-Encoding": ACCEPT_ENCODING},
        follow_redirects=False,
        trust_env=False,
    )


class GuardedNetwork(httpcore.AsyncNetworkBackend):
    """Resolves, checks and connects to the checked address; TLS still verifies the name.

    httpcore passes the URL's host name to ``start_tls`` for SNI and certificate checks
    and httpx sets the Host header from the URL, so connecting by address changes nothing
    the server sees.
    """

    def __init__(
        self,
        *,
        allow_private: bool,
        resolve: Resolve = system_resolve,
        inner: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self._allow_private = allow_private
        self._resolve = resolve
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self._resolve(host, port)
        if not addresses:
            raise FetchError(f"the name {host} has no address")
        for address in addresses:
            self._check(host, address)
        failure: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise RefusedAddress("local sockets are never fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)

    def _check(self, host: str, address: str) -> None:
        reason = refusal_reason(address, allow_private=self._allow_private)
        if reason is None:
            return
        target = host if host.strip("[]") == address else f"{host} ({address})"
        message = f"{target} is {reason}, which the bot does not fetch from"
        if refusal_reason(address, allow_private=True) is None:
            message += " (NEWSBOT_FETCH_ALLOW_PRIVATE=true allows private addresses)"
        raise RefusedAddress(message)


class _GuardedTransport(httpx.AsyncHTTPTransport):
    def __init__(self, network: httpcore.AsyncNetworkBackend, limits: httpx.Limits) -> None:
        super().__init__(trust_env=False, limits=limits)
        # httpx takes no network backend, so its pool is replaced by one that has ours.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=network,
        )
