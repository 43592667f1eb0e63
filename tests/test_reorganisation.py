"""Units and blocs that merge, split or end (SPEC §14): every rule with its message, and whole
builds whose pages, award tables and feeds keep the history of what ended."""
from __future__ import annotations

import copy
import re
from urllib.parse import urljoin

import feedparser
import pytest
from lxml import html as lxml_html

from conftest import CATEGORIES, GIF, MKDOCS_YML, SiteFolder

MERGED = "01/03/2025"
UNITS = [
    {"id": "so-tai-chinh", "name": "Sở Tài chính"},
    {"id": "van-phong-ubnd-tinh", "name": "Văn phòng UBND tỉnh"},
    {"id": "so-ke-hoach-dau-tu", "name": "Sở Kế hoạch và Đầu tư", "ended": "2025-03-01",
     "successor": "so-tai-chinh", "ended_note": "Hợp nhất theo Nghị định 45/2025/NĐ-CP."},
    {"id": "so-thong-tin-truyen-thong", "name": "Sở Thông tin và Truyền thông",
     "ended": "2025-03-01",
     "successors": ["so-khoa-hoc-cong-nghe", "so-van-hoa-the-thao-du-lich"]},
    {"id": "so-khoa-hoc-cong-nghe", "name": "Sở Khoa học và Công nghệ"},
    {"id": "so-van-hoa-the-thao-du-lich", "name": "Sở Văn hóa, Thể thao và Du lịch"},
    {"id": "ubnd-huyen-hai-hau", "name": "UBND huyện Hải Hậu", "ended": "2025-07-01"},
    {"id": "ubnd-huyen-giao-thuy", "name": "UBND huyện Giao Thủy", "ended": "2025-07-01"},
    # Announced, not yet done: still current, nobody's predecessor yet.
    {"id": "so-sap-nhap-sau", "name": "Sở sẽ hợp nhất sau", "ended": "2099-01-01",
     "successor": "so-tai-chinh"},
]
BLOCS = [
    {"id": "khoi-tham-muu", "name": "Khối thi đua Tham mưu – Tổng hợp", "kind": "khoi",
     "terms": [
         {"year": 2024, "members": ["so-tai-chinh", "so-ke-hoach-dau-tu", "van-phong-ubnd-tinh"],
          "leader": "so-ke-hoach-dau-tu", "deputy": "so-tai-chinh"},
         # Signed before the merger: the unit that ended in March is still a member of 2025.
         {"year": 2025, "members": ["so-tai-chinh", "so-ke-hoach-dau-tu", "van-phong-ubnd-tinh",
                                    "so-thong-tin-truyen-thong"],
          "leader": "so-tai-chinh", "agreement_date": "2025-01-17"},
         {"year": 2026, "members": ["so-tai-chinh", "van-phong-ubnd-tinh", "so-sap-nhap-sau"],
          "leader": "van-phong-ubnd-tinh"},
     ]},
    {"id": "cum-huyen-phia-nam", "name": "Cụm thi đua các huyện phía Nam", "kind": "cum",
     "ended": "2025-07-01", "ended_note": "Cấp huyện kết thúc hoạt động.",
     "terms": [
         {"year": 2024, "members": ["ubnd-huyen-hai-hau", "ubnd-huyen-giao-thuy"],
          "leader": "ubnd-huyen-hai-hau"},
         {"year": 2025, "members": ["ubnd-huyen-hai-hau", "ubnd-huyen-giao-thuy"],
          "leader": "ubnd-huyen-giao-thuy"},
     ]},
]
BEFORE = {  # awards given before the end, to units that no longer exist
    "number": "185/QĐ-UBND", "date": "2024-02-26", "issuer": "Chủ tịch UBND tỉnh",
    "status": "quyet-dinh", "period": "2023",
    "awards": [
        {"title": "bang-khen-chu-tich-ubnd-tinh", "unit": "so-ke-hoach-dau-tu"},
        {"title": "co-thi-dua-ubnd-tinh", "unit": "ubnd-huyen-hai-hau"},
        {"title": "bang-khen-chu-tich-ubnd-tinh",
         "person": {"name": "Trần Văn Bình", "position": "Chánh Văn phòng Sở",
                    "unit": "so-thong-tin-truyen-thong"}},
    ],
}
AFTER = {  # and after it, to the successor
    "number": "1872/QĐ-CTN", "date": "2025-11-20", "issuer": "Chủ tịch nước",
    "status": "quyet-dinh", "period": "2020-2024",
    "awards": [{"title": "huan-chuong-lao-dong-hang-nhi", "unit": "so-tai-chinh"}],
}
PROPOSAL = {
    "number": "02/TTr-CTĐ", "date": "2025-01-09", "issuer": "Cụm thi đua các huyện phía Nam",
    "status": "de-nghi", "period": "2024", "bloc": "cum-huyen-phia-nam",
    "awards": [{"title": "co-thi-dua-ubnd-tinh", "unit": "ubnd-huyen-giao-thuy"}],
}


