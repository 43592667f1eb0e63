"""The feeds of the site (SPEC §8), planned like pages: the site's RSS and Atom, one RSS per
bloc and per category, each with its newest posts. outputs/feeds.py writes them."""
from __future__ import annotations

from dataclasses import dataclass

from .. import urls
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


def plan_feeds(site: Site) -> list[Feed]:
    """Every feed of the site; drafts and scheduled posts are never in `site.posts` of a build."""
    name = site.settings.site_name
    newest = tuple(site.posts[:FEED_SIZE])
    feeds = [
        Feed(urls.SITE_RSS, "rss", name, f"Tin mới nhất của {name}", urls.HOME, newest),
        Feed(urls.SITE_ATOM, "atom", name, f"Tin mới nhất của {name}", urls.HOME, newest),
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
                          f"Tin tức của {bloc.name}", urls.bloc(ident), tuple(posts[:FEED_SIZE])))
    for ident, posts in by_category.items():
        category = site.data.categories[ident]
        feeds.append(Feed(urls.category_feed(ident), "rss", f"{category.name} – {name}",
                          category.description or f"Chuyên mục {category.name}",
                          urls.category(ident), tuple(posts[:FEED_SIZE])))
    return feeds
