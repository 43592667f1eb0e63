"""Bad documents, consultations and campaigns (SPEC §11–13): one test per rule, each error naming
the file, line, field, what is wrong and what to write instead, all of them in one run."""
from __future__ import annotations

import copy

import pytest

from portal_helpers import CLOSED, DECREE, FORM, LAW, OPEN, OVER_TET, PDF, PLAN, portal_site
from test_validation import errors_of, only_error

TODAY = "2026-11-30"


@pytest.fixture
def portal(tmp_path):
    return portal_site(tmp_path / "cong")


def check(site):
    return site.run("check", "--today", TODAY)


def document(site, name: str, base: dict, **changes) -> None:
    value = copy.deepcopy(base)
    value.update(changes)
    for key in [k for k, v in value.items() if v is None]:
        del value[key]
    site.data(f"documents/{name}", value)


def consultation(site, name: str, base: dict, **changes) -> None:
    value = copy.deepcopy(base)
    value.update(changes)
    site.data(f"consultations/{name}", value)


def test_the_portal_data_is_valid(portal):
    result = check(portal)
    assert result.code == 0, result.text
    assert result.err == ""  # not even a warning


# ---- documents ----------------------------------------------------------------------------

@pytest.mark.parametrize("number", ["Số 98/2023/NĐ-CP", "98/2023", "NĐ-CP 98/2023", "98 /2023/NĐ-CP",
                                    "98/2023/nđ-cp"])
def test_bad_number(portal, number):
    document(portal, "nd-98.yml", DECREE, number=number)
    result = check(portal)
    error = only_error(result)
    assert (error["file"], error["line"], error["field"]) == ("data/documents/nd-98.yml", "1",
                                                              "number")
    assert "không đúng dạng" in error["message"] and number in error["message"]
    assert 'number: "98/2023/NĐ-CP"' in result.err


def test_provincial_numbers_without_a_year_are_accepted(portal):
    for number in ("163/QĐ-UBND", "34-CT/TW", "12/TTr-KTĐ", "1520/QĐ-TTg", "2450/VPCP-KGVX"):
        document(portal, "kh-45.yml", PLAN, number=number, id="45-kh-ubnd")
        assert check(portal).code == 0, number


def test_unknown_type_suggests_the_close_one(portal):
    document(portal, "nd-98.yml", DECREE, type="nghi-dinh-cp")
    result = check(portal)
    error = only_error(result)
    assert error["field"] == "type" and "nghi-dinh-cp" in error["message"]
    assert "data/document-types.yml" in error["message"]
    assert "có phải ý bạn là nghi-dinh" in result.err


def test_types_come_from_the_sites_own_file_when_it_has_one(portal):
    portal.data("document-types.yml", {"types": [
        {"id": "luat", "name": "Luật"}, {"id": "nghi-dinh", "name": "Nghị định"},
        {"id": "ke-hoach", "name": "Kế hoạch"}, {"id": "bieu-mau", "name": "Biểu mẫu",
                                                 "numbered": False}]})
    assert check(portal).code == 0
    document(portal, "nd-98.yml", DECREE, type="thong-tu")
    assert "không có loại văn bản mã thong-tu" in only_error(check(portal))["message"]


def test_missing_file(portal):
    document(portal, "nd-98.yml", DECREE, file="files/khong-co.pdf")
    result = check(portal)
    error = only_error(result)
    assert (error["line"], error["field"]) == ("7", "file")
    assert "không tìm thấy tệp files/khong-co.pdf" in error["message"]
    assert "data/documents/files/khong-co.pdf" in result.err


def test_file_of_another_kind_or_not_what_its_name_says(portal):
    portal.write("data/documents/files/nd98.txt", "Văn bản")
    document(portal, "nd-98.yml", DECREE, file="files/nd98.txt")
    assert "không phải là PDF, DOC(X), XLS(X) hay ODT" in only_error(check(portal))["message"]
    portal.write("data/documents/files/gia.pdf", b"<html>not a pdf</html>")
    document(portal, "nd-98.yml", DECREE, file="files/gia.pdf")
    result = check(portal)
    assert "có đuôi .pdf nhưng không phải là tệp PDF" in only_error(result)["message"]
    assert "xuất" in result.err


def test_file_outside_the_data_and_content_folders(portal, tmp_path):
    (tmp_path / "bi-mat.pdf").write_bytes(PDF)
    document(portal, "nd-98.yml", DECREE, file="../../../bi-mat.pdf")
    assert "trỏ ra ngoài thư mục data/ và content/" in only_error(check(portal))["message"]


