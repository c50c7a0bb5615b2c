"""Fetching against hostile HTTP servers on 127.0.0.1: forged redirects, drips, bombs.

The servers listen on 127.0.0.1, which the default policy refuses; tests that need a
normal fetch say ``allow_private=True``. To play "a public site" without the internet,
a resolver answers a public address for ``news.example`` and :class:`Internet` carries
connections to that address to the local server — the guard sees a public address.
"""

from __future__ import annotations

import asyncio
import gzip
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from functools import cache

import brotli
import httpcore
import pytest
from aiohttp import web

from bot.ingest.errors import RejectedInput
from bot.ingest.fetch import (
    Fetcher,
    FetchError,
    FetchLimits,
    RefusedAddress,
    is_url,
    system_resolve,
)
from tests.conftest import local_site

PAGE = b"<html><head><title>T</title></head><body><article><p>Hello</p></article></body></html>"
PUBLIC_IP = "93.184.215.14"
BOMB_SIZE = 200 * 1024 * 1024


class Internet(httpcore.AsyncNetworkBackend):
    """The network under the guard: records every connect; the public address is local."""

    def __init__(self) -> None:
        self.connects: list[str] = []
        self._real = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self.connects.append(host)
        target = "127.0.0.1" if host == PUBLIC_IP else host
        return await self._real.connect_tcp(target, port, timeout=timeout)

    async def sleep(self, seconds: float) -> None:
        await self._real.sleep(seconds)


@dataclass
class Resolver:
    """news.example is public; rebind.example answers public once, then loopback."""

    asked: list[str] = field(default_factory=list)

    async def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        if host == "news.example":
            return [PUBLIC_IP]
        if host == "rebind.example":
            return [PUBLIC_IP] if self.asked.count(host) == 1 else ["127.0.0.1"]
        return await system_resolve(host, port)


