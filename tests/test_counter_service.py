"""The visitor counter service, run for real (`build.py counter`) and spoken to over loopback."""
from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time

import pytest

from counter_helpers import (ARTICLE, BROWSER, EXTRA_ORIGIN, PAGES, SITE_ORIGIN, CounterProcess,
                             browser, make_site, request, write_manifest)


@pytest.fixture
def counter(tmp_path):
    service = CounterProcess(make_site(tmp_path / "portal")).start()
    yield service
    service.stop()


@pytest.fixture(scope="module")
def shared_counter(tmp_path_factory):
    """One service for the tests that only look at differences in the counts."""
    service = CounterProcess(make_site(tmp_path_factory.mktemp("shared") / "portal")).start()
    yield service
    service.stop()


# ---- counting ------------------------------------------------------------------------------

def test_a_visitor_counts_once_a_day_and_a_reload_once(counter):
    assert counter.hit(ARTICLE, browser("a")).status == 204
    assert counter.hit(ARTICLE, browser("a")).status == 204        # reload: same view
    assert counter.hit("/tin-tuc/", browser("a")).status == 204     # another page, same visit
    stats = counter.stats()
    assert {k: stats[k] for k in ("online", "today", "week", "month", "year", "total")} == {
        "online": 1, "today": 1, "week": 1, "month": 1, "year": 1, "total": 1}
    assert counter.views([ARTICLE, "/tin-tuc/"]) == {ARTICLE: 1, "/tin-tuc/": 1}

    assert counter.hit(ARTICLE, browser("b")).status == 204        # another user agent
    assert counter.stats()["today"] == 2 and counter.stats()["online"] == 2
    assert counter.views([ARTICLE]) == {ARTICLE: 2}


def test_stats_are_in_vietnam_time(counter):
    stats = counter.stats()
    assert stats["tz"] == "Asia/Ho_Chi_Minh"
    assert stats["as_of"].endswith("+07:00") and "T" in stats["as_of"]


def test_views_answers_site_pages_and_leaves_out_the_rest(counter):
    counter.hit(ARTICLE, browser(1))
    assert counter.views([ARTICLE, "/", "/khong-co/", "khong-co"]) == {ARTICLE: 1, "/": 0}
    fifty = [f"/p{i}/" for i in range(50)]
    assert request(counter.port, "GET", "/v1/views?ids=" + ",".join(fifty)).status == 200
    assert request(counter.port, "GET", "/v1/views?ids=" + ",".join(fifty + ["/"])).status == 400
    assert request(counter.port, "GET", "/v1/views").status == 400


# ---- bad input: a 4xx (or an uncounted 204 for bots) and no count changes --------------------

