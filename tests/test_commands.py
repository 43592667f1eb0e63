"""build.py commands: -f/-d from another folder, new, serve with drafts marked, default build."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import date, timedelta

from conftest import BUILD_PY, run_build_py


def test_config_paths_are_relative_to_the_config_file_and_site_dir_to_cwd(site, tmp_path):
    site.post("a", {"title": "Tin từ nơi khác", "date": "2024-04-01"})
    elsewhere = tmp_path / "chay-o-day"
    elsewhere.mkdir()
    result = run_build_py("build", "-f", str(site.root / "mkdocs.yml"), "-d", "ra", cwd=elsewhere)
    assert result.code == 0, result.text
    assert (elsewhere / "ra/tin-tuc/2024/tin-tu-noi-khac/index.html").is_file()
    assert not site.out.exists()


def test_build_is_the_default_command(site):
    site.post("a", {"title": "Mặc định", "date": "2024-04-01"})
    result = run_build_py("-f", str(site.root / "mkdocs.yml"))
    assert result.code == 0, result.text
    assert site.exists("tin-tuc/2024/mac-dinh/")


def test_new_writes_a_post_that_builds(site):
    result = site.run("new", "Khối Tham mưu – Tổng hợp ký kết giao ước thi đua năm 2025",
                      "--bloc", "khoi-tham-muu-tong-hop", "--date", "2025-02-03")
    assert result.code == 0, result.text
    path = site.root / "content/posts/2025-02-03-khoi-tham-muu-tong-hop-ky-ket-giao-uoc-thi-dua-nam-2025.md"
    assert path.is_file()
    assert "content/posts/2025-02-03-khoi-tham-muu" in result.out
    assert "/tin-tuc/2025/khoi-tham-muu-tong-hop-ky-ket-giao-uoc-thi-dua-nam-2025/" in result.out
    text = path.read_text(encoding="utf-8")
    assert 'title: "Khối Tham mưu – Tổng hợp ký kết giao ước thi đua năm 2025"' in text
    assert "blocs: [khoi-tham-muu-tong-hop]" in text
    assert site.build().code == 0
    assert site.exists("tin-tuc/2025/khoi-tham-muu-tong-hop-ky-ket-giao-uoc-thi-dua-nam-2025/")
    again = site.run("new", "Khối Tham mưu – Tổng hợp ký kết giao ước thi đua năm 2025",
                     "--date", "2025-02-03")
    assert again.code == 1 and "không ghi đè" in again.err


def test_new_refuses_an_unknown_bloc(site):
    result = site.run("new", "Tin mới", "--bloc", "khoi-tham-muu")
    assert result.code == 1 and "Traceback" not in result.text
    assert "khoi-tham-muu" in result.err and "khoi-tham-muu-tong-hop" in result.err
    assert not list((site.root / "content/posts").glob("*.md"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _start_serve(site):
    """build.py serve on a free port of 127.0.0.1: the process and its base URL."""
    port = _free_port()
    server = subprocess.Popen([sys.executable, str(BUILD_PY), "serve", "-f",
                               str(site.root / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              env={**os.environ, "PYTHONUNBUFFERED": "1"})
    return server, f"http://127.0.0.1:{port}/"


def test_serve_shows_drafts_and_scheduled_posts_marked(site):
    future = date.today() + timedelta(days=40)
    site.post("nhap", {"title": "Bài nháp xem trước", "date": "2024-05-01", "draft": True})
    site.post("hen", {"title": "Bài hẹn giờ xem trước", "date": future.isoformat()})
    site.post("dang", {"title": "Bài đã đăng", "date": "2024-05-02"})
    server, base = _start_serve(site)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                home = _get(base)
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "serve did not answer"
                time.sleep(0.3)
        draft = _get(base + "tin-tuc/2024/bai-nhap-xem-truoc/")
        assert "Bản nháp – chưa đăng" in draft
        scheduled = _get(base + f"tin-tuc/{future.year}/bai-hen-gio-xem-truoc/")
        assert "Hẹn đăng" in scheduled
        assert "Bài nháp xem trước" in home and "Bài hẹn giờ xem trước" in home
    finally:
        server.terminate()
        server.wait(timeout=20)


def _wait_for(fetch, accept, server, seconds=60):
    """Poll until `accept(fetch())` holds; the server must stay alive meanwhile."""
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stdout.read().decode()
        try:
            last = fetch()
            if accept(last):
                return last
        except OSError:  # not listening yet, or busy rebuilding
            pass
        time.sleep(0.3)
    raise AssertionError(f"serve never showed what was expected; last answer: {last!r:.300}")


def _get_any(url: str) -> str:
    try:
        return _get(url)
    except urllib.error.HTTPError as error:  # the error page comes as a 404
        return error.read().decode("utf-8")


def test_serve_shows_content_errors_and_keeps_running(site):
    site.post("dang", {"title": "Bài đã đăng", "date": "2024-05-02"})
    broken = site.post("hong", {"title": "Bài lỗi ngày", "date": "2024-13-45"})
    server, base = _start_serve(site)
    try:
        page = _wait_for(lambda: _get_any(base), lambda text: "Nội dung có" in text, server)
        assert "content/posts/hong.md" in page and "trường date" in page
        assert "Traceback" not in page
        broken.write_text(broken.read_text(encoding="utf-8").replace("2024-13-45", "2024-05-03"),
                          encoding="utf-8")
        home = _wait_for(lambda: _get_any(base), lambda text: "Bài lỗi ngày" in text, server)
        assert "Nội dung có" not in home and "Bài đã đăng" in home
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0].decode()
    assert "content/posts/hong.md" in output and "Traceback" not in output
