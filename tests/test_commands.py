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


def test_new_writes_a_draft_that_is_published_once_its_draft_line_goes(site):
    result = site.run("new", "Khối Tham mưu – Tổng hợp ký kết giao ước thi đua năm 2025",
                      "--bloc", "khoi-tham-muu-tong-hop", "--date", "2025-02-03")
    assert result.code == 0, result.text
    path = site.root / "content/posts/2025-02-03-khoi-tham-muu-tong-hop-ky-ket-giao-uoc-thi-dua-nam-2025.md"
    assert path.is_file()
    assert "content/posts/2025-02-03-khoi-tham-muu" in result.out
    assert "/tin-tuc/2025/khoi-tham-muu-tong-hop-ky-ket-giao-uoc-thi-dua-nam-2025/" in result.out
    assert "bản nháp" in result.out and "draft: true" in result.out
    text = path.read_text(encoding="utf-8")
    assert 'title: "Khối Tham mưu – Tổng hợp ký kết giao ước thi đua năm 2025"' in text
    assert "blocs: [khoi-tham-muu-tong-hop]" in text
    assert "\ndraft: true" in text
    url = "tin-tuc/2025/khoi-tham-muu-tong-hop-ky-ket-giao-uoc-thi-dua-nam-2025/"
    assert site.build().code == 0
    assert not site.exists(url)  # a draft until the editor says otherwise
    again = site.run("new", "Khối Tham mưu – Tổng hợp ký kết giao ước thi đua năm 2025",
                     "--date", "2025-02-03")
    assert again.code == 1 and "không ghi đè" in again.err
    written = "\n".join(line for line in text.splitlines() if not line.startswith("draft:"))
    path.write_text(written + "\n", encoding="utf-8")
    assert site.build().code == 0
    assert site.exists(url)


def test_check_warns_about_the_sentences_new_wrote(site):
    assert site.run("new", "Tin viết dở", "--date", "2025-02-03").code == 0
    path = site.root / "content/posts/2025-02-03-tin-viet-do.md"
    result = site.check()
    assert result.code == 0, result.text
    lines = path.read_text(encoding="utf-8").splitlines()
    for sentence in ("Đoạn mở đầu: tóm tắt sự kiện", "Viết nội dung bài ở đây."):
        line = next(n for n, text in enumerate(lines, 1) if sentence in text)
        assert f"Cảnh báo: content/posts/2025-02-03-tin-viet-do.md:{line}:" in result.err
        assert sentence in result.err
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Đoạn mở đầu: tóm tắt sự kiện trong hai, ba câu (ai, làm gì, "
                                 "khi nào, ở đâu).", "Sáng 3/2, Khối họp.")
                    .replace("Viết nội dung bài ở đây.", "Nội dung cuộc họp."), encoding="utf-8")
    result = site.check()
    assert result.code == 0 and "Cảnh báo" not in result.err, result.text


def test_new_gives_long_titles_alike_in_their_first_200_characters_their_own_files(site):
    start = ("Ủy ban nhân dân tỉnh tặng Bằng khen cho các tập thể, cá nhân có thành tích xuất sắc "
             "trong phong trào thi đua thực hiện chương trình mục tiêu quốc gia xây dựng nông "
             "thôn mới và giảm nghèo bền vững trên địa bàn tỉnh giai đoạn 2021–2025")
    for batch in ("(đợt 2)", "(đợt 3)"):
        result = site.run("new", f"{start} {batch}", "--date", "2025-02-03")
        assert result.code == 0, result.text
    paths = sorted((site.root / "content/posts").glob("2025-02-03-*.md"))
    assert len(paths) == 2 and all(len(path.name) < 255 for path in paths)
    for path in paths:  # published, both build, at two addresses
        path.write_text(path.read_text(encoding="utf-8").replace("\ndraft: true", "\ndraft: false"),
                        encoding="utf-8")
    result = site.build()
    assert result.code == 0, result.text
    assert len(list((site.out / "tin-tuc/2025").glob("uy-ban-nhan-dan-tinh-*/index.html"))) == 2


def test_new_refuses_an_unknown_bloc(site):
    result = site.run("new", "Tin mới", "--bloc", "khoi-tham-muu")
    assert result.code == 1 and "Traceback" not in result.text
    assert "khoi-tham-muu" in result.err and "khoi-tham-muu-tong-hop" in result.err
    assert not list((site.root / "content/posts").glob("*.md"))
