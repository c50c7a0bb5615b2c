"""Second held-out set: scored once, untouched by any rule change."""
# ruff: noqa: E501  (HTML templates read best on one line each)

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import build_pages as base
from build_pages import E, footer, head, most_read, nav, nice_date, render_blocks, weight

OUT = Path(sys.argv[1])


def site_testid(a):
    nd, _ = nice_date(a)
    ps = [v for k, v in a["blocks"] if k == "p"]
    ps[0] = a["place"] + " " + ps[0]
    body = "".join(
        f'<div data-testid="paragraph-{i}" class="text__text__1FZLe text__dark-grey__3Ml43 body__full_width__ekUdw article-body__element__2p5pI">{E(p)}</div>'
        for i, p in enumerate(ps)
    )
    return (
        head(a, "World Wire", title_fmt="{t} | {s}")
        + "<body><header>"
        + nav("ti", 18)
        + "</header><main>"
        + f'<article><div class="article-header__heading__15OpQ"><h1 data-testid="Heading">{E(a["title"])}</h1></div><div class="info-content__author-date__1Epi_">By <a href="/authors/x">{E(a["author"])}</a> <time>{nd}</time> 3 min read</div>'
        + '<div class="article-body__content__17Yit paywall-article">'
        + body
        + "</div>"
        + '<div class="trust-badge"><a href="/principles">Our Standards: The Trust Principles.</a></div>'
        + "</article>"
        + most_read("Read Next", 4, 1)
        + "</main>"
        + footer("World Wire")
        + "</body></html>"
    )


def site_companion(a):
    nd, _ = nice_date(a)
    ps = [f'<p class="css-at9mc1 evys1bk0">{E(v)}</p>' for k, v in a["blocks"] if k == "p"]
    cols = [ps[0:2], ps[2:4], ps[4:]]
    ad = '<div class="css-1fanzo5 ad"><div id="mid1-wrapper"><p class="css-1ktaez">Advertisement</p></div></div>'
    body = ad.join(
        f'<div class="css-s99gbd StoryBodyCompanionColumn"><div class="css-53u6y8">{"".join(c)}</div></div>'
        for c in cols
    )
    return (
        head(a, "The Metropolitan Times", title_fmt="{t} - {s}")
        + "<body><header>"
        + nav("co", 20)
        + '</header><main id="site-content"><article id="story">'
        + f'<header class="css-1ee8y2t"><h1 data-testid="headline" class="css-1l8buln">{E(a["title"])}</h1><p class="css-1n0orw4">A slow reopening, one gallery after another.</p><p>By <span class="css-1baulvz">{E(a["author"])}</span></p><time>{nd}</time></header>'
        + '<section name="articleBody" class="meteredContent css-1r7ky0e">'
        + body
        + "</section>"
        + f'<div class="bottom-of-article"><p>A version of this article appears in print on {nd}, Section C, Page 1 of the New York edition.</p><a href="#">Order Reprints</a> | <a href="#">Today’s Paper</a> | <a href="/subscribe">Subscribe</a></div>'
        + "</article></main>"
        + footer("The Metropolitan Times Company")
        + "</body></html>"
    )


def site_contributor(a):
    nd, _ = nice_date(a)
    ps = [f"<p>{E(v)}</p>" for k, v in a["blocks"] if k == "p"]
    more = '<div class="link-embed"><div class="link-embed__header">MORE FOR YOU</div><ul><li><a href="/a1">Ten Habits Of Highly Productive Founders</a></li><li><a href="/a2">Why Small Teams Beat Big Ones</a></li><li><a href="/a3">The Hidden Costs Of Growing Too Fast</a></li></ul></div>'
    ps.insert(2, more)
    return (
        head(a, "Business Weekly", title_fmt="{t}")
        + "<body><header>"
        + nav("bw", 14)
        + "</header><main><article>"
        + f'<div class="article-headline-container"><h1 class="fs-headline">{E(a["title"])}</h1></div><div class="contrib-byline"><a href="/people/x">{E(a["author"])}</a> <span>Contributor</span><p>Opinions expressed by contributors are their own.</p></div><time>{nd}</time>'
        + '<div class="article-body fs-article fs-responsive-text current-article">'
        + "".join(ps)
        + f'<div class="contrib-bio"><p>{E(a["author"])} is the co-founder of a software company. <a href="/people/x">Read more from {E(a["author"])}</a></p></div>'
        + '<div class="article-footer"><a href="#">Follow me on LinkedIn</a>. <a href="#">Check out my website</a>.</div></div>'
        + "</article></main>"
        + footer("Business Weekly Media")
        + "</body></html>"
    )


