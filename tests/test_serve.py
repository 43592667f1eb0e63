"""`build.py serve`: a real server on 127.0.0.1, a real tab in Chromium; each edit is saved and
the tab is watched until it shows the change, without being reloaded by hand."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import date, timedelta

import pytest

from conftest import BLOCS, BUILD_PY, REPO

WAIT_MS = 60_000  # an edit shows within a second or two; this is only the give-up time


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Serve:
    """build.py serve on a free port of 127.0.0.1; its output is kept (stdout and stderr)."""

    def __init__(self, site):
        self.base = f"http://127.0.0.1:{_free_port()}/"
        self.process = subprocess.Popen(
            [sys.executable, str(BUILD_PY), "serve", "-f", str(site.root / "mkdocs.yml"),
             "-a", self.base[len("http://"):-1]],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.output = ""

    def get(self, path: str = "") -> str:
        """The page as served (an error status still has its page), once serve answers."""
        deadline = time.monotonic() + 120
        while True:
            assert self.process.poll() is None, self.stop()
            try:
                with urllib.request.urlopen(self.base + path, timeout=60) as response:
                    return response.read().decode("utf-8")
            except urllib.error.HTTPError as error:
                return error.read().decode("utf-8")
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, "serve did not answer"
                time.sleep(0.2)

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.terminate()
        self.output += self.process.communicate(timeout=30)[0].decode("utf-8")
        return self.output


@pytest.fixture
def serve(site):
    servers = []

    def start():
        servers.append(Serve(site))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def tab(chromium):
    context = chromium.new_context()
    yield context.new_page()
    context.close()


def shows(page, text: str) -> None:
    """Wait until the tab shows `text` (through live reload: nothing here reloads it)."""
    page.wait_for_function(f"document.body && document.body.innerText.includes({json.dumps(text)})",
                           timeout=WAIT_MS)


def save(path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_the_open_tab_follows_each_kind_of_edit(site, serve, tab):
    """A body, a title (the post moves: the tab follows), a new post, a data file, a body
    template, mkdocs.yml: each shows in the tab that has the page open."""
    (site.root / "overrides/thidua").mkdir(parents=True)
    shutil.copyfile(REPO / "overrides/thidua/post.html", site.root / "overrides/thidua/post.html")
    config = site.root / "mkdocs.yml"
    save(config, config.read_text().replace("  font: false\n", "  font: false\n  custom_dir: overrides\n"))
    front = {"title": "Khối Tham mưu họp bàn", "date": "2024-05-02",
             "blocs": ["khoi-tham-muu-tong-hop"]}
    post = site.post("hop-ban", front, "Đoạn mở đầu của bài.\n")
    server = serve()
    server.get()
    tab.goto(server.base + "tin-tuc/2024/khoi-tham-muu-hop-ban/")
    shows(tab, "Khối thi đua Tham mưu – Tổng hợp")  # the bloc, by its name in data/blocs.yml

    save(post, post.read_text() + "\nMột câu vừa thêm vào thân bài.\n")
    shows(tab, "Một câu vừa thêm vào thân bài.")

    save(post, post.read_text().replace("Khối Tham mưu họp bàn", "Khối Tham mưu họp bàn lần hai"))
    shows(tab, "Khối Tham mưu họp bàn lần hai")
    assert tab.url == server.base + "tin-tuc/2024/khoi-tham-muu-hop-ban-lan-hai/"

    blocs = [dict(BLOCS[0], name="Khối thi đua Tham mưu (tên mới)")]
    site.data("blocs.yml", {"blocs": blocs})
    shows(tab, "Khối thi đua Tham mưu (tên mới)")

    template = site.root / "overrides/thidua/post.html"
    save(template, template.read_text().replace(
        '<article class="thidua-post">', '<p>Dòng thêm vào mẫu trang bài viết</p>'
                                         '<article class="thidua-post">'))
    shows(tab, "Dòng thêm vào mẫu trang bài viết")

    save(config, config.read_text().replace("Cổng thử nghiệm", "Cổng xem trước"))
    tab.wait_for_function("document.title.includes('Cổng xem trước')", timeout=WAIT_MS)

    tab.goto(server.base)
    site.post("moi", {"title": "Bài mới viết xong", "date": date.today().isoformat()})
    shows(tab, "Bài mới viết xong")
    assert "Traceback" not in server.stop()


def test_drafts_and_scheduled_posts_are_shown_and_marked(site, serve, tab):
    future = date.today() + timedelta(days=40)
    site.post("nhap", {"title": "Bài nháp xem trước", "date": "2024-05-01", "draft": True})
    site.post("hen", {"title": "Bài hẹn giờ xem trước", "date": future.isoformat()})
    site.post("dang", {"title": "Bài đã đăng", "date": "2024-05-02"})
    server = serve()
    home = server.get()
    assert "Bài nháp xem trước" in home and "Bài hẹn giờ xem trước" in home
    tab.goto(server.base + "tin-tuc/2024/bai-nhap-xem-truoc/")
    shows(tab, "Bản nháp – chưa đăng")
    tab.goto(server.base + f"tin-tuc/{future.year}/bai-hen-gio-xem-truoc/")
    shows(tab, "Hẹn đăng")
    # A draft published: its mark goes, in the tab that shows it.
    tab.goto(server.base + "tin-tuc/2024/bai-nhap-xem-truoc/")
    site.post("nhap", {"title": "Bài nháp xem trước", "date": "2024-05-01"})
    tab.wait_for_function("!document.body.innerText.includes('Bản nháp – chưa đăng')",
                          timeout=WAIT_MS)


def test_errors_show_in_the_tab_until_fixed(site, serve, tab):
    post = site.post("dang", {"title": "Bài đã đăng", "date": "2024-05-02"})
    server = serve()
    server.get()
    tab.goto(server.base + "tin-tuc/2024/bai-da-dang/")
    good = post.read_text()
    save(post, good.replace("2024-05-02", "2024-13-45"))
    shows(tab, "Nội dung có 1 lỗi")
    shows(tab, "content/posts/dang.md")
    save(post, good.replace("Đoạn mở đầu", "Đoạn mở đầu đã sửa"))
    shows(tab, "Đoạn mở đầu đã sửa")
    assert "Nội dung có" not in tab.content()
    output = server.stop()
    assert "content/posts/dang.md" in output and "trường date" in output
    assert "Traceback" not in output


def test_errors_at_start_show_and_serve_keeps_running(site, serve):
    site.post("dang", {"title": "Bài đã đăng", "date": "2024-05-02"})
    broken = site.post("hong", {"title": "Bài lỗi ngày", "date": "2024-13-45"})
    server = serve()
    page = server.get()
    assert "Nội dung có" in page and "content/posts/hong.md" in page and "trường date" in page
    assert "Traceback" not in page
    save(broken, broken.read_text().replace("2024-13-45", "2024-05-03"))
    deadline = time.monotonic() + 60
    while "Bài lỗi ngày" not in (home := server.get()):
        assert time.monotonic() < deadline, home[:300]
        time.sleep(0.2)
    assert "Nội dung có" not in home and "Bài đã đăng" in home
    output = server.stop()
    assert "content/posts/hong.md" in output and "Traceback" not in output


def test_the_preview_stays_out_of_the_site_and_a_second_serve_starts_from_it(site, serve):
    site.post("dang", {"title": "Bài đã đăng", "date": "2024-05-02"})
    server = serve()
    assert "Bài đã đăng" in server.get()
    server.stop()
    assert not site.out.exists()  # the preview is kept in .cache/, never in site/
    assert (site.root / ".cache/preview/site/tin-tuc/2024/bai-da-dang/index.html").is_file()
    again = serve()
    assert "Bài đã đăng" in again.get()
    output = again.stop()
    assert "Không có gì thay đổi" in output, output


def until(server: Serve, path: str, *texts: str, gone: tuple[str, ...] = ()) -> str:
    """The page at `path` once it holds every one of `texts` and none of `gone`, polled as a
    tab would be told."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while not all(text in (page := server.get(path)) for text in texts) or \
            any(text in page for text in gone):
        assert time.monotonic() < deadline, (texts, gone, page[:500])
        time.sleep(0.1)
    return page


