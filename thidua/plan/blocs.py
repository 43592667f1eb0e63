"""Bloc pages: the directory of blocs and each bloc's history (members, leaders by year,
membership changes, awards, news)."""
from __future__ import annotations

from .. import urls
from ..model.indexes import Records, group_by_year, membership_changes, terms_newest_first
from ..model.site import Site
from .pages import HOME_CRUMB, PagePlan, kept_pages, posts_by, with_news


def plan_blocs(site: Site, records: Records, memo: dict | None = None) -> list[PagePlan]:
    """`memo`: kept by a process that keeps its cache (serve) while the data files stay as
    they are: a bloc whose news are the same posts keeps its pages (see news.py)."""
    year = site.settings.today.year
    lineage = records.blocs
    blocs = sorted(site.data.blocs.values(), key=lambda b: (b.kind != "khoi", b.name))
    ended = sorted((bloc for bloc in blocs if not lineage.is_current(bloc.id)),
                   key=lambda bloc: (-bloc.ended.toordinal(), bloc.name))
    crumbs = HOME_CRUMB + [("Khối thi đua", urls.BLOCS)]
    plans = [PagePlan(
        url=urls.BLOCS, template="thidua/blocs.html", title="Khối, cụm thi đua",
        section=urls.BLOCS, crumbs=HOME_CRUMB,
        description="Các khối, cụm thi đua của tỉnh; Khối trưởng, Khối phó năm nay; các khối, "
                    "cụm đã kết thúc hoạt động.",
        data={"blocs": [bloc for bloc in blocs if lineage.is_current(bloc.id)],
              "ended": [(bloc, lineage.fates[bloc.id]) for bloc in ended], "year": year})]
    news = posts_by(site, "blocs")
    for bloc in blocs:
        posts = news.get(bloc.id, [])
        plans += kept_pages(memo, bloc.id, posts,
                            lambda: _bloc_pages(bloc, posts, records, crumbs, year, site))
    return plans


def _bloc_pages(bloc, news: list, records: Records, crumbs, year: int,
                site: Site) -> list[PagePlan]:
    feed = urls.bloc_feed(bloc.id)
    lineage = records.blocs
    page = PagePlan(
        url=urls.bloc(bloc.id), template="thidua/bloc.html", title=bloc.name,
        section=urls.BLOCS, crumbs=crumbs,
        description=bloc.description or f"{bloc.name}: thành viên, Khối trưởng, Khối phó "
                                        "qua các năm, khen thưởng và tin tức.",
        data={"bloc": bloc, "current": bloc.latest_term(year), "year": year,
              "fate": lineage.fates.get(bloc.id),
              "predecessors": [(ancestor, lineage.fates[ancestor.id])
                               for ancestor in lineage.ancestors(bloc.id)],
              "terms": terms_newest_first(bloc), "changes": membership_changes(bloc),
              "awards_by_year": group_by_year(records.by_bloc.get(bloc.id, []), period=True),
              "feed": feed},
        feeds=[(f"{bloc.name} (RSS)", feed)])
    return with_news(page, news, f"Tin tức: {bloc.name}", site)
