"""Several counter processes on one PostgreSQL database (SPEC §16), on a real private server."""
from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from conftest import BUILD_PY
from counter_helpers import (ARTICLE, PAGES, CounterProcess, browser, eventually, make_site)
from postgres_helpers import PASSWORD, PostgresServer, postgres_server, postgres_url  # noqa: F401


@pytest.fixture
def site(tmp_path):
    return make_site(tmp_path / "portal")


@pytest.fixture
def pair(site, postgres_url):
    """Two service processes on one database, as behind a load balancer."""
    first = CounterProcess(site, database=postgres_url).start()
    second = CounterProcess(site, database=postgres_url).start()
    yield first, second
    for service in (first, second):
        service.stop()


def numbers(service: CounterProcess) -> dict:
    return {k: v for k, v in service.counts().items() if k != "online"}


def test_a_visitor_counts_once_whichever_process_answers(pair):
    first, second = pair
    assert first.hit(ARTICLE, browser("x")).status == 204
    assert second.hit(ARTICLE, browser("x")).status == 204   # a reload, on the other process
    assert second.hit("/", browser("x")).status == 204       # another page, same visit
    assert second.hit(ARTICLE, browser("y")).status == 204
    expected = {"today": 2, "week": 2, "month": 2, "year": 2, "total": 2,
                "views": {page: 0 for page in PAGES} | {ARTICLE: 2, "/": 1}}
    for service in pair:  # each shows the other's counts after a flush or two
        eventually(lambda: numbers(service) == expected)


def test_online_is_counted_over_all_processes(pair):
    first, second = pair
    first.hit(ARTICLE, browser("a"))
    second.hit(ARTICLE, browser("b"))
    second.hit("/", browser("c"))
    for service in pair:
        eventually(lambda: service.stats()["online"] == 3)


def test_two_processes_starting_together_make_one_salt_and_one_schema(site, postgres_url,
                                                                      postgres_server):
    services = [CounterProcess(site, database=postgres_url).launch() for _ in range(2)]
    try:
        for service in services:
            service.wait_ready()
        for n, service in enumerate(services * 2):
            assert service.hit(PAGES[n], browser("same")).status == 204
        for service in services:
            eventually(lambda: service.stats()["total"] == 1)
    finally:
        for service in services:
            service.stop()
    rows = postgres_server.query(postgres_url, "SELECT count(*), count(DISTINCT salt) FROM salts")
    assert rows == [(2, 2)]  # today's and tomorrow's, each made once
    assert postgres_server.query(postgres_url, "SELECT version FROM counter_schema") == [(1,)]


def test_kill_9_of_one_process_loses_at_most_its_last_interval(pair):
    first, second = pair
    for n in range(20):
        assert first.hit(PAGES[n % 6], browser(f"early-{n}")).status == 204
    time.sleep(1.2)  # more than a flush interval: these are stored
    for n in range(10):
        first.hit(ARTICLE, browser(f"late-{n}"))
    first.stop(signal.SIGKILL)
    for n in range(15):  # the other one goes on counting
        assert second.hit(PAGES[n % 6], browser(f"other-{n}")).status == 204
    code, err = second.stop()
    assert code == 0 and "Traceback" not in err, err
    second.start()
    total = second.stats()["total"]
    assert 20 + 15 <= total <= 20 + 10 + 15
    assert sum(second.views(PAGES).values()) == total  # one view per visitor here
    first.start()
    assert numbers(first) == numbers(second)


def test_a_clean_stop_of_one_process_loses_nothing(pair):
    first, second = pair
    for n in range(60):
        (first if n % 2 else second).hit(PAGES[n % 6], browser(f"term-{n}"))
    code, err = first.stop()
    assert code == 0, err
    eventually(lambda: second.stats()["total"] == 60)
    assert sum(second.views(PAGES).values()) == 60


