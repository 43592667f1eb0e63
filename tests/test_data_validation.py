"""Bad data files: one test per rule, each error naming file, line, field, bad value and fix."""
from __future__ import annotations

import copy

import pytest
import yaml

from conftest import BLOCS, UNITS
from test_validation import errors_of, only_error

GOOD_DECISION = {
    "number": "185/QĐ-UBND", "date": "2024-02-26", "issuer": "Chủ tịch UBND tỉnh",
    "status": "quyet-dinh", "period": "2023", "reason": "Hoàn thành xuất sắc nhiệm vụ năm 2023",
    "bloc": "khoi-tham-muu-tong-hop",
    "awards": [
        {"title": "co-thi-dua-ubnd-tinh", "unit": "so-tai-chinh"},
        {"title": "bang-khen-chu-tich-ubnd-tinh",
         "person": {"name": "Nguyễn Thị Hằng", "position": "Trưởng phòng",
                    "unit": "van-phong-ubnd-tinh"}},
    ],
}


def decision(**changes) -> dict:
    value = copy.deepcopy(GOOD_DECISION)
    value.update(changes)
    return value


def bloc_with(**term_changes) -> dict:
    bloc = copy.deepcopy(BLOCS[0])
    bloc["terms"][0].update(term_changes)
    return {"blocs": [bloc]}


def test_good_data_passes(site):
    site.data("decisions/2024/185.yml", decision())
    result = site.check()
    assert result.code == 0, result.text


def test_leader_must_be_a_member_of_that_year(site):
    site.data("blocs.yml", bloc_with(leader="ban-dan-van-tinh-uy"))
    result = site.check()
    error = only_error(result)
    assert (error["file"], error["field"]) == ("data/blocs.yml", "blocs[0].terms[0].leader")
    assert error["line"] == "11"
    assert "ban-dan-van-tinh-uy" in error["message"] and "2024" in error["message"]
    assert "thêm ban-dan-van-tinh-uy vào members" in result.err


def test_deputy_must_be_a_member_and_differ_from_the_leader(site):
    site.data("blocs.yml", bloc_with(deputy="ban-dan-van-tinh-uy"))
    assert only_error(site.check())["field"] == "blocs[0].terms[0].deputy"
    site.data("blocs.yml", bloc_with(deputy="so-tai-chinh"))
    error = only_error(site.check())
    assert error["field"] == "blocs[0].terms[0].deputy" and "vừa là Khối trưởng" in error["message"]


def test_members_must_be_known_units(site):
    site.data("blocs.yml", bloc_with(members=["so-tai-chinh", "van-phong-ubnd-tinh", "so-tai-chin"]))
    result = site.check()
    error = only_error(result)
    assert error["field"] == "blocs[0].terms[0].members[2]" and "so-tai-chin" in error["message"]
    assert "có phải ý bạn là so-tai-chinh" in result.err


def test_one_term_per_year(site):
    bloc = copy.deepcopy(BLOCS[0])
    bloc["terms"].append(copy.deepcopy(bloc["terms"][0]))
    site.data("blocs.yml", {"blocs": [bloc]})
    error = only_error(site.check())
    assert error["field"] == "blocs[0].terms[1].year" and "2024" in error["message"]


def test_bloc_kind_is_khoi_or_cum(site):
    bloc = copy.deepcopy(BLOCS[0])
    bloc["kind"] = "nhom"
    site.data("blocs.yml", {"blocs": [bloc]})
    result = site.check()
    error = only_error(result)
    assert error["field"] == "blocs[0].kind" and '"nhom"' in error["message"]
    assert "kind: cum" in result.err


@pytest.mark.parametrize("changes, field, value", [
    ({"awards": [{"title": "co-thi-dua-huyen", "unit": "so-tai-chinh"}]}, "awards[0].title",
     "co-thi-dua-huyen"),
    ({"awards": [{"title": "co-thi-dua-ubnd-tinh", "unit": "so-tai-chinh-x"}]}, "awards[0].unit",
     "so-tai-chinh-x"),
    ({"bloc": "khoi-khong-co"}, "bloc", "khoi-khong-co"),
    ({"awards": [{"title": "giay-khen", "person": {"name": "A", "unit": "so-khong-co"}}]},
     "awards[0].person.unit", "so-khong-co"),
])
def test_decision_references_must_exist(site, changes, field, value):
    site.data("decisions/2024/185.yml", decision(**changes))
    error = only_error(site.check())
    assert (error["file"], error["field"]) == ("data/decisions/2024/185.yml", field)
    assert value in error["message"]


