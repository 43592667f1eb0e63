"""Writing the feeds (SPEC §8) that plan/feeds.py plans, with feedgen: RSS 2.0 and Atom.

feedgen's pitfalls, and what is done about them here:
- `add_entry` prepends by default: entries are appended, newest first.
- the channel <link> is the last `link()` call: rel="self" is set first, the page last.
- Atom entry links lose their attributes (feedgen reuses a loop variable), so an enclosure
  would turn into a second alternate link: the Atom feed is made without enclosures and
  they are added to its XML afterwards, with rel, type and length.
- lastBuildDate and updated default to "now": both are set to the newest entry's date, so
  the same content always gives byte-identical feeds.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import partial
from pathlib import Path

from feedgen.feed import FeedGenerator
from lxml import etree

from .. import urls
from ..core.cache import fingerprint
from ..core.dates import TZ
from ..core.files import link_previous, replace_file
from ..core.workers import share_out
from ..model.post import Post
from ..model.site import Site
from ..plan.feeds import Feed, FeedItem, plan_feeds

ATOM_NS = "http://www.w3.org/2005/Atom"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
# Atom carries whole posts: a body may be a longer text node than libxml2 takes by default.
_PARSER = etree.XMLParser(huge_tree=True)
_PATCH_PARSER = etree.XMLParser(huge_tree=True, remove_blank_text=True)
# When a site has no posts at all, its feeds still need a fixed date.
EMPTY_SITE_DATE = datetime(2000, 1, 1, tzinfo=TZ)


def write_feeds(site: Site, out_dir: Path, base: str = "", before: dict[str, str] | None = None,
                previous: Path | None = None) -> dict[str, str]:
    """Write every feed, on every core; returns their fingerprints. A feed whose fingerprint
    is in `before` (the last build's) is linked from the `previous` site instead."""
    feeds = plan_feeds(site)
    prints = {feed.path: fingerprint(base, feed.path, feed.kind, feed.title, feed.description,
                                     [_entry_key(p, site) for p in feed.posts], feed.items)
              for feed in feeds}
    todo = []
    for feed in feeds:
        path = out_dir / feed.path
        path.parent.mkdir(parents=True, exist_ok=True)
        if (before or {}).get(feed.path) == prints[feed.path] and (
                path.exists() if out_dir == previous else link_previous(previous, feed.path, path)):
            continue
        todo.append(feed)
    share_out(partial(_write_share, todo, site, out_dir), None if len(todo) > 40 else 1)
    return prints


def _write_share(todo: list[Feed], site: Site, out_dir: Path, worker: int, workers: int) -> int:
    for feed in todo[worker::workers]:
        path = out_dir / feed.path
        replace_file(path, render_feed(feed, site))  # whole, for readers of a live site
    return 0


def render_feed(feed: Feed, site: Site) -> bytes:
    base = site.settings.site_url
    assert base, "site_url is checked when the site is loaded"
    base = base if base.endswith("/") else base + "/"
    generator = _channel(feed, site, base)
    for post in feed.posts:
        _entry(generator, post, site, base, with_enclosure=feed.kind == "rss", units=feed.units)
    for item in feed.items:
        _item_entry(generator, item, base, with_enclosure=feed.kind == "rss")
    if feed.kind == "rss":
        return generator.rss_str(pretty=True)
    return _add_atom_enclosures(generator.atom_str(pretty=True), feed.posts, site, base)


def _channel(feed: Feed, site: Site, base: str) -> FeedGenerator:
    generator = FeedGenerator()
    generator.load_extension("dc")
    generator.id(urls.absolute(base, feed.page))
    generator.title(feed.title)
    generator.description(feed.description)
    generator.language("vi")
    generator.generator("thidua", uri="https://thiduakhenthuong.example.vn/")
    generator.link(href=urls.absolute(base, feed.path), rel="self")
    generator.link(href=urls.absolute(base, feed.page), rel="alternate")  # last: the RSS <link>
    newest = max((_updated(post) for post in feed.posts), default=None) or \
        max((item.published for item in feed.items), default=None) or \
        max((_updated(post) for post in site.posts), default=EMPTY_SITE_DATE)
    generator.lastBuildDate(newest)
    generator.updated(newest)
    return generator


def _entry(generator: FeedGenerator, post: Post, site: Site, base: str,
           with_enclosure: bool, units: Mapping[str, str]) -> None:
    url = urls.absolute(base, post.url)
    entry = _new_entry(generator, url, post.title, post.date.moment, _updated(post),
                       post.summary or post.title)
    entry.content(urls.absolute_links(post.body_html, url), type="html")
    if post.meta.author:
        entry.author(name=post.meta.author)
        entry.dc.dc_creator(post.meta.author)
    for term, label, scheme in _categories(post, site, base, units):
        entry.category(term=term, label=label, scheme=scheme)
    if with_enclosure and _shared(post):
        entry.enclosure(*_enclosure(post, base))


def _new_entry(generator: FeedGenerator, url: str, title: str, published: datetime,
               updated: datetime, summary: str):
    """An entry with what every entry has: its page as id, guid and link, title, dates."""
    entry = generator.add_entry(order="append")
    entry.id(url)
    entry.guid(url, permalink=True)
    entry.title(title)
    entry.link(href=url, rel="alternate")
    entry.published(published)
    entry.updated(updated)
    entry.summary(summary)
    return entry


def _item_entry(generator: FeedGenerator, item: FeedItem, base: str,
                with_enclosure: bool) -> None:
    """A document or a consultation (plan/feeds.py FeedItem)."""
    entry = _new_entry(generator, urls.absolute(base, item.url), item.title, item.published,
                       item.published, item.summary)
    for term, label, scheme in item.categories:
        entry.category(term=term, label=label, scheme=urls.absolute(base, scheme))
    if with_enclosure and item.enclosure:
        path, length, mime = item.enclosure
        entry.enclosure(urls.absolute(base, path), str(length), mime)


def _updated(post: Post) -> datetime:
    return (post.meta.updated or post.meta.date).moment


def _categories(post: Post, site: Site, base: str, units: Mapping[str, str]
                ) -> list[tuple[str, str, str]]:
    """The category, the blocs, the units and the tags, each as (term, label, scheme)."""
    category = site.data.categories[post.meta.category]
    found = [(category.id, category.name, urls.absolute(base, urls.CATEGORIES))]
    found += [(ident, site.data.blocs[ident].name, urls.absolute(base, urls.BLOCS))
              for ident in post.meta.blocs]
    found += [(ident, units[ident], urls.absolute(base, urls.UNITS)) for ident in post.meta.units]
    found += [(tag, tag, urls.absolute(base, urls.TAGS)) for tag in post.meta.tags]
    return found


def _entry_key(post: Post, site: Site) -> tuple:
    """What a feed entry shows of a post: its page's content, and its lead picture (the
    enclosure), whose key changes with the picture's content."""
    return (post.url, post.page_digest, post.picture.key if post.picture else None)


def _shared(post: Post):
    """The lead picture's variant feeds and sharing show: 1200 px, JPEG or PNG (pictures/)."""
    return post.picture.share if post.picture is not None and post.picture.ok else None


def _enclosure(post: Post, base: str) -> tuple[str, str, str]:
    variant = _shared(post)
    assert variant is not None and post.picture is not None
    return urls.absolute(base, post.picture.site_path(variant)), str(variant.size), variant.mime


def _add_atom_enclosures(xml: bytes, posts: tuple[Post, ...], site: Site, base: str) -> bytes:
    root = etree.fromstring(xml, _PARSER)
    for entry, post in zip(root.iter(f"{{{ATOM_NS}}}entry"), posts):
        for link in entry.iter(f"{{{ATOM_NS}}}link"):
            link.set("rel", "alternate")  # feedgen dropped it; the only link so far is the page
        if _shared(post):
            href, length, mime = _enclosure(post, base)
            etree.SubElement(entry, f"{{{ATOM_NS}}}link", rel="enclosure", href=href,
                             type=mime, length=length)
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def patch_entry(path: Path, site_url: str, url: str, html: str) -> None:
    """A post's entry gets its new body (a quick rebuild); the feed is written as above."""
    root = etree.fromstring(path.read_bytes(), _PATCH_PARSER)
    address = urls.absolute(site_url, url)
    content = urls.absolute_links(html, address)
    if root.tag == "rss":
        for item in root.iter("item"):
            if item.findtext("guid") == address:
                item.find(f"{{{CONTENT_NS}}}encoded").text = content
        data = etree.tostring(root, pretty_print=True, encoding="UTF-8", xml_declaration=True)
    else:
        for entry in root.iter(f"{{{ATOM_NS}}}entry"):
            if entry.findtext(f"{{{ATOM_NS}}}id") == address:
                entry.find(f"{{{ATOM_NS}}}content").text = content
        etree.indent(root, space="  ")
        data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    replace_file(path, data)
