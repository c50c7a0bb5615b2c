"""The one door to the network for content: links from admins, `newsbot ingest URL`, feeds.

Every fetch here is bounded three ways, so neither a hostile server nor an unlucky one can
turn the bot against its host or its users:

* **where**: each connection (the first URL and every redirect) resolves its host once,
  checks every address against :func:`bot.ingest.addresses.refusal_reason` and connects
  to the checked address itself, so a DNS answer that changes between check and connect
  (rebinding) cannot reach a private address; only http and https, at most 5 redirects;
* **how long**: one deadline for the whole fetch, redirects and body included, not per read;
* **how much**: the decoded body is counted as it streams, one small step at a time per
  Content-Encoding layer, and the fetch stops at the cap.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Self
from urllib.parse import urlsplit

from bot.ingest.decompress import (
    DamagedBody,
    UnsupportedEncoding,
    decode_chunk,
    drain,
    layers_for,
)
from bot.ingest.errors import RejectedInput

if TYPE_CHECKING:  # loaded with the first fetch: ingesting files needs no HTTP stack
    import httpcore
    import httpx

ARTICLE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown")
USER_AGENT = "newsbot/0.1 (+article reader)"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})

Resolve = Callable[[str, int], Awaitable[list[str]]]


class FetchError(RejectedInput):
    """The fetch did not produce a response to use; the message says why, for an admin."""


class RefusedAddress(FetchError):
    """The URL, or a redirect, leads to an address the bot must not connect to."""


@dataclass(frozen=True, slots=True)
class FetchLimits:
    deadline: float = 15.0  # seconds for the whole fetch
    max_bytes: int = 2_000_000  # decoded body
    max_redirects: int = 5


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A final (non-redirect) response; ``content`` is empty unless the status is 2xx."""

    url: str  # after redirects
    status: int
    headers: Mapping[str, str]  # lower-case names; repeated headers joined by ", "
    content: bytes
    content_type: str  # media type only, lower case; "" when the server sent none

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


def is_url(value: str) -> bool:
    parts = urlsplit(value.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


async def system_resolve(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for ``host``, in its order, once each."""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"the name {host} could not be resolved") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class Fetcher:
    """One pooled HTTP client with the address policy, deadline and size cap built in.

    Build one per process (the composition root does) and close it on shutdown; it is
    safe to share between concurrent fetches.
    """

    def __init__(
        self,
        *,
        allow_private: bool = False,
        limits: FetchLimits | None = None,
        user_agent: str = USER_AGENT,
        max_connections: int = 100,
        resolve: Resolve = system_resolve,
        network: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self.limits = limits or FetchLimits()
        self._allow_private = allow_private
        self._resolve = resolve
        self._network = network
        self._user_agent = user_agent
        self._max_connections = max_connections
        self._client: httpx.AsyncClient | None = None

    def _http(self) -> httpx.AsyncClient:
        """The pooled client, opened with the first fetch."""
        if self._client is None:
            from bot.ingest.guarded_network import guarded_client

            self._client = guarded_client(
                allow_private=self._allow_private,
                resolve=self._resolve,
                network=self._network,
                user_agent=self._user_agent,
                max_connections=self._max_connections,
            )
        return self._client

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()

    async def get(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        accept: tuple[str, ...] | None = None,
    ) -> FetchResult:
        """GET ``url`` following up to ``max_redirects`` redirects, within the deadline.

        Any final status comes back (304, 404, 503 … for the caller to judge); the body is
        read only for 2xx, and only when its media type starts with one of ``accept``.
        """
        import httpx  # loaded with the client; named here for its errors

        deadline = self.limits.deadline
        try:
            async with asyncio.timeout(deadline):
                return await self._follow(url, dict(headers or {}), accept)
        except (TimeoutError, httpx.TimeoutException) as exc:
            raise FetchError(f"the page did not arrive within {deadline:g} seconds") from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"the page could not be fetched ({type(exc).__name__})") from exc

    async def page(self, url: str) -> FetchResult:
        """An article page: 2xx with HTML or text, or :class:`FetchError` saying why not."""
        result = await self.get(url, accept=ARTICLE_TYPES)
        if not result.ok:
            raise FetchError(f"the page answered HTTP {result.status}")
        return result

    async def _follow(
        self, url: str, headers: dict[str, str], accept: tuple[str, ...] | None
    ) -> FetchResult:
        import httpx

        client = self._http()
        current = url
        for hop in range(self.limits.max_redirects + 1):
            _check_scheme(current, redirected=hop > 0)
            request = client.build_request("GET", current, headers=headers)
            response = await client.send(request, stream=True)
            try:
                location = response.headers.get("location")
                if response.status_code in _REDIRECTS and location:
                    try:
                        current = str(response.url.join(location.strip()))
                    except httpx.InvalidURL as exc:
                        raise FetchError("the page redirects to an invalid address") from exc
                    continue
                return await self._result(response, accept)
            finally:
                await response.aclose()
        raise FetchError(f"the page redirects more than {self.limits.max_redirects} times")

    async def _result(
        self, response: httpx.Response, accept: tuple[str, ...] | None
    ) -> FetchResult:
        headers = {name.lower(): value for name, value in response.headers.items()}
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        status = response.status_code
        content = b""
        if 200 <= status < 300:
            if accept and content_type and not content_type.startswith(accept):
                raise FetchError(
                    f"the address points to {content_type}, not a page the bot can read"
                )
            content = await self._body(response)
        return FetchResult(str(response.url), status, headers, content, content_type)

    async def _body(self, response: httpx.Response) -> bytes:
        cap = self.limits.max_bytes
        too_large = FetchError(f"the page is too large (over {cap:,} bytes)")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise too_large
        try:
            layers = layers_for(response.headers.get("content-encoding"))
        except UnsupportedEncoding as exc:
            raise FetchError(
                f"the page is sent in an encoding the bot cannot read ({exc})"
            ) from exc
        chunks: list[bytes] = []
        size = wire = 0
        try:
            async for raw in response.aiter_raw():
                wire += len(raw)
                if wire > cap:
                    raise too_large
                for piece in decode_chunk(layers, raw):
                    size += len(piece)
                    if size > cap:
                        raise too_large
                    chunks.append(piece)
            for piece in drain(layers):
                size += len(piece)
                if size > cap:
                    raise too_large
                chunks.append(piece)
        except DamagedBody as exc:
            raise FetchError(f"the page's compressed body is damaged ({exc})") from exc
        return b"".join(chunks)


def _check_scheme(url: str, *, redirected: bool) -> None:
    if is_url(url):
        return
    if redirected:
        scheme = urlsplit(url).scheme or "no scheme"
        raise FetchError(f"the page redirects to a {scheme} address; only http and https are read")
    raise FetchError("that is not a web address (it must start with http:// or https://)")
