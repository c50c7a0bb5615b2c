"""A local news site with RSS and Atom feeds, for feed tests and the feed benchmark.

Everything is served from memory by aiohttp on 127.0.0.1; the test changes the site
(publishes stories, breaks a feed, slows one down) and reads which paths were requested.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape

from aiohttp import web

from tests.conftest import local_site

START = datetime(2024, 5, 6, 8, 0, tzinfo=UTC)
_TOPICS = (
    "harbour", "bridge", "library", "orchard", "railway", "festival", "museum", "ferry",
    "vineyard", "observatory", "lighthouse", "market", "stadium", "glacier", "canal",
)  # fmt: skip


@dataclass
class Story:
    slug: str
    title: str
    paragraphs: list[str]
    published: datetime
    author: str = "Ada Reporter"
    category: str = "Regional News"
    page_status: int = 200  # what the story's page answers
    page_delay: float = 0.0  # seconds before the page answers
    page_body: bytes | None = None  # the page's own HTML instead of one made from the story


def make_story(feed: str, number: int) -> Story:
    """A distinct, realistic story: its words differ per feed and number."""
    topic = _TOPICS[number % len(_TOPICS)]
    place = f"{feed.capitalize()}ville"
    paragraphs = [
        f"The council of {place} approved the new {topic} plan number {number} on Monday "
        f"after a long debate about costs, timing and the views of residents.",
        f'"This {topic} will serve the town for decades," the mayor of {place} said, adding '
        f"that work on item {number} of the {feed} programme would start in the spring.",
        f"Critics of plan {number} said the budget had grown by a third since the first "
        f"proposal, and asked for an independent review of the {topic} contracts.",
        f"A final vote on the {feed} {topic} funding is expected before the end of the year, "
        f"officials in {place} said.",
    ]
    return Story(
        slug=f"{feed}-{number}",
        title=f"{place} approves {topic} plan {number}",
        paragraphs=paragraphs,
        published=START + timedelta(hours=number),
    )


@dataclass
class SiteFeed:
    name: str
    kind: str = "rss"  # rss | atom
    stories: list[Story] = field(default_factory=list)  # oldest first
    status: int = 200  # what the feed answers (500, 404, … to break it)
    delay: float = 0.0  # seconds before answering
    ttl_minutes: int | None = None
    tracking: bool = True  # links carry utm_* parameters

    def publish(self, count: int) -> list[Story]:
        start = len(self.stories)
        new = [make_story(self.name, start + i) for i in range(count)]
        self.stories.extend(new)
        return new


def rss_document(feed: SiteFeed, base: str) -> bytes:
    items = []
    for story in reversed(feed.stories):  # newest first, as feeds list them
        link = f"{base}/news/{story.slug}"
        if feed.tracking:
            link += "?utm_source=rss&amp;utm_medium=feed"
        items.append(
            "<item>"
            f"<title>{escape(story.title)}</title><link>{link}</link>"
            f'<guid isPermaLink="false">urn:site:{story.slug}</guid>'
            f"<pubDate>{format_datetime(story.published)}</pubDate>"
            f"<dc:creator>{escape(story.author)}</dc:creator>"
            f"<category>{escape(story.category)}</category>"
            f"<description>{escape(''.join(f'<p>{p}</p>' for p in story.paragraphs[:1]))}"
            "</description>"
            "</item>"
        )
    ttl = f"<ttl>{feed.ttl_minutes}</ttl>" if feed.ttl_minutes else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>{feed.name.capitalize()} News</title><link>{base}/</link>{ttl}"
        f"<description>News from {feed.name}</description>{''.join(items)}</channel></rss>"
    ).encode()


def atom_document(feed: SiteFeed, base: str) -> bytes:
    entries = []
    for story in reversed(feed.stories):
        body = "".join(f"<p>{escape(p)}</p>" for p in story.paragraphs)
        entries.append(
            "<entry>"
            f"<title>{escape(story.title)}</title>"
            f'<link rel="alternate" href="{base}/news/{story.slug}"/>'
            f"<id>tag:site,2024:{story.slug}</id>"
            f"<updated>{story.published.isoformat()}</updated>"
            f"<author><name>{escape(story.author)}</name></author>"
            f'<category term="{escape(story.category)}"/>'
            f'<content type="html">{escape(body)}</content>'
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{feed.name.capitalize()} Atom</title><id>urn:{feed.name}</id>"
        f"<updated>{START.isoformat()}</updated>{''.join(entries)}</feed>"
    ).encode()


def story_page(story: Story) -> bytes:
    body = "".join(f"<p>{escape(p)}</p>" for p in story.paragraphs)
    return (
        "<!doctype html><html><head>"
        f"<title>{escape(story.title)} | Site</title>"
        '<meta name="author" content="Page Guess">'
        "</head><body><nav>Home · World · Sport</nav>"
        f"<article><h1>{escape(story.title)}</h1>{body}</article>"
        "<footer>© Site</footer></body></html>"
    ).encode()


@dataclass
class NewsSite:
    base: str = ""
    feeds: dict[str, SiteFeed] = field(default_factory=dict)
    requests: Counter[str] = field(default_factory=Counter)
    conditional_hits: int = 0  # 304 answers

    def add_feed(self, name: str, *, kind: str = "rss", stories: int = 0) -> SiteFeed:
        feed = SiteFeed(name, kind)
        feed.publish(stories)
        self.feeds[name] = feed
        return feed

    def feed_url(self, name: str) -> str:
        feed = self.feeds[name]
        return f"{self.base}/feeds/{name}.{'atom' if feed.kind == 'atom' else 'rss'}"

    def story(self, slug: str) -> Story | None:
        """Stories are named ``FEED-NUMBER`` after the feed that published them."""
        name, _, number = slug.rpartition("-")
        feed = self.feeds.get(name)
        if feed is None or not number.isdigit() or int(number) >= len(feed.stories):
            return None
        story = feed.stories[int(number)]
        return story if story.slug == slug else None

    def page_requests(self) -> int:
        return sum(n for path, n in self.requests.items() if path.startswith("/news/"))

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/feeds/{name}.{kind}", self._feed)
        app.router.add_get("/news/{slug}", self._page)
        app.router.add_get("/moved/{name}", self._moved)
        app.router.add_get("/home.html", self._home)
        app.router.add_get("/broken.rss", self._broken)
        app.router.add_get("/huge.rss", self._huge)
        app.router.add_get("/not-a-feed.txt", self._text)
        return app

    async def _feed(self, request: web.Request) -> web.StreamResponse:
        self.requests[request.path] += 1
        feed = self.feeds.get(request.match_info["name"])
        if feed is None:
            raise web.HTTPNotFound()
        if feed.delay:
            await asyncio.sleep(feed.delay)
        if feed.status != 200:
            headers = {"Retry-After": "120"} if feed.status == 503 else {}
            return web.Response(status=feed.status, text="unavailable", headers=headers)
        render = atom_document if feed.kind == "atom" else rss_document
        body = render(feed, self.base)
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if request.headers.get("If-None-Match") == etag:
            self.conditional_hits += 1
            return web.Response(status=304, headers={"ETag": etag})
        kind = "application/atom+xml" if feed.kind == "atom" else "application/rss+xml"
        return web.Response(body=body, headers={"Content-Type": kind, "ETag": etag})

    async def _page(self, request: web.Request) -> web.Response:
        self.requests[request.path] += 1
        story = self.story(request.match_info["slug"])
        if story is None:
            raise web.HTTPNotFound()
        if story.page_delay:
            await asyncio.sleep(story.page_delay)
        if story.page_status != 200:
            return web.Response(status=story.page_status, text="gone")
        return web.Response(body=story.page_body or story_page(story), content_type="text/html")

    async def _moved(self, request: web.Request) -> web.Response:
        self.requests[request.path] += 1
        raise web.HTTPMovedPermanently(self.feed_url(request.match_info["name"]))

    async def _home(self, request: web.Request) -> web.Response:
        self.requests[request.path] += 1
        first = next(iter(self.feeds))
        html = (
            "<!doctype html><html><head><title>Site</title>"
            f'<link rel="alternate" type="application/rss+xml" title="News"'
            f' href="/feeds/{first}.rss">'
            "</head><body><p>Welcome</p></body></html>"
        )
        return web.Response(text=html, content_type="text/html")

    async def _broken(self, request: web.Request) -> web.Response:
        """Not well-formed (an undefined entity, unclosed tags), as real feeds can be."""
        self.requests[request.path] += 1
        stories = [make_story("broken", n) for n in range(3)]
        items = "".join(
            f"<item><title>{s.title} &nbsp; &bogus;</title>"
            f"<link>{self.base}/news/{s.slug}</link><guid>urn:broken:{s.slug}</guid>"
            f"<description>{escape(s.paragraphs[0])}</description>"
            for s in stories  # <item> never closed
        )
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title>{items}'
        return web.Response(text=body, content_type="application/rss+xml")

    async def _huge(self, request: web.Request) -> web.StreamResponse:
        self.requests[request.path] += 1
        response = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
        await response.prepare(request)
        await response.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
        for _ in range(400):  # 4 MB, over any test cap
            await response.write(b"<!-- " + b"x" * 10_000 + b" -->")
        return response

    async def _text(self, request: web.Request) -> web.Response:
        self.requests[request.path] += 1
        return web.Response(text="just some words, not a feed", content_type="text/plain")


@contextlib.asynccontextmanager
async def serving(site: NewsSite) -> AsyncIterator[NewsSite]:
    async with local_site(site.app()) as base:
        site.base = base
        yield site
