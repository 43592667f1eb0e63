"""What editors really publish, through whole builds: phone photos (no metadata anywhere in
site/, the right variants in posts, lists and feeds), videos (facades that load nothing from
a third party before the click, in Chromium), attachments, and every removal or bad picture
reported (check --strict)."""
from __future__ import annotations

import importlib.util
import io
import re
from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html
from PIL import ExifTags, Image

from browser import build, copy_sample, served
from conftest import REPO, SiteFolder

_spec = importlib.util.spec_from_file_location("make_sample_images",
                                               REPO / "tools/make_sample_images.py")
sample_images = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sample_images)

PHONE_WORDS = (b"samsung", b"Galaxy A54", b"R5CT31", b"Exif\x00\x00", b"ns.adobe.com",
               b"Photoshop 3.0")
PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")


def doc(html: str):
    return lxml_html.fromstring(html)


def phone_photo(seed: int = 1, orientation: int = 1, size=(2400, 1800)) -> bytes:
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    return sample_images.with_phone_metadata(image, seed, orientation)


def assert_site_holds_no_metadata(site_dir) -> int:
    """Every picture in the site read back with Pillow: no EXIF, no GPS, no XMP, no comment;
    nothing a phone wrote anywhere in its bytes. Returns how many pictures were read."""
    count = 0
    for path in site_dir.rglob("*"):
        if path.suffix.lower() not in PICTURE_SUFFIXES:
            continue
        data = path.read_bytes()
        image = Image.open(io.BytesIO(data))
        assert not image.getexif(), path
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo), path
        for key in ("exif", "xmp", "comment", "photoshop", "XML:com.adobe.xmp"):
            assert key not in image.info, (path, key)
        for word in PHONE_WORDS:
            assert word not in data, (path, word)
        count += 1
    return count


# ---- the sample site ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    root = tmp_path_factory.mktemp("sample-media")
    config = copy_sample(root / "mau", "http://127.0.0.1:8001")
    build(config, root / "site")
    return root


def test_the_sample_phone_photo_is_camera_sized_with_gps(sample):
    source = sample / "mau/content/posts/images/anh-dien-thoai-ky-ket-2026.jpg"
    image = Image.open(source)
    assert image.size == (4032, 3024) and source.stat().st_size > 2 * 1024 * 1024
    gps = image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert gps[ExifTags.GPS.GPSLatitudeRef] == "N" and gps[ExifTags.GPS.GPSLatitude][0] == 20


def test_no_published_file_holds_exif_or_gps(sample):
    site = sample / "site"
    assert assert_site_holds_no_metadata(site) > 50
    assert not list(site.rglob("anh-dien-thoai-ky-ket-2026.jpg"))  # the original stays home
    names = sorted(p.name for p in site.glob("posts/images/anh-dien-thoai-ky-ket-2026-*"))
    widths = sorted({int(re.match(r".*-(\d+)\.", name).group(1)) for name in names})
    assert widths == [400, 800, 1200, 1600] and len(names) == 8


def test_the_sample_post_shows_the_photo_the_video_and_the_attachment(sample):
    page = (sample / "site/tin-tuc/2026").glob("*ky-ket-giao-uoc*/index.html")
    tree = doc(next(page).read_text(encoding="utf-8"))
    body = tree.xpath("//div[@class='thidua-post__body']")[0]
    photo = [img for img in body.xpath(".//img") if "anh-dien-thoai" in img.get("src")][0]
    assert photo.get("loading") == "lazy" and photo.get("width") == "800"
    assert photo.get("height") == "600" and "1600w" in photo.get("srcset")
    [source] = photo.getparent().xpath("source") or photo.xpath("ancestor::picture/source")
    assert source.get("type") == "image/webp" and source.get("sizes")
    [facade] = body.xpath(".//a[@data-thidua-video]")
    assert facade.get("data-thidua-video").startswith("https://www.youtube-nocookie.com/embed/")
    assert "Lễ ký giao ước" in facade.text_content()
    assert not body.xpath(".//iframe")
    [attachment] = [a for a in body.xpath(".//a") if a.get("href", "").endswith(".pdf")]
    label = attachment.getnext()
    assert re.fullmatch(r"\(PDF, \d+ KB\)", label.text_content())
    assert (sample / "site/posts/files/giao-uoc-khoi-kinh-te-2026.pdf").is_file()


