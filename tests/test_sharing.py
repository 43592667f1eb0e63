"""Sharing and being found (SPEC §15, §6): every page's Open Graph, Twitter card and schema.org
data, read back from built sites with lxml and json; og:image is a file of the announced size;
robots.txt, the icons and the web app manifest; tag pages and previous/next posts."""
from __future__ import annotations

import base64
import io
import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import html as lxml_html
from PIL import Image

from browser import copy_sample
from conftest import REPO, UNITS, SiteFolder, run_build_py, small_site
from thidua.core.text import words_of
from thidua.outputs.search import bucket_of

SITE_URL = "https://thiduakhenthuong.example.vn/"
SMALL_URL = "https://thidua.example.vn/"
POST_PAGE = re.compile(r"^tin-tuc/\d{4}/[^/]+/$")
SCHEMA = "https://schema.org"
# The schema.org types the portal writes: each is a real type of https://schema.org.
SCHEMA_TYPES = {"NewsArticle", "BreadcrumbList", "ListItem", "GovernmentOrganization", "WebSite",
                "SearchAction", "ImageObject", "Person", "WebPage", "PostalAddress",
                "DigitalDocument", "MediaObject"}


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sharing")
    config = copy_sample(root / "mau")
    out = root / "site"
    result = run_build_py("build", "-f", str(config), "-d", str(out))
    assert result.code == 0, result.text
    return out


def pages_of(site: Path) -> dict[str, Path]:
    """Every page of a built site by its address ('' the home page), 404.html aside."""
    return {path.parent.relative_to(site).as_posix().removeprefix(".") + "/"
            if path.parent != site else "": path for path in site.rglob("index.html")}


def meta(page) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for element in page.xpath("//head/meta[@property or @name]"):
        key = element.get("property") or element.get("name")
        found.setdefault(key, []).append(element.get("content"))
    return found


def structured(page) -> list[dict]:
    return [json.loads(script.text)
            for script in page.xpath("//head/script[@type='application/ld+json']")]


def types_in(value) -> set[str]:
    if isinstance(value, dict):
        found = {value["@type"]} if "@type" in value else set()
        return found.union(*(types_in(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(types_in(v) for v in value))
    return set()


def local_file(site: Path, address: str, site_url: str) -> Path:
    assert address.startswith(site_url), address
    return site / address[len(site_url):]


def in_vietnam(stamp: str) -> datetime:
    moment = datetime.fromisoformat(stamp)
    assert moment.utcoffset() == timedelta(hours=7), stamp
    return moment


def test_every_page_shares_its_title_summary_address_and_a_picture_of_its_size(sample):
    pages = pages_of(sample)
    assert len(pages) > 100
    for url, path in pages.items():
        page = lxml_html.fromstring(path.read_bytes())
        found = meta(page)
        one = {key: values[0] for key, values in found.items()}
        canonical = page.xpath("//link[@rel='canonical']/@href")[0]
        assert one["og:url"] == canonical == SITE_URL + url, url
        assert one["og:type"] == ("article" if POST_PAGE.match(url) else "website"), url
        assert one["og:locale"] == "vi_VN", url  # SPEC §15: every page, the English one too
        assert one["og:site_name"].startswith("Cổng thông tin")
        assert one["og:title"] and one["og:description"], url
        assert one["og:description"] == one["twitter:description"]
        assert one["twitter:card"] == "summary_large_image"
        assert one["og:image:alt"], url
        picture = local_file(sample, one["og:image"], SITE_URL)
        with Image.open(picture) as image:
            assert image.size == (int(one["og:image:width"]), int(one["og:image:height"])), url
            assert Image.MIME[image.format] == one["og:image:type"]
        assert one["twitter:image"] == one["og:image"]
        for data in structured(page):
            assert data["@context"] == SCHEMA and types_in(data) <= SCHEMA_TYPES, (url, data)
        if POST_PAGE.match(url):
            in_vietnam(one["article:published_time"])
            in_vietnam(one["article:modified_time"])


def test_a_post_is_a_news_article_with_its_byline_dates_picture_and_publisher(sample):
    url = "tin-tuc/2024/so-tai-chinh-vinh-du-don-nhan-co-thi-dua-cua-chinh-phu/"
    page = lxml_html.fromstring((sample / url / "index.html").read_bytes())
    found = meta(page)
    assert found["og:title"] == ["Sở Tài chính vinh dự đón nhận Cờ thi đua của Chính phủ"]
    summary = page.xpath("string(//p[@class='thidua-post__lead'])").strip()
    assert found["og:description"] == [summary]
    assert found["article:published_time"] == ["2024-05-08T15:30:00+07:00"]
    assert found["article:section"] == ["Khen thưởng"]
    assert "Cờ thi đua của Chính phủ" in found["article:tag"]
    # The lead picture's 1200-px variant, beside the others the page shows.
    srcset = page.xpath("string(//figure[@class='thidua-post__image']//img/@srcset)")
    shared = [src for src, width in (item.split() for item in srcset.split(", "))
              if width == "1200w"]
    assert found["og:image"] == [SITE_URL + shared[0].replace("../", "")]
    assert found["og:image:width"] == ["1200"] and found["og:image:type"] == ["image/jpeg"]
    article, crumbs = structured(page)
    assert article["@type"] == "NewsArticle"
    assert article["headline"] == found["og:title"][0]
    assert article["mainEntityOfPage"]["@id"] == SITE_URL + url
    assert in_vietnam(article["datePublished"]) <= in_vietnam(article["dateModified"])
    assert article["image"][0]["url"] == found["og:image"][0]
    assert article["image"][0]["width"] == int(found["og:image:width"][0])
    byline = page.xpath("string(//p[@class='thidua-post__author'])").strip()
    assert article["author"] == [{"@type": "Person", "name": byline}]
    publisher = article["publisher"]
    assert publisher["@type"] == "GovernmentOrganization"
    assert publisher["name"] == "Ban Thi đua – Khen thưởng tỉnh Nam Định (dữ liệu mẫu)"
    with Image.open(local_file(sample, publisher["logo"]["url"], SITE_URL)) as logo:
        assert logo.size == (publisher["logo"]["width"], publisher["logo"]["height"]) == (512, 512)
    # The breadcrumbs as the page shows them, then the post itself.
    shown = page.xpath("//nav[@class='thidua-crumbs']//a/text()")
    items = crumbs["itemListElement"]
    assert [item["name"] for item in items] == shown + [found["og:title"][0]]
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))
    assert items[-1]["item"] == SITE_URL + url and items[0]["item"] == SITE_URL


