"""Model → page plans: every page the site has (SPEC §6), its address, its template and what
it shows, as plain data (pages.py); news.py, blocs.py, units.py, awards.py, documents.py,
consultations.py and campaigns.py plan each kind, tags.py the tag pages, feeds.py the feeds,
sharing.py what each page shares, search.py what search finds, icons.py the icons. render/ and
outputs/ turn plans into files."""
from __future__ import annotations

from ..core.cache import BuildCache, NoCache
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


def plan_site(site: Site, cache: BuildCache | None = None) -> list[PagePlan]:
    """Every generated page of the site. A process that keeps its cache between builds
    (`serve`) keeps the indexes and award pages while the data files and the day stay as they
    are, and the plans of post pages while their posts do."""
    cache = cache or NoCache()
    settings = site.settings
    # What kept plans need the same: the data (the records, the lineage of units and blocs,
    # the documents and consultations), the day (statuses, what has ended) and the page size.
    same = (site.data.digest, settings.today.isoformat(), settings.per_page)
    by_data = cache.memo("plans of the data", same)  # award pages are data alone
    if "records" not in by_data:
        by_data["records"] = records = Records.build(site.data, settings.today)
        by_data["awards"] = plan_awards(site, records)
    records = by_data["records"]
    library = Library.build(site)
    consultations = consultation_views(site)
    return (plan_news(site, records, consultations,
                      cache.memo("news plans") if cache.keep else None)
            + plan_tags(site)
            + plan_blocs(site, records, cache.memo("bloc plans", same) if cache.keep else None)
            + plan_units(site, records, cache.memo("unit plans", same) if cache.keep else None)
            + by_data["awards"]
            + plan_documents(site, library) + plan_consultations(site, consultations, library)
            + plan_campaigns(site, records, library))