def reorganised_site(root, per_page: int = 10) -> SiteFolder:
    site = SiteFolder(root)
    site.write("mkdocs.yml", MKDOCS_YML.format(per_page=per_page))
    site.data("units.yml", {"units": UNITS})
    site.data("blocs.yml", {"blocs": BLOCS})
    site.data("categories.yml", {"categories": CATEGORIES})
    site.data("decisions/2024/185.yml", BEFORE)
    site.data("decisions/2025/1872.yml", AFTER)
    site.data("decisions/2025/02-ttr.yml", PROPOSAL)
    site.write("content/posts/images/anh.gif", GIF)
    return site


@pytest.fixture
def reorganised(tmp_path) -> SiteFolder:
    return reorganised_site(tmp_path / "portal")


def with_units(site: SiteFolder, change) -> None:
    units = copy.deepcopy(UNITS)
    change({unit["id"]: unit for unit in units})
    site.data("units.yml", {"units": units})


def with_blocs(site: SiteFolder, change) -> None:
    blocs = copy.deepcopy(BLOCS)
    change({bloc["id"]: bloc for bloc in blocs})
    site.data("blocs.yml", {"blocs": blocs})


def errors_of(site: SiteFolder) -> list[str]:
    """The numbered errors of `check`, each with its fix, as one line each."""
    result = site.check()
    assert result.code == 1, result.text
    blocks = [block for block in result.text.split("Lỗi ")[1:]]
    return [" ".join(block.split()) for block in blocks]


def only_error(site: SiteFolder, *fragments: str) -> str:
    """The one error of `check`: it names a file, a line and a field, and says `fragments`."""
    errors = errors_of(site)
    assert len(errors) == 1, "\n".join(errors)
    assert re.match(r"1: data/\S+\.yml:\d+: trường \S+: ", errors[0]), errors[0]
    for fragment in fragments:
        assert fragment in errors[0], errors[0]
    return errors[0]


# ---- the rules ---------------------------------------------------------------------------------

def test_the_reorganised_data_is_valid(reorganised):
    result = reorganised.check()
    assert result.code == 0, result.text


def test_a_term_after_the_end_may_not_list_the_unit(reorganised):
    with_blocs(reorganised, lambda b: b["khoi-tham-muu"]["terms"][2]["members"].append(
        "so-ke-hoach-dau-tu"))
    only_error(reorganised, "data/blocs.yml:", "trường blocs[0].terms[2].members[3]:",
               "nhiệm kỳ năm 2026 ghi Sở Kế hoạch và Đầu tư (so-ke-hoach-dau-tu)",
               f"đã hợp nhất vào Sở Tài chính từ {MERGED}, dùng mã so-tai-chinh")


def test_a_term_agreed_after_the_end_in_the_same_year(reorganised):
    def agreed_in_april(blocs):
        blocs["khoi-tham-muu"]["terms"][1]["agreement_date"] = "2025-04-02"
    with_blocs(reorganised, agreed_in_april)
    errors = errors_of(reorganised)
    assert len(errors) == 2, errors  # the merged and the split unit
    assert "ký giao ước ngày 02/04/2025" in errors[0] and "dùng mã so-tai-chinh" in errors[0]
    assert "dùng mã so-khoa-hoc-cong-nghe hoặc so-van-hoa-the-thao-du-lich" in errors[1], errors


