"""Page plans and pagination, shared by the news, bloc, unit and award pages.

A plan is plain data: the page's address (decided by urls.py), its body template, its title
and what the template shows. render/ turns plans into HTML; nothing here renders anything.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from .. import urls
from ..model.post import Post
from ..model.site import Site

HOME_CRUMB = [("Trang chủ", urls.HOME)]
# What a page's tab in the top navigation can be: home, news, blocs, awards, documents,
# consultations, campaigns, or none.
SECTIONS = (urls.HOME, urls.NEWS, urls.BLOCS, urls.AWARDS, urls.DOCUMENTS, urls.CONSULTATIONS,
            urls.CAMPAIGNS, None)


@dataclass
class PagePlan:
    url: str  # site path without leading slash: '' (home), 'tin-tuc/2024/slug/'
    template: str  # body template, e.g. 'thidua/post.html'
    title: str
    section: str | None = None  # top navigation entry the page belongs to, e.g. 'tin-tuc/'
    description: str = ""
    crumbs: list[tuple[str, str]] = field(default_factory=list)  # (title, url) above the title
    data: dict[str, Any] = field(default_factory=dict)
    post: Post | None = None  # set on a post's own page
    feeds: list[tuple[str, str]] = field(default_factory=list)  # (title, path) of its own feeds
    # What the page shows that follows from the build date rather than from the files (a
    # document's status, a consultation's days left), as plain values: a build on a later
    # day rewrites the pages where it changed (render/pages.py page_fingerprint).
    as_of: tuple = ()


@dataclass(frozen=True)
class Pager:
    """Page `number` of `count` of a list whose first page lives at `base`."""

    base: str
    number: int
    count: int
    total: int  # items in the whole list

    def url_of(self, number: int) -> str:
        return urls.list_page(self.base, number)

    @property
    def url(self) -> str:
        return self.url_of(self.number)

    @property
    def prev_url(self) -> str | None:
        return self.url_of(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.url_of(self.number + 1) if self.number < self.count else None

    def window(self, around: int = 2) -> list[int | None]:
        """Page numbers to link, None for a gap: 1 … 4 5 [6] 7 8 … 20."""
        wanted = {1, self.count} | set(range(self.number - around, self.number + around + 1))
        numbers = sorted(n for n in wanted if 1 <= n <= self.count)
        shown: list[int | None] = []
        for n in numbers:
            if shown and n - shown[-1] > 1:  # type: ignore[operator]
                shown.append(None)
            shown.append(n)
        return shown


def paginate(items: list, base: str, per_page: int) -> Iterator[tuple[Pager, list]]:
    count = max(1, -(-len(items) // per_page))
    for number in range(1, count + 1):
        yield Pager(base, number, count, len(items)), items[(number - 1) * per_page: number * per_page]


def list_pages(posts: list[Post], base: str, title: str, site: Site, *, section: str = urls.NEWS,
               crumbs: list[tuple[str, str]], description: str = "",
               extra: dict[str, Any] | None = None,
               feeds: list[tuple[str, str]] | None = None) -> list[PagePlan]:
    """A paginated list of posts: base/, base/trang/2/, …"""
    plans = []
    for pager, items in paginate(posts, base, site.settings.per_page):
        page_title = title if pager.number == 1 else f"{title} – Trang {pager.number}"
        plans.append(PagePlan(
            url=pager.url, template="thidua/news-list.html", title=page_title, section=section,
            description=description or f"{title}: danh sách bài viết, mới nhất trước.",
            crumbs=crumbs + ([(title, base)] if pager.number > 1 else []),
            data={"posts": items, "pager": pager, **(extra or {})},
            feeds=list(feeds or [])))
    return plans


def with_news(first: PagePlan, posts: list[Post], news_title: str, site: Site,
              extra: dict[str, Any] | None = None) -> list[PagePlan]:
    """A data page (a bloc, a unit) whose news is paginated: page 1 is `first`, pages 2… are
    news lists under it; `extra` goes to every page (a unit's marks on its predecessors' news)."""
    news = list_pages(posts, first.url, news_title, site, section=first.section,
                      crumbs=first.crumbs + [(first.title, first.url)], feeds=first.feeds,
                      extra=extra)
    first.data.update(posts=news[0].data["posts"], pager=news[0].data["pager"], **(extra or {}))
    return [first, *news[1:]]


def posts_by(site: Site, field: str) -> dict[str, list[Post]]:
    """The posts naming each id in a front-matter list (blocs, units), newest first."""
    grouped: dict[str, list[Post]] = {}
    for post in site.posts:  # newest first already
        for ident in getattr(post.meta, field):
            grouped.setdefault(ident, []).append(post)
    return grouped


def kept_pages(memo: dict | None, key: str, posts: list[Post], make) -> list[PagePlan]:
    """make(), or the plans it made last time for `key` when they list the same posts (the
    same objects: a process that keeps its cache keeps unchanged posts) and the `memo` is
    kept for the same data. The same plans are known to be the same pages (builder/site.py)."""
    if memo is None:
        return make()
    kept = memo.get(key)
    if kept is None or len(kept[0]) != len(posts) or \
            any(a is not b for a, b in zip(kept[0], posts)):
        kept = memo[key] = (list(posts), make())
    return kept[1]
