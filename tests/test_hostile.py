"""Hostile and broken input (issue 19): every class of it gets an error in Vietnamese naming the
file, the line, the field and the fix, all at once, exit status 1, no traceback, no hang (each
run bounded in time and memory), and a failed build leaves the last good site as it was.

Most classes are grouped into one site each, so that one run reports them all; the posts of
tests/hostile/posts/ are a corpus of hostile front matter, bodies and encodings."""
from __future__ import annotations

import hashlib
import os
import resource
import shutil
import socket
import subprocess
import sys
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
import yaml
from lxml import etree

from conftest import BUILD_PY, GIF, REPO, UNITS, Result, SiteFolder
from portal_helpers import CLOSED, NEXT_PLAN, OPEN, portal_site
from test_validation import errors_of

CORPUS = REPO / "tests" / "hostile" / "posts"
MEMORY = 2 << 30  # every run stays under 2 GB ...
SECONDS = 60  # ... and a minute
GOOD = {"title": "Tin tốt", "date": "2024-05-02"}


def bounded(site: SiteFolder, *args: str) -> Result:
    """build.py under the bounds of issue 19: a run that hangs or swells fails the test."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    process = subprocess.run([sys.executable, str(BUILD_PY), *args, "-f",
                              str(site.root / "mkdocs.yml")], cwd=REPO, capture_output=True,
                             text=True, timeout=SECONDS, preexec_fn=limit)
    return Result(process.returncode, process.stdout, process.stderr)


def tree_digest(folder: Path) -> str:
    """One digest of every file and folder of a site, names and bytes."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(os.fsencode(path.relative_to(folder)))
        digest.update(path.read_bytes() if path.is_file() else b"/")
    return digest.hexdigest()


@pytest.fixture
def built(site) -> SiteFolder:
    """A site built once, to check that failed builds leave it as it is."""
    site.post("tot", GOOD)
    result = site.build()
    assert result.code == 0, result.text
    return site


def fails_keeping_the_site(site: SiteFolder, command: str = "build") -> list[dict]:
    """Run `command` on a built site: it must fail with editor errors and change nothing."""
    before = tree_digest(site.out)
    found = errors_of(bounded(site, command))
    assert tree_digest(site.out) == before
    return found


