"""Whole builds of bloc, unit and award pages: they show what the data says, and nothing else."""
from __future__ import annotations

from datetime import date

import pytest
from lxml import html as lxml_html

from conftest import SiteFolder

THIS_YEAR = date.today().year
LAST_YEAR = THIS_YEAR - 1

UNITS = [
    {"id": "so-tai-chinh", "name": "Sở Tài chính", "short_name": "STC", "kind": "Sở, ngành",
     "website": "https://stc.example.vn/"},
    {"id": "van-phong-ubnd-tinh", "name": "Văn phòng UBND tỉnh"},
    {"id": "so-ke-hoach-dau-tu", "name": "Sở Kế hoạch và Đầu tư"},
    {"id": "so-noi-vu", "name": "Sở Nội vụ"},
    {"id": "so-ngoai-vu", "name": "Sở Ngoại vụ"},
    {"id": "ban-dan-van-tinh-uy", "name": "Ban Dân vận Tỉnh ủy"},
    {"id": "uy-ban-kiem-tra-tinh-uy", "name": "Ủy ban Kiểm tra Tỉnh ủy"},
]
BLOCS = [
    {"id": "khoi-tham-muu-tong-hop", "name": "Khối thi đua Tham mưu – Tổng hợp", "kind": "khoi",
     "description": "Các cơ quan tham mưu tổng hợp của tỉnh.",
     "terms": [
         {"year": LAST_YEAR, "members": ["so-tai-chinh", "van-phong-ubnd-tinh", "so-ngoai-vu"],
          "leader": "van-phong-ubnd-tinh", "deputy": "so-ngoai-vu",
          "agreement_date": f"{LAST_YEAR}-01-17"},
         {"year": THIS_YEAR, "members": ["so-tai-chinh", "van-phong-ubnd-tinh",
                                         "so-ke-hoach-dau-tu", "so-noi-vu"],
          "leader": "so-tai-chinh", "deputy": "van-phong-ubnd-tinh",
          "agreement_date": f"{THIS_YEAR}-01-22"},
     ]},
    {"id": "cum-dang", "name": "Cụm thi đua các cơ quan Đảng", "kind": "cum",
     "terms": [{"year": LAST_YEAR, "members": ["ban-dan-van-tinh-uy", "uy-ban-kiem-tra-tinh-uy"],
                "leader": "ban-dan-van-tinh-uy", "deputy": "uy-ban-kiem-tra-tinh-uy"}]},
]
DECISION = {
    "number": "298/QĐ-UBND", "date": f"{THIS_YEAR}-02-24", "issuer": "Chủ tịch UBND tỉnh",
    "status": "quyet-dinh", "period": str(LAST_YEAR),
    "reason": "Hoàn thành xuất sắc nhiệm vụ, dẫn đầu khối thi đua.",
    "source_url": "https://vanban.example.vn/298",
    "awards": [
        {"title": "co-thi-dua-ubnd-tinh", "unit": "van-phong-ubnd-tinh"},
        {"title": "bang-khen-chu-tich-ubnd-tinh",
         "person": {"name": "Nguyễn Thị Thu Hà", "position": "Trưởng phòng Ngân sách",
                    "unit": "so-tai-chinh"}},
    ],
}
PROPOSAL = {
    "number": "05/TTr-KTĐ", "date": f"{THIS_YEAR}-01-22",
    "issuer": "Khối thi đua Tham mưu – Tổng hợp", "status": "de-nghi", "period": str(LAST_YEAR),
    "bloc": "khoi-tham-muu-tong-hop",
    "awards": [{"title": "co-thi-dua-chinh-phu", "unit": "so-tai-chinh"}],
}
OLD_DECISION = {
    "number": "25/QĐ-VPTU", "date": "2020-06-19", "issuer": "Chánh Văn phòng Tỉnh ủy",
    "status": "quyet-dinh", "period": "2015-2020",
    "awards": [{"title": "giay-khen", "unit": "ban-dan-van-tinh-uy"}],
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> SiteFolder:
    from conftest import CATEGORIES, GIF, MKDOCS_YML
    site = SiteFolder(tmp_path_factory.mktemp("data") / "portal")
    site.write("mkdocs.yml", MKDOCS_YML.format(per_page=10))
    site.data("units.yml", {"units": UNITS})
    site.data("blocs.yml", {"blocs": BLOCS})
    site.data("categories.yml", {"categories": CATEGORIES})
    site.data(f"decisions/{THIS_YEAR}/298.yml", DECISION)
    site.data(f"decisions/{THIS_YEAR}/05-ttr.yml", PROPOSAL)
    site.data("decisions/2020/25.yml", OLD_DECISION)
    site.write("content/posts/images/anh.gif", GIF)
    for n in range(1, 13):
        site.post(f"khoi-{n}", {"title": f"Tin khối số {n:02d}", "date": f"{LAST_YEAR}-03-{n:02d}",
                                "blocs": ["khoi-tham-muu-tong-hop"],
                                "units": ["so-tai-chinh"] if n % 2 else []})
    site.post("dang", {"title": "Tin cụm Đảng", "date": f"{LAST_YEAR}-05-05", "blocs": ["cum-dang"],
                       "units": ["ban-dan-van-tinh-uy", "uy-ban-kiem-tra-tinh-uy"]})
    result = site.build()
    assert result.code == 0, result.text
    return site


def tree(site: SiteFolder, url: str):
    return lxml_html.fromstring(site.page(url))


def texts(node, xpath: str) -> list[str]:
    return [" ".join(n.text_content().split()) for n in node.xpath(xpath)]


def section(node, heading_id: str):
    return node.xpath(f"//section[@aria-labelledby='{heading_id}']")[0]


def test_bloc_directory_shows_this_years_leader_and_deputy(built):
    page = tree(built, "khoi-thi-dua/")
    rows = {r[0]: r[1:] for r in (texts(tr, "./*") for tr in page.xpath("//table//tbody/tr"))}
    assert rows["Khối thi đua Tham mưu – Tổng hợp"] == [
        str(THIS_YEAR), "Sở Tài chính", "Văn phòng UBND tỉnh", "4"]
    # A bloc without a term this year shows its latest one, with its year.
    assert rows["Cụm thi đua các cơ quan Đảng"][:2] == [str(LAST_YEAR), "Ban Dân vận Tỉnh ủy"]
    assert page.xpath("//a[@href='khoi-tham-muu-tong-hop/']")


def test_bloc_page_members_terms_changes_awards_and_news(built):
    page = tree(built, "khoi-thi-dua/khoi-tham-muu-tong-hop/")
    assert "Các cơ quan tham mưu tổng hợp của tỉnh." in texts(page, "//p[@class='thidua-intro']")
    current = section(page, "nam-hien-tai")
    members = current.xpath(".//ul[@class='thidua-members']/li/a")
    assert [a.get("href") for a in members] == [
        "../../don-vi/so-tai-chinh/", "../../don-vi/van-phong-ubnd-tinh/",
        "../../don-vi/so-ke-hoach-dau-tu/", "../../don-vi/so-noi-vu/"]
    assert "Khối trưởng" in texts(current, ".//li")[0]
    facts = texts(current, ".//dl/*")
    assert facts[:4] == ["Khối trưởng", "Sở Tài chính", "Khối phó", "Văn phòng UBND tỉnh"]
    terms = [texts(tr, "./*") for tr in section(page, "qua-cac-nam").xpath(".//tbody/tr")]
    assert terms == [
        [str(THIS_YEAR), "Sở Tài chính", "Văn phòng UBND tỉnh", "4", f"22/01/{THIS_YEAR}"],
        [str(LAST_YEAR), "Văn phòng UBND tỉnh", "Sở Ngoại vụ", "3", f"17/01/{LAST_YEAR}"]]
    changes = texts(section(page, "thay-doi-thanh-vien"), ".//li")
    assert changes == [f"Năm {THIS_YEAR}: gia nhập Sở Kế hoạch và Đầu tư, Sở Nội vụ; "
                       "rời khối Sở Ngoại vụ."]
    awards = section(page, "khen-thuong-khoi")
    rows = [texts(tr, "./td") for tr in awards.xpath(".//tbody/tr")]
    assert ["Cờ thi đua của UBND tỉnh", "Văn phòng UBND tỉnh", f"QĐ 298/QĐ-UBND, 24/02/{THIS_YEAR}",
            str(LAST_YEAR)] in rows
    proposal = awards.xpath(".//tr[@class='thidua-awards__proposal']")
    assert len(proposal) == 1
    assert texts(proposal[0], "./td")[0] == "Đề nghị Cờ thi đua của Chính phủ"
    news = section(page, "tin-tuc-khoi")
    assert len(news.xpath(".//article")) == 10
    assert texts(news, ".//article//h3")[0] == "Tin khối số 12"
    assert news.xpath(".//a[@rel='next']/@href") == ["trang/2/"]
    second = tree(built, "khoi-thi-dua/khoi-tham-muu-tong-hop/trang/2/")
    assert texts(second, "//article[contains(@class,'thidua-card')]//h2") == [
        "Tin khối số 02", "Tin khối số 01"]


def test_cum_uses_its_own_words(built):
    page = tree(built, "khoi-thi-dua/cum-dang/")
    assert texts(page, "//dl[@class='thidua-facts']/dt")[:2] == ["Cụm trưởng", "Cụm phó"]


def test_unit_page_blocs_roles_awards_proposals_and_news(built):
    page = tree(built, "don-vi/so-tai-chinh/")
    facts = texts(page, "//dl[@class='thidua-facts']/*")
    assert facts == ["Tên viết tắt", "STC", "Loại đơn vị", "Sở, ngành", "Trang thông tin",
                     "https://stc.example.vn/"]
    assert texts(section(page, "vai-tro"), ".//li") == [
        f"Khối trưởng Khối thi đua Tham mưu – Tổng hợp năm {THIS_YEAR}"]
    years = [texts(tr, "./*") for tr in section(page, "khoi-qua-cac-nam").xpath(".//tbody/tr")]
    assert years == [[str(THIS_YEAR), "Khối thi đua Tham mưu – Tổng hợp", "Khối trưởng"],
                     [str(LAST_YEAR), "Khối thi đua Tham mưu – Tổng hợp", "Thành viên"]]
    individuals = texts(section(page, "khen-thuong-ca-nhan"), ".//tbody/tr/td")
    assert individuals[1] == "Nguyễn Thị Thu Hà, Trưởng phòng Ngân sách (Sở Tài chính)"
    # The proposal is shown as a proposal, never among the awards received.
    assert not texts(section(page, "khen-thuong-tap-the"), ".//tbody/tr")
    assert "Chưa có quyết định khen thưởng nào" in texts(
        section(page, "khen-thuong-tap-the"), ".//p")[0]
    proposals = section(page, "de-nghi")
    assert "chưa phải quyết định" in texts(proposals, ".//p")[0]
    assert texts(proposals, ".//tbody/tr/td")[0] == "Đề nghị Cờ thi đua của Chính phủ"
    news = texts(section(page, "tin-tuc-don-vi"), ".//article//h3")
    assert news == [f"Tin khối số {n:02d}" for n in (11, 9, 7, 5, 3, 1)]


def test_unit_directory_lists_every_unit(built):
    page = tree(built, "don-vi/")
    assert len(page.xpath("//table//tbody/tr")) == len(UNITS)
    for unit in UNITS:
        assert built.exists(f"don-vi/{unit['id']}/")


def test_awards_index_by_year_and_by_title(built):
    page = tree(built, "khen-thuong/")
    years = [texts(tr, "./*") for tr in section(page, "theo-nam").xpath(".//tbody/tr")]
    assert years == [[f"Năm {THIS_YEAR}", "1", "2", "1", "1"], ["Năm 2020", "1", "1", "0", "0"]]
    titles = {row[0]: row[3:] for row in
              (texts(tr, "./*") for tr in section(page, "theo-danh-hieu").xpath(".//tbody/tr"))}
    assert titles["Cờ thi đua của Chính phủ"] == ["0", "1"]
    assert titles["Cờ thi đua của UBND tỉnh"] == ["1", "0"]


def test_awards_year_page(built):
    page = tree(built, f"khen-thuong/{THIS_YEAR}/")
    documents = texts(section(page, "van-ban"), ".//li")
    assert any(d.startswith(f"Quyết định số 298/QĐ-UBND ngày 24/02/{THIS_YEAR} của Chủ tịch UBND "
                            "tỉnh") and "Hoàn thành xuất sắc nhiệm vụ" in d for d in documents)
    assert any(d.startswith("Đề nghị Tờ trình đề nghị khen thưởng số 05/TTr-KTĐ") for d in documents)
    decided = section(page, "khen-thuong")
    assert texts(decided, ".//h3") == ["Cờ thi đua của UBND tỉnh (1)",
                                       "Bằng khen của Chủ tịch UBND tỉnh (1)"]
    assert "Cờ thi đua của Chính phủ" not in decided.text_content()
    row = texts(decided.xpath(".//tbody/tr[td]")[0], "./td")
    assert row == ["Văn phòng UBND tỉnh", f"QĐ 298/QĐ-UBND, 24/02/{THIS_YEAR}, Chủ tịch UBND tỉnh",
                   str(LAST_YEAR), "Hoàn thành xuất sắc nhiệm vụ, dẫn đầu khối thi đua."]
    assert texts(decided, ".//th[@scope='rowgroup']") == ["Tập thể (1)", "Cá nhân (1)"]
    proposed = section(page, "de-nghi")
    assert texts(proposed, "./h2") == ["Đề nghị khen thưởng (chưa phải quyết định)"]
    assert texts(proposed, ".//h3") == ["Cờ thi đua của Chính phủ (1)"]
    assert page.xpath("//a[@href='../2020/']")
    assert built.exists("khen-thuong/2020/")


def test_title_page_lists_every_record(built):
    page = tree(built, "khen-thuong/danh-hieu/co-thi-dua-chinh-phu/")
    assert texts(page, "//h1") == ["Cờ thi đua của Chính phủ"]
    assert texts(page, "//tbody/tr/td")[:1] == ["Sở Tài chính"]
    assert page.xpath("//tr[@class='thidua-awards__proposal']")


def test_posts_link_to_their_bloc_and_unit_pages(built):
    page = tree(built, f"tin-tuc/{LAST_YEAR}/tin-cum-dang/")
    links = page.xpath("//footer[@class='thidua-post__footer']//a/@href")
    assert links == ["../../../khoi-thi-dua/cum-dang/", "../../../don-vi/ban-dan-van-tinh-uy/",
                     "../../../don-vi/uy-ban-kiem-tra-tinh-uy/"]


def test_home_shows_bloc_leaders_and_latest_decisions(built):
    home = tree(built, "")
    blocs = texts(home, "//ul[@class='thidua-bloc-list']/li")
    assert blocs[0].startswith("Khối thi đua Tham mưu – Tổng hợp Khối trưởng: Sở Tài chính")
    decisions = texts(home, "//ul[@class='thidua-decision-list']/li")
    assert decisions[0].startswith("298/QĐ-UBND") and not any("05/TTr" in d for d in decisions)


def test_default_titles_catalogue_when_the_site_has_none(built):
    assert not (built.root / "data/titles.yml").exists()
    assert built.exists("khen-thuong/danh-hieu/giay-khen/")
