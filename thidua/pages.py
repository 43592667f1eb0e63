"""The page plan: every page the site has (SPEC §6), its URL, its template and what it shows.

Planning is plain data; templating.py turns a plan into HTML and the MkDocs glue places it.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterator

from .model import Post, Site
from .related import related_posts

NEWS = "tin-tuc/"
HOME_FEATURED = 5
HOME_LATEST = 10


@dataclass
class PagePlan:
    url: str  # site path without leading slash: '' (home), 'tin-tuc/2024/slug/'
    template: str  # body template, e.g. 'thidua/post.html'
    title: str
    section: str = ""  # top navigation entry the page belongs to, e.g. 'tin-tuc/'
    description: str = ""
    crumbs: list[tuple[str, str]] = field(default_factory=list)  # (title, url) above the title
    data: dict[str, Any] = field(default_factory=dict)
    post: Post | None = None  # set on a post's own page


@dataclass(frozen=True)
class Pager:
    """Page `number` of `count` of a list whose first page lives at `base`."""

    base: str
    number: int
    count: int
    total: int  # items in the whole list

    def url_of(self, number: int) -> str:
        return self.base if number == 1 else f"{self.base}trang/{number}/"

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


def list_pages(posts: list[Post], base: str, title: str, site: Site, *, section: str = NEWS,
               crumbs: list[tuple[str, str]], description: str = "",
               extra: dict[str, Any] | None = None) -> list[PagePlan]:
    """A paginated list of posts: base/, base/trang/2/, …"""
    plans = []
    for pager, items in paginate(posts, base, site.settings.per_page):
        page_title = title if pager.number == 1 else f"{title} – Trang {pager.number}"
        plans.append(PagePlan(
            url=pager.url, template="thidua/news-list.html", title=page_title, section=section,
            description=description or f"{title}: danh sách bài viết, mới nhất trước.",
            crumbs=crumbs + ([(title, base)] if pager.number > 1 else []),
            data={"posts": items, "pager": pager, "list_title": title, **(extra or {})}))
    return plans


def plan_news(site: Site) -> list[PagePlan]:
    posts = site.posts
    home_crumb = [("Trang chủ", "")]
    news_crumbs = home_crumb + [("Tin tức", NEWS)]
    by_year: dict[int, list[Post]] = defaultdict(list)
    by_category: dict[str, list[Post]] = defaultdict(list)
    for post in posts:
        by_year[post.year].append(post)
        by_category[post.meta.category].append(post)
    years = sorted(by_year, reverse=True)
    archive = [(year, len(by_year[year])) for year in years]

    plans = [plan_home(site)]
    plans += list_pages(posts, NEWS, "Tin tức", site, crumbs=home_crumb,
                        description="Tin tức về phong trào thi đua, khen thưởng của tỉnh.",
                        extra={"archive": archive, "categories": site.data.categories})
    for year in years:
        plans += list_pages(by_year[year], f"{NEWS}{year}/", f"Tin tức năm {year}", site,
                            crumbs=news_crumbs, extra={"archive": archive, "year": year})
    for category in site.data.categories.values():
        plans += list_pages(by_category[category.id], f"chuyen-muc/{category.id}/", category.name,
                            site, crumbs=news_crumbs, description=category.description or "",
                            extra={"category": category, "archive": archive})
    related = related_posts(posts)
    for post in posts:
        plans.append(PagePlan(
            url=post.url, template="thidua/post.html", title=post.title, section=NEWS,
            description=post.summary,
            crumbs=news_crumbs + [(str(post.year), f"{NEWS}{post.year}/")],
            data={"post": post, "related": related[post.url]}, post=post))
    return plans


def plan_home(site: Site) -> PagePlan:
    featured = [post for post in site.posts if post.meta.featured][:HOME_FEATURED]
    if not featured:  # a home page never opens empty: fall back to the newest posts with pictures
        featured = [post for post in site.posts if post.image_path][:1]
    shown = {post.url for post in featured}
    latest = [post for post in site.posts if post.url not in shown][:HOME_LATEST]
    return PagePlan(url="", template="thidua/home.html", title=site.settings.site_name,
                    description=site.settings.extra.get("description", "") or
                    f"{site.settings.site_name}: tin tức thi đua, khen thưởng.",
                    data={"featured": featured, "latest": latest})


def plan_site(site: Site) -> list[PagePlan]:
    """Every generated page of the site."""
    return plan_news(site)
