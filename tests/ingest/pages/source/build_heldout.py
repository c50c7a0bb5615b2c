"""Held-out pages: templates and stories written after the cleaning rules, never tuned on."""
# ruff: noqa: E501  (HTML templates read best on one line each)

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import build_pages as base
from build_pages import E, figure, footer, head, most_read, nav, nice_date, render_blocks, weight

OUT = Path(sys.argv[1])


def site_datacomponent(a):
    nd, _ = nice_date(a)
    blocks = []
    for part in render_blocks(a):
        blocks.append(
            f'<div data-component="text-block" class="ssrcss-text-block"><div class="ssrcss-rich-text">{part}</div></div>'
        )
    blocks.insert(
        2,
        f'<div data-component="image-block"><figure><img src="/i/{a["slug"]}.jpg" alt=""><figcaption>Image caption, Staff at a hospital in the north of England</figcaption></figure></div>',
    )
    blocks.insert(
        5,
        '<div data-component="links-block"><h2>Related internet links</h2><ul><li><a href="https://ext.example">Department figures</a></li></ul></div>',
    )
    return (
        head(a, "National Broadcaster News", title_fmt="{t} - {s}")
        + '<body><div id="orb-banner"><a href="/">Home</a><a href="/news">News</a><a href="/sport">Sport</a><a href="/weather">Weather</a></div>'
        + nav("dc", 14, "ssrcss-nav")
        + '<main id="main-content"><article>'
        + f'<header><h1 id="main-heading">{E(a["title"])}</h1></header>'
        + f'<div data-component="byline-block"><div>By {E(a["author"])}</div><div>Health correspondent</div></div>'
        + f'<div data-component="timestamp-block"><time datetime="{a["date"]}">{nd}</time></div>'
        + "".join(blocks)
        + '<div data-component="tag-list"><h2>Related Topics</h2><ul><li><a href="/t/nhs">NHS</a></li><li><a href="/t/hospitals">Hospitals</a></li></ul></div>'
        + "</article>"
        + most_read("Top Stories", 4, 0)
        + "</main>"
        + footer("National Broadcaster")
        + "</body></html>"
    )


def site_richlinks(a):
    nd, _ = nice_date(a)
    parts = render_blocks(a)
    rich = f'<aside data-component="rich-link" class="element-rich-link"><a href="/politics/other"><div>Politics</div><div>{E(base.HEADLINES[0])}</div><div>Read more</div></a></aside>'
    nl = '<figure data-component="newsletter-signup" class="element-embed"><p>Sign up to First Edition</p><p>Free daily newsletter</p><p>Our morning email breaks down the key stories of the day, telling you what’s happening and why it matters</p><p>Privacy Notice: Newsletters may contain info about charities, online ads, and content funded by outside parties.</p><button>Sign up</button></figure>'
    parts.insert(2, rich)
    parts.insert(4, nl)
    return (
        head(a, "The Daily Review", title_fmt="{t} | {s}")
        + "<body><header>"
        + nav("rl", 16)
        + "</header><main>"
        + f'<article><div data-gu-name="headline"><h1>{E(a["title"])}</h1></div><div data-gu-name="standfirst"><p>{E(a["title"].split(" as ")[0])} in a night of surprises</p></div>'
        + f'<address aria-label="Contributor info"><a rel="author" href="/profile/x">{E(a["author"])}</a></address><div data-gu-name="meta"><details><summary>{nd}</summary></details></div>'
        + figure(a, "The winner arrives at the count. Photograph: Staff/The Daily Review")
        + '<div id="maincontent"><div class="article-body-commercial-selector article-body-viewer-selector">'
        + "".join(parts)
        + "</div></div>"
        + '<div class="submeta"><span>Explore more on these topics</span><ul><li><a href="/t/1">Local elections</a></li><li><a href="/t/2">Mayors</a></li></ul><a href="#">Share</a><a href="#">Reuse this content</a></div>'
        + "</article></main>"
        + footer("The Daily Review")
        + "</body></html>"
    )


def site_paragraphdivs(a):
    nd, _ = nice_date(a)
    parts = [
        f'<div class="paragraph inline-placeholder" data-component-name="paragraph">{E(v)}</div>'
        for k, v in a["blocks"]
        if k == "p"
    ]
    parts.insert(
        3,
        f'<div class="related-content related-content--article"><a href="/2023/other"><span class="related-content__label">Related article</span><span class="related-content__headline">{E(base.HEADLINES[4])}</span></a></div>',
    )
    parts.insert(
        5, '<div class="ad-slot-rail"><div class="ad-feedback-link">Ad Feedback</div></div>'
    )
    return (
        head(a, "Global News Network", title_fmt="{t} | {s}")
        + "<body><header>"
        + nav("pd", 20, "header__nav")
        + "</header>"
        + f'<div class="headline"><h1 class="headline__text">{E(a["title"])}</h1><div class="byline"><span class="byline__name">{E(a["author"])}</span>, GNN</div><div class="timestamp">Updated {nd}</div></div>'
        + '<main class="article__main"><div class="article__content-container"><div class="article__content">'
        + '<p class="source__text"><cite class="source__cite">GNN</cite> — </p>'
        + "".join(parts)
        + "</div></div></main>"
        + most_read("More from GNN", 5, 5)
        + footer("Global News Network")
        + "</body></html>"
    )