def by_file(found: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for error in found:
        grouped.setdefault(error["file"], []).append(error)
    return grouped


# ---- the corpus of hostile posts ------------------------------------------------------------

# file → (line, field, words of the message); field None when the file as a whole is wrong
CORPUS_ERRORS = {
    "bi-danh-no": ("9", "bom", "bí danh YAML (*tên) lặp lại dữ liệu quá nhiều"),
    "bi-danh-vong": ("4", "vong", "trỏ vào chính giá trị chứa nó"),
    "long-sau": ("4", "sau", "lồng nhau quá sâu"),
    "long-rat-sau": ("4", "sau", "lồng nhau quá sâu"),
    "the-python": ("4", "x", "thẻ YAML !!python/object/apply"),
    "the-nhi-phan": ("2", "title", "thẻ YAML !!binary"),
    "so-qua-dai": ("2", "title", "không đọc được thành số nguyên"),
    "ky-tu-dieu-khien": ("2", "title", "ký tự điều khiển không in được (mã U+0007)"),
    "trung-truong": ("4", "title", "trường title được ghi hai lần (dòng 2 và dòng 4)"),
    "thut-le-tab": ("3", "date", "dùng phím Tab để thụt lề"),
    "thieu-ngoac-dong": ("2", "title", "mở ngoặc kép"),
    "dau-a-con": ("4", "@tac_gia", "ký tự '@' không được đứng đầu một giá trị"),
    "thieu-dong-dong": ("1", None, "không có dòng --- đóng lại"),
    "khong-co-dau-bai": ("1", None, "thiếu phần thông tin đầu bài"),
    "nam-0204": ("3", "date", "năm 204 nằm ngoài khoảng 1945–2100"),
    "nam-9999": ("3", "date", "năm 9999 nằm ngoài khoảng 1945–2100"),
    "mui-gio-nam-1": ("3", "date", "năm 1 nằm ngoài khoảng 1945–2100"),
    "sua-nam-9999": ("4", "updated", "năm 9999 nằm ngoài khoảng 1945–2100"),
    "sua-truoc-ngay": ("4", "updated", "ngày sửa (updated) 2099-01-01 chưa tới"),
    "byte-nul": ("6", None, "byte NUL"),
    "latin-1": ("6", None, "không được lưu bằng mã UTF-8"),
    "utf-16": (None, None, "UTF-16"),
    "dao-chieu": ("2", None, "ký tự đảo chiều chữ (mã U+202E)"),
    "ra-ngoai": ("8", "nội dung", "trỏ ra ngoài thư mục content/"),
    "slug-trang": ("4", "slug", "chỗ của các trang danh sách tin"),
    "slug-dai": ("4", "slug", "dài quá 200 ký tự"),
    "khoa-so": ("4", "[1]", "tên trường 1 không phải là chữ"),
    "lien-ket-tham-chieu": ("12", "nội dung", "dùng javascript:"),
    "trich-dan-long-sau": ("8", "nội dung", "lồng nhau quá sâu (hơn 256 mức thẻ <blockquote>"),
    "the-html-long-sau": ("8", "nội dung", "lồng nhau quá sâu (hơn 256 mức thẻ <div>"),
    "qua-nhieu-the": ("4", "tags", "có 31 mục, nhiều nhất là 30"),
}


def test_each_hostile_post_gets_its_own_clear_error(built):
    for path in CORPUS.iterdir():
        shutil.copyfile(path, built.root / "content/posts" / path.name)
    for command in ("check", "build"):
        found = by_file(fails_keeping_the_site(built, command))
        for name, (line, field, words) in CORPUS_ERRORS.items():
            errors = found.pop(f"content/posts/{name}.md")
            assert len(errors) == 1, errors
            assert (errors[0]["line"], errors[0]["field"]) == (line, field), (name, errors)
            assert words in errors[0]["message"], (name, errors)
        # A post with several problems has each at its line, none hiding the others.
        assert sorted((e["line"], e["field"]) for e in found.pop(
            "content/posts/lien-ket-ma-hoa.md")) == [("11", "nội dung"), ("13", "nội dung"),
                                                     ("4", "featured")]
        assert {e["message"].split(" dùng ")[0] for e in found.pop(
            "content/posts/lien-ket-html.md")} == {"liên kết jav&#x09;ascript:alert(1)",
                                                    "liên kết javascript&#58;alert(2)"}
        assert not found  # the two posts left are right: a BOM, CRLF or CR alone are fine


def test_line_endings_and_a_byte_order_mark_are_read_as_meant(site):
    for name in ("crlf-bom", "chi-cr"):
        shutil.copyfile(CORPUS / f"{name}.md", site.root / "content/posts" / f"{name}.md")
    result = site.build()
    assert result.code == 0, result.text
    assert "<h1>Tin CRLF</h1>" in site.page("tin-tuc/2024/tin-crlf/")
    assert "Noi dung." in site.page("tin-tuc/2024/tin-cr/")


# ---- bounded YAML everywhere ----------------------------------------------------------------

def alias_bomb(levels: int, indent: str = "") -> str:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]'] + [
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels + 1)]
    return "".join(f"{indent}{line}\n" for line in lines)


def test_aliases_within_the_bound_build_and_rebuild_without_expanding(built):
    # 9**4 items once expanded: allowed, and no fingerprint or cache step may expand them.
    built.post("bi-danh", "title: Tin có bí danh\ndate: 2024-05-03\nthem:\n" + alias_bomb(3, "  "))
    result = bounded(built, "build")
    assert result.code == 0 and "trường them không được dùng" in result.err, result.text
    built.post("bi-danh", "title: Tin có bí danh\ndate: 2024-05-03\nthem:\n" + alias_bomb(3, "  "),
               "Thân bài đã sửa.\n")
    result = bounded(built, "build")
    assert result.code == 0, result.text
    assert "Thân bài đã sửa." in built.page("tin-tuc/2024/tin-co-bi-danh/")


def test_unbounded_yaml_in_data_files_is_refused_at_its_line(built):
    built.data("units.yml", "ghi_chu:\n" + alias_bomb(9, "  ") + "units:\n  - id: so-tai-chinh\n"
               "    name: Sở Tài chính\n")
    built.data("decisions/2024/sau.yml", "number: 1/QĐ\nawards: " + "[" * 5000 + "]" * 5000 + "\n")
    built.data("decisions/2024/the.yml", "number: !!python/object/new:list []\n")
    built.data("categories.yml", "categories:\n  - id: tin-hoat-dong\n    name: Tin\n"
               "    name: Tin hoạt động\n")
    found = by_file(fails_keeping_the_site(built))
    # at the alias whose expansion passes the bound (a4: 9**4 lists of nine)
    assert [(e["line"], e["field"]) for e in found["data/units.yml"]] == [("6", "ghi_chu")]
    assert [(e["line"], e["field"]) for e in found["data/decisions/2024/sau.yml"]] == \
        [("2", "awards")]
    assert "!!python/object/new" in found["data/decisions/2024/the.yml"][0]["message"]
    assert "(dòng 3 và dòng 4)" in found["data/categories.yml"][0]["message"]


