"""The documents library's filter in Chromium (SPEC §11): by type, year, issuer and words, in the
browser, reading one small index and no document page; the list without JavaScript; the English
page's date line. The sample site is built and served by conftest.sample_site."""
from __future__ import annotations

import re



def results(page) -> list[str]:
    return [" ".join(t.split()) for t in
            page.locator("[data-thidua-library-results] .thidua-doc__title").all_inner_texts()]


def test_filter_by_type_year_issuer_and_words(sample_site, watched):
    reader = watched(viewport={"width": 1280, "height": 900})
    requests = []
    reader.page.on("request", lambda request: requests.append(request.url))
    page = reader.open(sample_site.url("van-ban/"))
    everything = page.locator("[data-thidua-library-static] .thidua-doc").count()
    assert everything == 13
    page.select_option("#loc-loai", "luat")
    page.wait_for_selector("[data-thidua-library-results]:not([hidden])")
    assert results(page) == ["06/2022/QH15: Luật Thi đua, khen thưởng",
                             "15/2003/QH11: Luật Thi đua, Khen thưởng"]
    assert page.is_hidden("[data-thidua-library-static]")
    assert page.inner_text("[data-thidua-library-status]") == "Tìm thấy 2 văn bản."
    assert "loai=luat" in page.url  # the filter can be shared
    page.select_option("#loc-loai", "")
    page.fill("#loc-tu-khoa", "98/2023")
    page.wait_for_function("document.querySelectorAll('[data-thidua-library-results] li').length === 1")
    assert results(page) == ["98/2023/NĐ-CP: Quy định chi tiết thi hành một số điều của Luật "
                             "Thi đua, khen thưởng"]
    # Words without their marks, a year, an issuer.
    page.fill("#loc-tu-khoa", "van hoa cong so")
    page.wait_for_function("(document.querySelector('[data-thidua-library-results] li a') || {})"
                           ".textContent?.startsWith('45/KH-UBND')")
    assert len(results(page)) == 1
    page.fill("#loc-tu-khoa", "")
    page.select_option("#loc-nam", "2026")
    page.select_option("#loc-co-quan", "UBND tỉnh Nam Định")
    page.wait_for_function("document.querySelector('[data-thidua-library-status]').textContent"
                           ".startsWith('Tìm thấy 2 ')")
    assert [r.split(":")[0] for r in results(page)] == ["130/KH-UBND", "298/QĐ-UBND"]
    page.select_option("#loc-co-quan", "Quốc hội")
    page.wait_for_function("document.querySelector('[data-thidua-library-status]').textContent"
                           ".startsWith('Không có văn bản nào')")
    # Bỏ lọc: the list as it was built.
    page.click("button[type=reset]")
    page.wait_for_selector("[data-thidua-library-static]:not([hidden])")
    assert page.locator("[data-thidua-library-static] .thidua-doc").count() == everything
    # One small index was read; no document page.
    fetched = [url for url in requests if "/van-ban/" in url]
    assert fetched.count(sample_site.url("van-ban/index.json")) == 1
    assert not [url for url in fetched if re.search(r"/van-ban/[^/]+/(index\.html)?$", url)
                and not url.endswith("/van-ban/")], fetched
    assert reader.errors == []


def test_a_shared_filter_address_opens_filtered_and_results_lead_to_the_document(sample_site, watched):
    reader = watched(viewport={"width": 375, "height": 800})
    page = reader.open(sample_site.url("van-ban/?q=nghi+dinh+98"))
    page.wait_for_selector("[data-thidua-library-results] li")
    assert page.input_value("#loc-tu-khoa") == "nghi dinh 98"
    page.locator("[data-thidua-library-results] .thidua-doc__title a").first.click()
    page.wait_for_load_state("load")
    assert page.url == sample_site.url("van-ban/98-2023-nd-cp/")
    assert reader.errors == []


def test_without_javascript_the_list_and_the_types_work(sample_site, watched):
    reader = watched(java_script_enabled=False)
    page = reader.open(sample_site.url("van-ban/"), counter=False)
    assert page.is_hidden("form[data-thidua-library]")
    assert page.locator(".thidua-doc").count() == 13
    page.click("aside a:text('Nghị định')")
    page.wait_for_load_state("load")
    assert page.url == sample_site.url("van-ban/loai/nghi-dinh/")
    assert page.locator(".thidua-doc").count() == 2
    page.click("a:text('98/2023/NĐ-CP: Quy định chi tiết')")
    page.wait_for_load_state("load")
    download = page.locator(".thidua-doc__file--main a")
    assert " ".join(download.inner_text().split()).startswith("Tải về: 98/2023/NĐ-CP (PDF,")
    response = page.request.get(sample_site.url("van-ban/98-2023-nd-cp/") + download.get_attribute("href"))
    assert response.ok and response.body().startswith(b"%PDF-")


def test_english_page_date_line_and_language_link(sample_site, watched):
    reader = watched(viewport={"width": 1280, "height": 900})
    page = reader.open(sample_site.url(""))
    page.click("a.thidua-language")
    page.wait_for_load_state("load")
    assert page.url == sample_site.url("en/")
    assert page.get_attribute("html", "lang") == "en"
    line = page.inner_text(".thidua-dateline").strip()
    assert re.fullmatch(r"(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, \d{1,2} [A-Z][a-z]+ \d{4}", line), line
    assert page.get_attribute("[data-thidua-today]", "lang") is None
    assert page.inner_text("[data-thidua-contrast-toggle]") == "High contrast"
    page.click("a.thidua-language")
    page.wait_for_load_state("load")
    assert page.url == sample_site.url("") and page.get_attribute("html", "lang") == "vi"
    assert reader.errors == []
