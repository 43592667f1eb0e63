"""Files → validated model: read everything, check everything, report everything at once."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from ..config.settings import Settings
from ..core.cache import BuildCache, NoCache
from ..core.dates import TZ
from ..core.problems import Problems, SiteError
from ..markdown.links import LinkResolver, resolve_links
from ..model.post import Post, newest_first
from ..model.site import Site, check_site
from .data import read_data
from .files import report_linked_files
from .pages import check_standalone_pages
from .pictures import picture_store, process_pictures
from .posts import read_posts


def load_site(settings: Settings, cache: BuildCache | None = None) -> tuple[Site, Problems]:
    """The site model and its warnings; raises SiteError listing every error."""
    if settings.today is None:
        settings = replace(settings, today=datetime.now(TZ).date())
    problems = Problems()
    problems.warnings += settings.warnings  # mkdocs.yml settings the portal cannot honour
    if not settings.site_url:
        problems.error(settings.config_file, "thiếu site_url: nguồn tin RSS/Atom và bản đồ trang "
                       "cần địa chỉ đầy đủ của trang web",
                       "thêm vào mkdocs.yml một dòng site_url: https://ten-mien-cua-cong/",
                       field="site_url")
    cache = cache or NoCache()
    data = read_data(settings, problems, cache)
    posts = read_posts(settings, problems, cache)
    check_standalone_pages(settings, problems)
    report_linked_files(settings, problems)
    check_site(posts, data, problems)
    shown = sorted((p for p in posts if is_shown(p, settings)), key=newest_first)
    left_out = sorted((p for p in posts if not is_shown(p, settings)), key=newest_first)
    # Posts left out of this build are still checked, as they would be once published.
    everything = LinkResolver.for_posts(settings, posts, [])
    this_build = LinkResolver.for_posts(settings, shown, left_out)
    for post in posts:
        resolve_links(post, this_build if is_shown(post, settings) else everything, problems)
    store = picture_store(settings, cache)
    pictures = process_pictures(posts, settings, store, problems)
    if problems:
        raise SiteError(problems)
    return Site(settings, data, shown, left_out, pictures, store), problems


def is_shown(post: Post, settings: Settings) -> bool:
    """Production builds show published posts only; `serve` shows drafts and scheduled too."""
    return settings.preview or post.is_published
