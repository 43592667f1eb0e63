"""Files → validated model: read everything, check everything, report everything at once."""
from __future__ import annotations

from copy import copy
from dataclasses import replace
from datetime import datetime

from ..config.settings import Settings
from ..core.cache import BuildCache, NoCache
from ..core.dates import TZ
from ..core.problems import Problems, SiteError
from ..markdown.links import LinkResolver, resolve_links
from ..model.post import Post, newest_first
from ..model.site import Site, SiteData, check_data, check_posts, report_empty_files
from .data import read_data
from .files import report_linked_files
from .pages import check_standalone_pages
from .pictures import picture_store, process_pictures
from .posts import kept_posts, read_posts


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
    check_posts(posts, data, problems)
    _check_data(data, cache, problems)
    shown = sorted((p for p in posts if is_shown(p, settings)), key=newest_first)
    left_out = sorted((p for p in posts if not is_shown(p, settings)), key=newest_first)
    # Posts left out of this build are still checked, as they would be once published.
    everything = LinkResolver.for_posts(settings, posts, [])
    this_build = LinkResolver.for_posts(settings, shown, left_out)
    shown_before = [(post.body_html, post.picture and post.picture.key) for post in posts]
    for post in posts:
        resolve_links(post, this_build if is_shown(post, settings) else everything, problems)
    store = picture_store(settings, cache)
    pictures = process_pictures(posts, settings, store, problems)
    posts = _new_where_changed(posts, shown_before, kept_posts(settings, cache))
    shown = sorted((p for p in posts if is_shown(p, settings)), key=newest_first)
    left_out = sorted((p for p in posts if not is_shown(p, settings)), key=newest_first)
    if problems:
        raise SiteError(problems)
    return Site(settings, data, shown, left_out, pictures, store), problems


def _check_data(data: SiteData, cache: BuildCache, problems: Problems) -> None:
    """The data's own rules, checked once per version of the data files in a process that
    keeps its cache (serve); what they found is said again on every build. The posts' names of
    records in a missing or empty data file (data.unfilled) come first, then the data's own."""
    from_posts, data.unfilled = data.unfilled, {}
    checked = cache.memo("data checks", data.digest)
    if "found" not in checked:
        checked["found"] = Problems()
        check_data(data, checked["found"])
        checked["unfilled"] = data.unfilled
    problems.add(checked["found"])
    data.unfilled = {kind: from_posts.get(kind, []) + checked["unfilled"].get(kind, [])
                     for kind in sorted(from_posts.keys() | checked["unfilled"].keys())}
    report_empty_files(data, problems)


def _new_where_changed(posts: list[Post], before: list[tuple], kept: dict[str, Post]
                       ) -> list[Post]:
    """A post kept from the last build (serve) whose body or picture changed with the links
    and pictures around it becomes a new object: what was kept for the old one (its plans,
    their fingerprints) knows a post by its identity."""
    fresh = []
    for post, (body, picture) in zip(posts, before):
        if kept.get(post.content_path) is post and (
                post.body_html != body or (post.picture and post.picture.key) != picture):
            post = kept[post.content_path] = copy(post)
        fresh.append(post)
    return fresh


def is_shown(post: Post, settings: Settings) -> bool:
    """Production builds show published posts only; `serve` shows drafts and scheduled too."""
    return settings.preview or post.is_published