def test_the_home_page_describes_the_office_and_other_pages_their_place(sample):
    home = lxml_html.fromstring((sample / "index.html").read_bytes())
    office, website = structured(home)
    assert office["@type"] == "GovernmentOrganization"
    assert office["name"] == "Ban Thi đua – Khen thưởng tỉnh Nam Định (dữ liệu mẫu)"
    assert office["address"] == {"@type": "PostalAddress",
                                 "streetAddress": "Số 1 đường Mẫu, thành phố Nam Định",
                                 "addressCountry": "VN"}
    assert office["telephone"] == "0228 000 0000" and office["email"] == "banthidua@example.vn"
    assert office["url"] == SITE_URL
    assert website["@type"] == "WebSite"
    assert website["potentialAction"]["target"] == SITE_URL + "tim-kiem/?q={search_term_string}"
    assert meta(home)["og:type"] == ["website"]
    # Pages without a picture of their own share the portal's card, 1200 × 630.
    assert meta(home)["og:image"] == [SITE_URL + "assets/icons/chia-se.jpg"]
    assert meta(home)["og:image:width"] == ["1200"] and meta(home)["og:image:height"] == ["630"]
    unit = lxml_html.fromstring((sample / "don-vi/so-tai-chinh/index.html").read_bytes())
    (crumbs,) = structured(unit)
    assert [item["name"] for item in crumbs["itemListElement"]] == ["Trang chủ", "Đơn vị",
                                                                     "Sở Tài chính"]
    # A standalone page of content/ (rendered by MkDocs) shares itself too.
    about = lxml_html.fromstring((sample / "gioi-thieu/index.html").read_bytes())
    assert meta(about)["og:title"] == ["Giới thiệu"]
    assert meta(about)["og:url"] == [SITE_URL + "gioi-thieu/"]
    assert meta(about)["og:type"] == ["website"]


