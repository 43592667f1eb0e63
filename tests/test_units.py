"""Small pure functions: slugs, Vietnamese dates and numbers, date parsing, pages, YAML lines."""
import os
from datetime import date, datetime, timedelta, timezone

import pytest

from thidua.core.dates import parse_post_date, vi_date, vi_datetime, vi_number
from thidua.plan import Pager
from thidua.core.text import make_slug
from thidua.urls import relative as relative_url
from thidua.core.yamlsource import YamlSyntaxError, load_yaml, split_front_matter


@pytest.mark.parametrize("title, slug", [
    ("Đơn vị Văn phòng Tỉnh ủy", "don-vi-van-phong-tinh-uy"),
    ("ĐẢNG ỦY KHỐI Doanh nghiệp", "dang-uy-khoi-doanh-nghiep"),
    ("Tổng kết giai đoạn 2015 - 2020: “Cờ thi đua” của Chính phủ!",
     "tong-ket-giai-doan-2015-2020-co-thi-dua-cua-chinh-phu"),
    ("Sơ kết 6 tháng đầu năm 2020", "so-ket-6-thang-dau-nam-2020"),
])
def test_slugs_are_vietnamese_aware(title, slug):
    assert make_slug(title) == slug


def test_long_titles_give_slugs_that_fit_a_file_name():
    slug = make_slug("Hội nghị tổng kết phong trào thi đua yêu nước " * 10)
    assert len(slug) <= 200 and not slug.endswith("-")


@pytest.mark.parametrize("day, text", [
    (date(2024, 1, 22), "Thứ Hai, 22/01/2024"),
    (date(2020, 2, 13), "Thứ Năm, 13/02/2020"),
    (date(2024, 6, 16), "Chủ nhật, 16/06/2024"),
    (date(2024, 1, 27), "Thứ Bảy, 27/01/2024"),
])
def test_vietnamese_dates(day, text):
    assert vi_date(day) == text


def test_vietnamese_numbers():
    assert vi_number(1162) == "1.162"
    assert vi_number(325650) == "325.650"
    assert vi_number(7) == "7"


def test_naive_dates_are_ho_chi_minh_time():
    value = parse_post_date("2024-01-22 14:30")
    assert value.has_time and value.moment.utcoffset() == timedelta(hours=7)
    assert vi_datetime(value) == "Thứ Hai, 22/01/2024 14:30"
    assert not parse_post_date(date(2024, 1, 22)).has_time


def test_dates_with_an_offset_are_shown_in_ho_chi_minh_time():
    utc = datetime(2024, 1, 21, 20, 0, tzinfo=timezone.utc)  # 03:00 on the 22nd in Hà Nội
    value = parse_post_date(utc)
    assert value.moment.isoformat() == "2024-01-22T03:00:00+07:00"
    assert parse_post_date("2024-01-22T14:30:00+07:00").moment.hour == 14


@pytest.mark.parametrize("bad", ["22/01/2024", "2024-13-01", "hôm nay", 2024, None])
def test_bad_dates_are_refused(bad):
    with pytest.raises(ValueError):
        parse_post_date(bad)


def test_pager_window_and_urls():
    pager = Pager("tin-tuc/", 6, 20, 200)
    assert pager.window() == [1, None, 4, 5, 6, 7, 8, None, 20]
    assert pager.prev_url == "tin-tuc/trang/5/" and pager.next_url == "tin-tuc/trang/7/"
    assert Pager("tin-tuc/", 2, 2, 15).prev_url == "tin-tuc/"
    assert Pager("tin-tuc/", 1, 1, 3).window() == [1]


def test_relative_urls():
    assert relative_url("", "tin-tuc/2024/bai/") == "../../../"
    assert relative_url("posts/images/a.jpg", "tin-tuc/2024/bai/") == "../../../posts/images/a.jpg"
    assert relative_url("tin-tuc/", "") == "tin-tuc/"


def test_yaml_keeps_lines_of_keys_and_items():
    data = load_yaml("title: A\nblocs:\n  - a\n  - b\n", line_offset=1)
    assert data.line_of("title") == 2
    assert data["blocs"].line_of(1) == 5


def test_broken_yaml_names_its_line():
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml("title: Khối thi đua: tổng kết\ndate: 2024-01-22\n", line_offset=1)
    assert caught.value.line == 2
    assert "ngoặc kép" in caught.value.problem


def test_front_matter_split():
    assert split_front_matter("---\ntitle: A\n---\nThân bài\n") == ("title: A", "Thân bài\n", 4)
    assert split_front_matter("title: A\n") is None


def test_explicit_offset_is_converted_not_replaced():
    for text in ("2024-01-22 07:30+00", "2024-01-22T07:30:00+00:00", "2024-01-22 07:30Z"):
        parsed = parse_post_date(text)
        assert parsed.moment.isoformat() == "2024-01-22T14:30:00+07:00", text
        assert parsed.has_time
    assert parse_post_date("2024-01-22 07:30").moment.isoformat() == "2024-01-22T07:30:00+07:00"


# Background forks only in a process without threads: these run in a fresh interpreter.
_ALONGSIDE = """
import os, sys, time
from thidua.core.workers import Background

def fails():
    raise ValueError("hỏng ở tiến trình con")

assert Background(lambda: os.getpid()).result() != os.getpid()
try:
    Background(fails).result()
except ValueError as error:
    assert any("in fails" in note for note in error.__notes__), error.__notes__
else:
    sys.exit("no error")
started = sys.argv[1]
work = Background(lambda: open(started, "w").write(str(os.getpid())) and time.sleep(60))
while not os.path.exists(started) or not open(started).read():
    time.sleep(0.01)
work.cancel()  # kills and reaps it: the process is gone at once, not in a minute
try:
    os.kill(int(open(started).read()), 0)
except ProcessLookupError:
    print("ok")
"""


def test_work_alongside_returns_its_value_or_its_error_and_can_be_stopped(tmp_path):
    """The value and the error come back through the pipe, the error with where it
    happened in the child; cancel() stops the child at once."""
    import subprocess
    import sys
    from conftest import REPO
    done = subprocess.run([sys.executable, "-c", _ALONGSIDE, str(tmp_path / "started")],
                          cwd=REPO, env={**os.environ, "THIDUA_JOBS": "2"},
                          capture_output=True, text=True, timeout=30)
    assert done.stdout.strip() == "ok", done.stderr


def test_post_files_are_listed_as_rglob_lists_them(tmp_path):
    from thidua.load.files import files_under
    (tmp_path / "2024" / "anh").mkdir(parents=True)
    for name in ("b.md", "2024/a.md", "2024/anh/x.jpg", ".an.md", "2024/c.markdown", "d.md.bak"):
        (tmp_path / name).write_text("x")
    (tmp_path / "ngoai").mkdir()
    (tmp_path / "ngoai" / "e.md").write_text("x")
    (tmp_path / "lien-ket").symlink_to(tmp_path / "ngoai")  # linked folders are not followed
    expected = sorted((p for p in tmp_path.rglob("*") if p.suffix in (".md", ".markdown")
                       and p.is_file()), key=str)
    # ... but listed, as links to nothing are: reading them tells the editor why they are not
    # read (rather than leave them out without a word).
    (tmp_path / "mat.md").symlink_to(tmp_path / "khong-co.md")
    listed = expected + [tmp_path / "lien-ket", tmp_path / "mat.md"]
    assert files_under(tmp_path, (".md", ".markdown")) == sorted(listed, key=str)
    assert files_under(tmp_path / "khong-co", (".md",)) == []
