"""Whole builds of the documents library, the consultations, the campaigns and the English page
(SPEC §6, §11–13): every new page and feed shows what the data says as of the build date, and a
build on a later day rewrites what changed with the date."""
from __future__ import annotations

import json

import feedparser
import pytest
from lxml import html as lxml_html

from conftest import SiteFolder
from portal_helpers import CAMPAIGNS, DECREE, DOCX, PDF, PLAN, portal_site
from test_data_pages import texts, tree

TODAY = "2026-11-30"
OPEN_PAGE = "lay-y-kien/cuoi-nam-2026/"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> SiteFolder:
    site = portal_site(tmp_path_factory.mktemp("cong") / "site-root")
    result = site.run("build", "--today", TODAY)
    assert result.code == 0, result.text
    return site


def site_text(node) -> str:
    return node.text_content()


def text(node) -> str:
    return " ".join(node.text_content().split())


def listed(site: SiteFolder, url: str) -> list[tuple[str, str]]:
    """(number or title, status) of each document listed on a page."""
    page = tree(site, url)
    return [(text(item.xpath(".//*[@class='thidua-doc__title']/a")[0]).split(":")[0],
             text(item.xpath(".//span[contains(@class,'thidua-status')]")[0]))
            for item in page.xpath("//div[@data-thidua-library-static]//li[@class='thidua-doc']")]


# ---- documents ------------------------------------------------------------------------------

def test_library_lists_every_document_newest_first_with_its_status_on_the_build_date(built):
    assert listed(built, "van-ban/") == [
        ("130/KH-UBND", "Chưa có hiệu lực"),  # in force from 01/01/2027
        ("Mẫu báo cáo thành tích của tập thể", "Còn hiệu lực"),
        ("98/2023/NĐ-CP", "Còn hiệu lực"),
        ("06/2022/QH15", "Còn hiệu lực"),
        ("45/KH-UBND", "Hết hiệu lực"),  # expired on 01/01/2026
        ("15/2003/QH11", "Bị thay thế"),  # by the 2022 law, in force since 2024
    ]
    page = tree(built, "van-ban/")
    assert texts(page, "//p[@data-thidua-library-status]") == ["6 văn bản"]
    # The filter is there for readers with JavaScript; without it, the type pages.
    form = page.xpath("//form[@data-thidua-library]")[0]
    assert form.get("hidden") is not None and form.get("data-index") == "index.json"
    assert texts(form, ".//select[@name='loai']/option") == [
        "Tất cả các loại", "Luật (2)", "Nghị định (1)", "Kế hoạch (2)", "Biểu mẫu (1)"]
    assert texts(form, ".//select[@name='nam']/option")[1:] == [
        "2026", "2024", "2023", "2022", "2019", "2003"]
    assert page.xpath("//aside//a[@href='loai/luat/']")


def test_type_pages_list_their_documents(built):
    assert listed(built, "van-ban/loai/luat/") == [("06/2022/QH15", "Còn hiệu lực"),
                                                   ("15/2003/QH11", "Bị thay thế")]
    page = tree(built, "van-ban/loai/luat/")
    assert texts(page, "//h1") == ["Luật"]
    assert page.xpath("//select[@name='loai']/option[@selected]/@value") == ["luat"]
    assert not built.exists("van-ban/loai/thong-tu/")  # no document of that type


def test_document_page_fields_file_and_what_cites_it(built):
    page = tree(built, "van-ban/98-2023-nd-cp/")
    assert texts(page, "//h1") == ["Nghị định 98/2023/NĐ-CP"]
    rows = dict(zip(texts(page, "//table[contains(@class,'thidua-doc-fields')]//th"),
                    texts(page, "//table[contains(@class,'thidua-doc-fields')]//td")))
    assert rows["Số, ký hiệu"] == "98/2023/NĐ-CP"
    assert rows["Loại văn bản"] == "Nghị định"
    assert rows["Cơ quan ban hành"] == "Chính phủ"
    assert rows["Ngày ban hành"] == "Chủ nhật, 31/12/2023"
    assert rows["Ngày có hiệu lực"] == "Thứ Hai, 01/01/2024"
    assert rows["Tình trạng hiệu lực"] == "Còn hiệu lực"
    # The file is published beside the page, linked with its type and size.
    link = page.xpath("//p[contains(@class,'thidua-doc__file--main')]/a")[0]
    assert link.get("href") == "nd98.pdf"
    assert text(link) == f"Tải về: 98/2023/NĐ-CP (PDF, {len(PDF)} byte)"
    assert (built.out / "van-ban/98-2023-nd-cp/nd98.pdf").read_bytes() == PDF
    # The decision that names it, and the consultation.
    decisions = page.xpath("//section[@aria-labelledby='quyet-dinh']//a")
    assert [(a.get("href"), text(a)) for a in decisions] == [
        ("../../khen-thuong/2024/#quyet-dinh-402-qd-ttg", "Quyết định số 402/QĐ-TTg")]
    assert page.xpath("//section[@aria-labelledby='lay-y-kien']//a/@href") == [
        "../../lay-y-kien/cuoi-nam-2026/"]