@pytest.mark.parametrize("url, title, crumbs", [
    ("van-ban/98-2023-nd-cp/", "Nghị định 98/2023/NĐ-CP", ["Trang chủ", "Văn bản", "Nghị định"]),
    ("lay-y-kien/co-thi-dua-chinh-phu-nam-2023/",
     "Lấy ý kiến nhân dân về đề nghị tặng Cờ thi đua của Chính phủ năm 2023",
     ["Trang chủ", "Lấy ý kiến"]),
    ("phong-trao/van-hoa-cong-so/", "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở",
     ["Trang chủ", "Phong trào thi đua"]),
])
def test_documents_consultations_and_campaigns_share_themselves(sample, url, title, crumbs):
    page = lxml_html.fromstring((sample / url / "index.html").read_bytes())
    found = meta(page)
    assert found["og:title"] == [title] and found["og:url"] == [SITE_URL + url]
    assert found["og:type"] == ["website"] and found["og:description"][0]
    data = {item["@type"]: item for item in structured(page)}
    names = [item["name"] for item in data["BreadcrumbList"]["itemListElement"]]
    assert names == crumbs + [title]
    if url.startswith("van-ban/"):  # a document: its number, issuer, date and file
        document = data["DigitalDocument"]
        assert document["identifier"] == "98/2023/NĐ-CP" and document["url"] == SITE_URL + url
        assert document["author"] == {"@type": "GovernmentOrganization", "name": "Chính phủ"}
        assert in_vietnam(document["datePublished"]).date().isoformat() == "2023-12-31"
        assert document["publisher"]["@type"] == "GovernmentOrganization"
        file = document["encoding"]
        path = local_file(sample, file["contentUrl"], SITE_URL)
        assert file["contentSize"] == f"{path.stat().st_size} B"
        assert file["encodingFormat"] == "application/pdf"
    else:
        assert set(data) == {"BreadcrumbList"}


def test_robots_txt_names_the_sitemap(sample):
    robots = (sample / "robots.txt").read_text(encoding="utf-8")
    assert robots.splitlines() == ["User-agent: *", "Allow: /", "",
                                   f"Sitemap: {SITE_URL}sitemap.xml"]
    assert (sample / "sitemap.xml").is_file()


