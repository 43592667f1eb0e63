"""News pages: home, all news, year archives, categories, search and the posts themselves."""
from __future__ import annotations

from collections import defaultdict

from .. import urls
from ..model.indexes import Records
from ..model.post import Post
from ..model.site import Site
from .consultations import ConsultationView
from .pages import HOME_CRUMB, PagePlan, list_pages
from .related import related_posts

HOME_FEATURED = 5
HOME_LATEST = 10


def plan_news(site: Site, records: Records,
              consultations: list[ConsultationView]) -> list[PagePlan]:
    posts = site.posts
    news_crumbs = HOME_CRUMB + [("Tin tức", urls.NEWS)]
    by_year: dict[int, list[Post]] = defaultdict(list)
    by_category: dict[str, list[Post]] = defaultdict(list)
    for post in posts:
        by_year[post.year].append(post)
        by_category[post.meta.category].append(post)
    years = sorted(by_year, reverse=True)
    archive = [(year, len(by_year[year])) for year in years]

    plans = [plan_home(site, records, consultations),
             PagePlan(url=urls.SEARCH, template="thidua/search.html", title="Tìm kiếm",
                      crumbs=HOME_CRUMB, description="Tìm tin tức, đơn vị, khối thi đua, quyết định "
                                                       "và khen thưởng trên cổng thông tin.")]
    plans += list_pages(posts, urls.NEWS, "Tin tức", site, crumbs=HOME_CRUMB,
                        description="Tin tức về phong trào thi đua, khen thưởng của tỉnh.",
                        extra={"archive": archive})
    for year in years:
        plans += list_pages(by_year[year], urls.news_year(year), f"Tin tức năm {year}", site,
                            crumbs=news_crumbs, extra={"archive": archive, "year": year})
    for category in site.data.categories.values():
        plans += list_pages(by_category[category.id], urls.category(category.id), category.name,
                            site, crumbs=news_crumbs, description=category.description or "",
                            extra={"category": category, "archive": archive},
                            feeds=[(f"{category.name} (RSS)", urls.category_feed(category.id))])
    related = related_posts(posts)
    for index, post in enumerate(posts):  # newest first: the previous post is the next one
        plans.append(PagePlan(
            url=post.url, template="thidua/post.html", title=post.title, section=urls.NEWS,
            description=post.summary,
            crumbs=news_crumbs + [(str(post.year), urls.news_year(post.year))],
            data={"post": post, "related": related[post.url],
                  "older": posts[index + 1] if index + 1 < len(posts) else None,
                  "newer": posts[index - 1] if index > 0 else None}, post=post))
    return plans


def plan_home(site: Site, records: Records, consultations: list[ConsultationView]) -> PagePlan:
    featured = [post for post in site.posts if post.meta.featured][:HOME_FEATURED]
    if not featured:  # a home page never opens empty: fall back to the newest posts with pictures
        featured = [post for post in site.posts if post.picture][:1]
    shown = {post.url for post in featured}
    latest = [post for post in site.posts if post.url not in shown][:HOME_LATEST]
    open_now = [view for view in consultations if view.state.is_open]
    return PagePlan(url=urls.HOME, template="thidua/home.html", title=site.settings.site_name,
                    section=urls.HOME,
                    description=site.settings.extra.get("description", "") or
                    f"{site.settings.site_name}: tin tức thi đua, khen thưởng.",
                    data={"featured": featured, "latest": latest,
                          "blocs": [bloc for bloc in site.data.blocs.values()
                                    if records.blocs.is_current(bloc.id)],
                          "year": site.settings.today.year,
                          "decisions": [d for d in records.decisions if not d.is_proposal][:5],
                          "consultations": open_now},
                    as_of=tuple(view.as_of for view in open_now))