def test_unbounded_yaml_in_mkdocs_yml_is_refused_and_never_run(built, tmp_path):
    config = built.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    marker = tmp_path / "da-chay"
    for extra, line in ((alias_bomb(9, "  "), "16"),
                        (f"  x: !!python/object/apply:os.system ['touch {marker}']\n", "12"),
                        ("  x: " + "{a: " * 2000 + "1" + "}" * 2000 + "\n", "12"),
                        ("  site_name: hai lần\n  site_name: ba lần\n", "13")):
        config.write_text(text + "extra:\n" + extra, encoding="utf-8")
        found = fails_keeping_the_site(built)
        assert [(e["file"], e["line"]) for e in found] == [("mkdocs.yml", line)], found
        assert found[0]["message"].startswith("YAML hỏng: ")
    assert not marker.exists()


# ---- the portal's data files: documents, consultations, campaigns, types, days off ------------

@pytest.fixture
def portal(tmp_path) -> SiteFolder:
    """The portal's small site (documents, consultations, campaigns), built once."""
    site = portal_site(tmp_path / "portal")
    result = bounded(site, "build", "--today", TODAY)
    assert result.code == 0, result.text
    return site


TODAY = "2026-11-30"


def hostile_portal_data(site: SiteFolder, marker: Path) -> dict[tuple, str]:
    """Break each of the portal's data files in its own way (none named by another file, so
    that no follow-on error is expected); (file, line, field) → words of the one error each."""
    data = site.root / "data"
    site.data("documents/kh-130.yml", yaml.safe_dump(NEXT_PLAN, allow_unicode=True)
              + "ghi_chu:\n" + alias_bomb(9, "  "))
    site.data("documents/mau.yml", "title: Mẫu\ntitle: Mẫu báo cáo\n")
    site.write("data/documents/latin.yml", "number: 1/TB\ntitle: Thông báo\nissuer: Hà Nam\n"
               .encode("cp1258"))
    (data / "documents/files/luat-cu.pdf").unlink()
    (data / "documents/files/luat-cu.pdf").symlink_to(data / "documents/files/luat.pdf")
    site.data("consultations/2027/dau-nam-2027.yml",
              "title: Lấy ý kiến\ncandidates: " + "[" * 5000 + "]" * 5000 + "\n")
    site.data("consultations/2026/cuoi-nam-2026.yml", yaml.safe_dump(
        {**OPEN, "council_date": "9999-12-15"}, allow_unicode=True, sort_keys=False))
    site.data("consultations/2024/co-thi-dua-2023.yml", yaml.safe_dump(
        CLOSED, allow_unicode=True, sort_keys=False) + "bom: !!python/object/apply:os.system "
        f"['touch {marker}']\n")
    site.data("campaigns.yml", "campaigns:\n  - id: nong-thon-moi\n    name: Nông thôn mới\n"
              "    launched: 2011-09-20\n    launched: 2011-09-21\n")
    site.data("document-types.yml", "types:\n\t- id: luat\n")
    (data / "days-off.yml").symlink_to("/etc/hostname")
    return {
        ("data/documents/kh-130.yml", "ghi_chu"): "bí danh YAML (*tên) lặp lại dữ liệu quá nhiều",
        ("data/documents/mau.yml", "title"): "trường title được ghi hai lần (dòng 1 và dòng 2)",
        ("data/documents/latin.yml", None): "không được lưu bằng mã UTF-8",
        ("data/documents/luat-cu.yml", "file"): "liên kết tượng trưng",
        ("data/consultations/2027/dau-nam-2027.yml", "candidates"): "lồng nhau quá sâu",
        ("data/consultations/2026/cuoi-nam-2026.yml", "council_date"):
            "năm 9999 nằm ngoài khoảng 1945–2100",
        ("data/consultations/2024/co-thi-dua-2023.yml", "bom"): "thẻ YAML !!python/object/apply",
        ("data/campaigns.yml", "launched"): "được ghi hai lần (dòng 4 và dòng 5)",
        ("data/document-types.yml", "types"): "dùng phím Tab để thụt lề",
        ("data/days-off.yml", None): "trỏ ra ngoài thư mục data/",
    }


def test_the_portals_data_files_are_read_within_bounds(portal, tmp_path):
    expected = hostile_portal_data(portal, tmp_path / "da-chay")
    before = tree_digest(portal.out)
    for command in ("check", "build"):
        found = errors_of(bounded(portal, command, "--today", TODAY))
        got = {(e["file"], e["field"]): e for e in found}
        assert set(got) == set(expected) and len(found) == len(expected), found
        for key, words in expected.items():
            assert words in got[key]["message"], got[key]
            assert got[key]["line"] or key[0] == "data/days-off.yml", got[key]
    assert tree_digest(portal.out) == before
    assert not (tmp_path / "da-chay").exists()


