"""The reader's tools in Chromium: "In trang" and the print stylesheet, text size (A- A A+) and
high contrast remembered across pages."""
from __future__ import annotations

import re

import pytest

from browser import PAGES, POST, Watched

CHROME = ["header.thidua-header", "nav.thidua-nav", "footer.thidua-site-footer",
          ".thidua-crumbs", ".thidua-actions"]


def font_size(page, selector: str) -> float:
    return page.eval_on_selector(selector, "e => parseFloat(getComputedStyle(e).fontSize)")


@pytest.fixture
def tab(chromium):
    """A desktop-sized tab whose console errors are collected; closed after the test."""
    watched = Watched(chromium, viewport={"width": 1280, "height": 900})
    yield watched
    watched.close()


def test_print_stylesheet_prints_the_article_alone_with_its_address(sample_site, tab):
    for path in (POST, PAGES["bloc"], PAGES["unit"], "khen-thuong/2025/"):
        page = tab.open(sample_site.url(path))
        assert page.is_visible("button.thidua-print"), path  # the "In trang" button
        assert page.inner_text("button.thidua-print").strip() == "In trang"
        assert page.is_hidden(".thidua-print-info")  # print-only
        page.emulate_media(media="print")
        for chrome in CHROME + [".thidua-views", ".thidua-counter", ".thidua-related",
                                "[data-counter-stats]"]:
            for element in page.query_selector_all(chrome):
                assert not element.is_visible(), (path, chrome)
        assert page.is_visible("article h1")
        info = page.inner_text(".thidua-print-info")
        assert sample_site.url(path) in info, info
        assert re.search(r"Ngày in: .+, ngày \d\d/\d\d/\d{4}", info), info
        if path == POST:
            assert page.is_visible(".thidua-post__body")
            assert page.is_visible(".thidua-post__meta time")  # the post's own date
        page.emulate_media(media="screen")
        assert page.is_visible("header.thidua-header")
    # The button opens the browser's print dialog.
    page = tab.page
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.click("button.thidua-print")
    assert page.evaluate("window.__printed") == 1
    assert tab.errors == []


def test_home_and_lists_have_no_print_button_but_print_clean(sample_site, tab):
    page = tab.open(sample_site.url(""))
    assert page.query_selector("button.thidua-print") is None
    page.emulate_media(media="print")
    for chrome in CHROME:
        for element in page.query_selector_all(chrome):
            assert not element.is_visible(), chrome
    assert page.is_visible(".thidua-featured")


def test_text_size_changes_and_is_remembered_across_pages(sample_site, tab):
    page = tab.open(sample_site.url(POST))
    normal = font_size(page, ".thidua-post__body p")
    page.click("[data-thidua-size-step='1']")
    larger = font_size(page, ".thidua-post__body p")
    assert larger > normal * 1.1
    page.click("[data-thidua-size-step='1']")
    largest = font_size(page, ".thidua-post__body p")
    assert largest > larger
    # another page, then a fresh load: still the chosen size, and from the first paint
    page = tab.open(sample_site.url(PAGES["news list"]))
    assert page.get_attribute("html", "data-thidua-size") == "2"
    page = tab.open(sample_site.url(POST))
    assert font_size(page, ".thidua-post__body p") == largest
    page.click("[data-thidua-size-step='-1']")
    page.click("[data-thidua-size-step='-1']")
    assert font_size(page, ".thidua-post__body p") == normal
    page.click("[data-thidua-size-step='-1']")
    assert font_size(page, ".thidua-post__body p") < normal
    assert page.is_disabled("[data-thidua-size-step='-1']")  # the smallest size
    page.click("[data-thidua-size-step='0']")  # A: back to the default
    assert font_size(page, ".thidua-post__body p") == normal
    page = tab.open(sample_site.url(""))
    assert page.get_attribute("html", "data-thidua-size") is None
    # larger text still fits a phone
    page.set_viewport_size({"width": 320, "height": 640})
    page.click("[data-thidua-size-step='1']")
    page = tab.open(sample_site.url(POST))
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert tab.errors == []


def test_high_contrast_toggles_and_is_remembered(sample_site, tab):
    page = tab.open(sample_site.url(""))
    toggle = "[data-thidua-contrast-toggle]"
    assert page.get_attribute(toggle, "aria-pressed") == "false"
    background = "getComputedStyle(document.body).backgroundColor"
    assert page.evaluate(background) == "rgb(255, 255, 255)"
    page.click(toggle)
    assert page.get_attribute(toggle, "aria-pressed") == "true"
    assert page.evaluate(background) == "rgb(0, 0, 0)"
    page = tab.open(sample_site.url(PAGES["bloc"]))
    assert page.evaluate(background) == "rgb(0, 0, 0)"
    assert page.get_attribute(toggle, "aria-pressed") == "true"
    page.click(toggle)
    page = tab.open(sample_site.url(""))
    assert page.evaluate(background) == "rgb(255, 255, 255)"
    assert tab.errors == []


def test_keyboard_reaches_the_content_first(sample_site, tab):
    page = tab.open(sample_site.url(POST))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == \
        "Bỏ qua, đến nội dung chính"
    assert page.is_visible(".thidua-skip")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "noi-dung"
    page.keyboard.press("Tab")  # the next stop is inside the article
    assert page.evaluate("!!document.activeElement.closest('#noi-dung')")
