"""Whole builds of small sites: URLs, slugs, dates, escaping, drafts, pagination, home, related."""
from __future__ import annotations

import html
import re
from datetime import date, timedelta

from lxml import html as lxml_html

from conftest import MKDOCS_YML


def doc(text: str):
    return lxml_html.fromstring(text)


def texts(tree, xpath: str) -> list[str]:
    return [" ".join(node.text_content().split()) for node in tree.xpath(xpath)]


def hrefs(tree, xpath: str) -> list[str]:
    return [node.get("href") for node in tree.xpath(xpath)]


def test_post_url_slug_date_author_image_and_links(site):
    site.post("2024-01-22-van-phong", {
        "title": "Đơn vị Văn phòng UBND tỉnh tổng kết công tác thi đua năm 2023",
        "date": "2024-01-22 14:30",
        "category": "khen-thuong",
        "blocs": ["khoi-tham-muu-tong-hop"],
        "units": ["van-phong-ubnd-tinh"],
        "tags": ["tổng kết", "giao ước"],
        "author": "Tin, ảnh: Lam Hồng",
        "image": "images/anh.gif",
        "image_alt": "Quang cảnh hội nghị",
        "image_caption": "Các đại biểu dự hội nghị",
        "updated": "2024-01-23",
    }, "Chiều 22/01, Văn phòng UBND tỉnh tổ chức hội nghị.\n\n## Kết quả\n\n- Một\n- Hai\n")
    site.post("2024-02-01-slug-rieng", {"title": "Bài có slug riêng", "date": "2024-02-01",
                                         "slug": "slug-rieng"})
    result = site.build()
    assert result.code == 0, result.text

    url = "tin-tuc/2024/don-vi-van-phong-ubnd-tinh-tong-ket-cong-tac-thi-dua-nam-2023/"
    tree = doc(site.page(url))
    assert texts(tree, "//article[@class='thidua-post']//h1") == [
        "Đơn vị Văn phòng UBND tỉnh tổng kết công tác thi đua năm 2023"]
    meta = texts(tree, "//p[@class='thidua-post__meta']")[0]
    assert "Thứ Hai, 22/01/2024 14:30" in meta
    assert "Cập nhật: Thứ Ba, 23/01/2024" in meta
    assert tree.xpath("//time/@datetime")[0] == "2024-01-22T14:30:00+07:00"
    assert texts(tree, "//p[@class='thidua-post__author']") == ["Tin, ảnh: Lam Hồng"]
    image = tree.xpath("//figure[@class='thidua-post__image']//img")[0]
    assert image.get("alt") == "Quang cảnh hội nghị"
    # The lead picture is the pipeline's variant (a transparent GIF → PNG), above the fold.
    assert re.fullmatch(r"\.\./\.\./\.\./posts/images/anh-1\.[0-9a-f]{10}\.png", image.get("src"))
    assert (site.out / "tin-tuc/2024/x" / image.get("src")).resolve().is_file()
    assert (image.get("width"), image.get("height"), image.get("fetchpriority")) == ("1", "1", "high")
    assert image.get("loading") is None
    assert not (site.out / "posts/images/anh.gif").exists()
    assert texts(tree, "//figcaption") == ["Các đại biểu dự hội nghị"]
    assert "Khen thưởng" in texts(tree, "//span[@class='thidua-post__category']")[0]
    assert "tổng kết" in texts(tree, "//p[@class='thidua-post__links']")[-1]
    assert tree.xpath("//h2[@id='ket-qua']"), "headings in the body get ids"
    assert site.exists("tin-tuc/2024/slug-rieng/")
    # The post source file is not published under its own path.
    assert not (site.out / "posts/2024-01-22-van-phong").exists()


