"""In Chromium, on the sample site: one search finds every kind of thing, typed with or without
diacritics, grouped by kind; share links and "Sao chép liên kết" under posts; nothing asked of
another site.

The sample is built and served on 127.0.0.1 with its visitor counter (conftest.sample_site)."""
from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest

from browser import POST, Watched, axe, describe

DECISION = "khen-thuong/2026/#quyet-dinh-298-qd-ubnd-co-thi-dua-bang-khen-nam-2025"
# (as a reader types it, without diacritics, the group it is found in, the address it leads to)
SEARCHES = [
    ("Sở Tài chính", "so tai chinh", "Đơn vị", "don-vi/so-tai-chinh/"),
    ("Khối thi đua các cơ quan Kinh tế", "khoi thi dua cac co quan kinh te", "Khối thi đua",
     "khoi-thi-dua/khoi-kinh-te/"),
    ("Cờ thi đua của Chính phủ", "co thi dua cua chinh phu",
     "Danh hiệu thi đua, hình thức khen thưởng", "khen-thuong/danh-hieu/co-thi-dua-chinh-phu/"),
    ("298/QĐ-UBND", "298/qd-ubnd", "Quyết định khen thưởng", DECISION),
    ("Nguyễn Thị Thu Hà", "nguyen thi thu ha", "Khen thưởng",
     "khen-thuong/2026/#qd-chien-si-thi-dua-toan-quoc"),
    ("Thanh tra tỉnh", "thanh tra tinh", "Khen thưởng",
     "don-vi/thanh-tra-tinh/#khen-thuong-tap-the"),
    # A unit merged since (into Sở Tài chính, 2025): found by the name it was awarded under.
    ("Sở Kế hoạch và Đầu tư", "so ke hoach va dau tu", "Khen thưởng",
     "don-vi/so-ke-hoach-dau-tu/#khen-thuong-tap-the"),
    ("98/2023", "98/2023", "Văn bản", "van-ban/98-2023-nd-cp/"),
    ("298/QĐ-UBND", "298/qd-ubnd", "Văn bản", "van-ban/298-qd-ubnd/"),
    ("Luật Thi đua, khen thưởng", "luat thi dua, khen thuong", "Văn bản", "van-ban/06-2022-qh15/"),
    ("ý kiến Cờ thi đua Chính phủ 2023", "y kien co thi dua chinh phu 2023", "Lấy ý kiến",
     "lay-y-kien/co-thi-dua-chinh-phu-nam-2023/"),
    ("văn hóa công sở", "van hoa cong so", "Phong trào thi đua", "phong-trao/van-hoa-cong-so/"),
    ("vinh dự đón nhận", "vinh du don nhan", "Tin tức", POST),
]


@pytest.fixture
def tab(chromium):
    watched = Watched(chromium, viewport={"width": 1280, "height": 900})
    yield watched
    watched.close()


def search(tab, base: str, query: str):
    page = tab.open(base + "tim-kiem/?q=" + quote(query))
    page.wait_for_function("/^(Tìm thấy|Không)/.test("
                           "document.querySelector('.thidua-search__status').textContent)")
    return page


def groups(page) -> list[tuple[str, list[str], list[str]]]:
    """(group label, addresses, texts) of the results, in the order shown."""
    found = []
    for group in page.query_selector_all(".thidua-search__group"):
        label = group.query_selector("h2").inner_text().rsplit(" (", 1)[0]
        items = group.query_selector_all("li")
        found.append((label, [li.query_selector("a").evaluate("a => a.href") for li in items],
                      [li.inner_text() for li in items]))
    return found


@pytest.mark.parametrize("query, plain, label, target", SEARCHES, ids=[s[0] for s in SEARCHES])
def test_search_finds_each_kind_with_and_without_diacritics(sample_site, tab, query, plain, label,
                                                            target):
    for typed in (query, plain):
        page = search(tab, sample_site.base, typed)
        found = dict((name, (links, texts)) for name, links, texts in groups(page))
        assert label in found, (typed, list(found))
        links, texts = found[label]
        assert sample_site.url(target) in links, (typed, links)
        text = texts[links.index(sample_site.url(target))]
        if label == "Khen thưởng":  # a recipient is shown with the title and the year
            assert " · " in text and any(year in text for year in ("2023", "2025", "2019-2025")), text
        if target.startswith("don-vi/so-ke-hoach-dau-tu/"):  # and who carries on its work
            assert "Nay là Sở Tài chính" in text, text
        if label == "Văn bản":  # what the document is, who signed it, whether it applies
            assert "ngày ký" in text and any(status in text for status in (
                "Còn hiệu lực", "Chưa có hiệu lực", "Hết hiệu lực", "Bị thay thế")), text
    assert tab.errors == []