def test_replacement_is_shown_both_ways(built):
    new = tree(built, "van-ban/06-2022-qh15/")
    assert new.xpath("//section[@aria-labelledby='van-ban-bi-thay-the']//a/@href")[0] == \
        "../15-2003-qh11/"
    old = tree(built, "van-ban/15-2003-qh11/")
    assert "Bị thay thế (thay thế bởi 06/2022/QH15)" in texts(old, "//p[@class='thidua-doc__state']")[0]
    assert old.xpath("//section[@aria-labelledby='van-ban-thay-the']//a/@href")[0] == \
        "../06-2022-qh15/"


def test_a_form_without_number_and_a_word_file(built):
    page = tree(built, "van-ban/mau-bao-cao-tap-the/")
    assert texts(page, "//h1") == ["Mẫu báo cáo thành tích của tập thể"]
    assert f"(DOCX, {len(DOCX)} byte)" in texts(page, "//p[contains(@class,'thidua-doc__file')]")[0]
    assert (built.out / "van-ban/mau-bao-cao-tap-the/mau.docx").read_bytes() == DOCX


def test_a_decision_links_to_its_document(built):
    page = tree(built, "khen-thuong/2024/")
    item = page.xpath("//li[@id='quyet-dinh-402-qd-ttg']")[0]
    assert item.xpath(".//a[text()='toàn văn trong thư viện văn bản']/@href") == [
        "../../van-ban/98-2023-nd-cp/"]


def test_filter_index_holds_what_the_filter_needs(built):
    index = json.loads((built.out / "van-ban/index.json").read_text(encoding="utf-8"))
    rows = [dict(zip(index["fields"], row)) for row in index["documents"]]
    assert [row["number"] for row in rows][:3] == ["130/KH-UBND", "", "98/2023/NĐ-CP"]
    decree = rows[2]
    assert decree["url"] == "van-ban/98-2023-nd-cp/" and decree["type"] == "nghi-dinh"
    assert decree["year"] == 2023 and decree["issuer"] == "Chính phủ"
    assert decree["status"] == "con-hieu-luc" and decree["signed"] == "31/12/2023"
    assert "98/2023/nd-cp" in decree["words"] and "ho so khen thuong" in decree["words"]
    assert decree["file"] == "van-ban/98-2023-nd-cp/nd98.pdf"
    assert index["types"]["nghi-dinh"] == "Nghị định"
    assert index["statuses"]["bi-thay-the"] == "Bị thay thế"


def test_documents_feed(built):
    feed = feedparser.parse((built.out / "van-ban/rss.xml").read_bytes())
    assert not feed.bozo
    assert feed.feed.link == "https://thidua.example.vn/van-ban/"
    titles = [entry.title for entry in feed.entries]
    assert titles[0] == "Kế hoạch 130/KH-UBND: Kế hoạch thi đua năm 2027"
    assert "Nghị định 98/2023/NĐ-CP: " + DECREE["title"] in titles
    decree = next(e for e in feed.entries if "98/2023" in e.title)
    assert decree.link == "https://thidua.example.vn/van-ban/98-2023-nd-cp/"
    assert decree.published == "Sun, 31 Dec 2023 00:00:00 +0700"
    assert decree.enclosures[0].href == "https://thidua.example.vn/van-ban/98-2023-nd-cp/nd98.pdf"
    assert decree.enclosures[0].type == "application/pdf"
    assert decree.enclosures[0].length == str(len(PDF))
    assert [(t.term, t.scheme) for t in decree.tags] == [
        ("Nghị định", "https://thidua.example.vn/van-ban/")]
    page = tree(built, "van-ban/")
    assert page.xpath("//link[@rel='alternate' and @href='rss.xml']")


