"""Checking a built site: every internal link, picture, stylesheet, script and feed reference
resolves to a file; every page has a title and a canonical URL; the sitemap lists every page and
nothing else; nothing links to a draft or a scheduled post.

The build checks each page as it writes it (LinkCheck, on the HTML in memory, against the
files the build is writing); `build.py verify` reads a built site from disk (verify_site).
"""
from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import unquote

from .. import urls
from ..core.workers import parallel_map

# Inside a tag: text such as `<a href="x">` shown in a code block is escaped (&lt;a …), so it
# is not taken for a link.
_REFERENCE = re.compile(r'<[a-z][^<>]*?\s(?:href|src)="([^"]*)"')
_TITLE = re.compile(r"<title>\s*([^<]*?)\s*</title>", re.S)
_CANONICAL = re.compile(r'<link rel="canonical" href="[^"]+"')
_LOC = re.compile(r"<loc>([^<]+)</loc>")
_FEED_LINK = re.compile(r"<link>([^<]+)</link>|<link href=\"([^\"]+)\"")
_OUTSIDE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:|//|#")  # any scheme (HTTPS:, zalo:…), or none
NOT_PAGES = ("404.html",)  # written for the server's errors: no title of its own, not listed


@dataclass(frozen=True)
class Broken:
    page: str  # the page (or feed, or sitemap) as a site path: 'tin-tuc/2024/x/'
    message: str
    damaged: bool = False  # the file itself is broken on disk (not UTF-8, not XML)

    def __str__(self) -> str:
        return f"/{self.page}: {self.message}"


class BrokenSite(Exception):
    """Pages of the site link to files that are not there."""

    def __init__(self, broken: list) -> None:
        self.broken = broken
        super().__init__("\n".join(str(b) for b in broken))


def find_references(html: str) -> list[str]:
    """The href and src values of the tags of some HTML."""
    return _REFERENCE.findall(html)


class LinkCheck:
    """Finds the references of a page that lead nowhere in the site."""

    def __init__(self, files: Container[str], hidden: dict[str, str] | None = None):
        self.files = files  # every file of the site, relative: 'tin-tuc/index.html'
        self.hidden = hidden or {}  # url of a draft or scheduled post → its status
        self.answers: dict[tuple[str, str], str | None] = {}

    def page(self, url: str, html: str, references: list[str] | None = None) -> list[Broken]:
        """`url` is the page's site path: '' for the home page, 'tin-tuc/' or '404.html'.
        `references`, when the caller knows them, are the page's href and src values (a
        page poured into a theme frame: writer.page_references); else they are found in
        `html`."""
        found = []
        if url not in NOT_PAGES:
            title = _TITLE.search(html)
            if title is None or not title.group(1):
                found.append(Broken(url, "trang không có tiêu đề (<title>)"))
            if not _CANONICAL.search(html):
                found.append(Broken(url, "trang không có địa chỉ chuẩn (link rel=canonical)"))
        if references is None:
            references = find_references(html)
        return found + self.references(url, references)

    def links(self, url: str, html: str) -> list[Broken]:
        """The broken references of a page (or of a part of it, such as a post's body)."""
        return self.references(url, find_references(html))

    def references(self, url: str, references: list[str]) -> list[Broken]:
        """Which of a page's href and src values lead nowhere."""
        found = []
        folder = url if url.endswith("/") or not url else url.rpartition("/")[0] + "/"
        base = "/" + folder.lstrip("/")
        # Most links go up to the site's root and down again (theme files, navigation, cards):
        # checked from the root, they are the same on every page, and checked once.
        up = "../" * base.count("/", 1)
        for reference in references:
            if up and reference.startswith(up) and not reference.startswith("../", len(up)):
                problem = self.reference("/", reference[len(up):])
            else:
                problem = self.reference(base, reference)
            if problem:
                found.append(Broken(url, f"liên kết {reference} {problem}"))
        return found

    def reference(self, base: str, reference: str) -> str | None:
        """What is wrong with a reference from a page in folder `base` ('/tin-tuc/'), if
        anything ("không dẫn tới tệp nào (…)").
        Pages repeat the same references (theme files, navigation), so answers are kept."""
        key = (base, reference)
        if key not in self.answers:
            self.answers[key] = self._reference(base, reference)
        return self.answers[key]

    def _reference(self, base: str, reference: str) -> str | None:
        if not reference or _OUTSIDE.match(reference):
            return None
        target = _resolve(base, reference.replace("&amp;", "&"))
        if target is None:
            return "ra ngoài trang web"
        folder = target if target.endswith("/") or not target else target + "/"
        if folder in self.hidden:
            kind = "bài nháp" if self.hidden[folder] == "draft" else "bài hẹn giờ chưa đăng"
            return f"trỏ tới {kind}"
        if not target or target.endswith("/"):
            target += "index.html"
        if target not in self.files:
            return f"không dẫn tới tệp nào ({target})"
        return None


