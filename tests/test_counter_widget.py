"""The visitor counter widgets in a real browser, against the real counter service."""
from __future__ import annotations

import time

from browser import served
from conftest import SiteFolder, small_site
from counter_helpers import CounterProcess, free_port

def build_site(root, port: int | None) -> SiteFolder:
    counter = f"extra:\n  counter:\n    endpoint: http://127.0.0.1:{port}\n" if port else ""
    site = small_site(root, counter)
    for n in (1, 2):
        site.post(f"tin-{n}", {"title": f"Tin thứ {n}", "date": f"2024-05-0{n}"},
                  f"Nội dung tin {n}.\n")
    result = site.build()
    assert result.code == 0, result.text
    return site


def test_widgets_show_live_numbers_and_hide_when_the_service_stops(tmp_path, chromium):
    port = free_port()
    site = build_site(tmp_path / "portal", port)
    with served(site.out) as base:
        counter = CounterProcess(site.root, port=port,
                                 extra=["--allow-origin", base.rstrip("/")]).start()
        page = chromium.new_page()
        try:
            page.goto(base + "tin-tuc/2024/tin-thu-1/")
            page.wait_for_selector("[data-counter-stats]:not([hidden])", timeout=5000)
            assert page.inner_text("[data-stat=today]") == "1"
            assert page.inner_text("[data-stat=total]") == "1"
            assert page.inner_text("[data-stat=online]") == "1"
            views = page.wait_for_selector("header .thidua-views:not([hidden])", timeout=5000)
            assert views.inner_text() == "Lượt xem: 1"
            page.reload()  # the same reader again: counted once
            page.wait_for_selector("[data-counter-stats]:not([hidden])", timeout=5000)
            assert page.inner_text("header .thidua-views [data-value]") == "1"
            assert counter.views(["/tin-tuc/2024/tin-thu-1/"]) == {"/tin-tuc/2024/tin-thu-1/": 1}
            page.goto(base + "tin-tuc/")  # the list shows each post's views
            page.wait_for_selector(".thidua-card .thidua-views:not([hidden])", timeout=5000)
            assert counter.views(["/tin-tuc/"]) == {"/tin-tuc/": 1}
        finally:
            counter.stop()
        page.goto(base + "tin-tuc/2024/tin-thu-2/")  # the service is down: the page still works
        time.sleep(3.5)  # longer than the widget's 3 s timeout
        assert page.is_hidden("[data-counter-stats]")
        assert page.is_hidden(".thidua-views")
        assert page.inner_text("article.thidua-post h1") == "Tin thứ 2"
        page.close()


def test_without_javascript_or_endpoint_there_is_no_widget(tmp_path, chromium):
    port = free_port()
    site = build_site(tmp_path / "with", port)
    with served(site.out) as base:
        context = chromium.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(base + "tin-tuc/2024/tin-thu-1/")
        assert page.is_hidden("[data-counter-stats]")
        assert page.inner_text("article.thidua-post h1") == "Tin thứ 1"
        context.close()
    plain = build_site(tmp_path / "without", None)
    html = plain.page("tin-tuc/2024/tin-thu-1/")
    assert "thidua-counter" not in html and "data-views-of" not in html