def test_front_matter_text_is_escaped_everywhere(site):
    site.post("2024-03-01-xss", {
        "title": 'Tin <script>alert("tieu-de")</script> & "Khen thưởng"',
        "date": "2024-03-01",
        "summary": "Tóm tắt <img src=x onerror=alert(1)>",
        "author": "<b>Phóng viên</b>",
        "tags": ["<i>nghiêng</i>"],
        "image": "images/anh.gif",
        "image_alt": 'Ảnh "đẹp" <script>',
        "image_caption": "<script>chu-thich</script>",
    })
    result = site.build()
    assert result.code == 0, result.text
    for page in site.out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text, page
        assert "<img src=x" not in text, page
        assert "<b>Phóng viên</b>" not in text and "<i>nghiêng</i>" not in text, page
        assert "<script>chu-thich" not in text, page
    post = site.page("tin-tuc/2024/tin-script-alert-tieu-de-script-khen-thuong/")
    assert "Tin &lt;script&gt;alert(" in post
    title = re.search(r"<title>(.*?)</title>", post).group(1)
    assert "<" not in title
    assert html.unescape(title).startswith('Tin <script>alert("tieu-de")</script> & "Khen thưởng"')
    description = re.search(r'<meta name="description" content="([^"]*)"', post).group(1)
    assert "&lt;img src=x" in description


def test_drafts_and_scheduled_posts_are_left_out_of_build(site):
    future = (date.today() + timedelta(days=30)).isoformat()
    site.post("2024-01-10-da-dang", {"title": "Bài đã đăng", "date": "2024-01-10"})
    site.post("2024-01-11-nhap", {"title": "Bài nháp bí mật", "date": "2024-01-11", "draft": True})
    site.post("hen-gio", {"title": "Bài hẹn giờ bí mật", "date": future})
    result = site.build()
    assert result.code == 0, result.text
    assert site.exists("tin-tuc/2024/bai-da-dang/")
    assert not site.exists("tin-tuc/2024/bai-nhap-bi-mat/")
    assert not list(site.out.rglob("*hen-gio*"))
    assert not (site.out / "posts").exists() or not list((site.out / "posts").glob("*.md"))
    everything = "".join(p.read_text(encoding="utf-8") for p in site.out.rglob("*")
                         if p.is_file() and p.suffix in (".html", ".xml", ".json"))
    assert "bí mật" not in everything and "bai-nhap" not in everything


def test_news_pagination_newest_first(tmp_path, site):
    site.write("mkdocs.yml", MKDOCS_YML.format(per_page=10))
    for n in range(1, 26):
        site.post(f"2024-{n:02d}", {"title": f"Tin số {n:02d}",
                                    "date": f"2024-01-{n:02d}" if n <= 12 else f"2023-06-{n:02d}"})
    result = site.build()
    assert result.code == 0, result.text
    first = doc(site.page("tin-tuc/"))
    titles = texts(first, "//article[contains(@class,'thidua-card')]//h2")
    assert titles[:3] == ["Tin số 12", "Tin số 11", "Tin số 10"]
    assert len(titles) == 10
    assert site.exists("tin-tuc/trang/2/") and site.exists("tin-tuc/trang/3/")
    assert not site.exists("tin-tuc/trang/4/")
    last = doc(site.page("tin-tuc/trang/3/"))
    assert len(texts(last, "//article[contains(@class,'thidua-card')]//h2")) == 5
    assert hrefs(last, "//a[@rel='prev']") == ["../2/"]
    assert hrefs(first, "//a[@rel='next']") == ["trang/2/"]
    # Year archives hold their own posts only.
    archive_2023 = doc(site.page("tin-tuc/2023/"))
    assert all("Tin số" in t for t in texts(archive_2023, "//h2/a"))
    assert len(texts(archive_2023, "//article[contains(@class,'thidua-card')]//h2")) == 10
    assert site.exists("tin-tuc/2023/trang/2/")
    assert len(texts(doc(site.page("tin-tuc/2024/")),
                     "//article[contains(@class,'thidua-card')]//h2")) == 10