@cache
def _zeros_zlib(wbits: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    block = bytes(1024 * 1024)
    return b"".join(
        [packer.compress(block) for _ in range(BOMB_SIZE // len(block))] + [packer.flush()]
    )


def _zeros_gzip() -> bytes:
    return _zeros_zlib(zlib.MAX_WBITS | 16)


@cache
def _zeros_br() -> bytes:
    packer = brotli.Compressor(quality=5)
    block = bytes(1024 * 1024)
    return b"".join(
        [packer.process(block) for _ in range(BOMB_SIZE // len(block))] + [packer.finish()]
    )


def bomb(encoding: str) -> bytes:
    """A small body that decodes to about 200 MB (far more, for stacked gzip)."""
    if encoding == "gzip, gzip":
        return gzip.compress(_zeros_gzip(), 9)
    if encoding == "gzip":
        return _zeros_gzip()
    if encoding == "deflate":
        return _zeros_zlib(zlib.MAX_WBITS)
    if encoding == "br":
        return _zeros_br()
    if encoding == "gzip, br":
        return brotli.compress(_zeros_gzip(), quality=5)
    raise AssertionError(encoding)


def encoded(encoding: str, data: bytes) -> bytes:
    for name in [n.strip() for n in encoding.split(",")]:
        if name == "gzip":
            data = gzip.compress(data)
        elif name == "deflate":
            data = zlib.compress(data)
        elif name == "raw-deflate":
            data = zlib.compress(data)[2:-4]
        elif name == "br":
            data = brotli.compress(data)
    return data


@dataclass
class Sites:
    base: str  # the hostile site, on 127.0.0.1
    port: int
    internal: str  # an "internal admin page" that must never be reached
    internal_hits: list[str]


@pytest.fixture
async def sites() -> AsyncIterator[Sites]:
    hits: list[str] = []

    async def admin(request: web.Request) -> web.Response:
        hits.append(request.path)
        return web.Response(text="<html><body><p>internal secrets</p></body></html>")

    internal_app = web.Application()
    internal_app.router.add_get("/admin", admin)
    async with local_site(internal_app) as internal:
        internal_port = int(internal.rsplit(":", 1)[1])

        async def page(_: web.Request) -> web.Response:
            return web.Response(body=PAGE, content_type="text/html")

        async def image(_: web.Request) -> web.Response:
            return web.Response(body=b"\x89PNG....", content_type="image/png")

        async def redirect(request: web.Request) -> web.Response:
            targets = {
                "page": "/page",
                "loopback": f"http://localhost:{internal_port}/admin",
                "mapped": f"http://[::ffff:127.0.0.1]:{internal_port}/admin",
                "private": f"http://10.0.0.1:{internal_port}/admin",
                "metadata": "http://169.254.169.254/latest/meta-data/",
                "ftp": "ftp://example.com/file.txt",
                "file": "file:///etc/passwd",
            }
            raise web.HTTPFound(targets[request.match_info["to"]])

        async def chain(request: web.Request) -> web.Response:
            left = int(request.match_info["left"])
            raise web.HTTPFound(f"/chain/{left - 1}" if left > 0 else "/page")

        async def drip(request: web.Request) -> web.StreamResponse:
            response = web.StreamResponse(headers={"Content-Type": "text/html"})
            await response.prepare(request)
            for _ in range(2000):  # 100 s at most; the client leaves long before
                await response.write(b"<")
                await asyncio.sleep(0.05)
            return response

        async def slow_start(_: web.Request) -> web.Response:
            await asyncio.sleep(5)
            return web.Response(body=PAGE, content_type="text/html")

        async def bombed(request: web.Request) -> web.Response:
            encoding = request.query["e"]
            return web.Response(
                body=bomb(encoding),
                headers={"Content-Type": "text/html", "Content-Encoding": encoding},
            )

        async def compressed(request: web.Request) -> web.Response:
            encoding = request.query["e"]
            header = encoding.replace("raw-deflate", "deflate")
            return web.Response(
                body=encoded(encoding, PAGE),
                headers={"Content-Type": "text/html", "Content-Encoding": header},
            )

        async def conditional(request: web.Request) -> web.Response:
            if request.headers.get("If-None-Match") == '"v1"':
                return web.Response(status=304, headers={"ETag": '"v1"'})
            return web.Response(
                body=PAGE,
                headers={"Content-Type": "application/rss+xml", "ETag": '"v1"', "X-Twice": "a"},
            )

        app = web.Application()
        app.router.add_get("/page", page)
        app.router.add_get("/image", image)
        app.router.add_get("/to/{to}", redirect)
        app.router.add_get("/chain/{left}", chain)
        app.router.add_get("/drip", drip)
        app.router.add_get("/slow-start", slow_start)
        app.router.add_get("/bomb", bombed)
        app.router.add_get("/compressed", compressed)
        app.router.add_get("/conditional", conditional)
        async with local_site(app) as base:
            yield Sites(base, int(base.rsplit(":", 1)[1]), internal, hits)


def fetcher(**kwargs: object) -> Fetcher:
    limits = kwargs.pop("limits", FetchLimits(deadline=5))
    return Fetcher(limits=limits, **kwargs)  # type: ignore[arg-type]


async def test_by_default_loopback_is_refused_before_connecting(sites: Sites) -> None:
    internet = Internet()
    async with fetcher(network=internet) as client:
        with pytest.raises(RefusedAddress, match=r"127\.0\.0\.1 is a loopback address"):
            await client.page(f"{sites.base}/page")
        with pytest.raises(RefusedAddress, match=r"localhost \(127.0.0.1\) is a loopback"):
            await client.page(f"http://localhost:{sites.port}/page")
    assert internet.connects == []


async def test_allowing_private_fetches_html_following_redirects(sites: Sites) -> None:
    async with fetcher(allow_private=True) as client:
        page = await client.page(f"{sites.base}/to/page")
    assert page.content == PAGE
    assert page.content_type == "text/html"
    assert page.url == f"{sites.base}/page"


@pytest.mark.parametrize("to", ["loopback", "mapped", "private"])
async def test_public_page_redirecting_inside_is_refused(sites: Sites, to: str) -> None:
    internet = Internet()
    async with fetcher(resolve=Resolver(), network=internet) as client:
        # The public site itself is readable…
        page = await client.page(f"http://news.example:{sites.port}/page")
        assert page.content == PAGE
        # …but not where it redirects.
        with pytest.raises(RefusedAddress, match="which the bot does not fetch from"):
            await client.page(f"http://news.example:{sites.port}/to/{to}")
    assert internet.connects == [PUBLIC_IP]  # one pooled connection, never the target
    assert sites.internal_hits == []


async def test_redirect_to_cloud_metadata_is_refused_even_with_private_allowed(
    sites: Sites,
) -> None:
    internet = Internet()
    async with fetcher(allow_private=True, network=internet) as client:
        with pytest.raises(RefusedAddress, match=r"169\.254\.169\.254 is a link-local address"):
            await client.page(f"{sites.base}/to/metadata")
    assert "169.254.169.254" not in internet.connects


async def test_rebinding_name_is_connected_at_the_address_that_was_checked(sites: Sites) -> None:
    internet = Internet()
    resolver = Resolver()
    async with fetcher(resolve=resolver, network=internet) as client:
        page = await client.page(f"http://rebind.example:{sites.port}/page")
    assert page.content == PAGE
    assert resolver.asked == ["rebind.example"]
    assert internet.connects == [PUBLIC_IP]


@pytest.mark.parametrize("to", ["ftp", "file"])
async def test_redirects_to_other_schemes_are_refused(sites: Sites, to: str) -> None:
    async with fetcher(allow_private=True) as client:
        with pytest.raises(FetchError, match=f"redirects to a {to} address"):
            await client.page(f"{sites.base}/to/{to}")


async def test_at_most_five_redirects(sites: Sites) -> None:
    async with fetcher(allow_private=True) as client:
        page = await client.page(f"{sites.base}/chain/4")  # 5 redirects
        assert page.content == PAGE
        with pytest.raises(FetchError, match="redirects more than 5 times"):
            await client.page(f"{sites.base}/chain/5")


@pytest.mark.parametrize("path", ["/drip", "/slow-start"])
async def test_one_deadline_for_the_whole_fetch(sites: Sites, path: str) -> None:
    async with fetcher(allow_private=True, limits=FetchLimits(deadline=0.5)) as client:
        with pytest.raises(FetchError, match=r"did not arrive within 0\.5 seconds"):
            await client.page(f"{sites.base}{path}")


@pytest.mark.parametrize("encoding", ["gzip, gzip", "gzip", "deflate", "br", "gzip, br"])
async def test_decompression_bombs_stop_at_the_cap_in_little_memory(
    sites: Sites, encoding: str
) -> None:
    body = bomb(encoding)
    assert len(body) < 300_000
    async with fetcher(allow_private=True, limits=FetchLimits(max_bytes=2_000_000)) as client:
        tracemalloc.start()
        try:
            with pytest.raises(FetchError, match=r"too large \(over 2,000,000 bytes\)"):
                await client.page(f"{sites.base}/bomb?e={encoding}")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 12_000_000


@pytest.mark.parametrize(
    "encoding", ["gzip", "deflate", "raw-deflate", "br", "gzip, gzip", "deflate, br", "identity"]
)
async def test_compressed_pages_are_decoded(sites: Sites, encoding: str) -> None:
    async with fetcher(allow_private=True) as client:
        page = await client.page(f"{sites.base}/compressed?e={encoding}")
    assert page.content == PAGE


@pytest.mark.parametrize(
    ("encoding", "reason"),
    [("zstd", r"encoding the bot cannot read \(zstd\)"), ("gzip, gzip, gzip, gzip", "4 stacked")],
)
async def test_unknown_or_deep_encodings_are_refused(
    sites: Sites, encoding: str, reason: str
) -> None:
    async with fetcher(allow_private=True) as client:
        with pytest.raises(FetchError, match=reason):
            await client.page(f"{sites.base}/compressed?e={encoding}")


async def test_conditional_get_gives_status_headers_and_final_url(sites: Sites) -> None:
    accept = ("application/rss+xml",)
    async with fetcher(allow_private=True) as client:
        fresh = await client.get(f"{sites.base}/conditional", accept=accept)
        assert fresh.status == 200 and fresh.content == PAGE
        assert fresh.headers["etag"] == '"v1"' and fresh.headers["x-twice"] == "a"
        again = await client.get(
            f"{sites.base}/conditional", headers={"If-None-Match": '"v1"'}, accept=accept
        )
        missing = await client.get(f"{sites.base}/missing")
    assert (again.status, again.content, again.url) == (304, b"", f"{sites.base}/conditional")
    assert missing.status == 404 and not missing.ok


@pytest.mark.parametrize(
    ("path", "limits", "reason"),
    [
        ("/missing", FetchLimits(), "HTTP 404"),
        ("/image", FetchLimits(), "image/png"),
        ("/page", FetchLimits(max_bytes=50), "too large"),
    ],
)
async def test_bad_pages_are_rejected(
    sites: Sites, path: str, limits: FetchLimits, reason: str
) -> None:
    async with fetcher(allow_private=True, limits=limits) as client:
        with pytest.raises(RejectedInput, match=reason):
            await client.page(f"{sites.base}{path}")


async def test_unreachable_and_non_urls() -> None:
    async with fetcher(allow_private=True) as client:
        with pytest.raises(RejectedInput, match="could not be fetched"):
            await client.page("http://127.0.0.1:9/nothing")
        with pytest.raises(RejectedInput, match="not a web address"):
            await client.page("ftp://example.com/x")
        with pytest.raises(RejectedInput, match="could not be resolved"):
            await client.page("http://no-such-host.invalid/x")
    assert is_url("https://example.com/a")
    assert not is_url("example.com/a")
    assert not is_url("/tmp/file.txt")
