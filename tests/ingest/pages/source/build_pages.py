"""Render the hand-written articles into pages shaped like real site templates."""
# ruff: noqa: E501  (HTML templates read best on one line each)

import html
import json
import random
import re
import sys
import zlib
from pathlib import Path

E = html.escape


def parse_articles(folder):
    arts = []
    for f in sorted(folder.glob("articles*.txt")):
        for chunk in f.read_text().split("===== ")[1:]:
            head, _, body = chunk.partition("\n\n")
            lines = head.split("\n")
            a = {"slug": lines[0].strip(), "lang": "en"}
            for line in lines[1:]:
                k, _, v = line.partition(": ")
                a[k.strip()] = v.strip()
            a["blocks"] = parse_blocks(body.strip())
            arts.append(a)
    return arts


def parse_blocks(text):
    blocks = []
    for para in re.split(r"\n\s*\n", text):
        lines = para.strip().split("\n")
        if lines[0].startswith("|"):
            rows = [
                [c.strip() for c in line.strip().strip("|").split("|")]
                for line in lines
                if not re.match(r"^\|[-| ]+\|$", line)
            ]
            blocks.append(("table", rows))
        elif lines[0].startswith("- "):
            blocks.append(("ul", [line[2:] for line in lines]))
        elif re.match(r"^\d+\. ", lines[0]):
            blocks.append(("ol", [re.sub(r"^\d+\. ", "", line) for line in lines]))
        elif lines[0].startswith("### "):
            blocks.append(("h3", lines[0][4:]))
            rest = "\n".join(lines[1:]).strip()
            if rest:
                blocks.append(("p", rest))
        elif lines[0].startswith("## "):
            blocks.append(("h2", lines[0][3:]))
        elif para.startswith("**") and para.endswith("**"):
            blocks.append(("q", para.strip("*")))
        else:
            blocks.append(("p", " ".join(line.strip() for line in lines)))
    return blocks


def expected(a):
    out = []
    for i, (kind, val) in enumerate(a["blocks"]):
        if kind in ("ul", "ol"):
            out.extend(val)
        elif kind == "table":
            out.extend(" | ".join(r) for r in val)
        else:
            if i == 0 and a.get("place"):
                val = a["place"] + " " + val
            out.append(val)
    return "\n\n".join(out) + "\n"


def render_blocks(a, p_attr="", skip_first_place=False, table_cls="table", h2="h2", h3="h3"):
    parts = []
    for i, (kind, val) in enumerate(a["blocks"]):
        if kind == "p":
            if i == 0 and a.get("place") and not skip_first_place:
                val = a["place"] + " " + val
            parts.append(f"<p{p_attr}>{E(val)}</p>")
        elif kind == "q":
            parts.append(f"<p{p_attr}><strong>{E(val)}</strong></p>")
        elif kind == "h2":
            parts.append(f"<{h2}>{E(val)}</{h2}>")
        elif kind == "h3":
            parts.append(f"<{h3}>{E(val)}</{h3}>")
        elif kind in ("ul", "ol"):
            parts.append(f"<{kind}>" + "".join(f"<li>{E(x)}</li>" for x in val) + f"</{kind}>")
        elif kind == "table":
            head, *rows = val
            t = (
                f'<table class="{table_cls}"><thead><tr>'
                + "".join(f"<th>{E(c)}</th>" for c in head)
                + "</tr></thead><tbody>"
            )
            for r in rows:
                t += "<tr>" + "".join(f"<td>{E(c)}</td>" for c in r) + "</tr>"
            parts.append(t + "</tbody></table>")
    return parts


def nice_date(a):
    from datetime import datetime

    d = datetime.fromisoformat(a["date"].replace("Z", "+00:00"))
    return d.strftime("%B %-d, %Y"), d


HEADLINES = [
    "Council to review downtown parking rules",
    "High school team reaches state final",
    "New clinic opens on the east side",
    "Police seek witnesses after crash on Route 4",
    "Farmers market moves to Saturdays",
    "Museum extends hours for summer exhibit",
    "Tech firm to add 300 jobs downtown",
    "Road work to close bridge lane overnight",
    "Recycling pickup changes next month",
    "Volunteers plant 500 trees along river",
    "Lottery winner claims $2 million prize",
    "Storm damage estimates top $10 million",
]


def nav(site, n=18, cls="site-nav"):
    items = [
        "Home",
        "World",
        "U.S.",
        "Politics",
        "Business",
        "Technology",
        "Science",
        "Health",
        "Sports",
        "Entertainment",
        "Opinion",
        "Lifestyle",
        "Travel",
        "Food",
        "Weather",
        "Video",
        "Photos",
        "Podcasts",
        "Newsletters",
        "Obituaries",
        "Classifieds",
        "Puzzles",
        "Events",
        "Contact us",
    ][:n]
    return (
        f'<nav class="{cls}"><ul>'
        + "".join(
            f'<li><a href="/{i.lower().replace(" ", "-").replace(".", "")}">{i}</a></li>'
            for i in items
        )
        + "</ul></nav>"
    )


def most_read(title="Most read", k=5, start=0):
    hs = (HEADLINES * 2)[start : start + k]
    return (
        f'<aside class="most-read"><h2>{title}</h2><ol>'
        + "".join(
            f'<li><a href="/news/{j}-{zlib.crc32(h.encode()) % 9999}">{E(h)}</a></li>'
            for j, h in enumerate(hs)
        )
        + "</ol></aside>"
    )


