"""URL fetching against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bot.ingest.errors import RejectedInput
from bot.ingest.fetch import fetch_page, is_url

PAGE = b"<html><head><title>T</title></head><body><article><p>Hello</p></article></body></html>"


@pytest.fixture
async def site() -> AsyncIterator[str]:
    async def page(_: web.Request) -> web.Response:
        return web.Response(body=PAGE, content_type="text/html")

    async def image(_: web.Request) -> web.Response:
        return web.Response(body=b"\x89PNG....", content_type="image/png")

    async def slow(_: web.Request) -> web.Response:
        await asyncio.sleep(2)
        return web.Response(text="late")

    async def huge(_: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(_)
        for _n in range(100):
            await response.write(b"x" * 10_000)
        return response

    async def redirect(_: web.Request) -> web.Response:
        raise web.HTTPFound("/page")

    app = web.Application()
    app.router.add_get("/page", page)
    app.router.add_get("/image", image)
    app.router.add_get("/slow", slow)
    app.router.add_get("/huge", huge)
    app.router.add_get("/redirect", redirect)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    tcp = web.TCPSite(runner, "127.0.0.1", 0)
    await tcp.start()
    port = tcp._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


async def test_fetches_html_following_redirects(site: str) -> None:
    page = await fetch_page(f"{site}/redirect", timeout=2)
    assert page.content == PAGE
    assert page.content_type == "text/html"
    assert page.url.endswith("/page")


@pytest.mark.parametrize(
    ("path", "kwargs", "reason"),
    [
        ("/missing", {}, "HTTP 404"),
        ("/image", {}, "image/png"),
        ("/slow", {"timeout": 0.3}, "did not answer within 0.3 seconds"),
        ("/huge", {"max_bytes": 50_000}, "too large"),
    ],
)
async def test_bad_pages_are_rejected(site: str, path: str, kwargs: dict, reason: str) -> None:
    with pytest.raises(RejectedInput, match=reason):
        await fetch_page(f"{site}{path}", **{"timeout": 2, **kwargs})


async def test_unreachable_and_non_urls() -> None:
    with pytest.raises(RejectedInput, match="could not be fetched"):
        await fetch_page("http://127.0.0.1:9/nothing", timeout=1)
    with pytest.raises(RejectedInput, match="not a web address"):
        await fetch_page("ftp://example.com/x")
    assert is_url("https://example.com/a")
    assert not is_url("example.com/a")
    assert not is_url("/tmp/file.txt")