def test_a_decision_after_the_end_names_the_successor(reorganised):
    decision = copy.deepcopy(AFTER)
    decision["awards"] = [
        {"title": "bang-khen-chu-tich-ubnd-tinh", "unit": "so-ke-hoach-dau-tu"},
        {"title": "bang-khen-chu-tich-ubnd-tinh",
         "person": {"name": "Lê Văn An", "unit": "so-ke-hoach-dau-tu"}},
    ]
    reorganised.data("decisions/2025/1872.yml", decision)
    errors = errors_of(reorganised)
    assert len(errors) == 2, errors
    first, second = errors
    for error, field in ((first, "awards[0].unit"), (second, "awards[1].person.unit")):
        assert "data/decisions/2025/1872.yml:" in error and f"trường {field}:" in error, error
        assert "quyết định ngày 20/11/2025 ghi Sở Kế hoạch và Đầu tư (so-ke-hoach-dau-tu)" in error
        assert f"đã hợp nhất vào Sở Tài chính từ {MERGED}, dùng mã so-tai-chinh" in error


def test_a_consultation_after_the_end_names_the_successor(reorganised):
    """Candidates of a public consultation (SPEC §12) are checked at its opening day."""
    reorganised.data("consultations/2025/dot-1.yml", {
        "title": "Lấy ý kiến về đề nghị tặng Bằng khen của Thủ tướng Chính phủ",
        "opens": "2025-11-03", "closes": "2025-11-17", "issuer": "Hội đồng Thi đua – Khen thưởng tỉnh",
        "contact": {"office": "Ban Thi đua – Khen thưởng tỉnh"},
        "candidates": [{"title": "bang-khen-thu-tuong", "unit": "so-ke-hoach-dau-tu"},
                       {"title": "bang-khen-thu-tuong", "unit": "so-tai-chinh"}]})
    only_error(reorganised, "data/consultations/2025/dot-1.yml:", "trường candidates[0].unit:",
               "đợt lấy ý kiến từ ngày 03/11/2025 ghi Sở Kế hoạch và Đầu tư (so-ke-hoach-dau-tu)",
               f"đã hợp nhất vào Sở Tài chính từ {MERGED}, dùng mã so-tai-chinh")


def test_a_decision_signed_on_the_day_of_the_end_is_already_after_it(reorganised):
    decision = dict(BEFORE, date="2025-03-01")
    reorganised.data("decisions/2024/185.yml", decision)
    errors = errors_of(reorganised)
    assert any("so-ke-hoach-dau-tu" in e and "dùng mã so-tai-chinh" in e for e in errors), errors


def test_a_split_unit_names_each_successor(reorganised):
    decision = copy.deepcopy(AFTER)
    decision["awards"].append({"title": "bang-khen-chu-tich-ubnd-tinh",
                               "unit": "so-thong-tin-truyen-thong"})
    reorganised.data("decisions/2025/1872.yml", decision)
    only_error(reorganised, "trường awards[1].unit:",
               "đã tách thành Sở Khoa học và Công nghệ; Sở Văn hóa, Thể thao và Du lịch từ "
               f"{MERGED}, dùng mã so-khoa-hoc-cong-nghe hoặc so-van-hoa-the-thao-du-lich")


def test_a_unit_that_simply_ended_is_left_out(reorganised):
    decision = copy.deepcopy(AFTER)
    decision["awards"].append({"title": "co-thi-dua-ubnd-tinh", "unit": "ubnd-huyen-hai-hau"})
    reorganised.data("decisions/2025/1872.yml", decision)
    only_error(reorganised, "trường awards[1].unit:",
               "đã kết thúc hoạt động từ 01/07/2025, bỏ mã này khỏi quyết định ngày 20/11/2025")


def test_a_decision_after_a_bloc_ended_may_not_name_it(reorganised):
    reorganised.data("decisions/2025/02-ttr.yml", dict(PROPOSAL, date="2025-08-01", awards=[
        {"title": "co-thi-dua-ubnd-tinh", "unit": "so-tai-chinh"}]))
    only_error(reorganised, "data/decisions/2025/02-ttr.yml:", "trường bloc:",
               "đề nghị ngày 01/08/2025 ghi Cụm thi đua các huyện phía Nam (cum-huyen-phia-nam)",
               "cụm này đã kết thúc hoạt động từ 01/07/2025")


