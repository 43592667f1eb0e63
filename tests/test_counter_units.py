"""Small pieces of the counter: bot list, hit bodies, origins, settings, rate limit, addresses."""
from __future__ import annotations

import argparse

import pytest

from thidua.counter.app import is_page_id, parse_hit
from thidua.counter.settings import ServiceError, origin_of, settings_from_args
from thidua.counter.visitors import RateLimiter, client_ip, is_bot, visitor_hash


@pytest.mark.parametrize("agent", [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; coccocbot-web/1.0; +http://help.coccoc.com/searchengine)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0)", "Baiduspider", "facebookexternalhit/1.1",
    "curl/8.5.0", "Wget/1.21", "python-requests/2.31.0", "Python-urllib/3.11",
    "Go-http-client/1.1", "Mozilla/5.0 (Linux; Android 11; moto g power) Chrome-Lighthouse",
    "Mozilla/5.0 (Linux; Android 10; CUBOT X19) AppleWebKit/537.36 Googlebot/2.1",
    "  curl/8.5.0", "", "   ",
])
def test_bots(agent):
    assert is_bot(agent)


@pytest.mark.parametrize("agent", [
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "HeadlessChrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 10; CUBOT X19) AppleWebKit/537.36 Chrome/120 Mobile Safari",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Zalo iOS",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126 coc_coc_browser/126",
])
def test_readers(agent):
    assert not is_bot(agent)


@pytest.mark.parametrize("body, page_id", [
    (b'{"id": "/"}', "/"),
    (b'{"id": "/tin-tuc/2024/slug/"}', "/tin-tuc/2024/slug/"),
    (b' {"id":"/gioi-thieu/"}\n', "/gioi-thieu/"),
    (b'{"id": "/a//b/"}', None), (b'{"id": "/./"}', None), (b'{"id": "/a\\\\b/"}', None),
    (b'{"id": "/a b/"}', None), (b'{"id": "/a\\tb/"}', None), (b'\xef\xbb\xbf{"id": "/"}', None),
    (b'{"id": "' + b"/a" * 600 + b'/"}', None), (b'{"id": 1e999}', None),
])
def test_parse_hit(body, page_id):
    assert parse_hit(body) == page_id


def test_page_ids():
    assert is_page_id("/") and is_page_id("/khoi-thi-dua/khoi-tham-muu-tong-hop/")
    assert not any(map(is_page_id, ["", "a/", "//", "/../", "/a/../", "/a/%00/x\x00"]))


@pytest.mark.parametrize("url, origin", [
    ("https://thidua.example.vn/", "https://thidua.example.vn"),
    ("https://ThiDua.Example.VN:443/sub/path/", "https://thidua.example.vn"),
    ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
    ("http://localhost:80/", "http://localhost"),
    ("https://thiđua.vn", "https://xn--thiua-7ya.vn"),
])
def test_origin_of(url, origin):
    assert origin_of(url) == origin


@pytest.mark.parametrize("url", ["thidua.example.vn", "ftp://x.vn", "https://", "http://x:99999"])
def test_origin_of_refuses(url):
    with pytest.raises(ValueError):
        origin_of(url)


def _args(config, *allow, **flags):
    values = dict(config_file=str(config), db=None, manifest=None, host="127.0.0.1",
                  port="8001", allow_origin=list(allow), trust_proxy=False, site=[],
                  hits_per_second="2", new_visitors_per_minute="10", max_connections="1000",
                  max_connections_per_address="50", migrate_from=None)
    return argparse.Namespace(**{**values, **flags})


def test_settings_read_site_url_extra_origins_and_env_tags(tmp_path, monkeypatch):
    monkeypatch.setenv("COUNTER_ORIGIN", "https://dem.example.vn")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_url: https://thidua.example.vn/sub/\nsite_dir: public\n"
        "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: !relative $config_dir\n"
        "  - pymdownx.superfences:\n      custom_fences:\n        - format: "
        "!!python/name:pymdownx.superfences.fence_code_format\n"
        "extra:\n  counter:\n    allowed_origins:\n      - !ENV COUNTER_ORIGIN\n"
        "      - https://thidua.example.vn\n", encoding="utf-8")
    settings = settings_from_args(_args(config, "http://127.0.0.1:8000/"))
    [site] = settings.sites
    assert site.name == ""
    assert site.origins == ["https://thidua.example.vn", "https://dem.example.vn",
                            "http://127.0.0.1:8000"]
    assert settings.db == str(tmp_path / "counter.sqlite3")
    assert site.manifest == tmp_path / "public" / "counter-manifest.json"


def test_settings_refuse_a_bad_origin(tmp_path):
    with pytest.raises(ServiceError, match="không hợp lệ"):
        settings_from_args(_args(tmp_path / "khong-co.yml", "thidua.example.vn"))


def test_token_bucket_bursts_five_then_two_a_second():
    limiter = RateLimiter()
    assert [limiter.take(b"v", 100.0) for _ in range(5)] == [0.0] * 5
    assert limiter.take(b"v", 100.0) == pytest.approx(0.5)
    assert limiter.take(b"v", 100.5) == 0.0 and limiter.take(b"v", 100.5) > 0
    assert limiter.take(b"w", 100.5) == 0.0          # every visitor has its own bucket
    assert limiter.take(b"v", 200.0) == 0.0          # forgotten when idle, full again


def test_client_address_and_visitor_hash():
    assert client_ip("127.0.0.1", "203.0.113.9, 10.0.0.1", trust_proxy=False) == "127.0.0.1"
    assert client_ip("127.0.0.1", "203.0.113.9, 10.0.0.1", trust_proxy=True) == "203.0.113.9"
    assert client_ip("127.0.0.1", "not-an-ip", trust_proxy=True) == "127.0.0.1"
    salt = b"s" * 32
    assert visitor_hash(salt, "1.2.3.4", "UA") == visitor_hash(salt, "1.2.3.4", "UA")
    assert visitor_hash(salt, "1.2.3.4", "UA") != visitor_hash(b"t" * 32, "1.2.3.4", "UA")
    assert len(visitor_hash(salt, "1.2.3.4", "UA")) == 16
