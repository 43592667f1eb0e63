"""The sample site in Chromium: every kind of page clean under axe-core, without console errors,
without horizontal scrolling at 320 px; the top navigation, the date line and search.

The sample (mkdocs.yml, content/, data/) is built into a temporary folder and served on
127.0.0.1 with its visitor counter running (conftest.sample_site), so the counter widgets show
and are checked too."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from urllib.parse import unquote

import pytest

from browser import PAGES, POST, axe, describe

DATE_LINE = re.compile(r"^(Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ nhật), ngày \d\d/\d\d/\d{4}$")
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


@pytest.mark.parametrize("kind", list(PAGES))
def test_axe_finds_nothing_on_every_kind_of_page(sample_site, watched, kind):
    for width in (1280, 320):
        tab = watched(viewport={"width": width, "height": 900})
        page = tab.open(sample_site.url(PAGES[kind]))
        violations = axe(page)
        assert violations == [], f"{kind} at {width} px:\n{describe(violations)}"
        assert tab.errors == []


def test_axe_finds_nothing_in_high_contrast_or_large_text(sample_site, watched):
    tab = watched(viewport={"width": 1280, "height": 900})
    page = tab.open(sample_site.url(POST))
    page.click("[data-thidua-contrast-toggle]")
    page.click("[data-thidua-size-step='1']")
    for path in ("", POST, PAGES["unit"], PAGES["documents library"], PAGES["consultation"]):
        page = tab.open(sample_site.url(path))
        assert page.get_attribute("html", "data-thidua-contrast") == "cao"
        violations = axe(page)
        assert violations == [], f"/{path} in high contrast:\n{describe(violations)}"


@pytest.mark.parametrize("kind", list(PAGES))
def test_no_horizontal_scrolling_at_320_px(sample_site, watched, kind):
    tab = watched(viewport={"width": 320, "height": 640})
    page = tab.open(sample_site.url(PAGES[kind]))
    widths = page.evaluate("[document.documentElement.scrollWidth, document.body.scrollWidth,"
                           " window.innerWidth]")
    assert max(widths[:2]) <= widths[2], f"{kind}: page {widths[:2]} px wide at {widths[2]} px"
    # Nothing sticks out of the screen either (html clips overflow: it would be cut off).
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')].filter(e => {
        if (e.closest('.thidua-table, .thidua-visually-hidden, [hidden], .md-sidebar')) return false;
        const r = e.getBoundingClientRect();
        return r.width > 0 && (r.right > innerWidth + 1 || r.left < -1);
      }).map(e => e.tagName + '.' + e.className).slice(0, 5)""")
    assert wide == [], f"{kind}: wider than the screen: {wide}"


def test_award_tables_scroll_inside_their_box_on_phones(sample_site, watched):
    tab = watched(viewport={"width": 320, "height": 640})
    page = tab.open(sample_site.url("khen-thuong/2025/"))
    boxes = page.evaluate("""[...document.querySelectorAll('.thidua-table')].map(b => ({
        box: b.clientWidth, table: b.scrollWidth, overflow: getComputedStyle(b).overflowX,
        focusable: b.tabIndex === 0, name: b.getAttribute('aria-label')}))""")
    assert boxes
    assert any(b["table"] > b["box"] for b in boxes), "no table is wider than a phone: test moot"
    for box in boxes:
        assert box["overflow"] == "auto" and box["focusable"] and box["name"], box
        assert box["box"] <= 320
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_top_navigation_leads_to_every_section(sample_site, watched):
    tab = watched(viewport={"width": 1280, "height": 900})
    page = tab.open(sample_site.url(POST))
    nav = page.locator("nav.thidua-nav")
    titles = [t.strip() for t in nav.locator("a").all_inner_texts()]
    assert titles[:5] == ["Trang chủ", "Tin tức", "Khối thi đua", "Khen thưởng", "Giới thiệu"]
    # a post lights up its section
    assert nav.locator("a[aria-current]").inner_text().strip() == "Tin tức"
    expected = {"Tin tức": ("tin-tuc/", "Tin tức"), "Khối thi đua": ("khoi-thi-dua/", None),
                "Khen thưởng": ("khen-thuong/", None), "Giới thiệu": ("gioi-thieu/", "Giới thiệu"),
                "Trang chủ": ("", None)}
    for title, (path, heading) in expected.items():
        page.locator("nav.thidua-nav a", has_text=title).first.click()
        page.wait_for_load_state("load")
        assert page.url == sample_site.url(path), title
        assert page.locator("nav.thidua-nav a[aria-current]").inner_text().strip() == title
        if heading:
            assert page.locator("article h1").first.inner_text().strip() == heading
    # On a phone the same links are there, no menu button needed.
    phone = watched(viewport={"width": 320, "height": 640})
    page = phone.open(sample_site.url(""))
    for link in page.locator("nav.thidua-nav a").all():
        assert link.is_visible()
    page.locator("nav.thidua-nav a", has_text="Khen thưởng").click()
    page.wait_for_load_state("load")
    assert page.url == sample_site.url("khen-thuong/")
    assert tab.errors == [] and phone.errors == []