def test_migration_from_sqlite_copies_every_count_once(site, postgres_url, postgres_server):
    sqlite_service = CounterProcess(site).start()
    for n in range(7):
        sqlite_service.hit(PAGES[n % 3], browser(f"m-{n}"))
    sqlite_service.hit(ARTICLE, browser("m-0"))
    before = sqlite_service.counts()
    sqlite_service.stop()

    migrate = [sys.executable, str(BUILD_PY), "counter", "-f", str(site / "mkdocs.yml"),
               "--migrate-from", str(site / "counter.sqlite3"), "--db", postgres_url]
    result = subprocess.run(migrate, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "7 lượt truy cập và 8 lượt xem" in result.stdout
    assert PASSWORD not in result.stdout + result.stderr

    again = subprocess.run(migrate, capture_output=True, text=True, timeout=60)
    assert again.returncode == 0 and "không chép thêm gì" in again.stdout

    service = CounterProcess(site, database=postgres_url).start()
    try:
        assert {k: v for k, v in service.counts().items() if k != "online"} == \
            {k: v for k, v in before.items() if k != "online"}
        service.hit("/gioi-thieu/", browser("m-1"))   # counted today in SQLite: not a new visit
        eventually(lambda: service.views(["/gioi-thieu/"]) == {"/gioi-thieu/": 1})
        assert service.stats()["today"] == 7
    finally:
        service.stop()

    # The old service counted a little more before the switch: a second run adds just that.
    sqlite_service.start()
    sqlite_service.hit("/khoi-thi-dua/", browser("late"))
    sqlite_service.stop()
    catch_up = subprocess.run(migrate, capture_output=True, text=True, timeout=60)
    assert "1 lượt truy cập và 1 lượt xem" in catch_up.stdout, catch_up.stdout
    assert postgres_server.query(postgres_url, "SELECT sum(visits) FROM daily_visits") == [(8,)]
    assert postgres_server.query(postgres_url, "SELECT sum(views) FROM page_views") == [(10,)]


def test_migration_needs_a_postgresql_target_and_an_existing_file(site, postgres_url):
    for args, message in (
            (["--migrate-from", str(site / "counter.sqlite3")], "--db postgresql://"),
            (["--migrate-from", str(site / "khong-co.sqlite3"), "--db", postgres_url],
             "không tìm thấy tệp")):
        result = subprocess.run([sys.executable, str(BUILD_PY), "counter", "-f",
                                 str(site / "mkdocs.yml"), *args],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 2 and message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


def test_an_unreachable_database_at_start_is_one_clear_message(site, postgres_server):
    wrong = [postgres_server.url().replace(PASSWORD, "sai-mat-khau"),
             f"postgresql://counter:x@127.0.0.1:{_closed_port()}/thidua"]
    for url in wrong:
        result = subprocess.run(CounterProcess(site, database=url).command(),
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 1, result.stderr
        assert "Không kết nối được PostgreSQL" in result.stderr
        assert "Traceback" not in result.stderr and "sai-mat-khau" not in result.stderr


def test_a_database_of_a_newer_schema_is_refused(site, postgres_url, postgres_server):
    CounterProcess(site, database=postgres_url).start().stop()
    import psycopg
    with psycopg.connect(postgres_url) as conn:
        conn.execute("INSERT INTO counter_schema (version) VALUES (7)")
    result = subprocess.run(CounterProcess(site, database=postgres_url).command(),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "mới hơn" in result.stderr, result.stderr


def test_while_the_database_is_down_hits_get_503_and_nothing_counts_twice(site):
    server = PostgresServer().start()  # its own server: this test stops it
    try:
        service = CounterProcess(site, database=server.new_database()).start()
        accepted = 0
        for n in range(5):
            accepted += service.hit(PAGES[n], browser(f"before-{n}")).status == 204
        server.stop()
        statuses = []
        deadline = time.monotonic() + 10
        while 503 not in statuses[-3:] and time.monotonic() < deadline:
            statuses.append(service.hit(PAGES[len(statuses) % 6],
                                        browser(f"down-{len(statuses)}")).status)
            time.sleep(0.05)
        assert statuses[-1] == 503
        assert set(statuses) <= {204, 503}
        accepted += statuses.count(204)   # taken before the first failed write: kept, retried
        assert service.stats()["total"] == accepted  # what was accepted is still shown
        server.start()
        eventually(lambda: service.hit("/", browser("back")).status == 204, timeout=10)
        accepted += 1
        code, err = service.stop()
        assert code == 0 and "Traceback" not in err, err
        assert "Không kết nối được PostgreSQL" in err and "503" in err
        assert "Đã ghi lại được" in err
        service.start()
        assert service.stats()["total"] == accepted
        assert sum(service.views(PAGES).values()) == accepted
        service.stop()
    finally:
        server.remove()


def test_stopping_while_the_database_is_down_exits_1_and_says_what_is_lost(site):
    server = PostgresServer().start()
    try:
        service = CounterProcess(site, database=server.new_database()).start()
        server.stop()
        service.hit(ARTICLE, browser("lost"))  # accepted before the next flush finds out
        code, err = service.stop()
        assert code == 1, err
        assert "1 lượt truy cập đã nhận nhưng không ghi được" in err and "Traceback" not in err
    finally:
        server.remove()


def _closed_port() -> int:
    from postgres_helpers import free_port
    return free_port()
