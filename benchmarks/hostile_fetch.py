"""What hostile servers cost a fetch: memory for decompression bombs, time for slow drips.

A child process serves the hostile responses on 127.0.0.1; this process fetches each one
through the bot's Fetcher (private addresses allowed, since the server is local) and
prints, per response, the outcome, the time taken and the growth of peak RSS over the
baseline measured after a normal fetch:

    python benchmarks/hostile_fetch.py [--deadline 15] [--max-bytes 2000000]
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import multiprocessing
import resource
import sys
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import brotli  # noqa: E402

from bot.ingest.errors import RejectedInput  # noqa: E402
from bot.ingest.fetch import Fetcher, FetchLimits  # noqa: E402

BOMB_BYTES = 1 << 30  # each bomb decodes to at least 1 GiB
PAGE = b"<html><body><article><p>" + b"Hello world. " * 2000 + b"</p></article></body></html>"


def _zeros(packer: object, finish: str) -> bytes:
    block = bytes(1 << 20)
    parts = [packer.compress(block) for _ in range(BOMB_BYTES >> 20)]  # type: ignore[attr-defined]
    return b"".join([*parts, getattr(packer, finish)()])


def bodies() -> dict[str, tuple[str, bytes]]:
    deflated = _zeros(zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16), "flush")
    stacked = gzip.compress(deflated, 9)
    br = brotli.Compressor(quality=5)
    block = bytes(1 << 20)
    brotlied = b"".join([br.process(block) for _ in range(BOMB_BYTES >> 20)] + [br.finish()])
    return {
        "gzip": ("gzip", deflated),
        "gzip, gzip": ("gzip, gzip", stacked),
        "br": ("br", brotlied),
        "gzip, br": ("gzip, br", brotli.compress(deflated, quality=5)),
    }


def serve(port_out: multiprocessing.connection.Connection) -> None:  # type: ignore[name-defined]
    from aiohttp import web

    prepared = bodies()

    async def bomb(request: web.Request) -> web.Response:
        encoding, body = prepared[request.query["e"]]
        return web.Response(
            body=body, headers={"Content-Type": "text/html", "Content-Encoding": encoding}
        )

    async def drip(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        for _ in range(600):
            await response.write(b"<")
            await asyncio.sleep(1)
        return response

    async def page(_: web.Request) -> web.Response:
        return web.Response(body=PAGE, content_type="text/html")

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/bomb", bomb)
        app.router.add_get("/drip", drip)
        app.router.add_get("/page", page)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port_out.send((runner.addresses[0][1], {k: len(v[1]) for k, v in prepared.items()}))
        await asyncio.sleep(3600)

    asyncio.run(main())


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def measure(args: argparse.Namespace, port: int, sizes: dict[str, int]) -> None:
    base = f"http://127.0.0.1:{port}"
    limits = FetchLimits(deadline=args.deadline, max_bytes=args.max_bytes)
    async with Fetcher(allow_private=True, limits=limits) as fetcher:
        await fetcher.page(f"{base}/page")
        baseline = peak_rss_mb()
        print(f"baseline peak RSS after a normal fetch: {baseline:.0f} MB")
        cases = [(f"bomb {e!r} ({sizes[e]:,} B on the wire)", f"/bomb?e={e}") for e in sizes]
        cases.append((f"slow drip (1 byte/s), deadline {args.deadline:g} s", "/drip"))
        for label, path in cases:
            started = time.perf_counter()
            try:
                await fetcher.page(f"{base}{path}")
                outcome = "fetched (!)"
            except RejectedInput as exc:
                outcome = str(exc)
            elapsed = time.perf_counter() - started
            growth = peak_rss_mb() - baseline
            print(f"{label}: {outcome}; {elapsed:.2f} s; peak RSS +{growth:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deadline", type=float, default=15.0)
    parser.add_argument("--max-bytes", type=int, default=2_000_000)
    args = parser.parse_args()
    receive, send = multiprocessing.Pipe(duplex=False)
    server = multiprocessing.Process(target=serve, args=(send,), daemon=True)
    server.start()
    try:
        if not receive.poll(300):
            raise SystemExit("the hostile server did not start")
        port, sizes = receive.recv()
        asyncio.run(measure(args, port, sizes))
    finally:
        server.terminate()
        server.join(10)


if __name__ == "__main__":
    main()