def picture(colour: tuple[int, int, int]) -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (640, 360), colour).save(out, "JPEG")
    return out.getvalue()


def test_documents_campaigns_consultations_and_pictures_follow_their_files(tmp_path, serve):
    """The portal's data files (a document, campaigns.yml, a consultation) and a picture
    replaced under the same name: each shows on the pages that show it."""
    import re

    from portal_helpers import portal_site
    from thidua import urls

    site = portal_site(tmp_path / "portal")
    site.write("content/posts/images/anh.jpg", picture((200, 30, 30)))
    site.post("anh", {"title": "Bài có ảnh", "date": "2024-05-03", "image": "images/anh.jpg",
                      "image_alt": "Ảnh hội nghị"})
    server = Serve(site)
    try:
        server.get()
        before = until(server, "tin-tuc/2024/bai-co-anh/", "Bài có ảnh")
        lead = re.findall(r'src="([^"]*anh[^"]*)"', before)
        assert lead, before[:2000]

        document = site.root / "data/documents/nd-98.yml"
        save(document, document.read_text().replace("Quy định chi tiết thi hành",
                                                    "Quy định chi tiết (sửa) thi hành"))
        until(server, urls.document("98-2023-nd-cp"), "Quy định chi tiết (sửa) thi hành")

        campaigns = site.root / "data/campaigns.yml"
        save(campaigns, campaigns.read_text().replace("thi đua thực hiện văn hóa công sở",
                                                      "thi đua xây dựng văn hóa công sở"))
        until(server, urls.campaign("van-hoa-cong-so"), "thi đua xây dựng văn hóa công sở")

        consultation = next((site.root / "data/consultations").rglob("*.yml"))
        title = re.search(r"^title: (.*)$", consultation.read_text(), re.M).group(1).strip("'\"")
        save(consultation, consultation.read_text().replace(title, title + " (bổ sung)"))
        until(server, urls.consultation(consultation.stem), title + " (bổ sung)")

        site.write("content/posts/images/anh.jpg", picture((30, 30, 200)))
        deadline = time.monotonic() + WAIT_MS / 1000
        while re.findall(r'src="([^"]*anh[^"]*)"', page := server.get("tin-tuc/2024/bai-co-anh/")) \
                == lead:
            assert time.monotonic() < deadline, page[:2000]
            time.sleep(0.1)
    finally:
        output = server.stop()
    assert "Traceback" not in output