# ---- consultations ------------------------------------------------------------------------------

def test_consultations_open_first_with_the_days_left(built):
    page = tree(built, "lay-y-kien/")
    assert texts(page, "//h2") == ["Đang lấy ý kiến (1)", "Sắp lấy ý kiến (1)",
                                   "Đã kết thúc lấy ý kiến (1)"]
    assert texts(page, "//li[@class='thidua-consultation']/h3") == [
        "Lấy ý kiến về đề nghị khen thưởng cuối năm 2026", "Lấy ý kiến đợt đầu năm 2027",
        "Lấy ý kiến về Cờ thi đua của Chính phủ năm 2023"]
    states = texts(page, "//p[contains(@class,'thidua-consultation-state')]")
    # 30/11 to 07/12 is eight days, six of them working days.
    assert states[0] == ("Đang lấy ý kiến đến hết Thứ Hai, 07/12/2026 (còn 8 ngày, trong đó "
                         "6 ngày làm việc)")
    assert states[1] == "Sẽ lấy ý kiến từ Thứ Hai, 01/02/2027 đến hết Thứ Hai, 22/02/2027"
    assert states[2].startswith("Đã kết thúc lấy ý kiến (từ 04/03/2024 đến hết 18/03/2024); "
                                "đã có Quyết định số 402/QĐ-TTg")


def test_consultation_page(built):
    page = tree(built, OPEN_PAGE)
    assert texts(page, "//p[contains(@class,'thidua-consultation-state')]") == [
        "Đang lấy ý kiến đến hết Thứ Hai, 07/12/2026 (còn 8 ngày, trong đó 6 ngày làm việc)"]
    rows = dict(zip(texts(page, "//table[@class='thidua-summary']//th"),
                    texts(page, "//table[@class='thidua-summary']//td")))
    assert rows["Thời gian nhận ý kiến"] == \
        "Từ Thứ Hai, 23/11/2026 đến hết Thứ Hai, 07/12/2026 (10 ngày làm việc)"
    assert rows["Hội đồng Thi đua – Khen thưởng họp xét"] == "Thứ Ba, 15/12/2026"
    assert rows["Văn bản"].startswith("Nghị định 98/2023/NĐ-CP")
    contact = text(page.xpath("//section[contains(@class,'thidua-contact')]")[0])
    assert "Ban Thi đua – Khen thưởng tỉnh" in contact and "Số 1 đường Mẫu" in contact
    assert page.xpath("//a[@href='mailto:banthidua@example.vn']")
    assert texts(page, "//section[@aria-labelledby='tap-the-de-nghi']//tbody/tr/td") == [
        "1", "Sở Tài chính", "Cờ thi đua của Chính phủ"]
    assert texts(page, "//section[@aria-labelledby='ca-nhan-de-nghi']//tbody/tr/td") == [
        "1", "Trần Minh Khoa, Phó Giám đốc (Sở Kế hoạch và Đầu tư)",
        "Bằng khen của Thủ tướng Chính phủ"]
    assert "0912" not in site_text(page)
    assert "Chưa có quyết định khen thưởng" in text(page.xpath("//section[@aria-labelledby='ket-qua']")[0])


def test_closed_consultation_links_its_decision(built):
    page = tree(built, "lay-y-kien/co-thi-dua-2023/")
    result = page.xpath("//section[@aria-labelledby='ket-qua']")[0]
    assert result.xpath(".//a/@href") == ["../../khen-thuong/2024/#quyet-dinh-402-qd-ttg"]
    assert "Quyết định số 402/QĐ-TTg" in text(result)


def test_home_shows_the_open_consultations(built):
    box = tree(built, "").xpath("//section[@aria-labelledby='dang-lay-y-kien']")[0]
    assert box.xpath(".//li/a/@href") == [OPEN_PAGE]
    assert "đến hết Thứ Hai, 07/12/2026" in text(box)