def test_standalone_pages_nested_too_deep_for_mkdocs_are_refused(built):
    # Python-Markdown recurses into nested lists; HTML parsers slow down with the square of
    # the depth: both past the bound are an error at the page's line, before MkDocs sees it.
    built.write("content/danh-sach.md", "---\ntitle: Danh sách\n---\n\nĐầu trang.\n\n"
                + "".join("    " * i + "1. mục\n" for i in range(300)))
    built.write("content/the.md", "# Thẻ\n\n" + "<div>" * 20_000 + "x" + "</div>" * 20_000)
    built.write("content/vua-du.md", "# Vừa đủ\n\n" + "".join("    " * i + "- mục\n"
                                                                  for i in range(100)))
    found = {(e["file"], e["line"]): e["message"] for e in fails_keeping_the_site(built)}
    # the 129th level (lines 7, 8…), where it passes 256 elements (an <ol> and an <li> each)
    assert set(found) == {("content/danh-sach.md", "135"), ("content/the.md", "3")}, found
    assert all("lồng nhau quá sâu" in message for message in found.values())


# ---- files that cannot be read --------------------------------------------------------------

def test_files_that_cannot_be_read_are_named_with_the_reason(built, tmp_path):
    outside = tmp_path / "ngoai.md"
    outside.write_text("---\ntitle: Ngoài\ndate: 2024-05-03\n---\n\nBí mật.\n", encoding="utf-8")
    posts, data = built.root / "content/posts", built.root / "data"
    (posts / "ra-ngoai.md").symlink_to(outside)
    (posts / "mat.md").symlink_to(tmp_path / "khong-co.md")
    (posts / "thu-muc.md").mkdir()
    (posts / "lien-ket-thu-muc").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(posts / "ong.md")  # reading it would wait forever
    built.post("qua-lon", "title: Quá lớn\ndate: 2024-05-03", "Chữ. " * 500_000)
    (data / "decisions/2024").mkdir(parents=True)
    (data / "decisions/2024/mat.yml").symlink_to(tmp_path / "khong-co.yml")
    (data / "units.yml").unlink()
    (data / "units.yml").symlink_to("/etc/passwd")
    found = by_file(fails_keeping_the_site(built))
    reasons = {
        "content/posts/ra-ngoai.md": "trỏ ra ngoài thư mục content/",
        "content/posts/mat.md": "nhưng không có tệp đó",
        "content/posts/thu-muc.md": "là một thư mục",
        "content/posts/lien-ket-thu-muc": "tới thư mục",
        "content/posts/ong.md": "không phải tệp thường",
        "content/posts/qua-lon.md": "tệp quá lớn (hơn 2 MB",
        "data/decisions/2024/mat.yml": "nhưng không có tệp đó",
        "data/units.yml": "trỏ ra ngoài thư mục data/",
    }
    assert set(found) == set(reasons), found
    for file, words in reasons.items():
        assert words in found[file][0]["message"], found[file]
    assert "Bí mật" not in built.page("tin-tuc/2024/tin-tot/")


def test_folders_of_the_site_stay_inside_it(built, tmp_path):
    config = built.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    (built.root / "tep").write_text("x")
    for old, new, field, words in (
            ("per_page: 10", "per_page: 10\n      data_dir: /etc", "plugins.thidua.data_dir",
             "nằm ngoài thư mục của trang"),
            ("per_page: 10", "per_page: 10\n      data_dir: khong-co", "plugins.thidua.data_dir",
             "không có thư mục khong-co"),
            ("per_page: 10", "per_page: 10\n      data_dir: tep", "plugins.thidua.data_dir",
             "là một tệp"),
            ("docs_dir: content", f"docs_dir: {tmp_path}", "docs_dir", "nằm ngoài thư mục"),
            ("  font: false", "  font: false\n  custom_dir: ../..", "theme.custom_dir",
             "nằm ngoài thư mục")):
        config.write_text(text.replace(old, new), encoding="utf-8")
        for command in ("check", "build"):
            found = fails_keeping_the_site(built, command)
            assert [(e["file"], e["field"]) for e in found] == [("mkdocs.yml", field)], found
            assert words in found[0]["message"]


