"""What the extensions and Material's features make, in Chromium, without Material's script
bundle: tabs and collapsible blocks work, the code copy button speaks Vietnamese and copies,
"Lên đầu trang" comes back when the reader scrolls up."""
from __future__ import annotations

import re

import pytest

from browser import Watched, served
from conftest import small_site
from test_markdown_dialect import EXTENSIONS, SAMPLE

FEATURES = "  features:\n    - navigation.top\n    - content.code.copy\n"
LONG = "\n\n".join(f"Đoạn thêm số {n} để trang đủ dài cho việc cuộn." for n in range(80))


@pytest.fixture(scope="module")
def post_url(tmp_path_factory):
    """The dialect's sample as a post, on a site that turns the two features on; served."""
    site = small_site(tmp_path_factory.mktemp("features") / "portal", EXTENSIONS)
    config = site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  language: vi\n",
                                                     "  language: vi\n" + FEATURES)
    # no visitor counter (the sample's extra: came with its extensions)
    config.write_text(re.sub(r"(?m)^  counter:\n(?:    .*\n)+", "", text), encoding="utf-8")
    # the sample's picture from another site would be fetched: the site's own instead
    text = SAMPLE.replace("https://thidua.example.vn/anh/hoi-nghi.jpg", "images/anh.gif")
    site.post("mau", {"title": "Bài mẫu", "date": "2024-01-22"}, text + "\n" + LONG + "\n")
    result = site.build()
    assert result.code == 0, result.text
    assert not result.err.strip(), result.err  # both features apply: no warning
    with served(site.out) as base:
        yield base + "tin-tuc/2024/bai-mau/"


@pytest.fixture
def tab(chromium):
    watched = Watched(chromium, viewport={"width": 1000, "height": 700})
    watched.context.grant_permissions(["clipboard-read", "clipboard-write"])
    watched.page.on("requestfailed", lambda r: watched.errors.append(f"failed: {r.url}"))
    yield watched
    watched.close()


def test_tabs_and_collapsible_blocks_work_without_materials_bundle(post_url, tab):
    page = tab.open(post_url, counter=False)
    first, second = page.query_selector_all(".tabbed-block")[:2]
    assert first.is_visible() and not second.is_visible()
    page.click(".tabbed-labels label:nth-child(2)")
    assert second.is_visible() and not first.is_visible()
    closed = page.query_selector("details.tip")
    assert closed.get_attribute("open") is None
    closed.query_selector("summary").click()
    assert closed.get_attribute("open") is not None
    assert page.is_visible("details.tip p")
    assert tab.errors == [], tab.errors


def test_the_copy_button_copies_the_code_in_vietnamese(post_url, tab):
    page = tab.open(post_url, counter=False)
    button = page.query_selector(".md-typeset pre > button.md-clipboard")
    assert button.get_attribute("aria-label") == "Sao chép"
    button.click()
    page.wait_for_selector("button.md-clipboard[data-thidua-copied]")
    assert button.get_attribute("aria-label") == "Đã sao chép"
    copied = page.evaluate("navigator.clipboard.readText()")
    assert 'return "xin chào"' in copied and "def chao():" in copied
    assert tab.errors == [], tab.errors


def test_back_to_top_shows_when_scrolling_up_and_goes_to_the_top(post_url, tab):
    page = tab.open(post_url, counter=False)
    top = page.query_selector("button.md-top")
    shown = "getComputedStyle(document.querySelector('button.md-top')).opacity === '1'"
    assert top.get_attribute("hidden") is not None  # Material fades [hidden] out
    page.mouse.wheel(0, 4000)
    page.wait_for_function("window.scrollY > 2000")
    assert top.get_attribute("hidden") is not None  # going down: it stays out of the way
    page.mouse.wheel(0, -300)
    page.wait_for_function("!document.querySelector('button.md-top').hidden")
    page.wait_for_function(shown)
    assert top.inner_text().strip() == "Lên đầu trang"
    top.click()
    page.wait_for_function("window.scrollY === 0")
    assert tab.errors == [], tab.errors