def test_lists_show_small_variants_and_the_home_lead_comes_first(sample):
    home = doc((sample / "site/index.html").read_text(encoding="utf-8"))
    lead = home.xpath("//article[@class='thidua-featured__lead']//img")[0]
    assert lead.get("fetchpriority") == "high" and lead.get("loading") is None
    cards = home.xpath("//a[@class='thidua-card__image']//img")
    assert cards and all(img.get("loading") == "lazy" for img in cards)
    assert all(img.get("sizes") == "(max-width: 30em) 5.5rem, 8rem" for img in cards)
    assert all(img.get("width") and img.get("height") for img in home.xpath("//img"))


# ---- small sites: what goes wrong is said ---------------------------------------------------

POST = {"title": "Tin có ảnh", "date": "2024-05-02"}


def test_a_phone_photo_in_a_post_is_published_upright_and_clean(site: SiteFolder):
    upright = Image.new("RGB", (900, 1200), (220, 20, 20))
    upright.paste((20, 20, 220), (0, 600, 900, 1200))
    site.write("content/posts/images/doc.jpg", sample_images.with_phone_metadata(
        upright.transpose(Image.Transpose.ROTATE_90), orientation=6))
    site.post("2024-05-02-anh", {**POST, "image": "images/doc.jpg", "image_alt": "Ảnh dọc"},
              "Đoạn đầu.\n\n![Ảnh dọc trong bài](images/doc.jpg)\n")
    result = site.build()
    assert result.code == 0, result.text
    assert assert_site_holds_no_metadata(site.out / "posts") == 6  # 400, 800, 900 × WebP, JPEG
    feed = (site.out / "rss.xml").read_text(encoding="utf-8")
    [enclosure] = re.findall(r"<enclosure [^>]*>", feed)
    name = re.search(r"posts/images/(doc-900\.[0-9a-f]{10}\.jpg)", enclosure).group(1)
    assert f'length="{(site.out / "posts/images" / name).stat().st_size}"' in enclosure
    image = Image.open(site.out / "posts/images" / name)
    assert image.size == (900, 1200) and image.getpixel((450, 50))[0] > 180