def test_content_files_never_take_a_generated_address(built):
    built.write("content/rss.xml", "<rss/>")
    built.write("content/index.html", "trang chủ giả")
    built.write("content/tin-tuc", "một tệp tên tin-tuc")
    built.write("content/assets", "một tệp tên assets")
    found = by_file(fails_keeping_the_site(built))
    assert set(found) == {"content/rss.xml", "content/index.html", "content/tin-tuc",
                          "content/assets"}
    assert all(e["field"] == "tên tệp" for errors in found.values() for e in errors)
    for path in ("rss.xml", "index.html", "tin-tuc", "assets"):
        (built.root / "content" / path).unlink()
    shutil.rmtree(built.root / "content/posts")
    built.write("content/posts", "không phải thư mục")
    found = fails_keeping_the_site(built)
    assert [e["file"] for e in found] == ["content/posts"]


# ---- sizes ----------------------------------------------------------------------------------

def test_a_body_whose_feed_entry_is_a_huge_text_node_builds(site):
    # Under 2 MB of table rows, over 10 MB of HTML: libxml2 refuses a text node that long
    # unless told otherwise, and the Atom feed carries the whole post.
    site.post("bang", {"title": "Bảng rất dài", "date": "2024-05-03"},
              "|a|b|\n|-|-|\n" + "|a|b|\n" * 320_000 + "|hết|bảng|\n")
    result = bounded(site, "build")
    assert result.code == 0, result.text
    atom = etree.parse(str(site.out / "atom.xml"), etree.XMLParser(huge_tree=True))
    content = atom.find(".//{http://www.w3.org/2005/Atom}content").text
    assert len(content) > 10_000_000 and "<td>hết</td>" in content


# ---- dates ----------------------------------------------------------------------------------

def test_dates_outside_the_portals_years_are_errors(built):
    built.data("decisions/2024/cu.yml", "number: 1/QĐ\ndate: 0001-01-01\nissuer: UBND tỉnh\n"
               "status: quyet-dinh\nperiod: '2023'\nreason: Hoàn thành xuất sắc\nawards:\n"
               "  - title: co-thi-dua-ubnd-tinh\n    unit: so-tai-chinh\n")
    built.data("blocs.yml", {"blocs": [{
        "id": "khoi-a", "name": "Khối A", "kind": "khoi",
        "terms": [{"year": 1900, "members": ["so-tai-chinh"], "leader": "so-tai-chinh"},
                  {"year": 2024, "members": ["so-tai-chinh"], "leader": "so-tai-chinh",
                   "agreement_date": "9999-01-01"}]}]})
    built.post("nam-20244", "title: Tin\ndate: '20244-01-01'")
    found = {(e["file"], e["line"], e["field"]): e["message"]
             for e in fails_keeping_the_site(built, "check")}
    assert set(found) == {("data/decisions/2024/cu.yml", "2", "date"),
                          ("data/blocs.yml", "6", "blocs[0].terms[0].year"),
                          ("data/blocs.yml", "14", "blocs[0].terms[1].agreement_date"),
                          ("content/posts/nam-20244.md", "3", "date")}, found
    assert "1945" in found[("data/decisions/2024/cu.yml", "2", "date")]


def test_feeds_of_the_earliest_years_carry_valid_dates(site):
    site.post("1945", {"title": "Lời kêu gọi thi đua", "date": "1948-06-11 08:00",
                       "updated": "1948-06-12"})
    assert site.build().code == 0
    rss = etree.parse(str(site.out / "rss.xml"))
    for written in rss.xpath("//pubDate/text() | //lastBuildDate/text()"):
        assert parsedate_to_datetime(written).year == 1948, written
    atom = etree.parse(str(site.out / "atom.xml"))
    for written in atom.xpath("//*[local-name()='updated' or local-name()='published']/text()"):
        moment = datetime.fromisoformat(written)
        assert moment.year == 1948 and moment.utcoffset().total_seconds() % 60 == 0, written


# ---- empty and missing data files -----------------------------------------------------------

DECISION = ("number: 1/QĐ\ndate: 2024-02-01\nissuer: UBND tỉnh\nstatus: quyet-dinh\n"
            "period: '2023'\nreason: Hoàn thành xuất sắc\nawards:\n"
            "  - title: co-thi-dua-ubnd-tinh\n    unit: so-tai-chinh\n")


@pytest.mark.parametrize("units, words", [
    ("", "tệp data/units.yml trống"),
    ("# chưa có đơn vị\n", "tệp data/units.yml trống"),
    ("units:\n", "tệp data/units.yml trống"),
    (None, "không có tệp data/units.yml"),
])
def test_an_empty_or_missing_data_file_is_one_error(built, units, words):
    built.data("decisions/2024/qd.yml", DECISION)
    built.post("don-vi", {"title": "Tin đơn vị", "date": "2024-05-03", "units": ["so-tai-chinh"]})
    if units is None:
        (built.root / "data/units.yml").unlink()
    else:
        built.data("units.yml", units)
    found = fails_keeping_the_site(built, "check")
    assert [(e["file"], e["field"]) for e in found] == [("data/units.yml", "units")], found
    assert words in found[0]["message"] and "7 chỗ" in found[0]["message"]


