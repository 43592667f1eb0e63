"""Model → page plans: every page the site has (SPEC §6), its address, its template and what
it shows, as plain data (pages.py); news.py, blocs.py, units.py, awards.py, documents.py,
consultations.py and campaigns.py plan each kind, tags.py the tag pages, feeds.py the feeds,
sharing.py what each page shares, search.py what search finds, icons.py the icons. render/ and
outputs/ turn plans into files."""
from __future__ import annotations

from ..model.indexes import Records
from ..model.site import Site
from .awards import plan_awards
from .blocs import plan_blocs
from .campaigns import plan_campaigns
from .consultations import consultation_views, plan_consultations
from .documents import Library, plan_documents
from .news import plan_news
from .pages import SECTIONS, PagePlan, Pager
from .tags import plan_tags
from .units import plan_units

__all__ = ["SECTIONS", "PagePlan", "Pager", "plan_site"]


def plan_site(site: Site) -> list[PagePlan]:
    """Every generated page of the site."""
    records = Records.build(site.data, site.settings.today)
    library = Library.build(site)
    consultations = consultation_views(site)
    return (plan_news(site, records, consultations) + plan_tags(site) + plan_blocs(site, records)
            + plan_units(site, records) + plan_awards(site, records)
            + plan_documents(site, library) + plan_consultations(site, consultations, library)
            + plan_campaigns(site, records, library))