def test_the_favicon_and_icons_are_the_portals_emblem_not_materials(sample):
    import material

    book = (Path(material.__file__).parent / "templates/assets/images/favicon.png").read_bytes()
    page = lxml_html.fromstring((sample / "tin-tuc/index.html").read_bytes())
    icons = page.xpath("//head/link[@rel='icon']/@href")
    assert icons == ["../assets/icons/bieu-trung.svg", "../favicon.ico"]
    for href in icons:
        data = (sample / "tin-tuc" / href).resolve().read_bytes()
        assert data != book
    assert b"<svg" in (sample / "assets/icons/bieu-trung.svg").read_bytes()
    assert not list(sample.rglob("favicon.png"))  # Material's book is not published
    with Image.open(sample / "favicon.ico") as ico:
        assert ico.format == "ICO" and (48, 48) in ico.info["sizes"]
    touch = page.xpath("//head/link[@rel='apple-touch-icon']/@href")[0]
    with Image.open(sample / "tin-tuc" / touch) as picture:
        assert picture.size == (180, 180)
    manifest_href = page.xpath("//head/link[@rel='manifest']/@href")[0]
    manifest = json.loads((sample / "tin-tuc" / manifest_href).read_text(encoding="utf-8"))
    assert manifest["name"] == "Cổng thông tin Thi đua – Khen thưởng tỉnh Nam Định"
    assert manifest["lang"] == "vi" and manifest["display"] == "standalone"
    assert manifest["start_url"] == "./"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    for icon in manifest["icons"]:
        with Image.open(sample / icon["src"]) as picture:
            assert f"{picture.width}x{picture.height}" == icon["sizes"]
            assert picture.getpixel((picture.width // 2, picture.height // 2))[:3] == (242, 194, 0)
    # The header shows the same emblem.
    assert page.xpath("//a[@class='thidua-brand']/svg[@class='thidua-brand__emblem']")


def test_no_page_loads_a_script_of_another_site(sample):
    for url, path in pages_of(sample).items():
        page = lxml_html.fromstring(path.read_bytes())
        for src in page.xpath("//script/@src"):
            assert "://" not in src, (url, src)


def test_a_post_shares_to_facebook_and_zalo_and_copies_its_address(sample):
    url = "tin-tuc/2024/so-tai-chinh-vinh-du-don-nhan-co-thi-dua-cua-chinh-phu/"
    page = lxml_html.fromstring((sample / url / "index.html").read_bytes())
    (share,) = page.xpath("//div[@class='thidua-share']")
    facebook, zalo = share.xpath(".//a")
    assert facebook.text_content() == "Chia sẻ lên Facebook (mở thẻ mới)"
    assert zalo.text_content() == "Chia sẻ lên Zalo (mở thẻ mới)"
    address = SITE_URL + url
    link = urlsplit(facebook.get("href"))
    assert (link.netloc, link.path) == ("www.facebook.com", "/sharer/sharer.php")
    assert parse_qs(link.query) == {"u": [address]}
    link = urlsplit(zalo.get("href"))
    assert (link.netloc, link.path) == ("sp.zalo.me", "/share_inline")
    query = parse_qs(link.query)
    assert query["url"] == [address]
    assert json.loads(base64.b64decode(query["d"][0])) == {"url": address}
    assert all(a.get("rel") == "noopener noreferrer" for a in (facebook, zalo))
    (copy,) = share.xpath(".//button[@data-thidua-copy]")
    assert copy.get("data-thidua-copy") == address and copy.get("hidden") is not None


# ---- sites written for a test ----------------------------------------------------------------

def tree(site: SiteFolder, url: str):
    return lxml_html.fromstring(site.page(url).encode())


def test_tags_have_pages_and_two_spellings_that_slug_alike_are_one_tag(site):
    site.post("2024-01-10-a", {"title": "Tin A", "date": "2024-01-10",
                               "tags": ["Giao ước thi đua", "tổng kết"]})
    site.post("2024-01-11-b", {"title": "Tin B", "date": "2024-01-11",
                               "tags": ["giao ước thi đua"]})
    site.post("2024-01-12-c", {"title": "Tin C", "date": "2024-01-12",
                               "tags": ["Giao ước thi đua"]})
    for n in range(1, 12):  # more than a page (per_page is 10)
        site.post(f"2024-02-{n:02d}-d", {"title": f"Tin tổng kết {n}", "date": f"2024-02-{n:02d}",
                                         "tags": ["Tổng kết"]})
    result = site.build()
    assert result.code == 0, result.text
    index = tree(site, "the/")
    entries = [" ".join(li.text_content().split()) for li in index.xpath("//ul[@class='thidua-tag-index']/li")]
    assert entries == ["Giao ước thi đua (3 bài)", "Tổng kết (12 bài)"]
    assert index.xpath("//ul[@class='thidua-tag-index']//a/@href") == [
        "giao-uoc-thi-dua/", "tong-ket/"]
    tag = tree(site, "the/giao-uoc-thi-dua/")
    assert tag.xpath("string(//h1)") == "Từ khóa: Giao ước thi đua"
    assert tag.xpath("//h2[@class='thidua-card__title']/a/text()") == ["Tin C", "Tin B", "Tin A"]
    first = tree(site, "the/tong-ket/")
    second = tree(site, "the/tong-ket/trang/2/")
    titles = (first.xpath("//h2[@class='thidua-card__title']/a/text()")
              + second.xpath("//h2[@class='thidua-card__title']/a/text()"))
    assert titles == [f"Tin tổng kết {n}" for n in range(11, 0, -1)] + ["Tin A"]
    # A post's tags lead to their pages, whichever spelling it uses.
    post = tree(site, "tin-tuc/2024/tin-b/")
    assert post.xpath("//a[@rel='tag']/@href") == ["../../../the/giao-uoc-thi-dua/"]
    assert post.xpath("//a[@rel='tag']/text()") == ["giao ước thi đua"]
    assert site.run("verify", "-d", str(site.out)).code == 0


def test_a_tag_without_a_letter_is_an_error(site):
    site.post("2024-01-10-a", {"title": "Tin A", "date": "2024-01-10", "tags": ["thi đua", "!!!"]})
    result = site.check()
    assert result.code == 1
    assert re.search(r"content/posts/2024-01-10-a\.md:\d+: trường tags\[1\]: từ khóa '!!!' "
                     "không có chữ hay số nào", result.text), result.text


def test_posts_link_the_previous_and_the_next_by_date(site):
    for n, day in enumerate(["2024-03-01", "2024-01-15", "2024-02-10"], start=1):
        site.post(f"tin-{n}", {"title": f"Tin ngày {day}", "date": day})
    assert site.build().code == 0
    middle = tree(site, "tin-tuc/2024/tin-ngay-2024-02-10/")
    assert middle.xpath("//nav[@class='thidua-post-nav']/a[@rel='prev']/@href") == [
        "../tin-ngay-2024-01-15/"]
    assert middle.xpath("//nav[@class='thidua-post-nav']/a[@rel='next']/@href") == [
        "../tin-ngay-2024-03-01/"]
    assert "Tin ngày 2024-01-15" in middle.xpath("string(//a[@rel='prev'])")
    oldest = tree(site, "tin-tuc/2024/tin-ngay-2024-01-15/")
    assert not oldest.xpath("//a[@rel='prev']") and oldest.xpath("//a[@rel='next']")
    newest = tree(site, "tin-tuc/2024/tin-ngay-2024-03-01/")
    assert newest.xpath("//a[@rel='prev']") and not newest.xpath("//a[@rel='next']")


def picture_file(color: tuple[int, int, int], size: tuple[int, int], kind: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=kind)
    return buffer.getvalue()


def test_favicon_logo_and_shared_picture_come_from_mkdocs_yml(tmp_path):
    site = small_site(tmp_path / "portal", "extra:\n  share_image: images/chia-se.jpg\n"
                                           "  share_image_alt: Trụ sở Ban Thi đua\n")
    text = (site.root / "mkdocs.yml").read_text()
    site.write("mkdocs.yml", text.replace("  font: false\n", "  font: false\n"
                                          "  favicon: images/bieu-tuong.png\n"
                                          "  logo: images/bieu-tuong.png\n"))
    site.write("content/images/bieu-tuong.png", picture_file((0, 90, 160), (300, 200)))
    site.write("content/images/chia-se.jpg", picture_file((200, 200, 0), (1000, 520), "JPEG"))
    site.post("2024-01-10-a", {"title": "Tin không ảnh", "date": "2024-01-10"})
    result = site.build()
    assert result.code == 0, result.text
    page = tree(site, "tin-tuc/")
    # Made of the editor's pictures, never those as committed (they may carry EXIF and GPS).
    assert not (site.out / "images/bieu-tuong.png").exists()
    assert not (site.out / "images/chia-se.jpg").exists()
    assert page.xpath("//head/link[@rel='icon']/@href")[0] == "../assets/icons/icon-192.png"
    assert page.xpath("//a[@class='thidua-brand']/img/@src") == ["../assets/icons/logo.png"]
    with Image.open(site.out / "assets/icons/logo.png") as logo:
        assert logo.size == (144, 96)  # 96 px high, for a 48-px header on sharp screens
        assert logo.getpixel((72, 48))[:3] == (0, 90, 160)
    with Image.open(site.out / "assets/icons/icon-192.png") as icon:
        assert icon.size == (192, 192)
        assert icon.getpixel((96, 96))[:3] == (0, 90, 160)
        assert icon.getpixel((96, 2))[3] == 0  # a wide picture is centred, with room around
    with Image.open(site.out / "assets/icons/chia-se.jpg") as card:
        assert card.size == (1200, 630) and not card.info.get("exif")
        assert all(abs(a - b) < 8 for a, b in zip(card.getpixel((600, 315)), (200, 200, 0)))
    for url in ("tin-tuc/", "tin-tuc/2024/tin-khong-anh/"):
        found = meta(tree(site, url))
        assert found["og:image"] == [SMALL_URL + "assets/icons/chia-se.jpg"], url
        assert (found["og:image:width"], found["og:image:height"]) == (["1200"], ["630"])
        assert found["og:image:alt"] == ["Trụ sở Ban Thi đua"]


def test_pictures_named_in_mkdocs_yml_must_exist(tmp_path):
    site = small_site(tmp_path / "portal", "extra:\n  share_image: images/khong-co.jpg\n")
    text = (site.root / "mkdocs.yml").read_text()
    site.write("mkdocs.yml", text.replace("  font: false\n", "  font: false\n"
                                          "  favicon: images/khong-co.png\n"))
    result = site.check()
    assert result.code == 1
    assert re.search(r"mkdocs\.yml:\d+: trường theme\.favicon: không tìm thấy tệp ảnh "
                     r"images/khong-co\.png", result.text), result.text
    assert re.search(r"mkdocs\.yml:\d+: trường extra\.share_image: không tìm thấy tệp ảnh",
                     result.text), result.text


def test_content_robots_txt_and_favicon_ico_win(site):
    site.post("2024-01-10-a", {"title": "Tin A", "date": "2024-01-10"})
    site.write("content/robots.txt", "User-agent: *\nDisallow: /ban-nhap/\n")
    site.write("content/favicon.ico", picture_file((1, 2, 3), (32, 32), "ICO"))
    assert site.build().code == 0
    assert (site.out / "robots.txt").read_text() == "User-agent: *\nDisallow: /ban-nhap/\n"
    assert (site.out / "favicon.ico").read_bytes() == (site.root / "content/favicon.ico").read_bytes()
    (site.root / "content/robots.txt").unlink()  # the portal's own comes back
    result = site.build()
    assert result.code == 0, result.text
    assert (site.out / "robots.txt").read_text().endswith(f"Sitemap: {SMALL_URL}sitemap.xml\n")


def test_an_svg_favicon_is_linked_as_it_is(tmp_path):
    site = small_site(tmp_path / "portal")
    text = (site.root / "mkdocs.yml").read_text()
    site.write("mkdocs.yml", text.replace("  font: false\n", "  font: false\n"
                                          "  favicon: images/bieu-tuong.svg\n"))
    site.write("content/images/bieu-tuong.svg",
               '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" '
               'height="8" fill="#036"/></svg>')
    site.post("2024-01-10-a", {"title": "Tin A", "date": "2024-01-10"})
    result = site.build()
    assert result.code == 0, result.text
    page = tree(site, "")
    assert page.xpath("//head/link[@rel='icon']/@href") == ["assets/icons/favicon.svg"]
    published = (site.out / "assets/icons/favicon.svg").read_text(encoding="utf-8")
    assert 'fill="#036"' in published  # the drawing, cleaned by the picture pipeline
    assert not page.xpath("//head/link[@rel='apple-touch-icon']")  # no PNG can be made of it
    assert not (site.out / "favicon.ico").exists()
    manifest = json.loads((site.out / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["icons"] == [{"src": "assets/icons/favicon.svg", "sizes": "any",
                                  "type": "image/svg+xml"}]
    (office, _) = structured(page)
    assert office["logo"] == {"@type": "ImageObject",
                              "url": SMALL_URL + "assets/icons/favicon.svg"}


def test_a_favicon_that_cannot_be_read_stops_the_build_with_its_line(tmp_path):
    site = small_site(tmp_path / "portal")
    text = (site.root / "mkdocs.yml").read_text()
    site.write("mkdocs.yml", text.replace("  font: false\n", "  font: false\n"
                                          "  favicon: images/hong.png\n"))
    site.write("content/images/hong.png", b"not a picture at all")
    site.post("2024-01-10-a", {"title": "Tin A", "date": "2024-01-10"})
    result = site.build()
    assert result.code == 1
    assert re.search(r"mkdocs\.yml:\d+: trường theme\.favicon: theme\.favicon: không đọc được "
                     r"ảnh hong\.png", result.text), result.text
    assert not site.out.exists()

def test_the_search_index_holds_every_kind_and_leads_to_places_that_exist(site):
    # Sở Kế hoạch và Đầu tư merged into Sở Tài chính after its award: still found by its name.
    units = [dict(unit) for unit in UNITS]
    merged = next(unit for unit in units if unit["id"] == "so-ke-hoach-dau-tu")
    merged.update(ended="2025-03-01", successor="so-tai-chinh")
    site.data("units.yml", {"units": units})
    site.data("decisions/2024/298-qd-ubnd.yml", {
        "number": "298/QĐ-UBND", "date": "2024-02-24", "issuer": "Chủ tịch UBND tỉnh",
        "status": "quyet-dinh", "period": "2023",
        "awards": [{"title": "co-thi-dua-ubnd-tinh", "unit": "so-ke-hoach-dau-tu"},
                   {"title": "bang-khen-chu-tich-ubnd-tinh",
                    "person": {"name": "Trần Văn Minh", "position": "Chuyên viên",
                               "unit": "so-tai-chinh"}}]})
    site.data("documents/nd-98.yml", {
        "number": "98/2023/NĐ-CP", "title": "Quy định chi tiết Luật Thi đua, khen thưởng",
        "type": "nghi-dinh", "issuer": "Chính phủ", "signed": "2023-12-31",
        "file": "nd-98.pdf"})
    site.write("data/documents/nd-98.pdf", "%PDF-1.4\n%%EOF\n")
    site.data("campaigns.yml", {"campaigns": [{
        "id": "van-hoa-cong-so", "name": "Thi đua thực hiện văn hóa công sở",
        "launched": "2019-03-01", "issuer": "UBND tỉnh", "period": "2019-2025"}]})
    site.post("2024-03-01-a", {"title": "Tin A", "date": "2024-03-01"})
    result = site.build()
    assert result.code == 0, result.text
    search = site.out / "search"
    manifest = json.loads((search / "index.json").read_text(encoding="utf-8"))
    labels = {kind["id"]: kind["label"] for kind in manifest["kinds"]}
    assert labels == {"don-vi": "Đơn vị", "khoi-thi-dua": "Khối thi đua", "van-ban": "Văn bản",
                      "lay-y-kien": "Lấy ý kiến", "phong-trao": "Phong trào thi đua",
                      "danh-hieu": "Danh hiệu thi đua, hình thức khen thưởng",
                      "quyet-dinh": "Quyết định khen thưởng", "khen-thuong": "Khen thưởng",
                      "tin-tuc": "Tin tức"}
    ids = [kind["id"] for kind in manifest["kinds"]]
    segments = {segment["id"]: segment["kinds"] for segment in manifest["segments"]}
    assert segments["2024"] == [[ids.index("tin-tuc"), 1]]
    assert {ids[kind]: count for kind, count in segments["du-lieu"]} == {
        "don-vi": 4, "khoi-thi-dua": 1, "van-ban": 1, "phong-trao": 1, "danh-hieu": 2,
        "quyet-dinh": 1, "khen-thuong": 2}
    rows = json.loads((search / "du-lieu/d0.json").read_text(encoding="utf-8"))
    by_title = {row[1]: row for row in rows}
    decision = by_title["Quyết định số 298/QĐ-UBND"]
    person = by_title["Trần Văn Minh"]
    assert "Bằng khen của Chủ tịch UBND tỉnh" in person[2] and "2023" in person[2]
    assert "Chuyên viên, Sở Tài chính" in person[2]
    # Every entry leads to a page of the site, and to a place on it that exists.
    for address, *_ in rows:
        path, _, anchor = address.partition("#")
        page = tree(site, path)
        if anchor:
            assert page.xpath(f"//*[@id='{anchor}']"), address
    assert decision[0] == "khen-thuong/2024/#quyet-dinh-298-qd-ubnd"
    assert person[0] == "khen-thuong/2024/#qd-bang-khen-chu-tich-ubnd-tinh"
    # The merged unit: its own entry says what became of it; its award, under the name it had,
    # leads to its page (kept), which names the successor.
    by_address = {row[0]: row for row in rows}
    unit = by_address["don-vi/so-ke-hoach-dau-tu/"]
    assert unit[1] == "Sở Kế hoạch và Đầu tư"
    assert "Đã hợp nhất vào Sở Tài chính từ 01/03/2025" in unit[2]
    award = by_address["don-vi/so-ke-hoach-dau-tu/#khen-thuong-tap-the"]
    assert award[1] == "Sở Kế hoạch và Đầu tư"
    assert "Cờ thi đua của UBND tỉnh" in award[2] and "Nay là Sở Tài chính" in award[2]
    assert "Sở Tài chính" in tree(site, "don-vi/so-ke-hoach-dau-tu/").xpath(
        "string(//*[contains(@class, 'thidua-ended')])")
    document = by_title["Nghị định 98/2023/NĐ-CP: Quy định chi tiết Luật Thi đua, khen thưởng"]
    assert document[0] == "van-ban/98-2023-nd-cp/"
    assert "Chính phủ · ngày ký 31/12/2023" in document[2]
    assert by_title["Thi đua thực hiện văn hóa công sở"][0] == "phong-trao/van-hoa-cong-so/"
    # A number typed as is finds what it names: its words are all in one bucket file each.
    for typed, address in (("98/2023", "van-ban/98-2023-nd-cp/"),
                           ("298/QĐ-UBND", "khen-thuong/2024/#quyet-dinh-298-qd-ubnd")):
        number = [row[0] for row in rows].index(address)
        for word in words_of(typed):
            bucket = json.loads((search / f"du-lieu/b{bucket_of(word)}.json").read_text(
                encoding="utf-8"))
            assert number in postings(bucket[word]), (typed, word)


def postings(encoded: list[int]) -> set[int]:
    """The documents a word's postings name ([gap, count, gap, count, …])."""
    found, doc = set(), 0
    for gap in encoded[::2]:
        doc += gap
        found.add(doc)
    return found