def test_consultations_feed_has_those_opened(built):
    feed = feedparser.parse((built.out / "lay-y-kien/rss.xml").read_bytes())
    assert not feed.bozo
    assert [e.link for e in feed.entries] == [
        "https://thidua.example.vn/" + OPEN_PAGE,
        "https://thidua.example.vn/lay-y-kien/co-thi-dua-2023/"]
    assert feed.entries[0].published == "Mon, 23 Nov 2026 00:00:00 +0700"
    assert "1 tập thể và 1 cá nhân" in feed.entries[0].summary


# ---- campaigns ------------------------------------------------------------------------------------

def test_campaigns_list_and_page(built):
    listing = tree(built, "phong-trao/")
    assert texts(listing, "//li[@class='thidua-campaign']/h2") == [
        "Chung sức xây dựng nông thôn mới",  # under way first
        "Cán bộ, công chức thi đua thực hiện văn hóa công sở"]
    assert texts(listing, "//li[@class='thidua-campaign']//span[contains(@class,'thidua-status')]") \
        == ["Đang diễn ra", "Đã kết thúc"]
    page = tree(built, "phong-trao/van-hoa-cong-so/")
    rows = dict(zip(texts(page, "//table[@class='thidua-summary']//th"),
                    texts(page, "//table[@class='thidua-summary']//td")))
    assert rows["Giai đoạn"] == "2019-2025" and rows["Ngày phát động"] == "Thứ Ba, 12/03/2019"
    assert rows["Văn bản phát động"].startswith("Kế hoạch 45/KH-UBND")
    awards = page.xpath("//section[@aria-labelledby='khen-thuong-phong-trao']")[0]
    assert texts(awards, ".//h3") == ["Năm 2024"]
    assert "Đỗ Thị Lan Anh" in text(awards)
    news = page.xpath("//section[@aria-labelledby='tin-tuc-phong-trao']//h3/a/@href")
    assert news == ["../../tin-tuc/2024/so-ket-phong-trao-van-hoa-cong-so/"]


def test_a_post_links_its_campaign(built):
    page = tree(built, "tin-tuc/2024/so-ket-phong-trao-van-hoa-cong-so/")
    assert page.xpath("//p[@class='thidua-post__links']/span/a/@href") == [
        "../../../phong-trao/van-hoa-cong-so/"]


# ---- the English page, navigation, sitemap ---------------------------------------------------------

def test_english_page(built):
    page = built.page("en/")
    assert '<html lang="en"' in page
    document = lxml_html.fromstring(page)
    assert texts(document, "//a[@class='thidua-skip']") == ["Skip to main content"]
    language = document.xpath("//a[@class='thidua-language']")[0]
    assert (text(language), language.get("lang"), language.get("href")) == ("Tiếng Việt", "vi", "..")
    assert document.xpath("//ul[contains(@class,'thidua-nav__list')]/@lang") == ["vi"]
    assert "Built with MkDocs" in page
    # The Vietnamese pages link it from the header, and keep it out of their navigation.
    home = tree(built, "")
    assert home.xpath("//a[@class='thidua-language']/@href") == ["en/"]
    assert '<html lang="vi"' in built.page("")
    assert "English" not in texts(home, "//nav[contains(@class,'thidua-nav')]//a")


def test_sitemap_and_verify_know_the_new_pages(built):
    sitemap = (built.out / "sitemap.xml").read_text(encoding="utf-8")
    for url in ("van-ban/", "van-ban/98-2023-nd-cp/", "van-ban/loai/luat/", "lay-y-kien/",
                "lay-y-kien/cuoi-nam-2026/", "phong-trao/", "phong-trao/van-hoa-cong-so/", "en/"):
        assert f"<loc>https://thidua.example.vn/{url}</loc>" in sitemap, url
    result = built.run("verify", "--today", TODAY)
    assert result.code == 0, result.text


# ---- the build's date -------------------------------------------------------------------------------