FOOT_LINKS = [
    "About us",
    "Contact",
    "Careers",
    "Advertise",
    "Privacy policy",
    "Terms of use",
    "Cookie settings",
    "Accessibility",
    "Corrections",
    "Site map",
    "Subscribe",
    "Help",
]


def footer(name, year="2023", extra=""):
    return (
        '<footer class="site-footer"><ul>'
        + "".join(f'<li><a href="/{x.lower().replace(" ", "-")}">{x}</a></li>' for x in FOOT_LINKS)
        + f"</ul>{extra}<p>© {year} {name}. All rights reserved.</p></footer>"
    )


SCRIPT = """<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());gtag('config','G-XXXX',{anonymize_ip:true});
var adSlots=[{id:'ad-top',sizes:[[728,90],[970,250]]},{id:'ad-mid',sizes:[[300,250]]},{id:'ad-bottom',sizes:[[728,90]]}];
(function(){var s=document.createElement('script');s.async=true;s.src='/static/js/ads.min.js';document.head.appendChild(s)})();</script>"""
STYLE = (
    "<style>"
    + "".join(
        f".c{i}{{margin:{i}px;padding:{i % 7}px;font-size:{12 + i % 6}px}}" for i in range(120)
    )
    + "</style>"
)


def jsonld(a, site_name, body=False, kind="NewsArticle"):
    _, _d = nice_date(a)
    data = {
        "@context": "https://schema.org",
        "@type": kind,
        "headline": a["title"],
        "datePublished": a["date"],
        "dateModified": a["date"],
        "image": [
            f"https://cdn.{site_name.lower().replace(' ', '')}.example/images/{a['slug']}-1200x675.jpg"
        ],
        "publisher": {"@type": "Organization", "name": site_name},
    }
    if a.get("author"):
        data["author"] = [{"@type": "Person", "name": a["author"]}]
    if a.get("section"):
        data["articleSection"] = a["section"]
    if body:
        data["articleBody"] = expected(a).replace("\n\n", " ").strip()
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def head(
    a, site_name, og=True, ld=True, author_meta=True, ld_body=False, title_fmt="{t} | {s}", extra=""
):
    t = E(title_fmt.format(t=a["title"], s=site_name))
    first = next(v for k, v in a["blocks"] if k == "p")
    desc = E(first[:150].rsplit(" ", 1)[0] + "…")
    h = [
        f'<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{t}</title>',
        f'<meta name="description" content="{desc}">',
        '<link rel="stylesheet" href="/static/css/main.css">',
    ]
    if og:
        h += [
            f'<meta property="og:title" content="{E(a["title"])}">',
            '<meta property="og:type" content="article">',
            f'<meta property="og:site_name" content="{E(site_name)}">',
            f'<meta property="og:description" content="{desc}">',
            f'<meta property="og:image" content="https://cdn.example/{a["slug"]}.jpg">',
            f'<meta property="article:published_time" content="{a["date"]}">',
        ]
        if a.get("section"):
            h.append(f'<meta property="article:section" content="{E(a["section"])}">')
    if author_meta and a.get("author"):
        h.append(f'<meta name="author" content="{E(a["author"])}">')
    if ld:
        h.append(jsonld(a, site_name, body=ld_body))
    h += [STYLE, SCRIPT, extra]
    return f'<!DOCTYPE html><html lang="{a["lang"]}"><head>{"".join(h)}</head>'


def figure(a, cap="A view of the scene on the day. (Photo: Staff photographer)"):
    return f'<figure class="lead-image"><img src="https://cdn.example/{a["slug"]}.jpg" alt="" width="1200" height="675"><figcaption>{E(cap)}</figcaption></figure>'


# ----------------------------------------------------------------------------- sites


def site_wire(a):
    nd, d = nice_date(a)
    parts = render_blocks(a, p_attr="")
    ad = '<div class="Advertisement SovrnAd" data-unit="inline"><div class="ad-label">Advertisement</div></div>'
    body = []
    for i, p in enumerate(parts):
        body.append(p)
        if i in (1, 4):
            body.append(ad)
        if i == 2:
            body.append(
                '<div class="Enhancement"><div class="LinkEnhancement"><span class="LinkEnhancement-title">RELATED COVERAGE</span><ul><li><a href="/article/related-1">'
                + E(HEADLINES[3])
                + '</a></li><li><a href="/article/related-2">'
                + E(HEADLINES[7])
                + "</a></li></ul></div></div>"
            )
    return (
        head(a, "Associated Wire", title_fmt="{t} | {s} News")
        + '<body><div class="Page"><header class="Page-header">'
        + nav("wire", 14)
        + '<a class="Page-logo" href="/">Associated Wire</a><button>Search</button><a href="/donate">Donate</a></header><main class="Page-main">'
        + f'<div class="Page-lead"><h1 class="Page-headline">{E(a["title"])}</h1></div>'
        + f'<div class="Page-byline"><span class="Page-authors">By {E(a["author"].upper())}</span> <span class="Page-dateModified">Updated {d.strftime("%-I:%M %p")} UTC, {nd}</span></div>'
        + '<div class="Page-actions"><a href="#">Share</a><a href="#">Copy Link copied</a><a href="#">Email</a><a href="#">Facebook</a><a href="#">X</a></div>'
        + figure(a, "Residents gather outside the building on Tuesday. (AP Photo/Staff)")
        + '<div class="RichTextStoryBody RichTextBody">'
        + "".join(body)
        + "</div>"
        + '<div class="Page-below"><p class="Page-copyright">Copyright 2023 The Associated Wire. All Rights Reserved. This material may not be published, broadcast, rewritten or redistributed.</p></div>'
        + most_read("Most read", 6, 2)
        + "</main>"
        + footer("The Associated Wire")
        + "</div></body></html>"
    )


