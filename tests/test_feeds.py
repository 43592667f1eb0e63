"""Feeds as readers see them: feedparser on every feed of a built site, and two identical builds."""
from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta
from urllib.parse import urljoin

import feedparser
import pytest
from lxml import html as lxml_html

from conftest import BLOCS, CATEGORIES, GIF, MKDOCS_YML, UNITS, SiteFolder

BASE = "https://thidua.example.vn/"
BLOC = "khoi-tham-muu-tong-hop"


def _post_front(n: int) -> dict:
    front = {"title": f"Tin số {n:02d} & <b>đậm</b>", "date": f"2024-{1 + n // 28:02d}-{1 + n % 28:02d} 08:{n:02d}"}
    if n % 3 == 0:
        front["blocs"] = [BLOC]
    if n % 4 == 0:
        front["category"] = "khen-thuong"
    if n % 5 == 0:
        front.update(image="images/anh.gif", image_alt="Ảnh minh họa", author="Tin, ảnh: Lam Hồng",
                     tags=["giao ước", "tổng kết"])
    return front


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> SiteFolder:
    site = SiteFolder(tmp_path_factory.mktemp("feeds") / "portal")
    site.write("mkdocs.yml", MKDOCS_YML.format(per_page=10))
    site.data("units.yml", {"units": UNITS})
    site.data("blocs.yml", {"blocs": BLOCS})
    site.data("categories.yml", {"categories": CATEGORIES})
    site.write("content/posts/images/anh.gif", GIF)
    for n in range(1, 56):
        site.post(f"tin-{n:02d}", _post_front(n),
                  f"Đoạn đầu của tin {n}.\n\n[Liên kết](tin-01.md) và ![ảnh](images/anh.gif)\n")
    site.post("tin-sua", {"title": "Tin được sửa", "date": "2024-02-20 09:00",
                          "updated": "2024-02-26 10:15", "blocs": [BLOC]})
    site.post("nhap", {"title": "Tin nháp", "date": "2024-03-01", "draft": True, "blocs": [BLOC]})
    future = (date.today() + timedelta(days=10)).isoformat()
    site.post("hen", {"title": "Tin hẹn giờ", "date": future, "blocs": [BLOC]})
    result = site.build()
    assert result.code == 0, result.text
    return site