def test_a_later_build_rewrites_the_pages_whose_state_changed(tmp_path):
    site = portal_site(tmp_path / "cong")
    assert site.run("build", "--today", "2026-12-07").code == 0
    post = site.out / "tin-tuc/2024/so-ket-phong-trao-van-hoa-cong-so/index.html"
    post_written = post.stat().st_mtime_ns
    assert "(hôm nay là ngày cuối)" in site.page(OPEN_PAGE)
    result = site.run("build", "--today", "2026-12-08")
    assert result.code == 0 and "Đã cập nhật" in result.out, result.text
    page = tree(site, OPEN_PAGE)
    assert texts(page, "//p[contains(@class,'thidua-consultation-state')]")[0].startswith(
        "Đã kết thúc lấy ý kiến")
    assert not tree(site, "").xpath("//section[@aria-labelledby='dang-lay-y-kien']")
    assert texts(tree(site, "lay-y-kien/"), "//h2")[0] == "Sắp lấy ý kiến (1)"
    assert post.stat().st_mtime_ns == post_written  # nothing of it changed with the day
    # The first day of 2027: the plan signed in November comes into force.
    assert site.run("build", "--today", "2027-01-01").code == 0
    assert ("130/KH-UBND", "Còn hiệu lực") in listed(site, "van-ban/")
    assert ("130/KH-UBND", "Còn hiệu lực") in listed(site, "van-ban/loai/ke-hoach/")
    index = json.loads((site.out / "van-ban/index.json").read_text(encoding="utf-8"))
    assert index["documents"][0][6] == "con-hieu-luc"
    # The consultation over Tết opens on its day, and joins the feed.
    assert site.run("build", "--today", "2027-02-01").code == 0
    assert "Đang lấy ý kiến đến hết Thứ Hai, 22/02/2027 (còn 22 ngày, trong đó 11 ngày làm việc)" \
        in texts(tree(site, "lay-y-kien/dau-nam-2027/"),
                 "//p[contains(@class,'thidua-consultation-state')]")
    feed = feedparser.parse((site.out / "lay-y-kien/rss.xml").read_bytes())
    assert feed.entries[0].link.endswith("/lay-y-kien/dau-nam-2027/")


def test_same_day_same_bytes_and_removed_files_go(tmp_path):
    site = portal_site(tmp_path / "cong")
    assert site.run("build", "--today", TODAY).code == 0
    again = tmp_path / "again"
    assert site.run("build", "--today", TODAY, "-d", str(again)).code == 0
    for path in ("van-ban/index.json", "van-ban/rss.xml", "lay-y-kien/rss.xml",
                 "van-ban/98-2023-nd-cp/index.html", f"{OPEN_PAGE}index.html"):
        assert (site.out / path).read_bytes() == (again / path).read_bytes(), path
    # A document removed takes its page and its file with it; a file replaced is replaced.
    (site.root / "data/documents/kh-45.yml").unlink()
    campaigns = [{k: v for k, v in c.items() if k != "document"} for c in CAMPAIGNS]
    site.data("campaigns.yml", {"campaigns": campaigns})
    site.write("data/documents/files/nd98.pdf", PDF + b"% one more line\n")
    assert site.run("build", "--today", TODAY).code == 0
    assert not (site.out / "van-ban/45-kh-ubnd").exists()
    assert (site.out / "van-ban/98-2023-nd-cp/nd98.pdf").read_bytes() == PDF + b"% one more line\n"
    assert f"(PDF, {len(PDF) + 16} byte)" in site.page("van-ban/98-2023-nd-cp/")


def test_library_pages_are_paginated(tmp_path):
    site = portal_site(tmp_path / "cong")  # 10 a page (conftest)
    for number in range(1, 8):
        site.data(f"documents/cv-{number}.yml", dict(PLAN, number=f"{number}/UBND-VP",
                                                     type="cong-van", campaign=None,
                                                     signed=f"2025-0{number}-01", expires=None,
                                                     title=f"Công văn số {number}"))
    for path in site.root.glob("data/documents/cv-*.yml"):  # no campaign: the key goes
        path.write_text(path.read_text(encoding="utf-8").replace("campaign: null\n", ""),
                        encoding="utf-8")
    assert site.run("build", "--today", TODAY).code == 0, site.run("check").text
    assert len(listed(site, "van-ban/")) == 10
    assert len(listed(site, "van-ban/trang/2/")) == 3
    assert texts(tree(site, "van-ban/trang/2/"), "//h1") == ["Văn bản – Trang 2"]


# ---- build.py new ---------------------------------------------------------------------------------