def test_a_name_leads_to_its_own_page_first(sample_site, tab):
    page = search(tab, sample_site.base, "so tai chinh")
    found = groups(page)
    assert found[0][0] == "Đơn vị" and found[0][1][0] == sample_site.url("don-vi/so-tai-chinh/")
    assert "Tin tức" in [name for name, _, _ in found]  # the news that mention it follow
    assert page.inner_text(".thidua-search__status").startswith("Tìm thấy")


def test_dua_finds_dua_with_its_mark(sample_site, tab):
    page = search(tab, sample_site.base, "dua")
    texts = [text for _, _, shown in groups(page) for text in shown]
    assert any("đua" in text for text in texts)
    page = search(tab, sample_site.base, "không có từ nào như thế xyzw")
    assert page.inner_text(".thidua-search__status").startswith("Không")


def test_a_decision_found_opens_its_year_at_its_line(sample_site, tab):
    page = search(tab, sample_site.base, "298/QĐ-UBND")
    page.get_by_role("link", name="Quyết định số 298/QĐ-UBND").click()
    page.wait_for_load_state("load")
    assert page.url == sample_site.url(DECISION)
    anchor = urlsplit(DECISION).fragment
    line = page.locator(f"#{anchor}")
    assert "298/QĐ-UBND" in line.inner_text()
    assert line.is_visible()


def test_more_results_of_a_kind_come_on_request(sample_site, tab):
    page = search(tab, sample_site.base, "thi đua")
    group = page.locator(".thidua-search__group", has=page.locator("h2", has_text="Khen thưởng"))
    group = group.filter(has_not=page.locator("h2", has_text="Danh hiệu")).first
    assert group.locator("li").count() == 5
    button = group.get_by_role("button", name="Xem thêm khen thưởng")
    button.click()
    page.wait_for_function("n => document.activeElement.closest('li') !== null", arg=None)
    assert group.locator("li").count() > 5
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == group.locator("li a").nth(5).inner_text()  # the first new result


def test_search_results_are_clean_under_axe(sample_site, tab):
    page = search(tab, sample_site.base, "Sở Tài chính")
    violations = axe(page)
    assert violations == [], describe(violations)


def test_share_links_have_names_and_copy_link_copies_the_address(sample_site, chromium):
    tab = Watched(chromium, viewport={"width": 1280, "height": 900},
                  permissions=["clipboard-read", "clipboard-write"])
    try:
        page = tab.open(sample_site.url(POST))
        facebook = page.get_by_role("link", name="Chia sẻ lên Facebook (mở thẻ mới)")
        zalo = page.get_by_role("link", name="Chia sẻ lên Zalo (mở thẻ mới)")
        copy = page.get_by_role("button", name="Sao chép liên kết")
        for control in (facebook, zalo, copy):
            assert control.is_visible()
        assert facebook.get_attribute("href").startswith("https://www.facebook.com/sharer/")
        assert zalo.get_attribute("href").startswith("https://sp.zalo.me/share_inline?")
        copy.click()
        status = page.locator("[data-thidua-copy-status]")
        status.filter(has_text="Đã sao chép liên kết.").wait_for()
        canonical = page.get_attribute("link[rel=canonical]", "href")
        assert page.evaluate("navigator.clipboard.readText()") == canonical
        assert status.get_attribute("role") == "status"
        page.emulate_media(media="print")  # nothing of it on paper
        assert page.is_hidden(".thidua-share") and page.is_hidden(".thidua-post-nav")
        assert tab.errors == []
    finally:
        tab.close()


def test_without_javascript_there_is_no_copy_button(sample_site, chromium):
    tab = Watched(chromium, java_script_enabled=False)
    try:
        page = tab.open(sample_site.url(POST), counter=False)
        assert page.is_hidden("[data-thidua-copy]")
        assert page.is_visible("a.thidua-share__link--facebook")
    finally:
        tab.close()


def test_pages_ask_nothing_of_another_site(sample_site, tab):
    asked: list[str] = []
    tab.page.on("request", lambda request: asked.append(request.url))
    for path in ("", POST, "tim-kiem/?q=khen%20thuong", "the/"):
        tab.open(sample_site.url(path))
    hosts = {urlsplit(url).hostname for url in asked if not url.startswith("data:")}
    assert hosts == {"127.0.0.1"}, sorted(hosts)