def test_a_bloc_has_no_term_after_it_ended(reorganised):
    with_blocs(reorganised, lambda b: b["cum-huyen-phia-nam"]["terms"].append(
        {"year": 2026, "members": ["so-tai-chinh"], "leader": "so-tai-chinh"}))
    only_error(reorganised, "trường blocs[1].terms[2].year:",
               "cụm cum-huyen-phia-nam đã thôi hoạt động từ 01/07/2025, không thể có nhiệm kỳ năm 2026",
               "xóa nhiệm kỳ năm 2026")


def test_a_successor_of_a_successor_is_named_as_it_is_now(reorganised):
    """A merged into B, then B into C: a later decision naming A is told to name C."""
    def chain(units):
        units["so-khoa-hoc-cong-nghe"].update(ended="2025-09-01", successor="so-tai-chinh")
    with_units(reorganised, chain)
    decision = copy.deepcopy(AFTER)
    decision["awards"].append({"title": "bang-khen-chu-tich-ubnd-tinh",
                               "unit": "so-khoa-hoc-cong-nghe"})
    reorganised.data("decisions/2025/1872.yml", decision)
    only_error(reorganised, "trường awards[1].unit:",
               "đã hợp nhất vào Sở Tài chính từ 01/09/2025, dùng mã so-tai-chinh")


def test_the_successor_must_exist(reorganised):
    with_units(reorganised, lambda u: u["so-ke-hoach-dau-tu"].update(successor="so-tai-chinhh"))
    only_error(reorganised, "data/units.yml:", "trường units[2].successor:",
               "không có đơn vị mã so-tai-chinhh trong data/units.yml",
               "có phải ý bạn là so-tai-chinh?")


def test_the_successor_must_still_exist_on_the_day(reorganised):
    """The district ended on 1 July; Sở Kế hoạch và Đầu tư, named as its successor, had ended
    in March already: the error says who carries on its work by July."""
    with_units(reorganised, lambda u: u["ubnd-huyen-hai-hau"].update(
        successor="so-ke-hoach-dau-tu"))
    only_error(reorganised, "trường units[6].successor:",
               "đơn vị tiếp nhận Sở Kế hoạch và Đầu tư (so-ke-hoach-dau-tu) đã hợp nhất vào Sở Tài "
               f"chính từ {MERGED}, trước ngày UBND huyện Hải Hậu thôi hoạt động (01/07/2025)",
               "ghi đơn vị còn hoạt động vào ngày 01/07/2025: dùng mã so-tai-chinh")


def test_successors_may_not_form_a_cycle(reorganised):
    def cycle(units):
        units["so-khoa-hoc-cong-nghe"].update(ended="2025-06-01",
                                              successor="so-van-hoa-the-thao-du-lich")
        units["so-van-hoa-the-thao-du-lich"].update(ended="2025-06-01",
                                                    successor="so-khoa-hoc-cong-nghe")
    with_units(reorganised, cycle)
    # Said once, as a cycle (each also took over from the other after it had ended).
    only_error(reorganised, "data/units.yml:", "trường units[4].successor:",
               "các đơn vị tiếp nhận nhau thành vòng: so-khoa-hoc-cong-nghe → "
               "so-van-hoa-the-thao-du-lich → so-khoa-hoc-cong-nghe")


def test_a_unit_is_not_its_own_successor(reorganised):
    with_units(reorganised, lambda u: u["so-ke-hoach-dau-tu"].update(
        successor="so-ke-hoach-dau-tu"))
    only_error(reorganised, "trường units[2].successor:",
               "thành vòng: so-ke-hoach-dau-tu → so-ke-hoach-dau-tu")


def test_formerly_is_derived_never_written(reorganised):
    with_units(reorganised, lambda u: u["so-tai-chinh"].update(formerly=["so-ke-hoach-dau-tu"]))
    only_error(reorganised, "data/units.yml:4: trường units[0].formerly:",
               "được tính tự động, không ghi tay",
               "xóa dòng formerly; ở mỗi đơn vị tiền thân ghi ended:", "successor: so-tai-chinh")


def test_formerly_on_a_bloc_is_derived_too(reorganised):
    with_blocs(reorganised, lambda b: b["khoi-tham-muu"].update(formerly=["cum-huyen-phia-nam"]))
    only_error(reorganised, "trường blocs[0].formerly:", "được tính tự động")


