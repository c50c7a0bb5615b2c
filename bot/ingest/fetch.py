"""Fetching an article by URL: bounded in time and size, HTML or text only."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from bot.ingest.errors import RejectedInput

_ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown")
_USER_AGENT = "newsbot/0.1 (+article reader)"


@dataclass(frozen=True, slots=True)
class FetchedPage:
    url: str
    content: bytes
    content_type: str


def is_url(value: str) -> bool:
    parts = urlsplit(value.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


async def fetch_page(
    url: str,
    *,
    client: httpx.AsyncClient | None = None,
    timeout: float = 15.0,
    max_bytes: int = 2_000_000,
) -> FetchedPage:
    """Download one page, refusing anything that is not a readable article.

    The body is streamed so an endless or huge response costs at most ``max_bytes``.
    """
    if not is_url(url):
        raise RejectedInput("that is not a web address (it must start with http:// or https://)")
    own_client = client is None
    if client is None:
        client = httpx.AsyncClient(
            follow_redirects=True, headers={"User-Agent": _USER_AGENT}, max_redirects=5
        )
    try:
        async with client.stream("GET", url, timeout=timeout) as response:
            if response.status_code >= 400:
                raise RejectedInput(
                    f"the page answered HTTP {response.status_code}"
                    f" {response.reason_phrase or ''}".rstrip()
                )
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type and not content_type.startswith(_ACCEPTED_TYPES):
                raise RejectedInput(
                    f"the address points to {content_type}, not an article page (HTML or text)"
                )
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise RejectedInput(f"the page is too large (over {max_bytes:,} bytes)")
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise RejectedInput(f"the page is too large (over {max_bytes:,} bytes)")
                chunks.append(chunk)
            return FetchedPage(str(response.url), b"".join(chunks), content_type or "text/html")
    except httpx.TimeoutException as exc:
        raise RejectedInput(f"the page did not answer within {timeout:g} seconds") from exc
    except httpx.TooManyRedirects as exc:
        raise RejectedInput("the page redirects too many times") from exc
    except httpx.HTTPError as exc:
        raise RejectedInput(f"the page could not be fetched ({type(exc).__name__})") from exc
    finally:
        if own_client:
            await client.aclose()