def test_a_file_in_content_is_named_from_content(portal):
    portal.write("content/van-ban/nd98.pdf", PDF)
    document(portal, "nd-98.yml", DECREE, file="/van-ban/nd98.pdf")
    assert check(portal).code == 0


def test_replaces_must_point_at_a_document_signed_earlier(portal):
    # The old law cannot replace the 2022 one: the error says which way round it goes.
    document(portal, "luat-cu.yml", LAW | {"number": "15/2003/QH11", "signed": "2003-11-26",
                                           "effective": "2004-07-01", "file": "files/luat-cu.pdf",
                                           "replaces": ["06-2022-qh15"]})
    document(portal, "luat-06.yml", LAW, replaces=None)
    result = check(portal)
    error = only_error(result)
    assert (error["file"], error["field"]) == ("data/documents/luat-cu.yml", "replaces[0]")
    assert "06/2022/QH15 ký ngày 15/06/2022, sau văn bản này (26/11/2003)" in error["message"]
    assert "replaces: [15-2003-qh11] trong tệp data/documents/luat-06.yml" in result.err


def test_replaces_must_name_a_document_and_not_itself(portal):
    document(portal, "luat-06.yml", LAW, replaces=["15-2003-qh1", "06-2022-qh15"])
    found = errors_of(check(portal))
    messages = {e["field"]: e["message"] for e in found}
    assert "không có văn bản mã 15-2003-qh1 trong data/documents/" in messages["replaces[0]"]
    assert "không thể thay thế chính nó" in messages["replaces[1]"]


def test_duplicate_number(portal):
    document(portal, "nd-99-ban-sao.yml", DECREE, file="files/nd98.pdf", title="Bản trùng")
    result = check(portal)
    error = only_error(result)
    assert error["file"] == "data/documents/nd-99-ban-sao.yml" and error["field"] == "number"
    assert "số văn bản 98/2023/NĐ-CP đã dùng cho văn bản ở tệp data/documents/nd-98.yml" \
        in error["message"]


def test_duplicate_number_with_different_ids(portal):
    document(portal, "nd-99-ban-sao.yml", DECREE, id="nghi-dinh-98", title="Bản trùng")
    error = only_error(check(portal))
    assert error["field"] == "number" and "đã dùng" in error["message"]


def test_a_provincial_number_may_come_back_another_year_under_its_own_id(portal):
    document(portal, "kh-46-2024.yml", PLAN, signed="2024-02-01", expires=None,
             id="45-kh-ubnd-2024")
    assert check(portal).code == 0
    document(portal, "kh-46-2024.yml", PLAN, signed="2024-02-01", expires=None)
    result = check(portal)
    error = only_error(result)
    assert "mã văn bản 45-kh-ubnd đã dùng" in error["message"]
    assert "id: 45-kh-ubnd-2024" in result.err


@pytest.mark.parametrize("changes, field, words", [
    ({"effective": "2023-12-01"}, "effective", "ngày có hiệu lực (01/12/2023) trước ngày ký"),
    ({"expires": "2024-01-01"}, "expires", "ngày hết hiệu lực (01/01/2024) không sau ngày có hiệu lực"),
    ({"signed": "31/12/2023"}, "signed", "không phải là ngày hợp lệ"),
])
def test_document_dates_in_order(portal, changes, field, words):
    document(portal, "nd-98.yml", DECREE, **changes)
    error = only_error(check(portal))
    assert error["field"] == field and words in error["message"]


def test_a_numbered_type_needs_a_number_and_a_form_needs_an_id(portal):
    document(portal, "nd-98.yml", DECREE, number=None)
    error = only_error(check(portal))
    assert error["field"] == "number" and "phải có số, ký hiệu" in error["message"]
    document(portal, "nd-98.yml", DECREE)
    document(portal, "mau.yml", FORM, id=None)
    error = only_error(check(portal))
    assert error["field"] == "id" and "không có số cần một mã id" in error["message"]


def test_unknown_campaign_everywhere_it_is_named(portal):
    document(portal, "kh-45.yml", PLAN, campaign="van-hoa-cong-s")
    portal.post("tin", {"title": "Tin phong trào", "date": "2024-05-01",
                        "campaigns": ["nong-thon-moj"]})
    found = {(e["file"], e["field"]): e["message"] for e in errors_of(check(portal))}
    assert "không có phong trào thi đua mã van-hoa-cong-s trong data/campaigns.yml" in \
        found[("data/documents/kh-45.yml", "campaign")]
    assert "nong-thon-moj" in found[("content/posts/tin.md", "campaigns[0]")]
    assert len(found) == 2