def test_an_empty_list_of_blocs_or_categories_is_one_error_each(built):
    built.data("blocs.yml", "blocs:\n")
    built.data("categories.yml", "")
    built.post("khoi", {"title": "Tin khối", "date": "2024-05-03", "category": "khen-thuong",
                        "blocs": ["khoi-tham-muu-tong-hop", "khoi-khac"]})
    found = fails_keeping_the_site(built, "check")
    assert sorted(e["file"] for e in found) == ["data/blocs.yml", "data/categories.yml"], found


def remove(site: SiteFolder, relative: str) -> None:
    path = site.root / relative
    shutil.rmtree(path) if path.is_dir() else path.unlink()


def no_campaigns_no_types_days_off_unlisted(site: SiteFolder) -> None:
    remove(site, "data/campaigns.yml")
    site.data("document-types.yml", "# chưa có loại nào\n")
    site.data("days-off.yml", "ngay_nghi: []\n")


def campaigns_empty_days_off_empty(site: SiteFolder) -> None:
    site.data("campaigns.yml", "campaigns:\n")
    site.data("days-off.yml", "")


def no_documents_working_days_empty(site: SiteFolder) -> None:
    remove(site, "data/documents")
    site.data("days-off.yml", "working_days: []\n")


# Several data files emptied at once (files no other names, so the counts do not mix);
# (file, field) → words of the one error each. An empty days-off.yml is no error.
@pytest.mark.parametrize("change, expected", [
    (no_campaigns_no_types_days_off_unlisted, {
        ("data/campaigns.yml", "campaigns"):
            "không có tệp data/campaigns.yml, nhưng có 3 chỗ nhắc tới mã phong trào thi đua",
        ("data/document-types.yml", "types"):
            "tệp data/document-types.yml trống, chưa có loại văn bản nào, nhưng có 6 chỗ",
        ("data/days-off.yml", "days_off"): "tệp phải có danh sách days_off: hoặc working_days:"}),
    (campaigns_empty_days_off_empty, {
        ("data/campaigns.yml", "campaigns"): "tệp data/campaigns.yml trống, chưa có phong trào"}),
    (no_documents_working_days_empty, {
        ("data/documents/", None):
            "không có thư mục data/documents/, nhưng có 3 chỗ nhắc tới mã văn bản"}),
])
def test_an_empty_or_missing_portal_data_file_is_one_error(tmp_path, change, expected):
    site = portal_site(tmp_path / "portal")
    change(site)
    found = errors_of(bounded(site, "check", "--today", TODAY))
    got = {(e["file"], e["field"]): e["message"] for e in found}
    assert set(got) == set(expected) and len(found) == len(expected), found
    for key, words in expected.items():
        assert words in got[key], got


# ---- long chains ------------------------------------------------------------------------------

def test_thousands_of_units_merged_one_into_the_next_are_walked_without_recursion(site):
    # Each unit merged into the next a day after the one before it: valid, 2,000 deep.
    day = date(2000, 1, 1)
    chain = [{"id": f"dv-{i}", "name": f"Đơn vị {i}", "ended": str(day + timedelta(days=i)),
              "successor": f"dv-{i + 1}"} for i in range(2000)] + [{"id": "dv-2000",
                                                                      "name": "Đơn vị cuối"}]
    site.data("units.yml", {"units": UNITS + chain})
    site.post("sap-nhap", {"title": "Tin đơn vị cũ", "date": "2024-05-03", "units": ["dv-0"]})
    result = bounded(site, "check")
    assert result.code == 0 and "Traceback" not in result.text, result.text
    chain[-1].update(ended="2010-01-01", successor="dv-0")  # and now a loop of 2,001
    site.data("units.yml", {"units": UNITS + chain})
    [error] = errors_of(bounded(site, "check"))
    assert error["file"] == "data/units.yml" and error["field"] == "units[4].successor", error
    assert "thành vòng: dv-0 → dv-1" in error["message"] and "… → dv-1999 → dv-2000 → dv-0" in \
        error["message"] and len(error["message"]) < 200, error


# ---- pictures through links -----------------------------------------------------------------

