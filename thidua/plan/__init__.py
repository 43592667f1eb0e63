"""Model → page plans: every page the site has (SPEC §6), its address, its template and what
it shows, as plain data (pages.py); news.py, blocs.py, units.py, awards.py, documents.py,
consultations.py and campaigns.py plan each kind, feeds.py the feeds. render/ turns plans into
HTML."""
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
from .units import plan_units

__all__ = ["SECTIONS", "PagePlan", "Pager", "plan_site"]


def plan_site(site: Site, cache: BuildCache | None = None) -> list[PagePlan]:
    """Every generated page of the site. A process that keeps its cache between builds
    (`serve`) keeps the award and bloc indexes while the data files and the day stay as
    they are."""
    today = site.settings.today
    memo = (cache or NoCache()).memo("records", f"{site.data.digest}-{today.isoformat()}")
    records = memo.get("records") or memo.setdefault("records", Records.build(site.data, today))
    library = Library.build(site)
    consultations = consultation_views(site)
    return (plan_news(site, records, consultations) + plan_blocs(site, records)
            + plan_units(site, records) + plan_awards(site, records)
            + plan_documents(site, library) + plan_consultations(site, consultations, library)
            + plan_campaigns(site, records, library))