def site_ghost(a):
    nd, _ = nice_date(a)
    parts = render_blocks(a)
    card = '<figure class="kg-card kg-bookmark-card"><a class="kg-bookmark-container" href="https://other.example/post"><div class="kg-bookmark-content"><div class="kg-bookmark-title">How we price second-hand books</div><div class="kg-bookmark-description">A look behind the counter at what a used book is worth, and why.</div><div class="kg-bookmark-metadata"><span class="kg-bookmark-author">Harbour Street Books</span></div></div></a></figure>'
    parts.insert(3, card)
    return (
        head(a, "Harbour Street Books", title_fmt="{t}")
        + '<body class="post-template"><div class="gh-site"><header class="gh-head"><a class="gh-head-logo" href="/">Harbour Street Books</a>'
        + nav("gh", 5, "gh-head-menu")
        + '<a class="gh-head-button" href="#/portal/signup">Subscribe</a></header>'
        + f'<main class="gh-main"><article class="gh-article post"><header class="gh-article-header"><h1 class="gh-article-title">{E(a["title"])}</h1><div class="gh-article-meta"><span>{E(a["author"])}</span> <time datetime="{a["date"]}">{nd}</time> <span>3 min read</span></div></header>'
        + '<section class="gh-content gh-canvas">'
        + "".join(parts)
        + "</section></article>"
        + '<section class="gh-cta"><h2>Sign up for more like this.</h2><form><input type="email" placeholder="Enter your email"><button>Subscribe</button></form></section></main>'
        + '<footer class="gh-foot"><p>Harbour Street Books © 2023</p><p>Powered by Ghost</p></footer></div></body></html>'
    )


def site_prwire(a):
    nd, _ = nice_date(a)
    parts = render_blocks(a)
    parts = [
        p.replace(
            "<p>About Regional Water Company</p>", "<p><b>About Regional Water Company</b></p>"
        )
        for p in parts
    ]
    return (
        head(a, "Press Wire", ld=False, author_meta=False)
        + "<body><header>"
        + nav("pr", 12)
        + "</header><main>"
        + f'<div class="release-header"><h1>{E(a["title"])}</h1><p class="mb-no">News provided by <a href="/company">Regional Water Company</a></p><p class="mb-no">{nd}, 08:00 ET</p><p>Share this article</p></div>'
        + '<section class="release-body container"><div class="row"><div class="col-lg-10 col-lg-offset-1">'
        + "".join(parts)
        + "<p>SOURCE Regional Water Company</p></div></div></section>"
        + '<div class="release-contact"><p>For further information: Media Relations, media@regionalwater.example, 479-555-0110</p></div>'
        + '<div class="release-more"><h2>WANT YOUR COMPANY\'S NEWS FEATURED ON PRESS WIRE?</h2><p>440k+ Newsrooms &amp; Influencers</p><p>9k+ Digital Media Outlets</p></div>'
        + "</main>"
        + footer("Press Wire")
        + "</body></html>"
    )


def site_japanese(a):
    _nd, d = nice_date(a)
    parts = render_blocks(a)
    return (
        head(a, "市民新聞", title_fmt="{t}：{s}")
        + "<body><header>"
        + nav("jp", 10)
        + '</header><main><article class="article">'
        + f'<h1>{E(a["title"])}</h1><div class="article-info"><time datetime="{a["date"]}">{d.year}年{d.month}月{d.day}日</time> <span>{E(a["author"])}</span></div>'
        + '<div class="article-body">'
        + "".join(parts)
        + "</div>"
        + '<div class="related"><h2>関連記事</h2><ul><li><a href="/a/1">市バス、新路線を開設</a></li><li><a href="/a/2">駅前広場の再整備始まる</a></li></ul></div>'
        + '<p class="copyright">Copyright © 市民新聞社 All rights reserved.</p></article></main></body></html>'
    )


def site_polish(a):
    _nd, d = nice_date(a)
    parts = render_blocks(a)
    parts.insert(
        2,
        '<p class="see-also"><strong>Zobacz także:</strong> <a href="/a/99">Remont dworca potrwa dłużej</a></p>',
    )
    return (
        head(a, "Gazeta Miejska", title_fmt="{t} - {s}")
        + "<body><header>"
        + nav("pl", 12)
        + "</header><main><article>"
        + f'<h1>{E(a["title"])}</h1><div class="meta">{E(a["author"])} | {d.strftime("%d.%m.%Y, %H:%M")}</div>'
        + '<div class="art-content">'
        + "".join(parts)
        + "</div>"
        + '<div class="share">Udostępnij: <a href="#">Facebook</a> <a href="#">X</a></div>'
        + '<section class="comments"><h3>Komentarze (2)</h3><div class="comment"><b>mieszkaniec</b><p>Wreszcie! Czekamy na to od lat.</p></div><div class="comment"><b>Jan</b><p>Ciekawe, czy zdążą przed wyborami.</p></div></section>'
        + "</article></main>"
        + footer("Gazeta Miejska")
        + "</body></html>"
    )


