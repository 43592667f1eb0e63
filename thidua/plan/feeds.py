"""The feeds of the site (SPEC §8), planned like pages: the site's RSS and Atom, one RSS per
bloc and per category, each with its newest posts. outputs/feeds.py writes them."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .. import urls
from ..model.indexes import Lineage
from ..model.post import Post
from ..model.site import Site

FEED_SIZE = 50


@dataclass(frozen=True)
class Feed:
    path: str  # where it is written, relative to the site: 'khoi-thi-dua/x/rss.xml'
    kind: str  # 'rss' or 'atom'
    title: str
    description: str
    page: str  # the HTML page the feed follows: 'khoi-thi-dua/x/'
    posts: tuple[Post, ...]  # newest first, at most FEED_SIZE
    units: Mapping[str, str]  # how entries name the units their posts are about (unit_names)


def plan_feeds(site: Site) -> list[Feed]:
    """Every feed of the site; drafts and scheduled posts are never in `site.posts` of a build."""
    name = site.settings.site_name
    newest = tuple(site.posts[:FEED_SIZE])
    units = unit_names(site)
    feeds = [
        Feed(urls.SITE_RSS, "rss", name, f"Tin mới nhất của {name}", urls.HOME, newest, units),
        Feed(urls.SITE_ATOM, "atom", name, f"Tin mới nhất của {name}", urls.HOME, newest, units),
    ]
    by_bloc: dict[str, list[Post]] = {ident: [] for ident in site.data.blocs}
    by_category: dict[str, list[Post]] = {ident: [] for ident in site.data.categories}
    for post in site.posts:
        for ident in post.meta.blocs:
            by_bloc[ident].append(post)
        by_category[post.meta.category].append(post)
    for ident, posts in by_bloc.items():
        bloc = site.data.blocs[ident]
        feeds.append(Feed(urls.bloc_feed(ident), "rss", f"{bloc.name} – {name}",
                          f"Tin tức của {bloc.name}", urls.bloc(ident), tuple(posts[:FEED_SIZE]),
                          units))
    for ident, posts in by_category.items():
        category = site.data.categories[ident]
        feeds.append(Feed(urls.category_feed(ident), "rss", f"{category.name} – {name}",
                          category.description or f"Chuyên mục {category.name}",
                          urls.category(ident), tuple(posts[:FEED_SIZE]), units))
    return feeds


def unit_names(site: Site) -> dict[str, str]:
    """Each unit as a feed entry names it: by the name the post knew, with who carries on its
    work today when it has ended ("Sở Kế hoạch và Đầu tư (nay là Sở Tài chính)")."""
    fates = Lineage.build(site.data.units, site.settings.today).fates
    return {ident: f"{unit.name} ({fates[ident].now_text()})" if ident in fates else unit.name
            for ident, unit in site.data.units.items()}
