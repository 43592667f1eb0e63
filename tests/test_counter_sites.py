"""One service counting several sites (SPEC §16): per-site counts, endpoints and origins."""
from __future__ import annotations

import subprocess

import pytest

from counter_helpers import (ARTICLE, BROWSER, MKDOCS_YML, PAGES, SITE_ORIGIN, CounterProcess,
                             browser, request, write_manifest)
from postgres_helpers import counter_database, postgres_server, postgres_url  # noqa: F401

DEPARTMENT_ORIGIN = "https://snv.example.vn"
DEPARTMENT_PAGES = ["/", "/tin-tuc/", "/tin-tuc/2025/hop-mat/"]


def portals(folder, province_name: str) -> list[str]:
    """The province's portal (its mkdocs.yml) and a department known by its manifest only:
    the --site and --allow-origin flags that count them."""
    province = folder / "tinh"
    province.mkdir()
    (province / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    write_manifest(province / "site" / "counter-manifest.json", PAGES)
    department = folder / "snv-manifest.json"
    write_manifest(department, DEPARTMENT_PAGES)
    return ["--site", f"{province_name}={province / 'mkdocs.yml'}",
            "--site", f"so-noi-vu={department}",
            "--allow-origin", f"so-noi-vu={DEPARTMENT_ORIGIN}"]


@pytest.fixture
def network(tmp_path, counter_database):
    service = CounterProcess(tmp_path, database=counter_database,
                             extra=portals(tmp_path, "tinh")).start()
    yield service
    service.stop()


def hit(service, site: str, page: str, origin: str, agent: str = BROWSER):
    return request(service.port, "POST", f"/{site}/v1/hit", f'{{"id": "{page}"}}'.encode(),
                   {"User-Agent": agent, "Origin": origin, "Content-Type": "text/plain"})


def totals(service, site: str) -> int:
    return request(service.port, "GET", f"/{site}/v1/stats").json()["total"]


def views(service, site: str, page: str) -> int:
    return request(service.port, "GET", f"/{site}/v1/views?ids={page}").json()["views"][page]


def test_each_site_has_its_own_counts_endpoint_and_origins(network):
    assert hit(network, "tinh", ARTICLE, SITE_ORIGIN).status == 204
    assert hit(network, "so-noi-vu", "/tin-tuc/", DEPARTMENT_ORIGIN).status == 204
    # The same reader on both sites is a visitor of each.
    assert totals(network, "tinh") == 1 and totals(network, "so-noi-vu") == 1
    assert views(network, "tinh", "/tin-tuc/") == 0
    assert views(network, "so-noi-vu", "/tin-tuc/") == 1

    before = (totals(network, "tinh"), totals(network, "so-noi-vu"))
    refused = [
        hit(network, "so-noi-vu", "/tin-tuc/", SITE_ORIGIN, browser(1)),        # other's origin
        hit(network, "tinh", "/tin-tuc/", DEPARTMENT_ORIGIN, browser(2)),
        hit(network, "so-noi-vu", ARTICLE, DEPARTMENT_ORIGIN, browser(3)),      # not its page
        hit(network, "khong-co", "/", SITE_ORIGIN, browser(4)),                 # no such site
    ]
    assert [reply.status for reply in refused] == [403, 403, 404, 404]
    root = request(network.port, "POST", "/v1/hit", b'{"id": "/"}',
                   {"User-Agent": browser(5), "Origin": SITE_ORIGIN})
    assert root.status == 404 and b"unknown site" in root.body
    assert request(network.port, "GET", "/v1/stats").status == 404
    assert (totals(network, "tinh"), totals(network, "so-noi-vu")) == before


def test_counts_of_each_site_survive_a_restart(network):
    for n in range(3):
        hit(network, "tinh", PAGES[n], SITE_ORIGIN, browser(n))
    hit(network, "so-noi-vu", "/", DEPARTMENT_ORIGIN, browser(0))
    network.restart()
    assert totals(network, "tinh") == 3 and totals(network, "so-noi-vu") == 1
    assert views(network, "so-noi-vu", "/") == 1 and views(network, "tinh", "/") == 1


def test_a_site_at_the_root_beside_named_ones(tmp_path):
    service = CounterProcess(tmp_path, extra=portals(tmp_path, "")).start()
    try:
        assert service.hit(ARTICLE, BROWSER).status == 204        # /v1/hit: the root site
        assert hit(service, "so-noi-vu", "/", DEPARTMENT_ORIGIN).status == 204
        assert service.stats()["total"] == 1 and totals(service, "so-noi-vu") == 1
    finally:
        service.stop()


@pytest.mark.parametrize("flags, message", [
    (["--site", "tinh"], "--site TÊN=TỆP"),
    (["--site", "Sở Nội Vụ=x.json"], "chữ thường không dấu"),
    (["--site", "v1=x.json"], "không phải v1"),
    (["--site", "a=x.json", "--site", "a=y.json"], "hai lần"),
    (["--site", "a=khong-co.yml"], "không tìm thấy tệp cấu hình"),
    (["--site", "a=x.json", "--site", "b=y.json", "--allow-origin", "https://a.vn"],
     "--allow-origin TÊN=NGUỒN"),
    (["--site", "a=x.json", "--allow-origin", "c=https://a.vn"], "không có trang 'c'"),
    (["--site", "a=x.json", "--allow-origin", "a=a.vn"], "không hợp lệ"),
    (["--site", "a=x.json", "--manifest", "x.json"], "--manifest chỉ dùng"),
])
def test_site_flags_are_checked_in_one_line(tmp_path, flags, message):
    write_manifest(tmp_path / "x.json", PAGES)
    write_manifest(tmp_path / "y.json", PAGES)
    service = CounterProcess(tmp_path, extra=flags)
    result = subprocess.run(service.command(), capture_output=True, text=True, timeout=30,
                            cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