def site_localtv(a):
    nd, _ = nice_date(a)
    parts = render_blocks(a)
    video = '<div class="article-video"><div class="video-player">Watch: Police update on the hit-and-run</div></div>'
    parts.insert(1, video)
    return (
        head(a, "WXYZ 7 News", title_fmt="{t} | {s}")
        + "<body><header>"
        + nav("tv", 12)
        + '<div class="weather-bar">72° Clear</div></header><main><article class="article">'
        + f'<h1 class="article-title">{E(a["title"])}</h1><p class="article-author">by: {E(a["author"])}</p><p class="article-date">Posted: {nd} / 09:40 PM CDT</p>'
        + '<div class="article-content article-body rich-text">'
        + "".join(parts)
        + "<p><em>Copyright 2023 Example Broadcasting Inc. All rights reserved. This material may not be published, broadcast, rewritten, or redistributed.</em></p>"
        + "<p>For the latest news, weather, sports, and streaming video, head to WXYZ 7 News.</p></div>"
        + "</article>"
        + most_read("Trending Stories", 5, 2)
        + "</main>"
        + footer("Example Broadcasting")
        + "</body></html>"
    )


def site_blogspot(a):
    _nd, d = nice_date(a)
    paras = [v for k, v in a["blocks"] if k == "p"]
    body = "<br /><br />".join(E(p) for p in paras)
    return (
        head(a, "Country Walks", og=False, ld=False, author_meta=False, title_fmt="{s}: {t}")
        + '<body><div class="outer-wrapper"><div class="header"><h1 class="title">Country Walks</h1><p class="description">Notes from the footpaths</p></div>'
        + f'<div class="main"><div class="date-outer"><h2 class="date-header"><span>{d.strftime("%A, %-d %B %Y")}</span></h2>'
        + f'<div class="post hentry"><h3 class="post-title entry-title">{E(a["title"])}</h3><div class="post-header"></div>'
        + f'<div class="post-body entry-content">{body}<div style="clear: both;"></div></div>'
        + f'<div class="post-footer"><span class="post-author vcard">Posted by <span class="fn">{E(a["author"])}</span></span> <span class="post-timestamp">at <a class="timestamp-link" href="#">10:24</a></span> <span class="post-comment-link"><a href="#">No comments:</a></span>'
        + '<div class="post-share-buttons"><a href="#">Email This</a><a href="#">BlogThis!</a><a href="#">Share to X</a><a href="#">Share to Facebook</a></div>'
        + '<span class="post-labels">Labels: <a href="#">coast</a>, <a href="#">railways</a>, <a href="#">spring</a></span></div></div>'
        + '<div class="comments"><h4>No comments:</h4><p class="comment-footer"><a href="#">Post a Comment</a></p></div>'
        + '<div class="blog-pager"><a href="#">Newer Post</a> <a href="#">Older Post</a> <a href="/">Home</a></div>'
        + '<div class="post-feeds">Subscribe to: <a href="#">Post Comments (Atom)</a></div></div></div>'
        + '<div class="sidebar"><h2>Blog Archive</h2><ul><li><a href="#">2023 (14)</a></li><li><a href="#">2022 (31)</a></li></ul><h2>About Me</h2><p>Retired teacher, walker, occasional photographer.</p></div>'
        + '<div class="footer">Simple theme. Powered by Blogger.</div></div></body></html>'
    )