def site_newsletterpost(a):
    nd, _ = nice_date(a)
    parts = render_blocks(a)
    sub = '<div class="subscription-widget-wrap"><div class="subscription-widget"><p class="cta-caption">Thanks for reading Field Notes! Subscribe for free to receive new posts and support my work.</p><form><input type="email" placeholder="Type your email..."><button>Subscribe</button></form></div></div>'
    parts.insert(3, sub)
    return (
        head(a, "Field Notes", title_fmt="{t} - by {s}")
        + '<body><div class="main-menu">'
        + nav("ss", 4)
        + '</div><article class="post newsletter-post">'
        + f'<div class="post-header"><h1 class="post-title">{E(a["title"])}</h1><h3 class="subtitle">Notes from a dry year</h3><div class="post-meta"><a href="/@tom">{E(a["author"])}</a> <div class="pencraft">{nd}</div></div></div>'
        + '<div class="available-content"><div class="body markup" dir="auto">'
        + "".join(parts)
        + "</div></div>"
        + '<div class="post-footer"><button>Share</button><a href="#comments">Leave a comment</a><div class="like-button">12</div></div>'
        + "</article>"
        + '<div class="footer-wrap"><p>© 2023 Tom Alder</p><a href="/privacy">Privacy</a> ∙ <a href="/tos">Terms</a> ∙ <a href="/cc">Collection notice</a></div></body></html>'
    )


def site_stategov(a):
    nd, _ = nice_date(a)
    parts = render_blocks(a)
    return (
        head(a, "Department of Commerce", ld=False, author_meta=False)
        + '<body><div class="skip"><a href="#main">Skip to main content</a></div><header>'
        + nav("sg", 8)
        + "</header>"
        + '<div class="container"><div class="row"><div class="col-md-8"><main id="main">'
        + f'<h1>{E(a["title"])}</h1><p class="release-date">For Immediate Release: {nd}</p>'
        + '<div class="news-body">'
        + "".join(parts)
        + "</div>"
        + '<div class="media-contact"><h2>Media Contact</h2><p>Communications Office</p><p>comms@commerce.example.gov</p><p>555-0175</p></div>'
        + '<p class="print"><a href="javascript:window.print()">Print this page</a></p></main></div>'
        + '<div class="col-md-4"><aside><h2>Related Links</h2><ul><li><a href="/grants">All grant programs</a></li><li><a href="/energy">Energy office</a></li><li><a href="/apply">How to apply</a></li></ul></aside></div></div></div>'
        + footer("State of Example", extra="<p>An official state government website</p>")
        + "</body></html>"
    )


def site_amp(a):
    nd, _ = nice_date(a)
    parts = render_blocks(a)
    parts.insert(
        2,
        '<amp-ad width="300" height="250" type="doubleclick" data-slot="/123/amp"><div placeholder>Advertisement</div></amp-ad>',
    )
    return (
        head(a, "Lakeside Sport").replace("<html", "<html amp", 1)
        + '<body><amp-sidebar id="sidebar" layout="nodisplay">'
        + nav("amp", 10)
        + "</amp-sidebar>"
        + f'<header class="amp-header"><a href="/">Lakeside Sport</a></header><article class="amp-article"><h1 class="amp-title">{E(a["title"])}</h1><div class="amp-byline">By {E(a["author"])} · {nd}</div>'
        + f'<amp-img src="/i/{a["slug"]}.jpg" width="1200" height="675" layout="responsive" alt=""></amp-img><p class="amp-caption">The swimmer reaches the southern beach.</p>'
        + '<div class="amp-article-body">'
        + "".join(parts)
        + "</div>"
        + '<amp-social-share type="facebook"></amp-social-share><amp-social-share type="twitter"></amp-social-share>'
        + '<div class="amp-related"><h3>More sport</h3><ul><li><a href="/s/1">Rowing club celebrates centenary</a></li><li><a href="/s/2">Cyclists prepare for lake tour</a></li></ul></div>'
        + "</article>"
        + footer("Lakeside Sport")
        + "</body></html>"
    )


SITES = {
    "datacomponent": site_datacomponent,
    "richlinks": site_richlinks,
    "paragraphdivs": site_paragraphdivs,
    "ghost": site_ghost,
    "prwire": site_prwire,
    "japanese": site_japanese,
    "polish": site_polish,
    "newsletterpost": site_newsletterpost,
    "stategov": site_stategov,
    "amp": site_amp,
}

OUT.mkdir(parents=True, exist_ok=True)
for a in base.parse_articles(Path(__file__).parent / "heldout"):
    page = SITES[a["site"]](a)
    page = weight(page, a["site"], random.Random(a["slug"]))
    name = f"{a['site']}-{a['slug']}"
    (OUT / f"{name}.html").write_text(page, encoding="utf-8")
    (OUT / f"{name}.txt").write_text(base.expected(a), encoding="utf-8")
print(len(list(OUT.glob("*.html"))))