def test_title_aliases_are_accepted_and_checked(site):
    site.data("decisions/2024/185.yml", decision(awards=[
        {"title": "co-thi-dua-cua-chinh-phu", "unit": "so-tai-chinh"},
        {"title": "bang-khen-cua-chu-tich-ubnd-tinh", "person": {"name": "Lê Văn C"}}]))
    assert site.check().code == 0
    site.data("decisions/2024/185.yml", decision(awards=[
        {"title": "co-thi-dua-cua-chinh-phu", "person": {"name": "Lê Văn C"}}]))
    assert "Cờ thi đua của Chính phủ không trao cho cá nhân" in only_error(site.check())["message"]


def test_collective_only_title_given_to_a_person(site):
    site.data("decisions/2024/185.yml", decision(awards=[
        {"title": "co-thi-dua-chinh-phu", "person": {"name": "Trần Văn A"}}]))
    result = site.check()
    error = only_error(result)
    assert error["field"] == "awards[0].title" and error["line"] == "9"
    assert "Cờ thi đua của Chính phủ không trao cho cá nhân" in error["message"]
    assert "chỉ dành cho tập thể" in result.err


def test_individual_only_title_given_to_a_unit(site):
    site.data("decisions/2024/185.yml", decision(awards=[
        {"title": "chien-si-thi-dua-cap-tinh", "unit": "so-tai-chinh"}]))
    error = only_error(site.check())
    assert "không trao cho tập thể" in error["message"]


@pytest.mark.parametrize("field", ["birth_date", "id_number", "phone", "address", "email"])
def test_personal_data_stops_the_build(site, field):
    person = {"name": "Nguyễn Văn B", "position": "Chuyên viên", field: "0912 345 678"}
    site.data("decisions/2024/185.yml", decision(awards=[
        {"title": "bang-khen-chu-tich-ubnd-tinh", "person": person}]))
    result = site.check()
    error = only_error(result)
    assert error["field"] == f"awards[0].person.{field}"
    assert "thông tin cá nhân" in error["message"]
    assert f"xóa dòng {field}" in result.err and "name, position, unit" in result.err
    assert site.build().code == 1


@pytest.mark.parametrize("award", [
    {"title": "giay-khen"},
    {"title": "giay-khen", "unit": "so-tai-chinh", "person": {"name": "A"}},
])
def test_an_award_has_exactly_one_recipient(site, award):
    site.data("decisions/2024/185.yml", decision(awards=[award]))
    error = only_error(site.check())
    assert error["field"] == "awards[0].unit" and "đúng một người nhận" in error["message"]


def test_decision_fields(site):
    site.data("decisions/2024/185.yml", decision(status="da-duyet", date="26/02/2024", awards=[]))
    fields = {e["field"]: e["message"] for e in errors_of(site.check())}
    assert set(fields) == {"status", "date", "awards"}
    assert "de-nghi" in fields["status"] and "quyet-dinh" in fields["status"]


def test_the_same_decision_twice(site):
    site.data("decisions/2024/185.yml", decision())
    site.data("decisions/2024/185-ban-sao.yml", decision())
    error = only_error(site.check())
    assert "185/QĐ-UBND" in error["message"] and "đã có ở tệp data/decisions/2024/" in error["message"]


def test_broken_decision_yaml_and_every_file_reported(site):
    site.data("decisions/2024/a.yml", "number: 1/QĐ\ndate: 2024-01-01\n  status: x\n")
    site.data("decisions/2024/b.yml", decision(status="sai"))
    found = errors_of(site.check())
    assert {e["file"] for e in found} == {"data/decisions/2024/a.yml", "data/decisions/2024/b.yml"}


def test_titles_catalogue_is_checked(site):
    site.data("titles.yml", {"titles": [
        {"id": "co-a", "name": "Cờ A", "kind": "co", "recipients": ["tap-the"], "issuer": "X"},
        {"id": "b", "name": "B", "kind": "hinh-thuc", "recipients": ["doanh-nghiep"],
         "issuer": "X"}]})
    fields = {e["field"] for e in errors_of(site.check())}
    assert fields == {"titles[0].kind", "titles[1].recipients[0]"}


def test_unit_records(site):
    site.data("units.yml", {"units": UNITS + [{"id": "so-x", "name": "",
                                               "website": "so-x.example.vn"}]})
    fields = {e["field"] for e in errors_of(site.check())}
    assert fields == {"units[4].name", "units[4].website"}