def site_chinese(a):
    _nd, d = nice_date(a)
    parts = render_blocks(a)
    return (
        head(a, "城市日报", title_fmt="{t}_{s}")
        + "<body><header>"
        + nav("zh", 10)
        + '</header><main><div class="main-content">'
        + f'<h1 class="main-title">{E(a["title"])}</h1><div class="date-source"><span class="date">{d.year}年{d.month:02d}月{d.day:02d}日 09:00</span> <span class="source">来源：城市日报</span></div>'
        + '<div class="article" id="article">'
        + "".join(parts)
        + '<p class="article-editor">责任编辑：王芳</p></div>'
        + '<div class="related-news"><h3>相关新闻</h3><ul><li><a href="/n/1">地铁三号线年底通车</a></li><li><a href="/n/2">市区新增共享单车停放点</a></li></ul></div>'
        + "</div></main>"
        + footer("城市日报社")
        + "</body></html>"
    )


def site_spanishtwo(a):
    _nd, d = nice_date(a)
    parts = render_blocks(a)
    parts.insert(
        2,
        '<div class="noticia-relacionada"><span>Noticia relacionada</span><a href="/n/9">Madrid activa el plan de calor por primera vez este año</a></div>',
    )
    return (
        head(a, "El Correo del Sur", title_fmt="{t} | {s}")
        + "<body><header>"
        + nav("es2", 14)
        + "</header><main><article>"
        + f'<h1>{E(a["title"])}</h1><h2 class="entradilla">Los nuevos árboles se plantarán sobre todo en barrios con pocas zonas de sombra</h2>'
        + f'<div class="firma"><span>{E(a["author"])}</span> <time>{d.strftime("%d/%m/%Y")}</time> - Actualizado a las 08:15h.</div>'
        + '<div class="cuerpo-noticia">'
        + "".join(parts)
        + "</div>"
        + '<div class="compartir">Compartir en <a href="#">Facebook</a> <a href="#">X</a> <a href="#">WhatsApp</a></div>'
        + "</article></main>"
        + footer("El Correo del Sur")
        + "</body></html>"
    )


def site_disqus(a):
    nd, _ = nice_date(a)
    parts = render_blocks(a)
    return (
        head(a, "Bay City Beat", title_fmt="{t} - {s}")
        + "<body><header>"
        + nav("dq", 10)
        + '</header><main><article class="post">'
        + f'<h1 class="post__title">{E(a["title"])}</h1><div class="post__meta">{E(a["author"])} · {nd}</div>'
        + '<div class="post__content">'
        + "".join(parts)
        + '<div id="disqus_thread"><div class="disqus-comment"><p><b>bikelover</b> Finally! I rode it this morning and it was great.</p></div><div class="disqus-comment"><p><b>shopowner22</b> My customers now have nowhere to park. Thanks for nothing.</p></div></div>'
        + "</div></article></main>"
        + footer("Bay City Beat")
        + "</body></html>"
    )


SITES = {
    "testid": site_testid,
    "companion": site_companion,
    "contributor": site_contributor,
    "localtv": site_localtv,
    "blogspot": site_blogspot,
    "chinese": site_chinese,
    "spanishtwo": site_spanishtwo,
    "disqus": site_disqus,
}

OUT.mkdir(parents=True, exist_ok=True)
for a in base.parse_articles(Path(__file__).parent / "heldout2"):
    page = SITES[a["site"]](a)
    if a["site"] != "blogspot":
        page = weight(page, a["site"], random.Random(a["slug"]))
    name = f"{a['site']}-{a['slug']}"
    (OUT / f"{name}.html").write_text(page, encoding="utf-8")
    (OUT / f"{name}.txt").write_text(base.expected(a), encoding="utf-8")
print(len(list(OUT.glob("*.html"))))
