"""Bad input: every class of mistake gets an error naming file, line, field and fix; all at once."""
from __future__ import annotations

import hashlib
import re

from conftest import UNITS

ERROR_LINE = re.compile(r"^Lỗi \d+: (?P<file>[^:\s]+)(?::(?P<line>\d+))?: "
                        r"(?:trường (?P<field>nội dung|tên tệp|\S+): )?(?P<message>.*)$", re.M)


def errors_of(result) -> list[dict]:
    assert result.code == 1, result.text
    assert "Traceback" not in result.text
    found = [m.groupdict() for m in ERROR_LINE.finditer(result.err)]
    assert found, result.err
    for error in found:  # every error comes with its fix on the next line
        assert f"{error['message']}\n    → Cách sửa: " in result.err
    return found


def only_error(result) -> dict:
    found = errors_of(result)
    assert len(found) == 1, result.err
    return found[0]


def test_missing_title(site):
    site.post("thieu-tieu-de", "date: 2024-01-22\nauthor: An")
    error = only_error(site.check())
    assert error["file"] == "content/posts/thieu-tieu-de.md"
    assert error["field"] == "title" and "thiếu trường bắt buộc" in error["message"]


def test_bad_date_names_line_and_the_formats_to_use(site):
    site.post("ngay-sai", "title: Tin có ngày sai\nauthor: An\ndate: 22/01/2024")
    result = site.check()
    error = only_error(result)
    assert (error["file"], error["line"], error["field"]) == ("content/posts/ngay-sai.md", "4", "date")
    assert "22/01/2024" in error["message"]
    assert "2024-01-22 14:30" in result.err


def test_unknown_bloc_suggests_the_close_id(site):
    site.post("khoi-sai", "title: Tin\ndate: 2024-01-22\nblocs:\n  - khoi-tham-muu-tong-hp\n")
    result = site.check()
    error = only_error(result)
    assert (error["line"], error["field"]) == ("5", "blocs[0]")
    assert "khoi-tham-muu-tong-hp" in error["message"] and "data/blocs.yml" in error["message"]
    assert "có phải ý bạn là khoi-tham-muu-tong-hop" in result.err


def test_unknown_category_and_unit(site):
    site.post("sai", {"title": "Tin", "date": "2024-01-22", "category": "khong-co",
                      "units": ["so-tai-chinh", "so-ma"]})
    fields = {e["field"] for e in errors_of(site.check())}
    assert fields == {"category", "units[1]"}


def test_broken_front_matter_yaml(site):
    site.post("yaml-hong", "title: Khối thi đua: tổng kết năm\ndate: 2024-01-22")
    result = site.check()
    error = only_error(result)
    assert (error["file"], error["line"]) == ("content/posts/yaml-hong.md", "2")
    assert "ngoặc kép" in error["message"] + result.err


def test_broken_data_yaml(site):
    site.data("units.yml", "units:\n  - id: a\n    name: A\n   - id: b\n")
    error = only_error(site.check())
    assert error["file"] == "data/units.yml" and error["line"] in ("4", "3")


def test_missing_front_matter(site):
    site.write("content/posts/khong-co-dau.md", "# Tiêu đề\n\nNội dung.\n")
    error = only_error(site.check())
    assert error["line"] == "1" and "front matter" in error["message"]


def test_duplicate_url_names_both_files(site):
    site.post("mot", {"title": "Tổng kết năm 2023", "date": "2024-01-20"})
    site.post("hai", {"title": "Tổng kết năm 2023!", "date": "2024-03-01"})
    site.post("khac-nam", {"title": "Tổng kết năm 2023", "date": "2023-12-30"})
    result = site.check()
    found = errors_of(result)
    assert {e["file"] for e in found} == {"content/posts/mot.md", "content/posts/hai.md"}
    assert "/tin-tuc/2024/tong-ket-nam-2023/" in found[0]["message"]
    assert "slug:" in result.err


def test_image_without_alt(site):
    site.post("anh", {"title": "Tin có ảnh", "date": "2024-01-22", "image": "images/anh.gif"})
    error = only_error(site.check())
    assert error["field"] == "image_alt" and "image_alt" in error["message"]


