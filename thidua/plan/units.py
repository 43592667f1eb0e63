"""Unit pages: the list of units (current ones, then those that ended) and each unit's record
(blocs by year, awards, news), with what became of it when it ended and the history of the
units it took over from (SPEC §14)."""
from __future__ import annotations

from .. import urls
from ..model.indexes import Records, group_by_year
from ..model.post import Post, newest_first
from ..model.site import Site
from ..model.units import Unit
from .pages import HOME_CRUMB, PagePlan, kept_pages, posts_by, with_news


def plan_units(site: Site, records: Records, memo: dict | None = None) -> list[PagePlan]:
    """`memo`: as for plan_blocs."""
    year = site.settings.today.year
    lineage = records.units
    units = sorted(site.data.units.values(), key=lambda u: u.name)
    crumbs = HOME_CRUMB + [("Đơn vị", urls.UNITS)]
    current_blocs = {unit: [role for role in roles if role.year == year]
                     for unit, roles in records.roles.items()}
    ended = sorted((unit for unit in units if not lineage.is_current(unit.id)),
                   key=lambda unit: (-unit.ended.toordinal(), unit.name))
    plans = [PagePlan(
        url=urls.UNITS, template="thidua/units.html", title="Đơn vị", section=urls.BLOCS,
        crumbs=HOME_CRUMB, description="Các cơ quan, đơn vị tham gia khối, cụm thi đua của tỉnh; "
                                       "các đơn vị đã hợp nhất, chia tách hoặc kết thúc hoạt động.",
        data={"units": [unit for unit in units if lineage.is_current(unit.id)],
              "ended": [(unit, lineage.fates[unit.id]) for unit in ended],
              "current_blocs": current_blocs, "year": year})]
    news = posts_by(site, "units")
    for unit in units:
        ancestors = lineage.ancestors(unit.id)
        posts, marks = _news_with_predecessors(unit, ancestors, news)
        plans += kept_pages(memo, unit.id, posts,
                            lambda: _unit_pages(unit, ancestors, posts, marks, records, crumbs,
                                                site))
    return plans


def _unit_pages(unit: Unit, ancestors: list[Unit], news: list[Post], marks: dict,
                records: Records, crumbs, site: Site) -> list[PagePlan]:
    awards = records.by_unit.get(unit.id, [])
    decided = [r for r in awards if not r.is_proposal]
    roles = records.roles.get(unit.id, [])
    lineage = records.units
    page = PagePlan(
        url=urls.unit(unit.id), template="thidua/unit.html", title=unit.name,
        section=urls.BLOCS, crumbs=crumbs,
        description=f"{unit.name}: khối thi đua qua các năm, danh hiệu và khen thưởng, tin tức.",
        data={"unit": unit, "fate": lineage.fates.get(unit.id), "roles": roles,
              "led": [role for role in roles if role.role != "member"],
              "collective": group_by_year([r for r in decided if r.is_collective], period=True),
              "individual": group_by_year([r for r in decided if not r.is_collective],
                                          period=True),
              "proposals": [r for r in awards if r.is_proposal],
              "predecessors": [{"unit": ancestor, "fate": lineage.fates[ancestor.id],
                                "roles": records.roles.get(ancestor.id, []),
                                "awards": records.by_unit.get(ancestor.id, [])}
                               for ancestor in ancestors]})
    return with_news(page, news, f"Tin tức: {unit.name}", site, extra={"marks": marks})


def _news_with_predecessors(unit: Unit, ancestors: list[Unit], news: dict[str, list[Post]]
                            ) -> tuple[list[Post], dict[str, list[str]]]:
    """The posts about a unit and about the units it took over from, newest first; those
    about a predecessor alone are marked with its name (post address → names)."""
    own = news.get(unit.id, [])
    if not ancestors:
        return own, {}
    found = {post.url: post for post in own}
    own_urls = set(found)
    marks: dict[str, list[str]] = {}
    for ancestor in ancestors:
        for post in news.get(ancestor.id, []):
            found.setdefault(post.url, post)
            if post.url not in own_urls:
                marks.setdefault(post.url, []).append(ancestor.name)
    return sorted(found.values(), key=newest_first), marks