def _resolve(base: str, reference: str) -> str | None:
    """The site path a reference leads to from folder `base`, or None when it leaves the site.
    (urljoin would do, at ten times the cost, for every link of every page.)"""
    path = reference.split("#", 1)[0].split("?", 1)[0]
    if "%" in path:
        path = unquote(path)
    parts = [] if path.startswith("/") else base.strip("/").split("/") if base.strip("/") else []
    segments = path.lstrip("/").split("/")
    for segment in segments[:-1]:
        if segment == "..":
            if not parts:
                return None
            parts.pop()
        elif segment not in ("", "."):
            parts.append(segment)
    last = segments[-1]
    if last == "..":
        if not parts:
            return None
        parts.pop()
        last = ""
    elif last == ".":
        last = ""
    return "/".join(parts + [last]) if parts else last


def verify_site(site_dir: Path, site_url: str, hidden: dict[str, str] | None = None) -> list[Broken]:
    """Read a built site from disk and check all of it."""
    files = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()}
    check = LinkCheck(files, hidden)
    # The pages the build writes; other .html files (attachments in content/) are not pages.
    pages = sorted(f for f in files if f.endswith("index.html") or f in NOT_PAGES)
    found = [broken for part in parallel_map(partial(_check_file, site_dir, check), pages)
             for broken in part]
    found += check_sitemap(site_dir, site_url, files)
    for feed in sorted(f for f in files if f.endswith(("rss.xml", "atom.xml"))):
        xml = _read_xml(site_dir, feed, found)
        if xml is not None:
            found += check_feed(feed, xml, site_url, check)
    return found


def _check_file(site_dir: Path, check: LinkCheck, relative: str) -> list[Broken]:
    url = relative[:-len("index.html")] if relative.endswith("index.html") else relative
    found: list[Broken] = []
    html = _read_text(site_dir, relative, url, found)
    return found if html is None else check.page(url, html)


def _read_text(site_dir: Path, relative: str, name: str, found: list[Broken]) -> str | None:
    """A file of the built site as text; None, with what is wrong added to `found`, when it
    cannot be read or is not UTF-8 (a page changed by hand, a copy cut short)."""
    try:
        data = (site_dir / relative).read_bytes()
    except OSError as error:
        found.append(Broken(name, f"không đọc được tệp {relative} ({error.strerror})", True))
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        found.append(Broken(name, f"tệp {relative} không phải văn bản UTF-8 (byte lạ ở dòng "
                                  f"{line}): trang bị sửa tay hoặc chép hỏng", True))
        return None


def _read_xml(site_dir: Path, relative: str, found: list[Broken]) -> str | None:
    """An XML file of the built site (sitemap, feed) as text, if it is well-formed XML."""
    from lxml import etree  # verify's alone: builds that change nothing never load it

    text = _read_text(site_dir, relative, relative, found)
    if text is None:
        return None
    try:
        etree.fromstring(text.encode("utf-8"), etree.XMLParser(huge_tree=True,
                                                               resolve_entities=False))
    except etree.XMLSyntaxError as error:
        line = f" (dòng {error.lineno})" if error.lineno else ""
        found.append(Broken(relative, f"không phải XML hợp lệ{line}: tệp bị cắt ngắn hoặc sửa "
                                      "tay", True))
        return None
    return text


def page_urls(files: set[str]) -> set[str]:
    """The pages of a site: folders with an index.html (the sitemap lists those)."""
    return {f[:-len("index.html")] for f in files if f.endswith("index.html")}


def check_sitemap(site_dir: Path, site_url: str, files: set[str]) -> list[Broken]:
    if urls.SITEMAP not in files:
        return [Broken(urls.SITEMAP, "không có sitemap.xml")]
    found: list[Broken] = []
    xml = _read_xml(site_dir, urls.SITEMAP, found)
    if xml is None:
        return found
    listed = {loc[len(site_url):] if loc.startswith(site_url) else loc
              for loc in _LOC.findall(xml)}
    pages = page_urls(files)
    return ([Broken(urls.SITEMAP, f"thiếu trang /{url}") for url in sorted(pages - listed)]
            + [Broken(urls.SITEMAP, f"liệt kê /{url} nhưng không có trang đó")
               for url in sorted(listed - pages)])


def check_feed(path: str, xml: str, site_url: str, check: LinkCheck) -> list[Broken]:
    """The posts a feed links to must be pages of the site."""
    found = []
    for rss, atom in _FEED_LINK.findall(xml):
        link = rss or atom
        if link.startswith(site_url):
            problem = check.reference("/", "/" + link[len(site_url):])
            if problem:
                found.append(Broken(path, f"liên kết {link} {problem}"))
    return found