def test_bad_pictures_and_missing_descriptions_stop_the_build_with_their_line(site: SiteFolder):
    data = phone_photo()
    site.write("content/posts/images/cut.jpg", data[: len(data) // 2])
    site.write("content/posts/images/note.jpg", "Biên bản".encode())
    site.write("content/posts/images/ok.jpg", phone_photo(2))
    site.post("2024-05-02-anh", {**POST, "image": "images/note.jpg", "image_alt": "Ảnh"},
              "Đoạn đầu.\n\nDòng bốn.\n\n![](images/ok.jpg)\n\n![Ảnh hỏng](images/cut.jpg)\n")
    result = site.build()
    assert result.code == 1
    text = result.text
    assert "content/posts/2024-05-02-anh.md:4: trường image: ảnh images/note.jpg: tệp không " \
           "phải là ảnh" in text
    assert "2024-05-02-anh.md:12: trường nội dung: ảnh ok.jpg trong bài không có mô tả" in text
    assert "2024-05-02-anh.md:14: trường nội dung: ảnh cut.jpg: tệp ảnh bị cắt cụt" in text
    assert "Traceback" not in text and not site.out.exists()  # nothing published


def test_what_the_sanitiser_removes_is_a_warning_and_strict_makes_it_an_error(site: SiteFolder):
    site.post("2024-05-02-html", POST, 'Đoạn đầu.\n\n<p style="color:red">Chữ đỏ</p>\n\n'
              '<script>alert(1)</script>\n')
    result = site.check()
    assert result.code == 0
    assert "2024-05-02-html.md:8: trường nội dung: đã bỏ thuộc tính style của thẻ <p>" in result.text
    assert "2024-05-02-html.md:10: trường nội dung: đã bỏ thẻ <script>" in result.text
    strict = site.run("check", "--strict")
    assert strict.code == 1 and "--strict: 2 cảnh báo được tính là lỗi" in strict.text


def test_a_reduced_photo_is_a_note_that_strict_lets_through(site: SiteFolder):
    site.write("content/posts/images/lon.jpg", phone_photo(size=(3200, 2400)))
    site.post("2024-05-02-anh", {**POST, "image": "images/lon.jpg", "image_alt": "Ảnh lớn"})
    strict = site.run("check", "--strict")
    assert strict.code == 0, strict.text
    assert "Lưu ý: content/posts/2024-05-02-anh.md:4: trường image: ảnh images/lon.jpg: ảnh gốc " \
           "lớn (3.200 × 2.400 px" in strict.text


def test_frames_from_other_hosts_are_refused_unless_allowed(site: SiteFolder):
    frame = '<iframe src="https://maps.example.com/embed?pb=1" width="600"></iframe>'
    site.post("2024-05-02-ban-do", POST, f"Đoạn đầu.\n\n{frame}\n")
    result = site.check()
    assert result.code == 1
    assert "2024-05-02-ban-do.md:8: trường nội dung: khung nhúng (iframe) từ maps.example.com " \
           "không được phép; chỉ nhúng được từ: youtube.com, youtu.be" in result.text
    assert "allowed_hosts: [maps.example.com]" in result.text
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") +
                      "extra:\n  embeds:\n    allowed_hosts: [maps.example.com]\n", encoding="utf-8")
    assert site.build().code == 0
    page = site.page("tin-tuc/2024/tin-co-anh/")
    assert '<iframe loading="lazy" src="https://maps.example.com/embed?pb=1"' in page


def test_a_local_video_gets_controls_no_preload_its_poster_and_no_position(site: SiteFolder):
    location = b"\x00\x00\x00\x1c\xa9xyz\x00\x12\x15\xc7+20.4254+106.1683/"
    video = (b"\x00\x00\x00\x14ftypisom\x00\x00\x02\x00isom" +
             (8 + 8 + len(location)).to_bytes(4, "big") + b"moov" +
             (8 + len(location)).to_bytes(4, "big") + b"udta" + location +
             b"\x00\x00\x00\x10mdat" + b"\x07" * 8)
    site.write("content/posts/videos/le-ky.mp4", video)
    site.write("content/posts/videos/le-ky.jpg", phone_photo(3, size=(1280, 720)))
    site.post("2024-05-02-video", POST, "Đoạn đầu.\n\n![Lễ ký giao ước](videos/le-ky.mp4)\n")
    assert site.build().code == 0
    body = doc(site.page("tin-tuc/2024/tin-co-anh/")).xpath("//div[@class='thidua-post__body']")[0]
    [player] = body.xpath(".//video")
    assert (player.get("controls"), player.get("preload")) == ("", "none")
    assert re.fullmatch(r"\.\./\.\./\.\./posts/videos/le-ky-800\.[0-9a-f]{10}\.jpg",
                        player.get("poster"))
    assert player.xpath("source/@src") == ["../../../posts/videos/le-ky.mp4"]
    published = (site.out / "posts/videos/le-ky.mp4").read_bytes()
    assert len(published) == len(video) and b"+20.4254" not in published


# ---- the facade in a browser ----------------------------------------------------------------

def test_the_video_facade_asks_nothing_of_youtube_before_the_reader_plays(sample, chromium):
    with served(sample / "site") as base:
        page = chromium.new_page(viewport={"width": 375, "height": 800})
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        # Nothing leaves the machine: third-party requests are recorded, then refused.
        page.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
        post = next((sample / "site/tin-tuc/2026").glob("*ky-ket-giao-uoc*/")).name
        page.goto(f"{base}tin-tuc/2026/{post}/", wait_until="networkidle")
        page.mouse.wheel(0, 4000)  # scrolled to it and past: still nothing
        page.wait_for_timeout(300)
        third_party = lambda: [url for url in requested if urlsplit(url).hostname != "127.0.0.1"]
        assert third_party() == []
        facade = page.locator("[data-thidua-video]")
        assert facade.get_attribute("role") == "button"
        assert "phát video" in facade.inner_text().lower() or facade.get_attribute("aria-label")
        facade.focus()
        page.keyboard.press("Enter")  # keyboard users play it as everyone else
        frame = page.locator("iframe.thidua-video__player")
        frame.wait_for()
        assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/")
        assert frame.get_attribute("title").startswith("Lễ ký giao ước")
        assert page.evaluate("document.activeElement.tagName") == "IFRAME"
        page.wait_for_timeout(300)
        outside = third_party()
        assert outside and all(url.startswith("https://www.youtube-nocookie.com/") for url in outside)
        page.close()
