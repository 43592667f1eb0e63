"""Every address of the site (SPEC §6), decided here and nowhere else.

Addresses are site paths without a leading slash ('' is the home page, 'tin-tuc/2024/slug/'
a post); pages are folders (their file is index.html). Page plans, feeds, the sitemap, the
scaffold, the MkDocs glue and the templates (through the `urls` global) all ask this module;
`relative` turns an address into a link from the page being written.
"""
from __future__ import annotations

import base64
import json
import re
from pathlib import PurePosixPath
from urllib.parse import urlencode, urljoin

HOME = ""
NEWS = "tin-tuc/"
CATEGORIES = "chuyen-muc/"
BLOCS = "khoi-thi-dua/"
UNITS = "don-vi/"
AWARDS = "khen-thuong/"
SEARCH = "tim-kiem/"
DOCUMENTS = "van-ban/"
CONSULTATIONS = "lay-y-kien/"
CAMPAIGNS = "phong-trao/"
ENGLISH = "en/"
TAGS = "the/"

SITE_RSS = "rss.xml"
SITE_ATOM = "atom.xml"
SITEMAP = "sitemap.xml"
SITEMAP_GZ = "sitemap.xml.gz"
DOCUMENTS_FEED = f"{DOCUMENTS}rss.xml"
CONSULTATIONS_FEED = f"{CONSULTATIONS}rss.xml"
# The documents library's filter reads this small index in the browser (SPEC §11).
DOCUMENTS_INDEX = f"{DOCUMENTS}index.json"
SEARCH_FOLDER = "search/"
SEARCH_MANIFEST = "search/index.json"
NOT_FOUND = "404.html"
ROBOTS = "robots.txt"
WEB_MANIFEST = "manifest.webmanifest"
# Icons (outputs/icons.py): the two names browsers and crawlers ask for at the root, the rest
# with the theme's files.
FAVICON_ICO = "favicon.ico"
APPLE_TOUCH_ICON = "apple-touch-icon.png"
EMBLEM = "assets/icons/bieu-trung.svg"  # the portal's own emblem: the default favicon
FAVICON_SVG = "assets/icons/favicon.svg"  # an editor's SVG theme.favicon, as published
SHARE_CARD = "assets/icons/chia-se.jpg"  # what a page without a picture shows when shared
THEME_ASSETS = "assets/"  # the theme's stylesheets, scripts and pictures


# ---- news -----------------------------------------------------------------------------------

def post(year: int, slug: str) -> str:
    """A post: /tin-tuc/YYYY/SLUG/ (SPEC §6), YYYY the year of its date."""
    return f"{NEWS}{year}/{slug}/"


def news_year(year: int) -> str:
    return f"{NEWS}{year}/"


def category(ident: str) -> str:
    return f"{CATEGORIES}{ident}/"


def category_feed(ident: str) -> str:
    return f"{category(ident)}rss.xml"


def tag(ident: str) -> str:
    """A tag's posts: /the/ID/, ID the slug of the tag (model/post.py tag_id)."""
    return f"{TAGS}{ident}/"


PAGE_SEGMENT = "trang"  # first/trang/N/: no post's slug may take it


def list_page(first: str, number: int) -> str:
    """Page `number` of a paginated list whose first page is `first`: first/trang/N/."""
    return first if number == 1 else f"{first}{PAGE_SEGMENT}/{number}/"


# ---- data pages -----------------------------------------------------------------------------

def bloc(ident: str) -> str:
    return f"{BLOCS}{ident}/"


def bloc_feed(ident: str) -> str:
    return f"{bloc(ident)}rss.xml"


def unit(ident: str) -> str:
    return f"{UNITS}{ident}/"


def unit_awards_anchor(proposal: bool) -> str:
    """Where a unit's page lists its collective awards (or what is proposed for it)."""
    return "de-nghi" if proposal else "khen-thuong-tap-the"


def unit_awards(ident: str, proposal: bool) -> str:
    return f"{unit(ident)}#{unit_awards_anchor(proposal)}"


def awards_year(year: int) -> str:
    return f"{AWARDS}{year}/"


def award_title(ident: str) -> str:
    return f"{AWARDS}danh-hieu/{ident}/"


def award_anchor(title: str, proposal: bool) -> str:
    """Where a year's page lists the awards (or proposals) of one title."""
    return f"{'dn' if proposal else 'qd'}-{title}"


def awards_of_title_in_year(year: int, title: str, proposal: bool) -> str:
    return f"{awards_year(year)}#{award_anchor(title, proposal)}"