def test_a_successor_needs_the_day_of_the_end(reorganised):
    with_units(reorganised, lambda u: u["so-ke-hoach-dau-tu"].pop("ended"))
    only_error(reorganised, "trường units[2].ended:", "có successor nhưng thiếu ngày thôi hoạt động",
               "thêm ended: 2025-03-01")


def test_merged_or_split_not_both(reorganised):
    with_units(reorganised, lambda u: u["so-ke-hoach-dau-tu"].update(
        successors=["so-khoa-hoc-cong-nghe"]))
    only_error(reorganised, "trường units[2].successors:", "ghi cả successor lẫn successors")


def test_a_bloc_successor_must_exist_and_outlive_it(reorganised):
    def successor(blocs):
        blocs["cum-huyen-phia-nam"]["successor"] = "cum-khong-co"
    with_blocs(reorganised, successor)
    only_error(reorganised, "trường blocs[1].successor:",
               "không có khối mã cum-khong-co trong data/blocs.yml")


def test_split_successors_are_checked_one_by_one(reorganised):
    with_units(reorganised, lambda u: u["so-thong-tin-truyen-thong"].update(
        successors=["so-khoa-hoc-cong-nghe", "so-van-hoa-tt-dl"]))
    only_error(reorganised, "trường units[3].successors[1]:",
               "không có đơn vị mã so-van-hoa-tt-dl trong data/units.yml")


def test_every_mistake_at_once(reorganised):
    with_units(reorganised, lambda u: u["so-ke-hoach-dau-tu"].update(formerly=["x"]))
    with_blocs(reorganised, lambda b: b["khoi-tham-muu"]["terms"][2]["members"].append(
        "ubnd-huyen-hai-hau"))
    decision = copy.deepcopy(AFTER)
    decision["awards"].append({"title": "bang-khen-chu-tich-ubnd-tinh",
                               "unit": "so-thong-tin-truyen-thong"})
    reorganised.data("decisions/2025/1872.yml", decision)
    errors = errors_of(reorganised)
    assert len(errors) == 3, errors


# ---- the pages -----------------------------------------------------------------------------

