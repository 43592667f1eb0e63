"""Award records: /khen-thuong/ (by year and by title), /khen-thuong/YYYY/, one page per title."""
from __future__ import annotations

from .. import urls
from ..model.indexes import Records, group_by_title, group_by_year
from ..model.site import Site
from .pages import HOME_CRUMB, PagePlan, paginate

TITLE_PAGE_SIZE = 100  # records on one page of a title's history
LATEST_DECISIONS = 10


def plan_awards(site: Site, records: Records) -> list[PagePlan]:
    titles = site.data.titles
    years = records.years()
    crumbs = HOME_CRUMB + [("Khen thưởng", urls.AWARDS)]
    decisions_by_year: dict[int, list] = {year: [] for year in years}
    for decision in records.decisions:
        decisions_by_year[decision.year].append(decision)
    by_year = []
    for year in years:
        year_records, decisions = records.by_year[year], decisions_by_year[year]
        by_year.append({
            "year": year,
            "decisions": sum(1 for d in decisions if not d.is_proposal),
            "proposals": sum(1 for d in decisions if d.is_proposal),
            "awards": sum(1 for r in year_records if not r.is_proposal),
            "proposed": sum(1 for r in year_records if r.is_proposal),
        })
    by_title = [(title, sum(1 for r in group if not r.is_proposal),
                 sum(1 for r in group if r.is_proposal))
                for title, group in group_by_title(records.all_awards, titles)]
    plans = [PagePlan(
        url=urls.AWARDS, template="thidua/awards.html", title="Khen thưởng", section=urls.AWARDS,
        crumbs=HOME_CRUMB,
        description="Quyết định khen thưởng và đề nghị khen thưởng theo năm và theo danh hiệu.",
        data={"by_year": by_year, "by_title": by_title,
              "latest": records.decisions[:LATEST_DECISIONS]})]
    for index, year in enumerate(years):
        year_records = records.by_year[year]
        plans.append(PagePlan(
            url=urls.awards_year(year), template="thidua/awards-year.html",
            title=f"Khen thưởng năm {year}", section=urls.AWARDS, crumbs=crumbs,
            description=f"Các quyết định và đề nghị khen thưởng ký năm {year}.",
            data={"year": year, "decisions": decisions_by_year[year],
                  "decided": group_by_title([r for r in year_records if not r.is_proposal], titles),
                  "proposed": group_by_title([r for r in year_records if r.is_proposal], titles),
                  "newer": years[index - 1] if index > 0 else None,
                  "older": years[index + 1] if index + 1 < len(years) else None}))
    for title, group in group_by_title(records.all_awards, titles):
        base = urls.award_title(title.id)
        for pager, items in paginate(group, base, TITLE_PAGE_SIZE):
            plans.append(PagePlan(
                url=pager.url, template="thidua/award-title.html",
                title=title.name if pager.number == 1 else f"{title.name} – Trang {pager.number}",
                section=urls.AWARDS, crumbs=crumbs,
                description=f"{title.name}: các tập thể, cá nhân được tặng hoặc đề nghị tặng.",
                data={"title": title, "groups": group_by_year(items, period=True),
                      "pager": pager}))
    return plans
