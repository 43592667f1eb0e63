"""Model → page plans: every page the site has (SPEC §6), its address, its template and what
it shows, as plain data (pages.py); news.py, blocs.py, units.py, awards.py plan each kind,
feeds.py the feeds. render/ turns plans into HTML."""
from __future__ import annotations

from ..model.indexes import Records
from ..model.site import Site
from .awards import plan_awards
from .blocs import plan_blocs
from .news import plan_news
from .pages import SECTIONS, PagePlan, Pager
from .units import plan_units

__all__ = ["SECTIONS", "PagePlan", "Pager", "plan_site"]


def plan_site(site: Site) -> list[PagePlan]:
    """Every generated page of the site."""
    records = Records.build(site.data, site.settings.today)
    return (plan_news(site, records) + plan_blocs(site, records) + plan_units(site, records)
            + plan_awards(site, records))
