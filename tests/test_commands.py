"""build.py commands: -f/-d from another folder, new, default build (serve: test_serve.py)."""
from __future__ import annotations

from conftest import run_build_py


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
