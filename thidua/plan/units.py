"""Unit pages: the list of units and each unit's record (blocs by year, awards, news)."""
from __future__ import annotations

from .. import urls
from ..model.indexes import Records, group_by_year
from ..model.site import Site
from .pages import HOME_CRUMB, PagePlan, posts_by, with_news


def plan_units(site: Site, records: Records) -> list[PagePlan]:
    year = site.settings.today.year
    units = sorted(site.data.units.values(), key=lambda u: u.name)
    crumbs = HOME_CRUMB + [("Đơn vị", urls.UNITS)]
    current_blocs = {unit: [role for role in roles if role.year == year]
                     for unit, roles in records.roles.items()}
    plans = [PagePlan(
        url=urls.UNITS, template="thidua/units.html", title="Đơn vị", section=urls.BLOCS,
        crumbs=HOME_CRUMB, description="Các cơ quan, đơn vị tham gia khối, cụm thi đua của tỉnh.",
        data={"units": units, "current_blocs": current_blocs, "year": year})]
    news = posts_by(site, "units")
    for unit in units:
        awards = records.by_unit.get(unit.id, [])
        decided = [r for r in awards if not r.is_proposal]
        roles = records.roles.get(unit.id, [])
        page = PagePlan(
            url=urls.unit(unit.id), template="thidua/unit.html", title=unit.name,
            section=urls.BLOCS, crumbs=crumbs,
            description=f"{unit.name}: khối thi đua qua các năm, danh hiệu và khen thưởng, tin tức.",
            data={"unit": unit, "roles": roles,
                  "led": [role for role in roles if role.role != "member"],
                  "collective": group_by_year([r for r in decided if r.is_collective], period=True),
                  "individual": group_by_year([r for r in decided if not r.is_collective],
                                              period=True),
                  "proposals": [r for r in awards if r.is_proposal]})
        plans += with_news(page, news.get(unit.id, []), f"Tin tức: {unit.name}", site)
    return plans