def test_decision_names_a_document_and_a_campaign_that_exist(portal):
    portal.data("decisions/2024/402-qd-ttg.yml", {
        "number": "402/QĐ-TTg", "date": "2024-04-18", "issuer": "Thủ tướng Chính phủ",
        "status": "quyet-dinh", "period": "2023", "document": "402-qd-ttg",
        "campaign": "khong-co", "awards": [{"title": "co-thi-dua-chinh-phu", "unit": "so-tai-chinh"}]})
    found = {e["field"]: e["message"] for e in errors_of(check(portal))}
    assert "không có văn bản mã 402-qd-ttg" in found["document"]
    assert "không có phong trào thi đua mã khong-co" in found["campaign"]


def test_campaign_rules(portal):
    portal.data("campaigns.yml", {"campaigns": [
        {"id": "a", "name": "A", "launched": "2020-01-01", "issuer": "UBND tỉnh",
         "period": 2020, "ends": "2019-12-31", "document": "khong-co"},
        {"id": "van-hoa-cong-so", "name": "B", "launched": "2019-03-12", "issuer": "UBND tỉnh",
         "period": "2019-2025"},
        {"id": "nong-thon-moi", "name": "C", "launched": "2011-09-20", "issuer": "x",
         "period": "2011"}]})
    found = {e["field"]: e["message"] for e in errors_of(check(portal))}
    assert "ngày kết thúc (31/12/2019) trước ngày phát động" in found["campaigns[0].ends"]
    assert "không có văn bản mã khong-co" in found["campaigns[0].document"]


# ---- consultations ----------------------------------------------------------------------------

def test_nine_working_days_over_tet(portal):
    consultation(portal, "2027/dau-nam-2027.yml", OVER_TET, closes="2027-02-18")
    result = check(portal)
    error = only_error(result)
    assert (error["file"], error["line"], error["field"]) == \
        ("data/consultations/2027/dau-nam-2027.yml", "3", "closes")
    assert "từ 01/02/2027 đến hết 18/02/2027 chỉ có 9 ngày làm việc" in error["message"]
    assert "Tết Nguyên Đán" in error["message"] and "ít nhất 10 ngày làm việc" in error["message"]
    assert "ghi closes từ Thứ Sáu, 19/02/2027 (2027-02-19) trở đi" in result.err


def test_hung_kings_day_and_the_may_holidays_do_not_count(portal):
    consultation(portal, "2026/gio-to.yml", OVER_TET, opens="2026-04-20", closes="2026-05-01")
    error = only_error(check(portal))
    assert "chỉ có 7 ngày làm việc" in error["message"]
    assert "Giỗ Tổ Hùng Vương" in error["message"] and "Quốc tế Lao động" in error["message"]


def test_days_off_announced_by_the_office_count_too(portal):
    portal.data("days-off.yml", {"days_off": [{"date": "2026-11-25",
                                               "name": "Nghỉ theo thông báo của tỉnh"}]})
    error = only_error(check(portal))
    assert "chỉ có 9 ngày làm việc" in error["message"]
    assert "25/11/2026 Nghỉ theo thông báo của tỉnh" in error["message"]
    # A make-up Saturday announced as a working day counts.
    portal.data("days-off.yml", {"days_off": [{"date": "2026-11-25", "name": "Nghỉ"}],
                                 "working_days": [{"date": "2026-11-28", "name": "Làm bù"}]})
    assert check(portal).code == 0


def test_ten_working_days_counting_both_ends_is_enough(portal):
    # OPEN is exactly ten (23/11 to 07/12/2026 without 24/11); a day less is not.
    consultation(portal, "2026/cuoi-nam-2026.yml", OPEN, closes="2026-12-04")
    assert "chỉ có 9 ngày làm việc" in only_error(check(portal))["message"]


@pytest.mark.parametrize("changes, field, words", [
    ({"closes": "2026-11-20"}, "closes", "trước ngày bắt đầu"),
    ({"council_date": "2026-12-07"}, "council_date", "chưa hết thời gian lấy ý kiến"),
    ({"opens": "23/11/2026"}, "opens", "không phải là ngày hợp lệ"),
])
def test_consultation_dates_in_order(portal, changes, field, words):
    consultation(portal, "2026/cuoi-nam-2026.yml", OPEN, **changes)
    error = only_error(check(portal))
    assert error["field"] == field and words in error["message"]


