"""Quick rebuilds: when the only change is the body of a few posts, patch what shows bodies.

The most common edit is a correction inside a post. If a post's front matter and first
paragraph (its summary when there is none) are unchanged, no list, archive, related-news
block, home page or sitemap changes: only the post's own page, the feeds holding it and the
search segment holding it do. Those are patched in the built site, each file replaced whole,
without loading the rest of the site. Anything else falls back to a normal build. Tests check
that a quick rebuild gives the same files as a clean build.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..config.settings import Settings
from ..core.cache import BuildCache, digest
from ..core.problems import Problems
from ..load.files import read_file
from ..load.pictures import picture_store, process_pictures
from ..load.posts import POST_SUFFIXES, post_from_file, read_post_file
from ..markdown.links import LinkResolver, resolve_links
from ..model.site import Site
from ..pictures.store import PictureStore
from ..outputs.feeds import patch_entry
from ..outputs.search import FOLDER as SEARCH_FOLDER, document_words, patch_segment, segments
from ..plan.feeds import plan_feeds
from ..render.linkcheck import LinkCheck
from ..render.pages import patch_body
from .state import Inputs

MOST_FILES = 20  # more changed posts than this: a normal build is as quick


@dataclass
class QuickPost:
    url: str
    front: str  # digest of the front matter's text, as last built
    summary: str  # as lists show it: the front matter's, or the first paragraph
    feeds: list[str]  # the feeds holding it
    segment: str  # its search segment
    doc: int  # its number there


@dataclass
class QuickState:
    marker: str  # of the site it describes
    inputs: Inputs
    posts: dict[str, QuickPost] = field(default_factory=dict)  # content path → , shown posts
    left_out: dict[str, str] = field(default_factory=dict)  # content path → status
    hidden: dict[str, str] = field(default_factory=dict)  # url of a draft or scheduled → status


def remember(site: Site, marker: str, inputs: Inputs | None, cache: BuildCache) -> None:
    """Keep, after a build, what a quick rebuild needs to know of it."""
    if inputs is None:
        return
    feeds_of: dict[str, list[str]] = defaultdict(list)
    for feed in plan_feeds(site):
        for post in feed.posts:
            feeds_of[post.url].append(feed.path)
    place = {post.url: (name, doc) for name, posts in segments(site.posts)
             for doc, post in enumerate(posts)}
    state = QuickState(marker, inputs)
    for post in site.posts:
        state.posts[post.content_path] = QuickPost(post.url, post.front_digest, post.summary,
                                                   feeds_of[post.url], *place[post.url])
    state.left_out = {post.content_path: post.status for post in site.left_out}
    state.hidden = {post.url: post.status for post in site.left_out}
    cache.save("quick", state)


def quick_rebuild(settings: Settings, cache: BuildCache, site_dir: Path, inputs: Inputs,
                  marker: str) -> list[QuickPost]:
    """Patch the site when only post bodies changed; returns the posts patched, none when a
    normal build is needed."""
    state: QuickState | None = cache.load("quick")
    if state is None or state.marker != marker or state.inputs.context != inputs.context or \
            state.inputs.stats.keys() != inputs.stats.keys():
        return []
    changed = [path for path, stat in inputs.stats.items() if state.inputs.stats[path] != stat]
    if not changed or len(changed) > MOST_FILES:
        return []
    patches = []
    store = picture_store(settings, cache)
    for path in changed:
        patch = _patch_for(Path(path), settings, state, site_dir, store)
        if patch is None:
            return []
        patches.append(patch)
    for quick_post, html, words in patches:  # everything checked: now change the site
        patch_body(site_dir, quick_post.url, html)
        for feed in quick_post.feeds:
            patch_entry(site_dir / feed, settings.site_url or "", quick_post.url, html)
        patch_segment(site_dir / SEARCH_FOLDER / quick_post.segment, quick_post.doc, words)
    state.inputs = inputs
    cache.save("quick", state)
    return [quick_post for quick_post, _, _ in patches]


def _patch_for(path: Path, settings: Settings, state: QuickState, site_dir: Path,
               store: PictureStore):
    """(the post, its new body HTML, its new search words), or None unless only the body of
    a post on the site changed, in a way that changes nothing else and breaks no link (a
    broken one takes the normal way, which reports it)."""
    if path.suffix not in POST_SUFFIXES or not path.is_relative_to(settings.content_dir / "posts"):
        return None
    quick_post = state.posts.get(path.relative_to(settings.content_dir).as_posix())
    if quick_post is None:
        return None
    problems = Problems()
    data = read_file(path, settings, problems)
    if data is None:
        return None  # the normal way reports it
    post_file, found = read_post_file(settings, (0, path, data, digest(data)))
    if post_file is None or found.errors or found.warnings or \
            post_file.front_digest != quick_post.front:
        return None
    post = post_from_file(post_file, settings, problems)
    if post is None or post.url != quick_post.url or post.summary != quick_post.summary:
        return None
    addresses = {content_path: known.url for content_path, known in state.posts.items()}
    resolve_links(post, LinkResolver(settings, addresses, state.left_out), problems)
    # Its pictures through the pipeline; a picture the site does not show yet takes the
    # normal way, which publishes it (and the link check below finds it missing).
    process_pictures([post], settings, store, problems)
    if problems.errors or problems.warnings or \
            LinkCheck(_FilesOf(site_dir), state.hidden).links(post.url, post.body_html):
        return None
    return quick_post, post.body_html, document_words(post)


class _FilesOf:
    """The files of a built site, as LinkCheck asks for them (`in`), looked up on disk."""

    def __init__(self, site_dir: Path):
        self.site_dir = site_dir

    def __contains__(self, relative: str) -> bool:
        return (self.site_dir / relative).is_file()