def parse(site: SiteFolder, path: str):
    feed = feedparser.parse((site.out / path).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def titles(feed) -> list[str]:
    return [entry.title for entry in feed.entries]


def expected_newest(count: int, keep=lambda title: True) -> list[str]:
    """Titles newest first, as the fixture dates them (the edited post sits on 20/02)."""
    dated = [(_post_front(n)["date"], f"Tin số {n:02d} & <b>đậm</b>") for n in range(1, 56)]
    dated.append(("2024-02-20 09:00", "Tin được sửa"))
    ordered = [title for _, title in sorted(dated, reverse=True) if keep(title)]
    return ordered[:count]


def number(title: str) -> int:
    return int(title[7:9]) if title.startswith("Tin số") else 0


def test_site_rss(built):
    feed = parse(built, "rss.xml")
    assert feed.version == "rss20"
    assert feed.feed.language == "vi"
    assert feed.feed.link == BASE
    assert {"rel": "self", "href": BASE + "rss.xml"}.items() <= \
        next(l for l in feed.feed.links if l.rel == "self").items()
    assert len(feed.entries) == 50
    assert titles(feed) == expected_newest(50)
    assert "Tin nháp" not in titles(feed) and "Tin hẹn giờ" not in titles(feed)
    first = feed.entries[0]
    assert first.link.startswith(BASE + "tin-tuc/2024/tin-so-")
    assert first.id == first.link and first.guidislink is False
    assert first.published.endswith("+0700")


def assert_enclosure(site: SiteFolder, entry) -> None:
    """The enclosure is the lead picture's published variant (the 1x1 transparent GIF
    becomes a PNG), with its true length; never the committed file."""
    [enclosure] = entry.enclosures
    name = enclosure.href.removeprefix(BASE + "posts/images/")
    assert re.fullmatch(r"anh-1\.[0-9a-f]{10}\.png", name), enclosure.href
    assert enclosure.type == "image/png"
    assert enclosure.length == str((site.out / "posts/images" / name).stat().st_size)
    assert not (site.out / "posts/images/anh.gif").exists()


def test_entry_details(built):
    feed = parse(built, "rss.xml")
    entry = next(e for e in feed.entries if e.title.startswith("Tin số 30 "))
    assert entry.published == "Sat, 03 Feb 2024 08:30:00 +0700"
    assert entry.author == "Tin, ảnh: Lam Hồng"
    assert entry.summary == "Đoạn đầu của tin 30."
    assert {t.term for t in entry.tags} == {"Tin hoạt động", "Khối thi đua Tham mưu – Tổng hợp",
                                            "giao ước", "tổng kết"}
    assert_enclosure(built, entry)
    body = entry.content[0].value
    assert 'href="https://thidua.example.vn/tin-tuc/2024/tin-so-01-b-dam-b/"' in body
    assert re.search(r'src="https://thidua.example.vn/posts/images/anh-1\.[0-9a-f]{10}\.png"', body)
    raw = (built.out / "rss.xml").read_text(encoding="utf-8")  # (feedparser drops srcset)
    assert re.search(r'srcset="https://thidua.example.vn/posts/images/anh-1\.[0-9a-f]{10}\.webp 1w"',
                     raw.replace("&quot;", '"')) and 'srcset="../' not in raw.replace("&quot;", '"')


def test_site_atom_has_content_enclosures_and_dates(built):
    feed = parse(built, "atom.xml")
    assert feed.version == "atom10"
    assert feed.feed.get("language") == "vi"
    assert titles(feed) == expected_newest(50)
    entry = next(e for e in feed.entries if e.title.startswith("Tin số 30 "))
    assert entry.published == "2024-02-03T08:30:00+07:00"
    assert entry.updated == "2024-02-03T08:30:00+07:00"
    assert entry.content[0].type == "text/html" and "Đoạn đầu của tin 30." in entry.content[0].value
    assert entry.link == BASE + "tin-tuc/2024/tin-so-30-b-dam-b/"
    assert_enclosure(built, entry)
    assert [l.rel for l in entry.links] == ["alternate", "enclosure"]
    assert next(l for l in feed.feed.links if l.rel == "self").href == BASE + "atom.xml"


def test_bloc_feed_holds_exactly_the_blocs_posts(built):
    feed = parse(built, f"khoi-thi-dua/{BLOC}/rss.xml")
    assert titles(feed) == expected_newest(60, lambda t: number(t) % 3 == 0)
    assert "Tin được sửa" in titles(feed)
    assert feed.feed.link == BASE + f"khoi-thi-dua/{BLOC}/"


def test_category_feeds(built):
    khen = parse(built, "chuyen-muc/khen-thuong/rss.xml")
    assert titles(khen) == expected_newest(60, lambda t: number(t) and number(t) % 4 == 0)
    default = parse(built, "chuyen-muc/tin-hoat-dong/rss.xml")
    assert titles(default) == expected_newest(50, lambda t: number(t) % 4 != 0 or not number(t))


def test_updated_date_is_used(built):
    entry = next(e for e in parse(built, "atom.xml").entries if e.title == "Tin được sửa")
    assert entry.published == "2024-02-20T09:00:00+07:00"
    assert entry.updated == "2024-02-26T10:15:00+07:00"
    # A feed's own date is its newest entry's, never the time of the build.
    atom = parse(built, "atom.xml")
    assert atom.feed.updated == max(e.updated for e in atom.entries) == "2024-02-28T08:55:00+07:00"
    assert parse(built, f"khoi-thi-dua/{BLOC}/rss.xml").feed.updated == \
        "Tue, 27 Feb 2024 08:54:00 +0700"


def _resolved(page_url: str, hrefs: list[str]) -> set[str]:
    return {urljoin(BASE + page_url, href)[len(BASE):] for href in hrefs}


def test_autodiscovery_and_visible_links(built):
    for page in built.out.rglob("index.html"):
        head = lxml_html.fromstring(page.read_text(encoding="utf-8")).head
        types = {link.get("type") for link in head.xpath("link[@rel='alternate']")}
        assert {"application/rss+xml", "application/atom+xml"} <= types, page
    for url, feed in [(f"khoi-thi-dua/{BLOC}/", f"khoi-thi-dua/{BLOC}/rss.xml"),
                      ("chuyen-muc/khen-thuong/", "chuyen-muc/khen-thuong/rss.xml")]:
        page = lxml_html.fromstring(built.page(url))
        assert feed in _resolved(url, page.head.xpath("link[@rel='alternate']/@href"))
        assert feed in _resolved(url, page.xpath("//a[@class='thidua-feed']/@href")), url
    news = lxml_html.fromstring(built.page("tin-tuc/"))
    assert "rss.xml" in _resolved("tin-tuc/", news.xpath("//a[@class='thidua-feed']/@href"))


def test_feeds_are_byte_identical_across_builds(built, tmp_path):
    first = {p.relative_to(built.out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in built.out.rglob("*.xml") if p.name in ("rss.xml", "atom.xml")}
    again = built.run("build", "-d", str(tmp_path / "again"))
    assert again.code == 0, again.text
    second = {p.relative_to(tmp_path / "again").as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
              for p in (tmp_path / "again").rglob("*.xml") if p.name in ("rss.xml", "atom.xml")}
    # site RSS and Atom, the bloc's, each category's, new documents and consultations
    assert len(first) == 2 + 1 + len(CATEGORIES) + 2
    assert first == second


def test_missing_site_url_is_a_clear_error(site):
    site.write("mkdocs.yml", MKDOCS_YML.format(per_page=10).replace(
        "site_url: https://thidua.example.vn/\n", ""))
    result = site.build()
    assert result.code == 1 and "Traceback" not in result.text
    assert "mkdocs.yml: trường site_url: thiếu site_url" in result.err
    assert "site_url: https://" in result.err
