"""Page plans and pagination, shared by the news, bloc and award pages."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from ..model import Post, Site

NEWS = "tin-tuc/"
BLOCS = "khoi-thi-dua/"
UNITS = "don-vi/"
AWARDS = "khen-thuong/"
HOME_CRUMB = [("Trang chủ", "")]
SECTIONS = ("", NEWS, BLOCS, AWARDS, None)  # what a page's tab can be: home, …, or none


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