def test_neighbours_tags_robots_and_the_markdown_dialect_follow_their_files(site, serve):
    """What an edit changes beyond its own page: the previous and next posts' links (a title
    edited, a post added), the tag pages (a post's tags changed), the editor's robots.txt, and
    every post when mkdocs.yml's markdown_extensions change."""
    from thidua import urls

    # The second post shares nothing with the others: it is their neighbour, not related news.
    site.post("mot", {"title": "Bài thứ nhất", "date": "2024-05-01", "tags": ["Giao ước"]},
              '!!! note "Lưu ý"\n    Nội dung ghi chú.\n')
    second = site.post("hai", {"title": "Bài thứ hai", "date": "2024-05-02",
                               "category": "khen-thuong"})
    first_page = "tin-tuc/2024/bai-thu-nhat/"
    server = Serve(site)
    try:
        server.get()
        until(server, first_page, "Bài thứ hai")  # the next post, linked

        save(second, second.read_text().replace("Bài thứ hai", "Bài thứ hai (sửa)"))
        until(server, first_page, "Bài thứ hai (sửa)")
        site.post("ba", {"title": "Bài thứ ba", "date": "2024-05-03"})
        until(server, "tin-tuc/2024/bai-thu-hai-sua/", "Bài thứ ba")

        until(server, urls.tag("giao-uoc"), "Bài thứ nhất")
        first = site.root / "content/posts/mot.md"
        save(first, first.read_text().replace("Giao ước", "Văn hóa công sở"))
        until(server, urls.tag("van-hoa-cong-so"), "Bài thứ nhất")
        until(server, urls.TAGS, "Văn hóa công sở", gone=("Giao ước",))

        site.write("content/robots.txt", "User-agent: *\nDisallow: /ban-nhap/\n")
        until(server, urls.ROBOTS, "Disallow: /ban-nhap/", gone=("Sitemap:",))
        (site.root / "content/robots.txt").unlink()
        until(server, urls.ROBOTS, "Sitemap:", gone=("Disallow: /ban-nhap/",))

        assert 'class="admonition' not in server.get(first_page)
        config = site.root / "mkdocs.yml"
        save(config, config.read_text() + "markdown_extensions:\n  - admonition\n")
        until(server, first_page, 'class="admonition note"', "Nội dung ghi chú.")
        until(server, urls.SITE_RSS, "admonition note")  # feed entries follow the dialect
    finally:
        output = server.stop()
    assert "Traceback" not in output, output