def test_category_pages_and_default_category(site):
    site.post("a", {"title": "Tin khen thưởng", "date": "2024-02-02", "category": "khen-thuong"})
    site.post("b", {"title": "Tin hoạt động mặc định", "date": "2024-02-03"})
    assert site.build().code == 0
    khen = doc(site.page("chuyen-muc/khen-thuong/"))
    assert texts(khen, "//article[contains(@class,'thidua-card')]//h2") == ["Tin khen thưởng"]
    assert "Tin về khen thưởng." in texts(khen, "//p[@class='thidua-intro']")
    hoat_dong = doc(site.page("chuyen-muc/tin-hoat-dong/"))
    assert texts(hoat_dong, "//article[contains(@class,'thidua-card')]//h2") == [
        "Tin hoạt động mặc định"]


def test_home_page_featured_and_latest_and_small_navigation(site):
    for n in range(1, 13):
        site.post(f"tin-{n}", {"title": f"Tin {n}", "date": f"2024-03-{n:02d}",
                               "featured": n == 3, "image": "images/anh.gif",
                               "image_alt": "Ảnh"})
    assert site.build().code == 0
    home = doc(site.page(""))
    featured = home.xpath("//section[@class='thidua-featured']")[0]
    assert texts(featured, ".//h3") == ["Tin 3"]
    latest = home.xpath("//section[@class='thidua-latest']")[0]
    assert texts(latest, ".//h3")[:2] == ["Tin 12", "Tin 11"]
    assert "Tin 3" not in texts(latest, ".//h3")
    # Posts are not listed one by one in the navigation.
    nav_links = home.xpath("//nav[contains(@class,'md-nav--primary')]//a[@class='md-nav__link']")
    assert len(nav_links) < 10
    assert texts(home, "//nav[contains(@class,'thidua-nav')]//a") == [
        "Trang chủ", "Tin tức", "Khối thi đua", "Khen thưởng", "Văn bản", "Lấy ý kiến",
        "Phong trào thi đua"]


def test_related_news_share_a_bloc(site):
    site.post("a", {"title": "Khối tổng kết", "date": "2024-01-10",
                    "blocs": ["khoi-tham-muu-tong-hop"]})
    site.post("b", {"title": "Khối ký giao ước", "date": "2024-02-10",
                    "blocs": ["khoi-tham-muu-tong-hop"]})
    site.post("c", {"title": "Tin khen thưởng khác", "date": "2024-02-11",
                    "category": "khen-thuong"})
    assert site.build().code == 0
    related = doc(site.page("tin-tuc/2024/khoi-tong-ket/"))
    assert texts(related, "//section[@class='thidua-related']//a") == ["Khối ký giao ước"]


def test_links_between_posts_and_to_pages_are_rewritten(site):
    site.post("2024-01-01-mot", {"title": "Bài một", "date": "2024-01-01"},
              "Xem [bài hai](2024-02-01-hai.md#ket-qua) và [giới thiệu](../gioi-thieu.md), "
              "![ảnh](images/anh.gif)\n")
    site.post("2024-02-01-hai", {"title": "Bài hai", "date": "2024-02-01"}, "## Kết quả\n")
    site.write("content/gioi-thieu.md", "---\ntitle: Giới thiệu\n---\n\nTrang giới thiệu.\n")
    assert site.build().code == 0
    tree = doc(site.page("tin-tuc/2024/bai-mot/"))
    body = tree.xpath("//div[@class='thidua-post__body']")[0]
    assert hrefs(body, ".//a") == ["../bai-hai/#ket-qua", "../../../gioi-thieu/"]
    [src] = body.xpath(".//picture//img/@src")
    assert re.fullmatch(r"\.\./\.\./\.\./posts/images/anh-1\.[0-9a-f]{10}\.png", src)
    assert body.xpath(".//picture//img/@loading") == ["lazy"]
    assert site.exists("gioi-thieu/")
    tabs = texts(doc(site.page("")), "//nav[contains(@class,'thidua-nav')]//a")
    assert tabs == ["Trang chủ", "Tin tức", "Khối thi đua", "Khen thưởng", "Giới thiệu",
                    "Văn bản", "Lấy ý kiến", "Phong trào thi đua"]