def test_image_that_does_not_exist(site):
    site.post("anh", {"title": "Tin", "date": "2024-01-22", "image": "images/khong-co.jpg",
                      "image_alt": "Ảnh"})
    error = only_error(site.check())
    assert error["field"] == "image" and "khong-co.jpg" in error["message"]


def test_broken_link_and_link_to_a_draft_in_the_body(site):
    site.post("nhap", {"title": "Nháp", "date": "2024-01-01", "draft": True})
    site.post("bai", {"title": "Bài", "date": "2024-01-22"},
              "Đoạn một.\n\nXem [bài nháp](nhap.md).\n\n![ảnh](images/mat.jpg)\n")
    found = errors_of(site.check())
    by_line = {e["line"]: e["message"] for e in found}
    assert "bài chưa đăng" in by_line["8"]
    assert "images/mat.jpg" in by_line["10"]


def test_wrong_types_and_too_long_title(site):
    site.post("kieu", {"title": "T" * 301, "date": "2024-01-22", "featured": "có",
                       "tags": {"a": 1}})
    fields = {e["field"]: e["message"] for e in errors_of(site.check())}
    assert "300" in fields["title"]
    assert "true hoặc false" in fields["featured"]
    assert "danh sách" in fields["tags"]


def test_unknown_field_is_a_warning_with_a_suggestion(site):
    site.post("typo", {"title": "Tin", "date": "2024-01-22", "catgory": "khen-thuong"})
    result = site.check()
    assert result.code == 0, result.text
    assert "catgory" in result.err and "có phải ý bạn là category" in result.err


def test_ten_mistakes_give_ten_errors_and_no_traceback(site):
    site.post("e1", "date: 2024-01-22")  # 1 missing title
    site.post("e2", "title: Ngày sai\ndate: 2024/01/22")  # 2 bad date
    site.post("e3", "title: Khối sai\ndate: 2024-01-22\nblocs: [khoi-khong-co]")  # 3 unknown bloc
    site.post("e4", "title: YAML hỏng: thiếu ngoặc\ndate: 2024-01-22")  # 4 broken YAML
    site.post("e5", "title: Trùng địa chỉ\ndate: 2024-01-22")  # 5 and 6 duplicate URL
    site.post("e6", "title: Trùng địa chỉ\ndate: 2024-05-22")
    site.post("e7", "title: Ảnh\ndate: 2024-01-22\nimage: images/anh.gif")  # 7 no image_alt
    site.post("e8", "title: Chuyên mục\ndate: 2024-01-22\ncategory: khong-co")  # 8 category
    site.post("e9", "title: Nổi bật\ndate: 2024-01-22\nfeatured: có lẽ")  # 9 not a boolean
    site.data("blocs.yml", {"blocs": [{  # 10 leader who is not a member
        "id": "khoi-a", "name": "Khối A", "kind": "khoi",
        "terms": [{"year": 2024, "members": ["so-tai-chinh"], "leader": "ban-dan-van-tinh-uy"}]}]})
    result = site.check()
    found = errors_of(result)
    assert len(found) == 10, result.err
    assert "Có 10 lỗi" in result.err
    assert {e["file"] for e in found} == {f"content/posts/e{n}.md" for n in range(1, 10)} | {
        "data/blocs.yml"}
    assert site.build().code == 1


def test_failed_build_keeps_the_previous_site_byte_for_byte(site):
    site.post("tot", {"title": "Bài tốt", "date": "2024-01-22"})
    assert site.build().code == 0
    before = _tree_digest(site.out)
    site.post("hong", {"title": "Bài hỏng", "date": "không phải ngày"})
    site.post("tot", {"title": "Bài tốt đã sửa", "date": "2024-01-22"})
    result = site.build()
    assert result.code == 1 and "Traceback" not in result.text
    assert _tree_digest(site.out) == before
    assert not [p for p in site.root.iterdir() if p.name.startswith(".site.building")], \
        "no half-built site left behind"