NESTED = json.dumps({"id": {"id": ARTICLE}}).encode()
BAD_HITS = [
    ("unknown id", {"body": b'{"id": "/tin-tuc/2024/khong-co/"}'}, 404),
    ("dot-dot segment", {"body": b'{"id": "/tin-tuc/../tin-tuc/"}'}, 400),
    ("dot-dot at the end", {"body": b'{"id": "/tin-tuc/2024/.."}'}, 400),
    ("relative id", {"body": b'{"id": "tin-tuc/"}'}, 400),
    ("escaped NUL", {"body": b'{"id": "/tin-tuc/\\u0000/"}'}, 400),
    ("raw NUL", {"body": b'{"id": "/tin-tuc/\x00/"}'}, 400),
    ("invalid UTF-8", {"body": b'{"id": "/tin-tuc/\xff\xfe/"}'}, 400),
    ("not JSON", {"body": b"id=/tin-tuc/"}, 400),
    ("empty body", {"body": b""}, 400),
    ("JSON array", {"body": b'["/tin-tuc/"]'}, 400),
    ("JSON string", {"body": b'"/tin-tuc/"'}, 400),
    ("id missing", {"body": b"{}"}, 400),
    ("extra key", {"body": b'{"id": "/tin-tuc/", "n": 1}'}, 400),
    ("nested object", {"body": NESTED}, 400),
    ("id as list", {"body": b'{"id": ["/tin-tuc/"]}'}, 400),
    ("id as number", {"body": b'{"id": 5}'}, 400),
    ("id as null", {"body": b'{"id": null}'}, 400),
    ("deep nesting", {"body": b"[" * 2000 + b"]" * 2000}, 400),
    ("query in id", {"body": b'{"id": "/tin-tuc/?a=1"}'}, 400),
    ("5 KB body", {"body": b'{"id": "/tin-tuc/", "pad": "' + b"x" * 5000 + b'"}'}, 413),
    ("foreign origin", {"origin": "https://evil.example"}, 403),
    ("null origin", {"origin": "null"}, 403),
    ("origin with another port", {"origin": SITE_ORIGIN + ":8443"}, 403),
    ("Googlebot", {"user_agent": "Mozilla/5.0 (compatible; Googlebot/2.1; "
                                 "+http://www.google.com/bot.html)"}, 204),
    ("bingbot", {"user_agent": "Mozilla/5.0 (compatible; bingbot/2.0)"}, 204),
    ("a crawler", {"user_agent": "SomeCrawler/1.0"}, 204),
    ("curl", {"user_agent": "curl/8.5.0"}, 204),
    ("python-requests", {"user_agent": "python-requests/2.32"}, 204),
    ("no user agent", {"user_agent": None}, 204),
]


@pytest.mark.parametrize("case, options, status", BAD_HITS, ids=[c[0] for c in BAD_HITS])
def test_bad_hits_are_refused_and_change_no_count(shared_counter, case, options, status):
    before = shared_counter.counts()
    options = {"user_agent": browser(case), **options}
    reply = shared_counter.hit(ARTICLE, **options)
    assert reply.status == status, reply
    time.sleep(0.05)
    assert shared_counter.counts() == before


def test_a_chunked_body_over_4_kb_is_refused_while_reading(shared_counter):
    """No Content-Length to look at: the service stops reading after 4 KB + 1."""
    import http.client
    before = shared_counter.counts()
    connection = http.client.HTTPConnection("127.0.0.1", shared_counter.port, timeout=10)
    chunks = [b'{"id": "/tin-tuc/", "pad": "'] + [b"x" * 1000] * 6 + [b'"}']
    connection.request("POST", "/v1/hit", body=iter(chunks), encode_chunked=True,
                       headers={"User-Agent": browser("chunked"), "Origin": SITE_ORIGIN,
                                "Transfer-Encoding": "chunked"})
    assert connection.getresponse().status == 413
    connection.close()
    assert shared_counter.counts() == before


def test_a_small_chunked_body_is_accepted(shared_counter):
    import http.client
    connection = http.client.HTTPConnection("127.0.0.1", shared_counter.port, timeout=10)
    connection.request("POST", "/v1/hit", body=iter([b'{"id": ', b'"/gioi-thieu/"}']),
                       encode_chunked=True, headers={"User-Agent": browser("chunked-ok"),
                                                     "Transfer-Encoding": "chunked"})
    assert connection.getresponse().status == 204
    connection.close()


def test_json_content_type_and_no_origin_are_accepted(shared_counter):
    before = shared_counter.views(["/khoi-thi-dua/"])["/khoi-thi-dua/"]
    reply = shared_counter.hit("/khoi-thi-dua/", browser("json"), origin=None,
                               headers={"Content-Type": "application/json"})
    assert reply.status == 204 and "access-control-allow-origin" not in reply.headers
    assert shared_counter.views(["/khoi-thi-dua/"])["/khoi-thi-dua/"] == before + 1


def test_rate_limit_answers_429_with_retry_after(counter):
    replies = [counter.hit(page, browser("eager")) for page in PAGES * 2]
    statuses = [reply.status for reply in replies]
    assert statuses[:5] == [204] * 5 and 429 in statuses
    limited = next(reply for reply in replies if reply.status == 429)
    assert int(limited.headers["retry-after"]) >= 1
    assert sum(counter.views(PAGES).values()) == statuses.count(204)
    assert counter.hit(ARTICLE, browser("someone else")).status == 204  # per visitor
    time.sleep(1.1)  # two tokens back
    assert counter.hit("/gioi-thieu/", browser("eager")).status == 204