def test_header_shows_todays_date_slogans_and_the_footer_the_publisher(sample_site, watched):
    tab = watched(viewport={"width": 1280, "height": 900})
    for path in ("", POST, "404.html", "gioi-thieu/"):
        page = tab.open(sample_site.url(path))
        line = page.inner_text(".thidua-dateline").strip()
        assert DATE_LINE.match(line), line
        now = datetime.now(timezone(timedelta(hours=7)))  # Asia/Ho_Chi_Minh has no summer time
        days = [now - timedelta(minutes=5), now, now + timedelta(minutes=5)]  # around midnight
        assert line in {f"{WEEKDAYS[d.weekday()]}, ngày {d:%d/%m/%Y}" for d in days}
        slogans = page.locator(".thidua-slogans li").all_inner_texts()
        assert slogans[0] == "Thi đua là yêu nước, yêu nước thì phải thi đua"
        footer = page.eval_on_selector("footer.thidua-site-footer", "e => e.textContent")
        for needed in ("Ban Thi đua – Khen thưởng tỉnh Nam Định", "Địa chỉ: Số 1 đường Mẫu",
                       "Điện thoại: 0228 000 0000", "banthidua@example.vn",
                       "Chịu trách nhiệm nội dung"):
            assert needed in footer, (path, needed)
        # the counter widget, filled by the running counter service
        assert page.is_visible("[data-counter-stats]")
        assert re.fullmatch(r"[\d.]+", page.inner_text("[data-stat=total]"))
    assert tab.errors == []


def test_without_javascript_the_date_line_is_the_build_date(sample_site, watched):
    tab = watched(java_script_enabled=False)
    page = tab.open(sample_site.url(POST), counter=False)
    line = page.inner_text(".thidua-dateline").strip()
    assert re.fullmatch(r"(Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ nhật), \d\d/\d\d/\d{4}", line), line
    assert "@@THIDUA" not in page.content()
    assert page.is_hidden("[data-thidua-tools]") and page.is_hidden(".thidua-print")


def test_search_finds_a_post_by_a_vietnamese_word(sample_site, watched):
    tab = watched(viewport={"width": 1280, "height": 900})
    page = tab.open(sample_site.url(""))
    page.fill("#thidua-header-q", "vinh dự")
    page.press("#thidua-header-q", "Enter")
    page.wait_for_url(re.compile(r".*/tim-kiem/\?q="))
    assert unquote(page.url.split("q=")[1]).replace("+", " ") == "vinh dự"
    first = page.wait_for_selector(".thidua-search__results li a", timeout=5000)
    titles = page.locator(".thidua-search__results li a").all_inner_texts()
    assert "Sở Tài chính vinh dự đón nhận Cờ thi đua của Chính phủ" in titles
    first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith(sample_site.url("tin-tuc/"))
    # the search page's own field, with another word with diacritics
    page = tab.open(sample_site.url("tim-kiem/"))
    page.fill("#thidua-search-q", "giao ước")
    page.press("#thidua-search-q", "Enter")
    page.wait_for_selector(".thidua-search__results li a", timeout=5000)
    assert any("giao ước" in t for t in page.locator(".thidua-search__results li").all_inner_texts())
    assert tab.errors == []


def test_material_leaves_no_english_on_the_pages(sample_site, watched):
    tab = watched(viewport={"width": 1280, "height": 900})
    for path in ("", POST, "404.html", "gioi-thieu/", "khen-thuong/"):
        page = tab.open(sample_site.url(path))
        assert page.get_attribute("html", "lang") == "vi"
        text = page.inner_text("body")
        labels = page.evaluate("""[...document.querySelectorAll('[aria-label],[title],[placeholder]')]
            .map(e => [e.getAttribute('aria-label'), e.getAttribute('title'),
                       e.getAttribute('placeholder')].join(' '))""")
        for english in ("Made with", "Not found", "Skip to", "Tabs", "Search", "Back to top",
                        "Table of contents", "Navigation", "Header", "Footer"):
            assert english not in text and not any(english in label for label in labels), \
                (path, english)