def test_new_document_with_its_file_checks_clean(tmp_path):
    site = portal_site(tmp_path / "cong")
    pdf = tmp_path / "Kế hoạch 131.pdf"
    pdf.write_bytes(PDF)
    result = site.run("new", "--kind", "van-ban", "Kế hoạch tổ chức hội nghị điển hình tiên tiến",
                      "--number", "131/KH-UBND", "--issuer", "UBND tỉnh", "--file", str(pdf),
                      "--date", "2026-11-26")
    assert result.code == 0, result.text
    assert "Đã tạo data/documents/2026/131-kh-ubnd.yml" in result.out
    written = (site.root / "data/documents/2026/131-kh-ubnd.yml").read_text(encoding="utf-8")
    assert "type: ke-hoach" in written and 'file: "131-kh-ubnd.pdf"' in written
    assert (site.root / "data/documents/2026/131-kh-ubnd.pdf").read_bytes() == PDF
    assert site.run("check", "--today", TODAY).code == 0
    again = site.run("new", "--kind", "van-ban", "Khác", "--number", "131/KH-UBND")
    assert again.code == 1 and "đã có tệp này, không ghi đè" in again.err


def test_new_consultation_closes_after_ten_working_days(tmp_path):
    site = portal_site(tmp_path / "cong")
    result = site.run("new", "--kind", "lay-y-kien", "Lấy ý kiến về Cờ thi đua năm 2026",
                      "--date", "2027-02-01")
    assert result.code == 0, result.text
    path = site.root / "data/consultations/2027/lay-y-kien-ve-co-thi-dua-nam-2026.yml"
    written = path.read_text(encoding="utf-8")
    assert "opens: 2027-02-01\ncloses: 2027-02-19\n" in written  # over Tết
    errors = site.run("check", "--today", TODAY)
    assert errors.code == 1 and "chưa có trường hợp nào được đề nghị" in errors.err
    assert 'office: ""' in written  # the site has no extra.office in mkdocs.yml to fill it
    path.write_text(written.replace("candidates: []", "candidates:\n  - title: "
                                    "bang-khen-thu-tuong\n    unit: so-tai-chinh")
                    .replace('office: ""', "office: Ban Thi đua – Khen thưởng tỉnh"),
                    encoding="utf-8")
    assert site.run("check", "--today", TODAY).code == 0


def test_a_site_without_the_new_data_still_has_the_pages(site):
    site.post("a", {"title": "Tin", "date": "2024-01-22"})
    assert site.build().code == 0
    assert "Chưa có văn bản nào." in site.page("van-ban/")
    assert "Hiện chưa có đợt lấy ý kiến nào." in site.page("lay-y-kien/")
    assert "Chưa có phong trào thi đua nào" in site.page("phong-trao/")
    assert "thidua-language" not in site.page("")  # no English page, no link to one
    assert not feedparser.parse((site.out / "van-ban/rss.xml").read_bytes()).bozo


def test_search_finds_documents_consultations_and_campaigns(tmp_path):
    """The site-wide search's kinds of the portal (plan/search.py): documents by number and
    title words, consultations by what they propose, campaigns by name."""
    from dataclasses import replace
    from datetime import date

    from thidua.config.settings import read_settings
    from thidua.core.text import words_of
    from thidua.load.site import load_site
    from thidua.outputs.search import document_words
    from thidua.plan.search import data_entries

    site_folder = portal_site(tmp_path / "cong")
    settings = replace(read_settings(site_folder.root / "mkdocs.yml"), today=date(2026, 11, 30))
    site, _ = load_site(settings)
    kinds = {kind.label: entries for kind, entries in data_entries(site)}
    assert {"Văn bản", "Lấy ý kiến", "Phong trào thi đua"} <= kinds.keys()
    decree = next(entry for entry in kinds["Văn bản"] if entry.url == "van-ban/98-2023-nd-cp/")
    assert decree.title.startswith("Nghị định 98/2023/NĐ-CP")
    words = document_words(decree)
    assert set(words_of("98/2023")) <= words.keys()
    assert set(words_of("thi hành Luật Thi đua")) <= words.keys()
    assert {entry.url for entry in kinds["Phong trào thi đua"]} == {
        f"phong-trao/{ident}/" for ident in site.data.campaigns}
    assert {entry.url for entry in kinds["Lấy ý kiến"]} == {
        f"lay-y-kien/{view}/" for view in site.data.consultations}
    open_now = next(entry for entry in kinds["Lấy ý kiến"] if entry.url == OPEN_PAGE)
    assert open_now.detail.startswith("Đang lấy ý kiến · ")