# ---- CORS ----------------------------------------------------------------------------------

def test_cors_reads_are_public_and_writes_echo_an_allowed_origin(counter):
    for path in ("/v1/stats", "/v1/views?ids=/"):
        reply = request(counter.port, "GET", path, headers={"Origin": "https://any.example"})
        assert reply.headers["access-control-allow-origin"] == "*"
        assert reply.headers["content-type"] == "application/json"
    for origin in (SITE_ORIGIN, EXTRA_ORIGIN):
        reply = counter.hit(ARTICLE, browser(origin), origin=origin)
        assert reply.status == 204
        assert reply.headers["access-control-allow-origin"] == origin
        assert "Origin" in reply.headers["vary"]
    preflight = request(counter.port, "OPTIONS", "/v1/hit", headers={
        "Origin": SITE_ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status == 204
    assert preflight.headers["access-control-allow-origin"] == SITE_ORIGIN
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "content-type" in preflight.headers["access-control-allow-headers"].lower()
    foreign = request(counter.port, "OPTIONS", "/v1/hit", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert foreign.status == 403 and "access-control-allow-origin" not in foreign.headers


def test_allow_origin_flag_and_running_without_a_config_file(tmp_path):
    root = tmp_path / "noconfig"                   # -f points at a missing mkdocs.yml
    write_manifest(root / "site" / "counter-manifest.json", PAGES)
    service = CounterProcess(root, extra=["--allow-origin", "http://127.0.0.1:8000/"]).start()
    try:
        assert service.hit(ARTICLE, browser(1), origin=SITE_ORIGIN).status == 403
        assert service.hit(ARTICLE, browser(1), origin="http://127.0.0.1:8000").status == 204
        assert service.db.is_file()
    finally:
        service.stop()


# ---- visitors: proxy address, privacy --------------------------------------------------------

def test_x_forwarded_for_is_ignored_without_trust_proxy(counter):
    for address in ("203.0.113.1", "203.0.113.2"):
        counter.hit(ARTICLE, BROWSER, headers={"X-Forwarded-For": address})
    assert counter.stats()["today"] == 1


def test_a_higher_rate_serves_readers_behind_one_address(tmp_path):
    # An office network: many readers, one address, one browser build.
    service = CounterProcess(make_site(tmp_path / "portal"),
                             extra=["--hits-per-second", "20"]).start()
    try:
        statuses = [service.hit(page, browser("office")).status for page in PAGES * 2]
        assert len(statuses) >= 12 and statuses == [204] * len(statuses)
    finally:
        service.stop()


def test_x_forwarded_for_first_address_is_used_with_trust_proxy(tmp_path):
    service = CounterProcess(make_site(tmp_path / "portal"), extra=["--trust-proxy"]).start()
    try:
        for address in ("203.0.113.1, 10.0.0.1", "203.0.113.2, 10.0.0.1", "203.0.113.1"):
            assert service.hit(ARTICLE, BROWSER,
                               headers={"X-Forwarded-For": address}).status == 204
        assert service.stats()["today"] == 2
        assert service.views([ARTICLE]) == {ARTICLE: 2}
    finally:
        service.stop()


def test_the_database_holds_no_address_and_no_user_agent(counter):
    agent = browser("dau-vet-rieng-tu")
    counter.hit(ARTICLE, agent, headers={"X-Forwarded-For": "198.51.100.77"})
    code, _ = counter.stop()
    assert code == 0
    raw = b"".join(path.read_bytes() for path in counter.root.glob("counter.sqlite3*"))
    assert b"dau-vet-rieng-tu" not in raw and b"127.0.0.1" not in raw
    with sqlite3.connect(counter.db) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert tables == {"daily_visits", "page_views", "seen_visitors", "salts", "recent_views",
                          "counter_schema", "counter_meta"}
        assert db.execute("SELECT count(*) FROM seen_visitors").fetchone() == (1,)
        assert db.execute("SELECT count(*) FROM recent_views").fetchone() == (1,)
        assert [len(salt) for salt, in db.execute("SELECT salt FROM salts")] == [32, 32]  # today, tomorrow
        assert db.execute("SELECT max(version) FROM counter_schema").fetchone() == (2,)
    counter.start()


# ---- durability ------------------------------------------------------------------------------

def test_restart_keeps_counts_the_visitors_of_the_day_and_the_reload_window(counter):
    for n in range(3):
        counter.hit(ARTICLE, browser(n))
    counter.hit("/", browser(0))
    before = counter.counts()
    assert before["online"] == 3
    counter.restart()
    assert counter.counts() == before             # online too: they were here a minute ago
    counter.hit("/tin-tuc/", browser(1))          # same visitor, same day: no new visit
    counter.hit(ARTICLE, browser(2))              # a reload within 30 minutes: no new view
    time.sleep(0.7)                               # the storage has judged them
    assert counter.stats()["today"] == 3
    assert counter.views(["/tin-tuc/", ARTICLE]) == {"/tin-tuc/": 1, ARTICLE: 3}


def test_sigterm_right_after_the_hits_loses_nothing(counter):
    count = 120
    for n in range(count):
        assert counter.hit(PAGES[n % len(PAGES)], browser(f"term-{n}")).status == 204
    code, err = counter.stop(signal.SIGTERM)  # at once: well inside one flush interval
    assert code == 0, err
    assert "Traceback" not in err
    counter.start()
    counts = counter.counts()
    assert counts["total"] == count and counts["today"] == count
    assert sum(counts["views"].values()) == count


def test_ctrl_c_flushes_too(counter):
    for n in range(20):
        counter.hit(ARTICLE, browser(f"int-{n}"))
    code, err = counter.stop(signal.SIGINT)
    assert "Traceback" not in err
    counter.start()
    assert counter.stats()["total"] == 20


def test_kill_9_keeps_a_sound_database_and_all_but_the_last_second(counter):
    for n in range(30):
        counter.hit(ARTICLE, browser(f"early-{n}"))
    time.sleep(1.2)  # more than a flush interval: these are on disk
    for n in range(10):
        counter.hit(ARTICLE, browser(f"late-{n}"))
    counter.stop(signal.SIGKILL)
    with sqlite3.connect(counter.db) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    counter.start()
    assert 30 <= counter.stats()["total"] <= 40


def test_a_second_service_on_the_same_database_is_refused(counter):
    second = CounterProcess(counter.root)
    result = subprocess.run(second.command(), capture_output=True, text=True, timeout=30)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "đang được một dịch vụ đếm khác sử dụng" in result.stderr


# ---- manifest ------------------------------------------------------------------------------

def test_the_manifest_is_reloaded_when_the_site_is_rebuilt(counter):
    new_page = "/tin-tuc/2025/bai-moi/"
    assert counter.hit(new_page, browser(1)).status == 404
    write_manifest(counter.manifest, PAGES + [new_page])
    deadline = time.monotonic() + 5
    while counter.hit(new_page, browser(2)).status == 404:
        assert time.monotonic() < deadline, "manifest not reloaded"
        time.sleep(0.2)
    assert counter.views([new_page]) == {new_page: 1}


def test_a_broken_manifest_keeps_the_previous_pages(counter):
    counter.manifest.write_text("{not json", encoding="utf-8")
    time.sleep(1.1)
    assert counter.hit(ARTICLE, browser(1)).status == 204


def test_a_missing_manifest_says_to_build_the_site_first(tmp_path):
    root = make_site(tmp_path / "portal")
    (root / "site" / "counter-manifest.json").unlink()
    result = subprocess.run(CounterProcess(root).command(), capture_output=True, text=True,
                            timeout=30)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "python build.py" in result.stderr and "counter-manifest.json" in result.stderr
    assert "dựng trang web trước" in result.stderr