def test_data_errors_name_the_field_in_the_file(site):
    site.data("units.yml", {"units": UNITS + [{"id": "so-tai-chinh", "name": "Trùng"},
                                              {"id": "Sai Ma", "name": "Mã sai"}]})
    site.data("blocs.yml", {"blocs": [{
        "id": "khoi-b", "name": "Khối B", "kind": "nhom",
        "terms": [{"year": 2024, "members": ["so-tai-chinh", "so-khong-co"],
                   "leader": "so-tai-chinh", "deputy": "so-tai-chinh"}]}]})
    found = errors_of(site.check())
    fields = {(e["file"], e["field"]) for e in found}
    assert ("data/units.yml", "units[4].id") in fields  # duplicate id
    assert ("data/units.yml", "units[5].id") in fields  # not an id
    assert ("data/blocs.yml", "blocs[0].kind") in fields
    assert ("data/blocs.yml", "blocs[0].terms[0].members[1]") in fields
    assert ("data/blocs.yml", "blocs[0].terms[0].deputy") in fields


def _tree_digest(folder) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_impossible_unquoted_dates_are_reported_not_a_traceback(site):
    # Unquoted, these look like YAML timestamps; PyYAML used to raise ValueError on them.
    site.post("ngay-30-thang-2", "title: Tin ngày không có\nauthor: An\ndate: 2024-02-30")
    site.post("thang-13", "title: Tin tháng mười ba\ndate: 2024-13-01\nupdated: 2024-01-32")
    result = site.check()
    found = {(e["file"], e["line"], e["field"]): e["message"] for e in errors_of(result)}
    assert set(found) == {("content/posts/ngay-30-thang-2.md", "4", "date"),
                          ("content/posts/thang-13.md", "3", "date"),
                          ("content/posts/thang-13.md", "4", "updated")}, result.err
    assert "2024-02-30" in found[("content/posts/ngay-30-thang-2.md", "4", "date")]
    assert "2024-13-01" in found[("content/posts/thang-13.md", "3", "date")]
    assert "2024-01-22 14:30" in result.err  # the fix shows the forms to write
    assert site.build().code == 1


def test_broken_mkdocs_yml_is_an_editor_error(site):
    site.write("mkdocs.yml", "site_name: Cổng: thử nghiệm\ndocs_dir: content\n")
    result = site.build()
    error = only_error(result)
    assert (error["file"], error["line"]) == ("mkdocs.yml", "1")
    assert "ngoặc kép" in result.err
    assert not site.out.exists()


def test_per_page_that_is_not_a_number_is_an_editor_error(site):
    mkdocs_yml = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    site.write("mkdocs.yml", mkdocs_yml.replace("per_page: 10", "per_page: hai"))
    site.post("tin", {"title": "Tin", "date": "2024-01-22"})
    for result in (site.build(), site.check()):
        error = only_error(result)
        assert (error["file"], error["line"], error["field"]) == \
            ("mkdocs.yml", "10", "plugins.thidua.per_page"), result.err
        assert '"hai"' in error["message"] and "per_page: 20" in result.err
    assert not site.out.exists()


def test_updated_same_day_without_time_is_not_earlier(site):
    site.post("sua-cung-ngay", "title: Tin sửa cùng ngày\ndate: 2024-01-22 14:30\nupdated: 2024-01-22")
    site.post("sua-co-gio", "title: Tin sửa có giờ\ndate: 2024-01-22\nupdated: 2024-01-22 08:00")
    result = site.check()
    assert result.code == 0, result.text
    site.post("sua-truoc", "title: Tin sửa trước\ndate: 2024-01-22 14:30\nupdated: 2024-01-21")
    site.post("sua-truoc-gio", "title: Tin sửa trước giờ\ndate: 2024-01-22 14:30\n"
                               "updated: 2024-01-22 09:00")
    found = {(e["file"], e["field"]) for e in errors_of(site.check())}
    assert found == {("content/posts/sua-truoc.md", "updated"),
                     ("content/posts/sua-truoc-gio.md", "updated")}


def test_absolute_link_to_a_missing_post_is_reported(site):
    site.post("co-that", {"title": "Có thật", "date": "2024-01-20"})
    site.post("bai", {"title": "Bài", "date": "2024-01-22"},
              "Đoạn một.\n\nXem [x](/posts/khong-co.md) và [y](/posts/co-that.md#muc)"
              " và [z](/khoi-thi-dua/).\n")
    error = only_error(site.check())
    assert (error["file"], error["line"]) == ("content/posts/bai.md", "8")
    assert "/posts/khong-co.md" in error["message"]