POSTS = [  # name, front matter
    ("kh-dt-2024", {"title": "Sở Kế hoạch và Đầu tư tổng kết năm", "date": "2024-01-10",
                    "units": ["so-ke-hoach-dau-tu"], "blocs": ["khoi-tham-muu"]}),
    ("tt-tt-2024", {"title": "Sở Thông tin và Truyền thông ra mắt cổng dịch vụ công",
                    "date": "2024-06-10", "units": ["so-thong-tin-truyen-thong"]}),
    ("hop-nhat", {"title": "Sở Tài chính tiếp nhận nhiệm vụ", "date": "2025-03-03",
                  "units": ["so-tai-chinh", "so-ke-hoach-dau-tu"]}),
    ("tc-2025", {"title": "Sở Tài chính nhận Huân chương", "date": "2025-11-25",
                 "units": ["so-tai-chinh"]}),
    ("cum-2025", {"title": "Cụm phía Nam họp phiên cuối", "date": "2025-06-27",
                  "blocs": ["cum-huyen-phia-nam"], "units": ["ubnd-huyen-hai-hau"]}),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> SiteFolder:
    # Two posts a page: the successor's news runs over three pages, marks on each.
    site = reorganised_site(tmp_path_factory.mktemp("reorg") / "portal", per_page=2)
    for name, front in POSTS:
        site.post(name, front)
    result = site.build()
    assert result.code == 0, result.text
    return site


def tree(site: SiteFolder, url: str):
    return lxml_html.fromstring(site.page(url))


def text(node) -> str:
    return " ".join(node.text_content().split())


def rows(node) -> list[str]:
    """Each table row under `node` as 'cell | cell | cell'."""
    return [" | ".join(text(cell) for cell in row.xpath("./th|./td"))
            for row in node.xpath(".//tbody/tr")]


def targets(node, page_url: str) -> list[str]:
    """The site paths the links under `node` lead to, from the page at `page_url`."""
    return [urljoin(f"https://x/{page_url}", href)[len("https://x/"):]
            for href in node.xpath(".//a/@href")]


def section(node, heading_id: str):
    return node.xpath(f"//section[@aria-labelledby='{heading_id}']")[0]


def test_an_ended_unit_keeps_its_history_and_says_what_became_of_it(built):
    page = tree(built, "don-vi/so-ke-hoach-dau-tu/")
    notice = page.xpath("//div[@class='thidua-ended']")[0]
    assert text(notice).startswith(
        "Đơn vị đã hợp nhất vào Sở Tài chính từ Thứ Bảy, 01/03/2025.")
    assert targets(notice, "don-vi/so-ke-hoach-dau-tu/") == ["don-vi/so-tai-chinh/"]
    assert notice.xpath(".//time/@datetime") == ["2025-03-01"]
    assert "Hợp nhất theo Nghị định 45/2025/NĐ-CP." in text(notice)
    # Everything it had is still there: blocs, the role it held, awards, proposals, news.
    assert rows(section(page, "khoi-qua-cac-nam")) == [
        "2025 | Khối thi đua Tham mưu – Tổng hợp | Thành viên",
        "2024 | Khối thi đua Tham mưu – Tổng hợp | Khối trưởng"]
    assert "Bằng khen của Chủ tịch UBND tỉnh" in text(section(page, "khen-thuong-tap-the"))
    news = section(page, "tin-tuc-don-vi")
    assert "Sở Kế hoạch và Đầu tư tổng kết năm" in text(news)


def test_a_split_unit_links_each_successor(built):
    url = "don-vi/so-thong-tin-truyen-thong/"
    notice = tree(built, url).xpath("//div[@class='thidua-ended']")[0]
    assert targets(notice, url) == ["don-vi/so-khoa-hoc-cong-nghe/",
                                    "don-vi/so-van-hoa-the-thao-du-lich/"]
    assert "đã tách thành Sở Khoa học và Công nghệ; Sở Văn hóa, Thể thao và Du lịch từ" in \
        text(notice)


def test_a_dissolved_unit_says_it_ended(built):
    notice = tree(built, "don-vi/ubnd-huyen-hai-hau/").xpath("//div[@class='thidua-ended']")[0]
    assert text(notice).startswith("Đơn vị đã kết thúc hoạt động từ Thứ Ba, 01/07/2025.")
    assert notice.xpath(".//a") == []


def test_the_successor_lists_its_predecessors_with_their_awards_and_blocs(built):
    page = tree(built, "don-vi/so-tai-chinh/")
    assert page.xpath("//div[@class='thidua-ended']") == []
    facts = [text(node) for node in page.xpath("//dl[@class='thidua-facts']/*")]
    assert facts[-2:] == ["Đơn vị tiền thân", "Sở Kế hoạch và Đầu tư (lịch sử)"]
    former = section(page, "don-vi-tien-than")
    assert text(former.xpath(".//h2")[0]) == "Đơn vị tiền thân"
    predecessor = former.xpath(".//section[@aria-labelledby='tien-than-so-ke-hoach-dau-tu']")[0]
    assert targets(predecessor.xpath(".//h3")[0], "don-vi/so-tai-chinh/") == \
        ["don-vi/so-ke-hoach-dau-tu/"]
    assert f"Đã hợp nhất vào Sở Tài chính từ {MERGED}." in text(predecessor)
    assert rows(predecessor.xpath(".//table[@class='thidua-terms']")[0]) == [
        "2025 | Khối thi đua Tham mưu – Tổng hợp | Thành viên",
        "2024 | Khối thi đua Tham mưu – Tổng hợp | Khối trưởng"]
    awards = text(predecessor.xpath(".//table[@class='thidua-awards']")[0])
    assert "Bằng khen của Chủ tịch UBND tỉnh" in awards and "185/QĐ-UBND" in awards
    # Its own award after the merger stays its own.
    assert "1872/QĐ-CTN" in text(section(page, "khen-thuong-tap-the"))
    assert "1872/QĐ-CTN" not in text(former)
    # A unit that ends only later is not a predecessor yet.
    assert "Sở sẽ hợp nhất sau" not in text(former)


def test_both_units_of_a_split_list_the_predecessor(built):
    for unit in ("so-khoa-hoc-cong-nghe", "so-van-hoa-the-thao-du-lich"):
        former = section(tree(built, f"don-vi/{unit}/"), "don-vi-tien-than")
        assert targets(former.xpath(".//h3")[0], f"don-vi/{unit}/") == \
            ["don-vi/so-thong-tin-truyen-thong/"], unit
        assert "Trần Văn Bình" in text(former), unit  # a person's award of the predecessor


def test_news_about_a_predecessor_shows_on_the_successors_pages_marked(built):
    pages = ["don-vi/so-tai-chinh/", "don-vi/so-tai-chinh/trang/2/"]
    cards = {}
    for url in pages:
        for item in tree(built, url).xpath("//div[@class='thidua-cards']/*"):
            cards[text(item.xpath(".//*[contains(@class, 'thidua-card__title')]")[0])] = item
    assert set(cards) == {"Sở Tài chính nhận Huân chương", "Sở Tài chính tiếp nhận nhiệm vụ",
                          "Sở Kế hoạch và Đầu tư tổng kết năm"}
    marked = cards["Sở Kế hoạch và Đầu tư tổng kết năm"]
    assert marked.get("class") == "thidua-card-about"
    assert text(marked.xpath(".//p[@class='thidua-card__about']")[0]) == \
        "Đơn vị tiền thân Tin về Sở Kế hoạch và Đầu tư"
    for title in ("Sở Tài chính nhận Huân chương", "Sở Tài chính tiếp nhận nhiệm vụ"):
        assert cards[title].get("class").startswith("thidua-card"), title
        assert cards[title].get("class") != "thidua-card-about", title  # about itself: unmarked
    split = tree(built, "don-vi/so-van-hoa-the-thao-du-lich/")
    assert [text(p) for p in split.xpath("//p[@class='thidua-card__about']")] == [
        "Đơn vị tiền thân Tin về Sở Thông tin và Truyền thông"]


def test_the_unit_directory_lists_current_units_and_ended_ones_apart(built):
    page = tree(built, "don-vi/")
    current = [text(a) for a in section(page, "dang-hoat-dong").xpath(".//tbody/tr/th/a")]
    assert current == sorted(current)
    assert set(current) == {"Sở Tài chính", "Văn phòng UBND tỉnh", "Sở Khoa học và Công nghệ",
                            "Sở Văn hóa, Thể thao và Du lịch", "Sở sẽ hợp nhất sau"}
    ended = section(page, "da-thoi-hoat-dong")
    assert rows(ended) == [  # the latest ended first
        "UBND huyện Giao Thủy | 01/07/2025 | Kết thúc hoạt động",
        "UBND huyện Hải Hậu | 01/07/2025 | Kết thúc hoạt động",
        "Sở Kế hoạch và Đầu tư | 01/03/2025 | Hợp nhất vào Sở Tài chính. Hợp nhất theo Nghị định "
        "45/2025/NĐ-CP.",
        "Sở Thông tin và Truyền thông | 01/03/2025 | Tách thành Sở Khoa học và Công nghệ; Sở Văn "
        "hóa, Thể thao và Du lịch"]
    assert "don-vi/so-tai-chinh/" in targets(ended, "don-vi/")


def test_the_bloc_directory_lists_current_blocs_first_and_ended_ones_apart(built):
    page = tree(built, "khoi-thi-dua/")
    tables = page.xpath("//table[contains(@class, 'thidua-blocs')]")
    assert [text(a) for a in tables[0].xpath(".//tbody/tr/th/a")] == \
        ["Khối thi đua Tham mưu – Tổng hợp"]
    ended = section(page, "da-ket-thuc")
    assert rows(ended) == ["Cụm thi đua các huyện phía Nam | 01/07/2025 | 2025 (2 đơn vị) | "
                           "Kết thúc hoạt động. Cấp huyện kết thúc hoạt động."]
    assert page.xpath("//table")[0] is tables[0]  # current blocs come first


def test_an_ended_bloc_keeps_its_page(built):
    page = tree(built, "khoi-thi-dua/cum-huyen-phia-nam/")
    notice = page.xpath("//div[@class='thidua-ended']")[0]
    assert text(notice).startswith("Cụm đã kết thúc hoạt động từ Thứ Ba, 01/07/2025.")
    assert text(page.xpath("//h2[@id='nam-hien-tai']")[0]) == "Năm 2025 (nhiệm kỳ cuối)"
    assert len(page.xpath("//section[@aria-labelledby='qua-cac-nam']//tbody/tr")) == 2
    assert "Cụm phía Nam họp phiên cuối" in text(section(page, "tin-tuc-khoi"))


def test_the_home_page_lists_current_blocs_only(built):
    home = tree(built, "")
    assert [text(a) for a in home.xpath("//ul[@class='thidua-bloc-list']/li/a")] == \
        ["Khối thi đua Tham mưu – Tổng hợp"]


def test_award_pages_name_recipients_as_awarded_with_their_successor(built):
    for url in ("khen-thuong/2024/", "khen-thuong/danh-hieu/bang-khen-chu-tich-ubnd-tinh/"):
        page = tree(built, url)
        cells = {text(td): td for td in page.xpath("//table[@class='thidua-awards']//td")}
        merged = cells["Sở Kế hoạch và Đầu tư (nay là Sở Tài chính)"]
        assert targets(merged, url) == ["don-vi/so-ke-hoach-dau-tu/", "don-vi/so-tai-chinh/"], url
        person = "Trần Văn Bình, Chánh Văn phòng Sở (Sở Thông tin và Truyền thông, nay là Sở " \
                 "Khoa học và Công nghệ; Sở Văn hóa, Thể thao và Du lịch)"
        assert person in cells, url
    dissolved = text(tree(built, "khen-thuong/2024/").xpath(
        "//td[.//a[contains(@href, 'ubnd-huyen-hai-hau')]]")[0])
    assert dissolved == "UBND huyện Hải Hậu (nay đã kết thúc hoạt động)"
    # After the merger the successor is named as it is: nothing beside it.
    after = tree(built, "khen-thuong/2025/")
    assert "Sở Tài chính" in [text(td) for td in after.xpath("//table[@class='thidua-awards']//td")]


def test_feeds_name_units_as_the_news_named_them_with_their_successor(built):
    feed = feedparser.parse((built.out / "atom.xml").read_bytes())
    entry = next(e for e in feed.entries if e.title == "Sở Kế hoạch và Đầu tư tổng kết năm")
    units = {t.term: t.label for t in entry.tags if t.scheme.endswith("/don-vi/")}
    assert units == {"so-ke-hoach-dau-tu": "Sở Kế hoạch và Đầu tư (nay là Sở Tài chính)"}
    rss = feedparser.parse((built.out / "rss.xml").read_bytes())
    entry = next(e for e in rss.entries if e.title == "Sở Tài chính tiếp nhận nhiệm vụ")
    assert {t.term for t in entry.tags} >= {"Sở Tài chính",
                                            "Sở Kế hoạch và Đầu tư (nay là Sở Tài chính)"}


def test_a_bloc_that_merged_into_another_links_both_ways(reorganised):
    with_blocs(reorganised, lambda b: b["cum-huyen-phia-nam"].update(successor="khoi-tham-muu"))
    result = reorganised.build()
    assert result.code == 0, result.text
    ended_url, successor_url = "khoi-thi-dua/cum-huyen-phia-nam/", "khoi-thi-dua/khoi-tham-muu/"
    notice = tree(reorganised, ended_url).xpath("//div[@class='thidua-ended']")[0]
    assert text(notice).startswith("Cụm đã hợp nhất vào Khối thi đua Tham mưu – Tổng hợp từ "
                                   "Thứ Ba, 01/07/2025.")
    assert targets(notice, ended_url) == [successor_url]
    former = section(tree(reorganised, successor_url), "tien-than")
    assert text(former.xpath(".//h2")[0]) == "Khối tiền thân"
    assert text(former.xpath(".//li")[0]) == \
        "Cụm thi đua các huyện phía Nam: đã hợp nhất vào Khối thi đua Tham mưu – Tổng hợp từ 01/07/2025"
    assert targets(former, successor_url)[0] == ended_url
    directory = section(tree(reorganised, "khoi-thi-dua/"), "da-ket-thuc")
    assert rows(directory) == ["Cụm thi đua các huyện phía Nam | 01/07/2025 | 2025 (2 đơn vị) | "
                               "Hợp nhất vào Khối thi đua Tham mưu – Tổng hợp. Cấp huyện kết thúc "
                               "hoạt động."]


def test_a_bloc_may_split_too(reorganised):
    with_blocs(reorganised, lambda b: b["cum-huyen-phia-nam"].update(
        successors=["khoi-tham-muu", "cum-khong-co"]))
    only_error(reorganised, "trường blocs[1].successors[1]:",
               "không có khối mã cum-khong-co trong data/blocs.yml")