def test_impossible_unquoted_decision_date_is_reported(site):
    text = ("number: \"185/QĐ-UBND\"\ndate: 2024-02-30\nissuer: Chủ tịch UBND tỉnh\n"
            "status: quyet-dinh\nperiod: \"2023\"\nawards:\n"
            "  - title: co-thi-dua-ubnd-tinh\n    unit: so-tai-chinh\n")
    site.data("decisions/2024/185.yml", text)
    site.data("blocs.yml", "blocs:\n"
              "  - id: khoi-tham-muu-tong-hop\n    name: Khối\n    kind: khoi\n    terms:\n"
              "      - year: 2024\n        members: [so-tai-chinh, van-phong-ubnd-tinh]\n"
              "        leader: so-tai-chinh\n        agreement_date: 2024-13-01\n")
    result = site.build()
    found = {(e["file"], e["line"], e["field"]): e["message"] for e in errors_of(result)}
    assert set(found) == {("data/decisions/2024/185.yml", "2", "date"),
                          ("data/blocs.yml", "9", "blocs[0].terms[0].agreement_date")}, result.err
    assert "2024-02-30" in found[("data/decisions/2024/185.yml", "2", "date")]
    assert "2024-13-01" in found[("data/blocs.yml", "9", "blocs[0].terms[0].agreement_date")]


def test_messages_name_the_configured_data_folder(site):
    mkdocs_yml = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    site.write("mkdocs.yml", mkdocs_yml.replace("per_page: 10", "per_page: 10\n      data_dir: du-lieu"))
    (site.root / "data").rename(site.root / "du-lieu")
    site.post("tin", {"title": "Tin", "date": "2024-01-22", "units": ["so-ma"],
                      "blocs": ["khoi-ma"], "category": "chuyen-muc-ma"})
    site.write("du-lieu/decisions/185.yml", yaml.safe_dump(
        decision(awards=[{"title": "danh-hieu-ma", "unit": "so-tai-chinh"}]), allow_unicode=True))
    result = site.check()
    assert len(errors_of(result)) == 4, result.err
    for name in ("units", "blocs", "categories", "titles"):
        assert f"trong du-lieu/{name}.yml" in result.err, name
    assert "data/" not in result.err


def test_cluster_roles_are_named_cum_truong_and_cum_pho(site):
    bloc = bloc_with(leader="ban-dan-van-tinh-uy")
    bloc["blocs"][0]["kind"] = "cum"
    site.data("blocs.yml", bloc)
    result = site.check()
    error = only_error(result)
    assert error["message"].startswith("Cụm trưởng ban-dan-van-tinh-uy không phải là thành viên")
    assert "khối" not in error["message"].lower().replace("khoi-", "")
    bloc = bloc_with(deputy="so-tai-chinh")
    bloc["blocs"][0]["kind"] = "cum"
    site.data("blocs.yml", bloc)
    error = only_error(site.check())
    assert "vừa là Cụm trưởng vừa là Cụm phó" in error["message"]
    assert "Khối" not in site.check().err


def test_empty_list_lines_are_empty_lists(site):
    site.post("tin", "title: Tin\ndate: 2024-01-22\nunits:\nblocs:\ntags:\n")
    site.data("blocs.yml", "blocs:\n  - id: khoi-moi\n    name: Khối mới\n    kind: khoi\n    terms:\n")
    site.data("categories.yml", "categories:\n")
    result = site.check()
    assert result.code == 0, result.text


def test_new_needs_only_the_blocs_file(site):
    site.data("decisions/2024/185.yml", "number: [hỏng\n")
    site.data("units.yml", {"units": [{"id": "Sai Mã", "name": "X"}]})
    site.post("hong", "title: Bài hỏng\n")
    result = site.run("new", "Tin mới", "--bloc", "khoi-tham-muu-tong-hop", "--date", "2025-02-03")
    assert result.code == 0, result.text
    assert (site.root / "content/posts/2025-02-03-tin-moi.md").is_file()
    result = site.run("new", "Tin khác", "--bloc", "khoi-tham-muu")
    assert result.code == 1 and "khoi-tham-muu-tong-hop" in result.err and "Traceback" not in result.err
    assert "decisions" not in result.err and "hong.md" not in result.err
    site.data("blocs.yml", "blocs:\n  - id: a\n   name: b\n")
    result = site.run("new", "Tin thứ ba", "--bloc", "a")
    assert result.code == 1 and "data/blocs.yml" in result.err and "Traceback" not in result.err