def test_candidate_with_a_phone_number(portal):
    candidates = copy.deepcopy(OPEN["candidates"])
    candidates[1]["person"]["phone"] = "0912 345 678"
    consultation(portal, "2026/cuoi-nam-2026.yml", OPEN, candidates=candidates)
    result = check(portal)
    error = only_error(result)
    assert error["field"] == "candidates[1].person.phone"
    assert "thông tin cá nhân" in error["message"]
    assert "xóa dòng phone" in result.err
    assert portal.run("build", "--today", TODAY).code == 1


def test_a_wrong_candidate_does_not_hide_the_dates(portal):
    consultation(portal, "2027/dau-nam-2027.yml", OVER_TET, closes="2027-02-18",
                 candidates=[{"title": "bang-khen-thu-tuong",
                              "person": {"name": "Nguyễn Văn A", "birth_date": "1980-01-01"}}])
    fields = {e["field"] for e in errors_of(check(portal))}
    assert fields == {"closes", "candidates[0].person.birth_date"}


def test_candidates_are_checked_like_awards(portal):
    consultation(portal, "2026/cuoi-nam-2026.yml", OPEN, candidates=[
        {"title": "co-thi-dua-chinh-phu", "person": {"name": "Lê Văn B"}},
        {"title": "bang-khen-thu-tuong", "unit": "so-tai-chin"}])
    found = {e["field"]: e["message"] for e in errors_of(check(portal))}
    assert "Cờ thi đua của Chính phủ không trao cho cá nhân" in found["candidates[0].title"]
    assert "so-tai-chin" in found["candidates[1].unit"]
    consultation(portal, "2026/cuoi-nam-2026.yml", OPEN, candidates=[])
    error = only_error(check(portal))
    assert error["field"] == "candidates" and "chưa có trường hợp nào" in error["message"]


def test_consultation_names_a_document_and_a_decision_issued_after_it(portal):
    consultation(portal, "2026/cuoi-nam-2026.yml", OPEN, document="nd-98")
    consultation(portal, "2024/co-thi-dua-2023.yml", CLOSED, decision="402-qd-ttg-x")
    found = {(e["file"], e["field"]): e["message"] for e in errors_of(check(portal))}
    assert "không có văn bản mã nd-98" in found[("data/consultations/2026/cuoi-nam-2026.yml",
                                                 "document")]
    assert "không có quyết định mã 402-qd-ttg-x trong data/decisions/" in \
        found[("data/consultations/2024/co-thi-dua-2023.yml", "decision")]
    consultation(portal, "2026/cuoi-nam-2026.yml", OPEN)
    consultation(portal, "2024/co-thi-dua-2023.yml", CLOSED, opens="2024-04-08",
                 closes="2024-04-22")
    error = only_error(check(portal))
    assert error["field"] == "decision"
    assert "ký ngày 18/04/2024, trước khi hết thời gian lấy ý kiến (22/04/2024)" in error["message"]


def test_two_consultations_with_one_id(portal):
    consultation(portal, "2027/cuoi-nam-2026.yml", OPEN)
    error = only_error(check(portal))
    assert error["file"] == "data/consultations/2027/cuoi-nam-2026.yml"
    assert "mã đợt lấy ý kiến cuoi-nam-2026 đã dùng" in error["message"]


# ---- everything at once, and the English page ----------------------------------------------------

def test_every_mistake_is_reported_in_one_run(portal):
    document(portal, "nd-98.yml", DECREE, number="98/2023", type="nghi-dinh-x",
             file="files/khong-co.pdf", effective="2023-01-01")
    consultation(portal, "2027/dau-nam-2027.yml", OVER_TET, closes="2027-02-18")
    portal.post("tin", {"title": "Tin", "date": "2024-05-01", "campaigns": ["khong-co"]})
    fields = {(e["file"], e["field"]) for e in errors_of(check(portal))}
    assert fields == {("data/documents/nd-98.yml", "number"),
                      ("data/documents/nd-98.yml", "type"),
                      ("data/documents/nd-98.yml", "file"),
                      ("data/documents/nd-98.yml", "effective"),
                      ("data/consultations/2027/dau-nam-2027.yml", "closes"),
                      ("content/posts/tin.md", "campaigns[0]")}


def test_a_standalone_page_is_in_vietnamese_or_english(portal):
    portal.write("content/en/index.md", "---\ntitle: Board\nlang: fr\n---\n\nText.\n")
    result = check(portal)
    error = only_error(result)
    assert (error["file"], error["line"], error["field"]) == ("content/en/index.md", "3", "lang")
    assert "lang: en" in result.err