def decision_anchor(ident: str) -> str:
    """A decision in the list of its year's page (ident: its file name without .yml); not
    'qd-…', which the groups of awards by title use."""
    return f"quyet-dinh-{ident}"


def decision(decision) -> str:
    """A decision, on the page of the year it was signed (decisions have no page of their own)."""
    return f"{awards_year(decision.year)}#{decision_anchor(decision.id)}"


# ---- documents, consultations, campaigns (SPEC §11–13) ---------------------------------------

def document(ident: str) -> str:
    return f"{DOCUMENTS}{ident}/"


def document_type(ident: str) -> str:
    return f"{DOCUMENTS}loai/{ident}/"


def document_file(ident: str, name: str) -> str:
    """A document's file, beside its page: 'van-ban/98-2023-nd-cp/nghi-dinh-98.pdf'."""
    return f"{document(ident)}{name}"


def consultation(ident: str) -> str:
    return f"{CONSULTATIONS}{ident}/"


def campaign(ident: str) -> str:
    return f"{CAMPAIGNS}{ident}/"


def icon(size: int) -> str:
    """A square PNG icon of the web app manifest (outputs/icons.py)."""
    return f"assets/icons/icon-{size}.png"


def header_logo(drawing: bool) -> str:
    """theme.logo as published: a drawing stays SVG, a picture becomes PNG."""
    return f"assets/icons/logo.{'svg' if drawing else 'png'}"


# ---- pages of content/ (rendered by the theme engine) ---------------------------------------

def standalone_page(content_path: str) -> str:
    """A Markdown page of content/ outside posts/: 'gioi-thieu.md' → 'gioi-thieu/',
    'en/index.md' → 'en/' (MkDocs' directory URLs)."""
    path = PurePosixPath(content_path)
    if path.stem in ("index", "README"):
        parent = path.parent.as_posix()
        return "" if parent == "." else f"{parent}/"
    return f"{path.with_suffix('').as_posix()}/"


def page_file(url: str) -> str:
    """The file that serves an address: 'tin-tuc/' → 'tin-tuc/index.html'."""
    return url + "index.html" if url == "" or url.endswith("/") else url


# ---- links ----------------------------------------------------------------------------------

def relative(target: str, page_url: str) -> str:
    """Link from the page at `page_url` to `target`, both site paths ('tin-tuc/2024/slug/',
    'assets/logo.png', '' for the home page). Called for every link of every page, so it
    works on path segments rather than through posixpath.relpath."""
    here = page_url.split("/")[:-1]  # the folders of the page ('x/y.html' → ['x'])
    there = target.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "../" * (len(here) - common) + "/".join(there[common:]) or "./"


def absolute(site_url: str, target: str) -> str:
    """The full address of a site path, as canonical links, feeds, the sitemap and sharing
    need it (site_url ends with a slash: config/settings.py sees to it)."""
    if site_url.endswith("/") and not target.startswith("/") and "://" not in target:
        return site_url + target  # every page of a build: no need for urljoin's parsing
    return urljoin(site_url, target)


URL_ATTRIBUTE = re.compile(r'\b(href|src)="([^"]*)"')


_SRCSET = re.compile(r'\bsrcset="([^"]*)"')


def absolute_links(html: str, page_url: str) -> str:
    """Links of some HTML made absolute against the full address of its page (feed readers
    do not know where a post lives); the files of a picture's srcset too."""
    html = URL_ATTRIBUTE.sub(lambda m: f'{m.group(1)}="{urljoin(page_url, m.group(2))}"', html)
    if "srcset" in html:
        html = _SRCSET.sub(lambda m: 'srcset="' + ", ".join(
            urljoin(page_url, item.strip()) for item in m.group(1).split(",")) + '"', html)
    return html


# ---- sharing: the pages of Facebook and Zalo that share an address ---------------------------

def facebook_share(address: str) -> str:
    """Facebook's share dialog for a full address (it reads the page's Open Graph tags)."""
    return "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": address})


def zalo_share(address: str) -> str:
    """Zalo's share page for a full address. Zalo documents only its script button, which
    opens this page with the address both as `url` and as `d`, the base64 of {"url": …}; the
    portal links to it directly, loading nothing from Zalo. Zalo reads Open Graph too."""
    data = base64.b64encode(json.dumps({"url": address}, separators=(",", ":")).encode())
    return "https://sp.zalo.me/share_inline?" + urlencode({"url": address, "d": data.decode()})