def site_splitbody(a):
    nd, _d = nice_date(a)
    parts = render_blocks(a)
    n = len(parts)
    cuts = [0, max(2, n // 3), max(3, 2 * n // 3), n]
    chunks = [
        '<div class="article-body__content">' + "".join(parts[cuts[i] : cuts[i + 1]]) + "</div>"
        for i in range(3)
    ]
    ad = '<div class="ad-container ad-container--inline"><span class="ad-label">Advertisement</span><div id="div-gpt-ad-{i}" class="gpt-slot"></div></div>'
    promo = '<div class="newsletter-inline"><p class="newsletter-inline__title">Get the latest updates right in your inbox</p><p>Sign up for our Morning Headlines newsletter.</p><form><input type="email" placeholder="Email address"><button>Sign up</button></form></div>'
    return (
        head(a, "Daily Sentinel", ld=True)
        + '<body class="story"><div id="fusion-app"><header>'
        + nav("s", 20, "nav-menu")
        + '<div class="breaking-banner"><a href="/live">LIVE: Follow our coverage of the state legislature</a></div></header>'
        + '<main><article class="article">'
        + f'<header class="article-header"><a class="kicker" href="/{a["section"].lower()}">{E(a["section"])}</a><h1 class="headline">{E(a["title"])}</h1>'
        + f'<div class="byline">By <a href="/people/{a["author"].lower().replace(" ", "-")}">{E(a["author"])}</a></div><time datetime="{a["date"]}">{nd}</time></header>'
        + figure(a)
        + chunks[0]
        + ad.format(i=1)
        + chunks[1]
        + promo
        + ad.format(i=2)
        + chunks[2]
        + f'<div class="tags"><span>Tags:</span> <a href="/tag/{a["section"].lower()}">{E(a["section"])}</a>, <a href="/tag/local">Local</a>, <a href="/tag/state">State</a></div>'
        + '<div class="share-bar"><a href="#">Facebook</a><a href="#">Twitter</a><a href="#">Email</a><a href="#">Print</a></div>'
        + "</article>"
        + most_read("Trending now", 5, 4)
        + "</main>"
        + footer("Daily Sentinel Media")
        + "</div></body></html>"
    )


def site_microdata(a):
    nd, _d = nice_date(a)
    parts = render_blocks(a, p_attr="")
    blob = expected(a).replace("\n\n", " ").strip()
    img = f"https://images.valleytimes.example/uploads/2023/{a['slug']}.jpg"
    return (
        head(a, "Valley Times", ld=False, og=True)
        + '<body><div class="wrapper"><header>'
        + nav("m", 16)
        + "</header>"
        + '<div class="content" itemscope itemtype="http://schema.org/NewsArticle">'
        + f'<h1 itemprop="headline">{E(a["title"])}</h1>'
        + f'<div class="meta"><span itemprop="author" itemscope itemtype="http://schema.org/Person"><span itemprop="name">{E(a["author"])}</span></span> | <span class="date">{nd}</span></div>'
        + '<div class="article-text" itemprop="articleBody">'
        + "".join(parts)
        + "</div>"
        + '<div class="schema-data">'
        + f'<span itemprop="name">{E(a["title"])}</span>'
        + f'<div itemprop="datePublished">{a["date"]}</div><div itemprop="dateModified">{a["date"]}</div>'
        + f'<div itemprop="image" itemscope itemtype="http://schema.org/ImageObject"><div itemprop="url">{img}</div></div>'
        + f'<div itemprop="description">{E(blob)}</div>'
        + "</div></div>"
        + most_read("Popular", 5, 1)
        + footer("Valley Times Publishing")
        + "</div></body></html>"
    )


def site_jsonld(a):
    nd, _d = nice_date(a)
    parts = render_blocks(a)
    return (
        head(a, "The Ledger", ld_body=True, title_fmt="{t} - {s}")
        + '<body><header class="masthead">'
        + nav("j", 22)
        + "</header>"
        + '<div class="container"><div class="row"><div class="col-main">'
        + f'<h1 class="entry-title">{E(a["title"])}</h1><p class="dek">By {E(a["author"])} · {nd}</p>'
        + '<div class="story-content">'
        + f'<h2 class="story-headline">{E(a["title"])}</h2>'
        + f'<p class="story-timestamp">{a["date"]}</p>'
        + "".join(parts)
        + '<p class="story-tip"><em>Send tips and story ideas to newsroom@theledger.example.</em></p>'
        + "</div></div>"
        + '<div class="col-side">'
        + most_read("Latest", 6, 0)
        + most_read("Opinion", 3, 6)
        + "</div></div></div>"
        + footer("The Ledger")
        + "</body></html>"
    )


def site_sports(a):
    nd, _d = nice_date(a)
    parts = render_blocks(a, table_cls="stats-table")
    return (
        head(a, "Sports Desk")
        + "<body><header>"
        + nav("sp", 12)
        + '<div class="scores-ticker"><span>FT</span> <span>Lions 2-1 Hawks</span> <span>Eagles 0-0 Owls</span> <span>Bears 3-2 Wolves</span></div></header>'
        + f'<main><article><h1>{E(a["title"])}</h1><p class="byline">{E(a["author"])}, {nd}</p>'
        + figure(a, "The winning moment. Photograph: Agency")
        + '<div class="article-body">'
        + "".join(parts)
        + "</div>"
        + '<section class="more-on-this"><h2>More on this story</h2><ul>'
        + "".join(f'<li><a href="/sport/{i}">{E(h)}</a></li>' for i, h in enumerate(HEADLINES[:4]))
        + "</ul></section>"
        + "</article></main>"
        + footer("Sports Desk Ltd")
        + "</body></html>"
    )


def site_liveblog(a):
    nd, _d = nice_date(a)
    entries = []
    blocks = a["blocks"]
    i = 0
    keys = []
    while i < len(blocks):
        _, h = blocks[i]
        _, p = blocks[i + 1]
        tm, _, ht = h.partition(": ")
        keys.append(ht)
        entries.append(
            f'<div class="live-entry" id="e{i}"><div class="live-entry__time"><time datetime="{a["date"]}">{E(tm)}</time></div>'
            f'<h3 class="live-entry__title">{E(h)}</h3><div class="live-entry__body"><p>{E(p)}</p></div>'
            '<div class="live-entry__share"><button>Share</button><a href="#">Copy link</a></div></div>'
        )
        i += 2
    keyev = (
        '<div class="key-events"><h2>Key events</h2><ul>'
        + "".join(f'<li><a href="#e{j}">{E(k)}</a></li>' for j, k in enumerate(keys))
        + "</ul></div>"
    )
    return (
        head(a, "Metro Courier", title_fmt="{t} | {s}")
        + "<body><header>"
        + nav("l", 18)
        + '</header><main id="main">'
        + f'<div class="live-header"><span class="live-badge">LIVE</span><h1>{E(a["title"])}</h1><p class="live-updated">Updated {nd}</p></div>'
        + keyev
        + '<div class="live-blog">'
        + "".join(entries)
        + '<button class="load-more">Show more updates</button></div>'
        + "</main>"
        + footer("Metro Courier")
        + "</body></html>"
    )


def site_paywall(a):
    nd, _d = nice_date(a)
    parts = render_blocks(a)
    return (
        head(a, "Financial Review", extra='<meta name="robots" content="max-snippet:-1">')
        + "<body><header>"
        + nav("pw", 15)
        + "</header><main>"
        + f'<article class="article"><h1>{E(a["title"])}</h1><div class="byline">{E(a["author"])} | {nd}</div>'
        + '<div class="article-content article-content--locked">'
        + "".join(parts)
        + "</div>"
        + '<div class="paywall-prompt"><h2>Subscribe to continue reading</h2><p>Get unlimited access to our journalism for just $1 a week. Cancel anytime.</p>'
        + '<a class="btn" href="/subscribe">Subscribe now</a><p>Already a subscriber? <a href="/login">Log in</a></p></div>'
        + "</article></main>"
        + footer("Financial Review Group")
        + "</body></html>"
    )


def site_cookie(a):
    nd, _d = nice_date(a)
    parts = render_blocks(a)
    banner = (
        '<div id="cookie-banner" class="cookie-consent"><p>We use cookies and similar technologies to help personalise content, tailor and measure ads, and provide a better experience. '
        "By clicking accept, you agree to this, as outlined in our Cookie Policy. You can change your cookie settings at any time.</p><button>Accept all</button><button>Manage preferences</button></div>"
    )
    return (
        head(a, "Northern Herald", author_meta=False)
        + "<body>"
        + banner
        + "<header>"
        + nav("c", 10)
        + "</header>"
        + f'<main><article><header><h1>{E(a["title"])}</h1><p class="author">By <span>{E(a["author"])}</span></p><time datetime="{a["date"]}">{nd}</time></header>'
        + '<div class="article__body">'
        + "".join(parts[:3])
        + '<div class="inline-signup"><p>Sign up to our daily newsletter to get the top stories delivered to your inbox every morning.</p><a href="/newsletters">Sign up</a></div>'
        + "".join(parts[3:])
        + "</div>"
        + '<p class="article__footer">Find out more about our editorial standards and how to complain.</p>'
        + "</article>"
        + most_read("More from Northern Herald", 4, 3)
        + "</main>"
        + footer("Northern Herald")
        + "</body></html>"
    )


def site_teaser(a):
    nd, _d = nice_date(a)
    parts = render_blocks(a)
    teaser = f'<p><strong><a href="/news/2023/other-story">{E(a["teaser"])}</a></strong></p>'
    return (
        head(a, "Regional Post")
        + "<body><header>"
        + nav("t", 14)
        + "</header><main>"
        + f'<h1 class="title">{E(a["title"])}</h1><div class="info">{E(a["author"])} · {nd}</div>'
        + figure(a)
        + '<div class="body-copy">'
        + teaser
        + "".join(parts)
        + '<p class="read-more"><a href="/news/2023/yet-another">'
        + E(HEADLINES[5])
        + "</a></p></div>"
        + most_read("Read next", 4, 7)
        + "</main>"
        + footer("Regional Post")
        + "</body></html>"
    )


def site_newsletter(a):
    nd, _d = nice_date(a)
    parts = render_blocks(a)
    half = len(parts) // 2
    box = '<div class="nl-box"><h3>Get the latest updates right in your inbox</h3><p>The Metro Daily newsletter, every weekday morning.</p><input type="email"><button>Subscribe</button></div>'
    return (
        head(a, "Metro Daily")
        + "<body><header>"
        + nav("n", 16)
        + "</header><main>"
        + f'<article><h1>{E(a["title"])}</h1><address class="author">By {E(a["author"])}</address><p class="pubdate">Published {nd}</p>'
        + '<section class="article-body">'
        + "".join(parts[:half])
        + '<p class="promo"><a href="/newsletters/morning">Sign up for our Morning Briefing newsletter to get the day’s top stories.</a></p>'
        + "".join(parts[half:])
        + box
        + f'<p class="tipline"><em>{E(a["tip"])}</em></p>'
        + "</section>"
        + '<div class="comment-policy"><p>Comments are moderated and may take time to appear. Please read our community guidelines before posting.</p></div>'
        + "</article></main>"
        + footer("Metro Daily")
        + "</body></html>"
    )


def site_gov(a):
    nd, _d = nice_date(a)
    parts = render_blocks(a)
    banner = (
        '<section class="usa-banner"><div class="usa-banner__header"><p>An official website of the United States government</p><button>Here’s how you know</button></div>'
        '<div class="usa-banner__content"><p><strong>Official websites use .gov</strong> A .gov website belongs to an official government organization in the United States.</p>'
        "<p><strong>Secure .gov websites use HTTPS</strong> A lock or https:// means you’ve safely connected to the .gov website. Share sensitive information only on official, secure websites.</p></div></section>"
    )
    contact = a["contact"]
    return (
        head(
            a,
            "Department of Public Works",
            ld=False,
            og=True,
            author_meta=False,
            title_fmt="{t} | {s}",
        )
        + "<body>"
        + banner
        + '<header class="usa-header">'
        + nav("g", 9, "usa-nav")
        + "</header>"
        + '<div class="usa-breadcrumb"><ol><li><a href="/">Home</a></li><li><a href="/newsroom">Newsroom</a></li><li>'
        + E(a["section"])
        + "</li></ol></div>"
        + '<main id="main-content"><div class="grid-container"><div class="node node--type-press-release">'
        + f'<h1 class="page-title"><span>{E(a["title"])}</span></h1>'
        + f'<div class="field field--name-field-release-date"><time datetime="{a["date"]}">{nd}</time></div>'
        + f'<div class="contact-block"><strong>Contact:</strong> {E(contact)}</div>'
        + '<div class="field field--name-body field--type-text-with-summary">'
        + "".join(parts)
        + '<p class="text-align-center">###</p></div>'
        + '<div class="share-links"><span>Share this page:</span> <a href="#">Facebook</a> <a href="#">X</a> <a href="#">LinkedIn</a> <a href="#">Email</a></div>'
        + f'<div class="last-updated">Last Reviewed: {nd}</div></div></div></main>'
        + '<footer class="usa-footer"><ul>'
        + "".join(
            f"<li><a href='/{x}'>{x}</a></li>"
            for x in [
                "About",
                "Accessibility",
                "FOIA",
                "No FEAR Act",
                "Privacy Policy",
                "USA.gov",
                "Inspector General",
            ]
        )
        + "</ul></footer></body></html>"
    )


def site_wordpress(a):
    nd, _d = nice_date(a)
    parts = render_blocks(a)
    comments = "".join(
        f'<li class="comment"><article class="comment-body"><footer class="comment-meta"><b class="fn">{n}</b> <time>{nd} at {h}</time></footer><div class="comment-content"><p>{t}</p></div><div class="reply"><a href="#">Reply</a></div></article></li>'
        for n, h, t in [
            (
                "Maggie",
                "9:14 am",
                "Thanks for this post, it was really useful. I will try this next weekend and report back.",
            ),
            (
                "Dev R.",
                "11:02 am",
                "Great write-up! Have you tried doing it the other way round? In my experience it works even better.",
            ),
            (
                "Olga",
                "3:40 pm",
                "Bookmarked. I shared it with my brother who has been asking me about exactly this.",
            ),
        ]
    )
    return (
        head(a, "Notes from the Kitchen Table", og=True, ld=True, title_fmt="{t} – {s}")
        + '<body class="post-template-default single single-post"><div id="page" class="site">'
        + '<header id="masthead" class="site-header"><p class="site-title"><a href="/">A small blog</a></p><p class="site-description">Things I make, grow and fix</p>'
        + nav("wp", 6, "main-navigation")
        + "</header>"
        + '<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">'
        + f'<article class="post type-post status-publish hentry"><header class="entry-header"><h1 class="entry-title">{E(a["title"])}</h1>'
        + f'<div class="entry-meta"><span class="posted-on">Posted on <time class="entry-date published" datetime="{a["date"]}">{nd}</time></span> <span class="byline">by <span class="author vcard">{E(a["author"])}</span></span></div></header>'
        + '<div class="entry-content">'
        + "".join(parts)
        + '<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul><li><a href="#">Twitter</a></li><li><a href="#">Facebook</a></li><li><a href="#">Email</a></li></ul></div>'
        + '<div class="sharedaddy sd-like"><h3 class="sd-title">Like this:</h3><span>Like Loading...</span></div>'
        + '<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Related</em></h3>'
        + "".join(
            f'<div class="jp-relatedposts-post"><h4><a href="/p/{i}">{E(h)}</a></h4><p>In "{a["section"]}"</p></div>'
            for i, h in enumerate(
                ["Ten things I wish I had known", "A slow Sunday", "Notes from the allotment"]
            )
        )
        + "</div></div>"
        + f'<footer class="entry-footer"><span class="cat-links">Posted in <a href="/c">{E(a["section"])}</a></span> <span class="tags-links">Tagged <a href="/t/1">how-to</a>, <a href="/t/2">notes</a>, <a href="/t/3">weekend</a></span></footer></article>'
        + '<nav class="navigation post-navigation"><div class="nav-previous"><a href="/prev">Previous post: A slow Sunday</a></div><div class="nav-next"><a href="/next">Next post: Winter plans</a></div></nav>'
        + f'<div id="comments" class="comments-area"><h2 class="comments-title">3 thoughts on “{E(a["title"])}”</h2><ol class="comment-list">{comments}</ol>'
        + '<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3><form><p class="comment-notes">Your email address will not be published. Required fields are marked *</p><textarea></textarea><input type="submit" value="Post Comment"></form></div></div>'
        + '</main></div><aside id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">Recent Posts</h2><ul>'
        + "".join(
            f'<li><a href="/r/{i}">{x}</a></li>'
            for i, x in enumerate(
                [
                    "Winter plans",
                    "A slow Sunday",
                    "Notes from the allotment",
                    "Ten things I wish I had known",
                ]
            )
        )
        + '</ul></section><section class="widget"><h2 class="widget-title">Archives</h2><ul><li><a href="#">October 2023</a></li><li><a href="#">September 2023</a></li><li><a href="#">August 2023</a></li></ul></section></aside></div>'
        + '<footer id="colophon" class="site-footer"><div class="site-info"><a href="https://wordpress.org/">Proudly powered by WordPress</a></div></footer></div></body></html>'
    )


def site_comments(a):
    nd, _d = nice_date(a)
    parts = render_blocks(a)
    cm = "".join(
        f'<div class="comment"><div class="comment__author">{n}</div><div class="comment__date">{nd}</div><p class="comment__text">{t}</p><div class="comment__actions"><a href="#">Reply</a> <a href="#">Report</a></div></div>'
        for n, t in [
            (
                "westfield_mom",
                "We need this so badly. The nearest dog park is way too far and always full on weekends.",
            ),
            (
                "R. Thompson",
                "Who is going to pay for the maintenance? The parks department can barely keep the grass cut as it is.",
            ),
            (
                "local_guy_88",
                "Put it somewhere else. That end of the park is the only quiet part left.",
            ),
        ]
    )
    return (
        head(a, "Westfield Gazette")
        + "<body><header>"
        + nav("cm", 12)
        + "</header><main><article class='story'>"
        + f'<h1>{E(a["title"])}</h1><div class="story-meta"><span class="author">{E(a["author"])}</span><span class="date">{nd}</span></div>'
        + '<div class="story-text">'
        + "".join(parts)
        + "</div>"
        + '<section class="comments"><h3>3 comments</h3><p class="policy">Comments are moderated. Please keep them civil and on topic. Read our comment policy before posting.</p>'
        + cm
        + '<form class="comment-form"><textarea placeholder="Join the discussion"></textarea><button>Post</button></form></section>'
        + "</article></main>"
        + footer("Westfield Gazette")
        + "</body></html>"
    )


def site_oldschool(a):
    nd, _d = nice_date(a)
    paras = [v for k, v in a["blocks"]]
    body = "<br><br>\n".join(E(p) for p in paras)
    return (
        '<HTML><HEAD><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=utf-8"><TITLE>Town Gazette - '
        + E(a["title"])
        + "</TITLE></HEAD>"
        '<BODY BGCOLOR="#FFFFFF"><TABLE WIDTH="760" BORDER="0" CELLPADDING="0"><TR><TD COLSPAN="2"><IMG SRC="/img/logo.gif" ALT="Town Gazette"></TD></TR>'
        '<TR><TD WIDTH="150" VALIGN="TOP"><FONT FACE="Arial" SIZE="2"><A HREF="/">Home</A><BR><A HREF="/news">News</A><BR><A HREF="/sport">Sport</A><BR><A HREF="/letters">Letters</A><BR><A HREF="/whatson">What\'s On</A><BR><A HREF="/contact">Contact Us</A></FONT></TD>'
        f'<TD VALIGN="TOP"><FONT FACE="Arial" SIZE="4"><B>{E(a["title"])}</B></FONT><BR><FONT FACE="Arial" SIZE="1">{nd} - by {E(a["author"])}</FONT><BR><BR>'
        f'<FONT FACE="Arial" SIZE="2">{body}</FONT><BR><BR>'
        '<FONT SIZE="1"><A HREF="#top">Back to top</A> | <A HREF="/print">Printer friendly version</A> | <A HREF="/email">Email this story to a friend</A></FONT>'
        '</TD></TR><TR><TD COLSPAN="2" ALIGN="CENTER"><FONT SIZE="1">© 2023 Town Gazette. All rights reserved. No part of this site may be reproduced without permission.</FONT></TD></TR></TABLE></BODY></HTML>'
    )


def site_magazine(a):
    nd, _d = nice_date(a)
    parts = render_blocks(a)
    # a pull quote repeating a sentence of the story, after the third block
    quote = None
    for k, v in a["blocks"]:
        if k == "p" and "“" in v:
            quote = v[v.index("“") + 1 :].split("”")[0]
            break
    if quote:
        parts.insert(
            3, f'<aside class="pullquote"><blockquote><p>{E(quote)}</p></blockquote></aside>'
        )
    bio = f'<div class="author-bio"><p>{E(a["author"])} is a contributing writer. Her work has appeared in several national magazines.</p></div>'
    return (
        head(a, "The Long Read", title_fmt="{t}")
        + '<body><header class="site-header">'
        + nav("mg", 8)
        + '<a class="subscribe" href="/subscribe">Subscribe</a></header><main>'
        + f'<article class="longform"><header class="longform__header"><p class="rubric">{E(a["section"])}</p><h1>{E(a["title"])}</h1><p class="longform__byline">By {E(a["author"])}</p><p class="longform__date">{nd}</p></header>'
        + figure(a, "Early morning light. Photograph by the author for The Long Read")
        + '<div class="longform__content">'
        + "".join(parts)
        + "</div>"
        + bio
        + '<div class="longform__more"><h2>More from The Long Read</h2>'
        + "".join(
            f'<div class="card"><a href="/lr/{i}"><h3>{E(h)}</h3></a></div>'
            for i, h in enumerate(HEADLINES[8:11])
        )
        + "</div>"
        + "</article></main>"
        + footer("The Long Read Magazine")
        + "</body></html>"
    )


READ_ALSO = {
    "de": (
        "Lesen Sie auch:",
        "Mehr zum Thema",
        "Newsletter abonnieren",
        "Alle Rechte vorbehalten",
        "Anzeige",
    ),
    "fr": (
        "Lire aussi :",
        "Sur le même sujet",
        "Recevez notre newsletter",
        "Tous droits réservés",
        "Publicité",
    ),
    "es": (
        "Lea también:",
        "Más información",
        "Suscríbete a nuestro boletín",
        "Todos los derechos reservados",
        "Publicidad",
    ),
    "it": (
        "Leggi anche:",
        "Potrebbe interessarti",
        "Iscriviti alla newsletter",
        "Tutti i diritti riservati",
        "Pubblicità",
    ),
    "pt": (
        "Leia também:",
        "Mais notícias",
        "Subscreva a nossa newsletter",
        "Todos os direitos reservados",
        "Publicidade",
    ),
    "nl": (
        "Lees ook:",
        "Meer over dit onderwerp",
        "Schrijf je in voor de nieuwsbrief",
        "Alle rechten voorbehouden",
        "Advertentie",
    ),
    "ru": (
        "Читайте также:",
        "Другие новости",
        "Подпишитесь на рассылку",
        "Все права защищены",
        "Реклама",
    ),
}
OTHER = {
    "de": "Wie die Stadt ihre Radwege ausbauen will",
    "fr": "Les prix de l’énergie repartent à la hausse",
    "es": "El Gobierno aprueba el nuevo plan de vivienda",
    "it": "Nuove regole per i monopattini in città",
    "pt": "Treinador renova contrato por mais dois anos",
    "nl": "Kabinet presenteert plannen voor woningbouw",
    "ru": "В парке откроют новую детскую площадку",
}


def site_foreign(a, name):
    _nd, d = nice_date(a)
    lang = a["lang"]
    also, more, nl, rights, ad = READ_ALSO[lang]
    parts = render_blocks(a)
    inline = (
        f'<p class="also"><strong>{also}</strong> <a href="/artikel/123">{E(OTHER[lang])}</a></p>'
    )
    adbox = f'<div class="ad-slot"><span>{ad}</span></div>'
    body = [*parts[:2], inline, adbox, *parts[2:]]
    return (
        head(a, name, title_fmt="{t} | {s}")
        + "<body><header>"
        + nav(name, 12)
        + "</header><main><article>"
        + f'<h1>{E(a["title"])}</h1><p class="meta"><span class="author">{E(a["author"])}</span> · <time datetime="{a["date"]}">{d.strftime("%d.%m.%Y %H:%M")}</time></p>'
        + figure(a, "Foto: Agentur")
        + '<div class="text">'
        + "".join(body)
        + "</div>"
        + f'<div class="related"><h2>{more}</h2><ul><li><a href="/a/1">{E(OTHER[lang])}</a></li><li><a href="/a/2">{E(OTHER[lang])} (2)</a></li></ul></div>'
        + f'<div class="nl"><p>{nl}</p><input type="email"></div>'
        + f"</article></main><footer><p>© 2023 {name}. {rights}.</p></footer></body></html>"
    )


def site_minimal(a):
    nd, _d = nice_date(a)
    parts = render_blocks(a)
    first = next(v for k, v in a["blocks"] if k == "p")
    summary = f'<div class="summary-mobile d-md-none"><p>{E(first)}</p></div>'
    pq = f'<blockquote class="pull-quote"><p>“{E(a["pullquote"])}”</p></blockquote>'
    parts.insert(3, pq)
    return (
        head(a, "Science Daily Wire", og=True, ld=False)
        + "<body><header>"
        + nav("mi", 8)
        + "</header>"
        + f'<article class="post"><h1>{E(a["title"])}</h1><p class="byline">By {E(a["author"])} — <time datetime="{a["date"]}">{nd}</time></p>'
        + summary
        + figure(a, "The new image, released on Wednesday. Credit: Observatory team")
        + '<div class="post-body">'
        + "".join(parts)
        + "</div>"
        + '<p class="share">Share: <a href="#">Facebook</a> · <a href="#">X</a> · <a href="#">Reddit</a></p>'
        + '<section class="related"><h2>Related stories</h2><ul>'
        + "".join(f'<li><a href="/r{i}">{E(h)}</a></li>' for i, h in enumerate(HEADLINES[2:5]))
        + "</ul></section>"
        + "</article>"
        + footer("Science Daily Wire")
        + "</body></html>"
    )


SITES = {
    "wire": site_wire,
    "splitbody": site_splitbody,
    "microdata": site_microdata,
    "jsonld": site_jsonld,
    "sports": site_sports,
    "liveblog": site_liveblog,
    "paywall": site_paywall,
    "cookie": site_cookie,
    "teaser": site_teaser,
    "newsletter": site_newsletter,
    "gov": site_gov,
    "wordpress": site_wordpress,
    "comments": site_comments,
    "oldschool": site_oldschool,
    "magazine": site_magazine,
    "minimal": site_minimal,
    "german": lambda a: site_foreign(a, "Tagesblatt"),
    "french": lambda a: site_foreign(a, "Le Quotidien"),
    "spanish": lambda a: site_foreign(a, "Diario del Sur"),
    "italian": lambda a: site_foreign(a, "Il Giornale di Città"),
    "portuguese": lambda a: site_foreign(a, "Jornal do Norte"),
    "dutch": lambda a: site_foreign(a, "Dagblad West"),
    "russian": lambda a: site_foreign(a, "Городские новости"),
}

# ----------------------------------------------------------------------------- realistic weight

SVG = '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2zm0 18c-4.41 0-8-3.59-8-8s3.59-8 8-8 8 3.59 8 8-3.59 8-8 8zm-1-13h2v6h-2zm0 8h2v2h-2z"/></svg>'
WORDS = [
    "city",
    "council",
    "state",
    "police",
    "school",
    "weather",
    "storm",
    "market",
    "prices",
    "health",
    "court",
    "road",
    "river",
    "park",
    "team",
    "season",
    "coach",
    "fans",
    "music",
    "film",
    "show",
    "food",
    "travel",
    "hotel",
    "plan",
    "vote",
    "tax",
    "budget",
    "bridge",
    "train",
    "airport",
    "report",
    "study",
    "new",
    "old",
    "first",
    "last",
    "week",
    "year",
    "people",
    "family",
    "home",
    "jobs",
    "company",
    "deal",
    "talks",
]


def fake_headline(r):
    w = r.sample(WORDS, r.randint(5, 9))
    return (" ".join(w)).capitalize()


def weight(page, site, r):
    p = site[:3]
    mega = (
        f'<div class="{p}-mega-menu" id="mega" aria-hidden="true">'
        + "".join(
            f'<div class="{p}-mega-col"><button class="{p}-mega-title">{SVG}<span>{sec}</span></button><ul>'
            + "".join(
                f'<li class="{p}-mega-item"><a href="/{sec.lower()}/{i}">{fake_headline(r).split(" ")[0].capitalize()} {fake_headline(r).split(" ")[-1]}</a></li>'
                for i in range(r.randint(10, 16))
            )
            + "</ul></div>"
            for sec in [
                "News",
                "Sport",
                "Business",
                "Culture",
                "Life",
                "Opinion",
                "Video",
                "Local",
            ][: r.randint(5, 8)]
        )
        + "</div>"
    )
    search = (
        f'<div class="{p}-overlay" hidden><form role="search"><input type="search" placeholder="Search"><button>{SVG}</button></form><div class="{p}-trending"><span>Trending:</span>'
        + "".join(f'<a href="/t/{i}">{w}</a>' for i, w in enumerate(r.sample(WORDS, 6)))
        + "</div></div>"
    )
    cards = (
        f'<section class="{p}-rail"><h2 class="{p}-rail__title">{r.choice(["More stories", "Recommended for you", "Around the site", "Top stories"])}</h2><div class="{p}-grid">'
        + "".join(
            f'<div class="{p}-card"><a class="{p}-card__media" href="/story/{r.randint(1000, 99999)}"><picture><source srcset="https://cdn.example/c{i}.webp 1x, https://cdn.example/c{i}@2x.webp 2x" type="image/webp"><img src="https://cdn.example/c{i}.jpg" alt="" loading="lazy"></picture></a>'
            f'<div class="{p}-card__body"><span class="{p}-card__kicker">{r.choice(["Politics", "Sport", "Local", "Business", "Health"])}</span><h3 class="{p}-card__headline"><a href="/story/{i}">{fake_headline(r)}</a></h3>'
            f'<p class="{p}-card__summary">{fake_headline(r)} and {fake_headline(r).lower()}.</p><span class="{p}-card__meta">{SVG}<time>{r.randint(1, 23)} hours ago</time></span></div></div>'
            for i in range(r.randint(14, 26))
        )
        + "</div></section>"
    )
    modal = f'<div class="{p}-modal" role="dialog" hidden><div class="{p}-modal__box"><h2>Sign in</h2><form><label>Email<input type="email"></label><label>Password<input type="password"></label><button>Continue</button></form><p>Don’t have an account? <a href="/register">Register</a></p></div></div>'
    state = {
        "props": {
            "pageProps": {
                "layout": [
                    {
                        "type": "card",
                        "id": r.randint(1, 10**9),
                        "title": fake_headline(r),
                        "url": f"/s/{i}",
                        "image": {
                            "src": f"https://cdn.example/{i}.jpg",
                            "width": 640,
                            "height": 360,
                        },
                    }
                    for i in range(r.randint(60, 140))
                ]
            }
        }
    }
    blob = f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(state)}</script>'
    social = (
        f'<div class="{p}-social">'
        + "".join(
            f'<a href="https://social.example/{s}" aria-label="{s}">{SVG}</a>'
            for s in ["facebook", "x", "instagram", "youtube", "tiktok", "linkedin"]
        )
        + "</div>"
    )
    page = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + mega + search, page, count=1)
    page = page.replace("<footer", cards + modal + social + "<footer", 1)
    page = page.replace("</body>", blob + "</body>", 1)
    return page


if __name__ == "__main__":
    OUT = Path(sys.argv[1])
    OUT.mkdir(parents=True, exist_ok=True)
    for a in parse_articles(Path(__file__).parent / "dev"):
        page = SITES[a["site"]](a)
        if a["site"] != "oldschool":
            page = weight(page, a["site"], random.Random(a["slug"]))
        name = f"{a['site']}-{a['slug']}"
        (OUT / f"{name}.html").write_text(page, encoding="utf-8")
        (OUT / f"{name}.txt").write_text(expected(a), encoding="utf-8")
    print(len(list(OUT.glob("*.html"))))
