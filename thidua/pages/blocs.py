"""Bloc and unit pages: the directory of blocs, each bloc's history, each unit's record."""
from __future__ import annotations

from collections import defaultdict

from ..feeds import bloc_feed_path
from ..model import Post, Site
from ..records import Records, group_by_year, membership_changes, terms_newest_first
from .base import BLOCS, HOME_CRUMB, UNITS, PagePlan, list_pages


def _posts_by(site: Site, field: str) -> dict[str, list[Post]]:
    grouped: dict[str, list[Post]] = defaultdict(list)
    for post in site.posts:  # newest first already
        for ident in getattr(post.meta, field):
            grouped[ident].append(post)
    return grouped


def _with_news(first: PagePlan, posts: list[Post], base: str, news_title: str, site: Site,
               section: str, crumbs: list[tuple[str, str]]) -> list[PagePlan]:
    """A data page whose news is paginated: page 1 is `first`, pages 2… are news lists."""
    news = list_pages(posts, base, news_title, site, section=section, crumbs=crumbs,
                      feeds=first.feeds)
    first.data.update(posts=news[0].data["posts"], pager=news[0].data["pager"])
    return [first, *news[1:]]


def plan_blocs(site: Site, records: Records) -> list[PagePlan]:
    year = site.settings.today.year
    blocs = sorted(site.data.blocs.values(), key=lambda b: (b.kind != "khoi", b.name))
    crumbs = HOME_CRUMB + [("Khối thi đua", BLOCS)]
    plans = [PagePlan(
        url=BLOCS, template="thidua/blocs.html", title="Khối, cụm thi đua", section=BLOCS,
        crumbs=HOME_CRUMB,
        description="Các khối, cụm thi đua của tỉnh; Khối trưởng, Khối phó năm nay.",
        data={"blocs": blocs, "year": year})]
    posts_by_bloc = _posts_by(site, "blocs")
    for bloc in blocs:
        base = f"{BLOCS}{bloc.id}/"
        current = bloc.latest_term(year)
        page = PagePlan(
            url=base, template="thidua/bloc.html", title=bloc.name, section=BLOCS, crumbs=crumbs,
            description=bloc.description or f"{bloc.name}: thành viên, Khối trưởng, Khối phó "
                                            "qua các năm, khen thưởng và tin tức.",
            data={"bloc": bloc, "current": current, "year": year,
                  "terms": terms_newest_first(bloc), "changes": membership_changes(bloc),
                  "awards_by_year": group_by_year(records.by_bloc.get(bloc.id, []), period=True),
                  "feed": bloc_feed_path(bloc.id)},
            feeds=[(f"{bloc.name} (RSS)", bloc_feed_path(bloc.id))])
        plans += _with_news(page, posts_by_bloc.get(bloc.id, []), base, f"Tin tức: {bloc.name}",
                            site, BLOCS, crumbs + [(bloc.name, base)])
    return plans


def plan_units(site: Site, records: Records) -> list[PagePlan]:
    year = site.settings.today.year
    units = sorted(site.data.units.values(), key=lambda u: u.name)
    crumbs = HOME_CRUMB + [("Đơn vị", UNITS)]
    current_blocs = {unit: [role for role in roles if role.year == year]
                     for unit, roles in records.roles.items()}
    plans = [PagePlan(
        url=UNITS, template="thidua/units.html", title="Đơn vị", section=BLOCS, crumbs=HOME_CRUMB,
        description="Các cơ quan, đơn vị tham gia khối, cụm thi đua của tỉnh.",
        data={"units": units, "current_blocs": current_blocs, "year": year})]
    posts_by_unit = _posts_by(site, "units")
    for unit in units:
        base = f"{UNITS}{unit.id}/"
        awards = records.by_unit.get(unit.id, [])
        decided = [r for r in awards if not r.is_proposal]
        roles = records.roles.get(unit.id, [])
        page = PagePlan(
            url=base, template="thidua/unit.html", title=unit.name, section=BLOCS, crumbs=crumbs,
            description=f"{unit.name}: khối thi đua qua các năm, danh hiệu và khen thưởng, tin tức.",
            data={"unit": unit, "roles": roles,
                  "led": [role for role in roles if role.role != "member"],
                  "collective": group_by_year([r for r in decided if r.is_collective], period=True),
                  "individual": group_by_year([r for r in decided if not r.is_collective],
                                              period=True),
                  "proposals": [r for r in awards if r.is_proposal]})
        plans += _with_news(page, posts_by_unit.get(unit.id, []), base, f"Tin tức: {unit.name}",
                            site, BLOCS, crumbs + [(unit.name, base)])
    return plans
