"""The page plan: every page the site has (SPEC §6), its URL, its template and what it shows.

Planning is plain data; templating.py turns a plan into HTML and the MkDocs glue places it.
"""
from __future__ import annotations

from ..model import Site
from ..records import Records
from .awards import plan_awards
from .base import SECTIONS, PagePlan, Pager
from .blocs import plan_blocs, plan_units
from .news import plan_news

__all__ = ["SECTIONS", "PagePlan", "Pager", "plan_site"]


def plan_site(site: Site) -> list[PagePlan]:
    """Every generated page of the site."""
    records = Records.build(site.data)
    return (plan_news(site, records) + plan_blocs(site, records) + plan_units(site, records)
            + plan_awards(site, records))