def test_a_linked_picture_is_refused_by_check_and_build_alike(built, tmp_path):
    images = built.root / "content/posts/images"
    (images / "lien-ket.gif").symlink_to(images / "anh.gif")
    (tmp_path / "ngoai.gif").write_bytes(GIF)
    (images / "ngoai.gif").symlink_to(tmp_path / "ngoai.gif")
    built.post("anh", {"title": "Tin có ảnh", "date": "2024-05-03",
                       "image": "images/lien-ket.gif", "image_alt": "Ảnh"},
               "Đoạn một.\n\n![ảnh ngoài](images/ngoai.gif)\n")
    results = [fails_keeping_the_site(built, command) for command in ("check", "build")]
    assert results[0] == results[1]
    assert {(e["line"], e["field"]) for e in results[0]} == {("4", "image"), ("10", "nội dung")}
    assert all("liên kết tượng trưng" in e["message"] for e in results[0])
    built.post("anh", {"title": "Tin có ảnh", "date": "2024-05-03"})  # links left unused:
    result = bounded(built, "build")  # a warning each, never published
    assert result.code == 0, result.text
    assert result.err.count("không được đăng lên trang web") == 2
    assert not (built.out / "posts/images/lien-ket.gif").exists()


# ---- build.py new ---------------------------------------------------------------------------

NEW_FOLDERS = {"bai-viet": "content/posts", "van-ban": "data/documents",
               "lay-y-kien": "data/consultations"}


@pytest.mark.parametrize("kind", NEW_FOLDERS)
def test_new_refuses_titles_it_cannot_write(site, kind):
    before = tree_digest(site.root)
    for title, words in (
            ("Dòng một\nDòng hai", "tiêu đề có xuống dòng"),
            ("Dòng một\u2028Dòng hai", "tiêu đề có xuống dòng (mã U+2028)"),
            ("Tiêu đề\tcó tab", "ký tự điều khiển"),
            ("Tin \u202e đảo chiều", "ký tự điều khiển (mã U+202E)"),
            ("Tin " + "rất dài " * 40, "quá 300"),
            ("!!!", "trống")):
        result = site.run("new", "--kind", kind, title, "--date", "2024-05-03")
        assert result.code == 1 and "Traceback" not in result.text, result.text
        assert words in result.err and "Cách sửa:" in result.err, result.err
        assert "trường title:" in result.err, result.err
    assert tree_digest(site.root) == before  # nothing written


@pytest.mark.parametrize("args, field, words", [
    (["--number", "45/KH\nfile: /etc/passwd"], "--number", "số, ký hiệu có xuống dòng"),
    (["--issuer", "UBND\x1b[31m"], "--issuer", "cơ quan ban hành có ký tự điều khiển"),
    (["--type", "ke-hoach\ntitle: khac"], "--type", "loại văn bản có xuống dòng"),
    (["--type", "khong-co"], "--type", "không có loại văn bản khong-co"),
])
def test_new_document_refuses_fields_it_cannot_write(site, args, field, words):
    result = site.run("new", "--kind", "van-ban", "Kế hoạch thi đua", "--date", "2024-05-03",
                      *args)
    assert result.code == 1 and "Traceback" not in result.text, result.text
    assert f"trường {field}:" in result.err and words in result.err, result.err
    assert not (site.root / "data/documents").exists()


def test_new_page_of_the_listing_is_refused(site):
    result = site.run("new", "Trang")
    assert result.code == 1 and "chỗ của các trang danh sách tin" in result.err, result.text


def test_new_writes_quotes_and_backslashes_it_reads_back(site):
    title = 'Khối "Tham mưu": tổng kết \\ năm 2024 # đợt 1'
    for kind in NEW_FOLDERS:
        result = site.run("new", "--kind", kind, title, "--date", "2024-05-03")
        assert result.code == 0, result.text
    [post] = (site.root / "content/posts").glob("*.md")
    assert yaml.safe_load(post.read_text(encoding="utf-8").split("---")[1])["title"] == title
    for folder in ("data/documents/2024", "data/consultations/2024"):
        [path] = (site.root / folder).glob("*.yml")
        assert yaml.safe_load(path.read_text(encoding="utf-8"))["title"] == title


def test_new_never_writes_through_a_link(site, tmp_path):
    target = tmp_path / "bi-ghi-de.txt"
    (site.root / "content/posts/2024-05-03-tin-moi.md").symlink_to(target)
    (site.root / "data/consultations/2024").mkdir(parents=True)
    (site.root / "data/consultations/2024/tin-moi.yml").symlink_to(target)
    for kind in ("bai-viet", "lay-y-kien"):
        result = site.run("new", "--kind", kind, "Tin mới", "--date", "2024-05-03")
        assert result.code == 1 and "không ghi đè" in result.err, result.text
    assert not target.exists()