def test_script_links_in_a_body_are_errors_with_their_line(site):
    site.post("lien-ket-doc", {"title": "Bài", "date": "2024-01-22"},
              "Đoạn một.\n\n[bấm](javascript:alert(1))\n\n![ảnh](data:image/png;base64,AAAA)\n\n"
              "[vb](VBScript:msgbox(1))\n\n<a href=\"&#106;avascript:alert(2)\">raw</a>\n")
    result = site.build()
    found = {e["line"]: e["message"] for e in errors_of(result)}
    assert set(found) == {"8", "10", "12", "14"}, result.err
    assert "javascript:" in found["8"] and "data:" in found["10"] and "vbscript:" in found["12"].lower()
    assert "https://" in result.err  # the fix says what to write instead
    assert not site.out.exists()


def test_raw_html_in_a_body_is_sanitised_in_pages_and_feeds(site):
    site.post("html-tho", {"title": "Bài có HTML", "date": "2024-01-22"},
              "Đoạn một.\n\n<img src=\"images/anh.gif\" onerror=\"alert(1)\" alt=\"Ảnh\">\n\n"
              "<p onclick=\"alert(2)\" style=\"color:red\">Chữ <b>đậm</b></p>\n\n"
              "<script>alert(3)</script>\n\n"
              "<style>body{display:none}</style>\n\n"
              "<figure><img src=\"images/anh.gif\" alt=\"Hội nghị\" title=\"T\" width=\"10\" "
              "height=\"5\"><figcaption>Chú thích</figcaption></figure>\n\n"
              "| a | b |\n|---|:-:|\n| 1 | 2 |\n\n## Mục hai\n\n`mã`\n")
    result = site.build()
    assert result.code == 0, result.text
    # Nothing goes silently: each removal is a warning with its line (a frame from another
    # site is an error: tests/test_media.py).
    for line, what in ((8, "thuộc tính onerror của thẻ <img>"), (10, "thuộc tính onclick của thẻ <p>"),
                       (10, "thuộc tính style của thẻ <p>"), (12, "thẻ <script>"), (14, "thẻ <style>")):
        assert f"html-tho.md:{line}: trường nội dung: đã bỏ {what}" in result.text, result.text
    page = site.page("tin-tuc/2024/bai-co-html/")
    body = page[page.index("<p>Đoạn một.</p>"):page.index("Mục hai</h2>") + 200]
    feeds = (site.out / "rss.xml").read_text(encoding="utf-8") + \
        (site.out / "atom.xml").read_text(encoding="utf-8")
    for text in (body, feeds):
        for bad in ("onerror", "onclick", "alert(", "<script", "<iframe", "evil.example",
                    "display:none", "color:red"):
            assert bad not in text, bad
    assert "<figcaption>Chú thích</figcaption>" in body
    assert 'alt="Hội nghị"' in body and 'width="10"' in body and 'height="5"' in body
    assert "<b>đậm</b>" in body and "<table>" in body and "<code>mã</code>" in body
    assert 'id="muc-hai"' in body


def test_standalone_page_cannot_set_reserved_keys(site):
    site.write("content/gioi-thieu.md", "---\ntitle: Giới thiệu\nthidua_head: <script>alert(1)</script>\n"
               "thidua_section: tin-tuc/\n---\n\n# Giới thiệu\n")
    site.post("tin", {"title": "Tin", "date": "2024-01-22"})
    result = site.build()
    found = {(e["file"], e["line"], e["field"]) for e in errors_of(result)}
    assert found == {("content/gioi-thieu.md", "3", "thidua_head"),
                     ("content/gioi-thieu.md", "4", "thidua_section")}, result.err
    assert not site.out.exists()


def test_plugin_drops_reserved_keys_of_a_standalone_page():
    from types import SimpleNamespace

    from thidua.engine.mkdocs import ThiDuaPlugin

    plugin = ThiDuaPlugin()
    plugin.post_links = SimpleNamespace(rewrite_markdown=lambda markdown, *_: markdown)
    page = SimpleNamespace(file=SimpleNamespace(src_uri="gioi-thieu.md"), url="gioi-thieu/",
                           meta={"title": "Giới thiệu", "thidua_head": "<script>x</script>",
                                 "thidua_section": "tin-tuc/", "thidua_page_id": "/khac/"})
    assert plugin.on_page_markdown("# A", page, None, None) == "# A"
    assert page.meta == {"title": "Giới thiệu", "thidua_page_id": "/gioi-thieu/"}