@pytest.mark.parametrize("args, words", [
    (["new", "Tin", "--date", "2024-02-30"], "'2024-02-30' không phải là ngày có thật"),
    (["new", "Tin", "--date", "0204-05-03"], "năm 204 nằm ngoài khoảng 1945–2100"),
    (["new"], "thiếu tiêu đề (trong ngoặc kép)"),
    (["buid"], "LỆNH: không có 'buid'"),
    (["check", "--nhanh"], "không hiểu tham số --nhanh"),
    (["serve", "-a"], "-a/--dev-addr cần một giá trị đi kèm"),
    (["serve", "-a", "127.0.0.1:70000"], "cổng '70000' phải là một số từ 1 đến 65535"),
    (["serve", "-a", "127.0.0.1:tam"], "cổng 'tam' phải là một số từ 1 đến 65535"),
    (["serve", "-a", "8000"], "phải có dạng ĐỊA_CHỈ:CỔNG"),
])
def test_command_line_mistakes_are_one_line_in_vietnamese(site, args, words):
    result = site.run(*args)
    assert result.code == 2 and not result.out, result.text
    assert result.err.count("\n") == 1 and words in result.err, result.err
    assert "--help" in result.err and "error" not in result.err and "usage" not in result.err


def test_serve_says_in_one_line_why_it_cannot_listen(site):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        for address, words in ((f"127.0.0.1:{port}", f"Cổng {port} ở 127.0.0.1 đang được"),
                               ("192.0.2.1:8000", "không thuộc máy này")):
            result = site.run("serve", "-a", address)
            assert result.code == 1 and "Traceback" not in result.text, result.text
            assert result.err.count("\n") == 1 and words in result.err, result.err


# ---- mkdocs.yml -----------------------------------------------------------------------------

def test_mkdocs_yml_mistakes_are_named_in_vietnamese(built):
    config = built.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("site_name: Cổng thử nghiệm", "site_name: [Cổng, thử]")
                      + "use_directory_urls: có\nextra_css: 5\nnav:\n  - Trang: khong-co.md\n"
                        "extra:\n  office: [1, 2]\n  counter:\n    endpoint: javascript:alert(1)\n",
                      encoding="utf-8")
    found = {(e["line"], e["field"]): e["message"] for e in fails_keeping_the_site(built, "check")}
    assert set(found) == {("1", "site_name"), ("11", "use_directory_urls"), ("12", "extra_css"),
                          ("14", "nav"), ("16", "extra.office"),
                          ("18", "extra.counter.endpoint")}, found
    assert found[("1", "site_name")] == "phải là chữ, đang là một danh sách"
    config.write_text("INHERIT: chung.yml\n" + text, encoding="utf-8")
    assert [e["field"] for e in fails_keeping_the_site(built, "check")] == ["INHERIT"]


def test_what_only_mkdocs_finds_is_said_in_vietnamese(built):
    config = built.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for changed, field, words in (
            (text.replace("name: material", "name: khong-co"), "theme", "không có giao diện"),
            (text.replace("plugins:\n", "plugins:\n  - khong-co\n"), "plugins",
             "plugin khong-co chưa được cài"),
            (text + "markdown_extensions: [khong_co]\n", "markdown_extensions",
             "không nạp được phần mở rộng Markdown khong_co")):
        config.write_text(changed, encoding="utf-8")
        [error] = fails_keeping_the_site(built)
        assert (error["file"], error["field"]) == ("mkdocs.yml", field) and words in \
            error["message"], error
    config.write_text(text + "sitename: Cổng\n", encoding="utf-8")
    result = bounded(built, "build")
    assert result.code == 0, result.text
    assert "Cảnh báo: mkdocs.yml:11: trường sitename:" in result.err
    assert "có phải ý bạn là site_name?" in result.err and "WARNING" not in result.err


# ---- verify ---------------------------------------------------------------------------------

def test_verify_names_damaged_files_not_their_consequences(built):
    (built.out / "tin-tuc/index.html").write_bytes(b"<html>\n\xff\xfe</html>")
    sitemap = built.out / "sitemap.xml"
    sitemap.write_bytes(sitemap.read_bytes()[:200])
    atom = built.out / "atom.xml"
    atom.write_bytes(atom.read_bytes()[:300])
    result = bounded(built, "verify")
    assert result.code == 1 and "Traceback" not in result.text, result.text
    lines = [line for line in result.err.splitlines() if line.startswith("Lỗi")]
    assert len(lines) == 3, result.err
    assert "/tin-tuc/: tệp tin-tuc/index.html không phải văn bản UTF-8 (byte lạ ở dòng 2)" in \
        result.err
    assert "/sitemap.xml: không phải XML hợp lệ" in result.err and "thiếu trang" not in result.err
    assert "/atom.xml: không phải XML hợp lệ" in result.err
    assert "3 tệp hỏng trên đĩa" in result.err
