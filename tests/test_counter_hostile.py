"""The counter under hostile clients and storage faults: real processes, real sockets.

Every class: slow and half-sent requests, too many connections, oversized and malformed
requests, aborted uploads, a damaged or unwritable database at start, a disk that fills while
running, bad flags, one address posing as many visitors. Each member checks that the service
answers (or closes) as documented, logs no traceback, and that no count changed.
"""
from __future__ import annotations

import contextlib
import os
import resource
import socket
import sqlite3
import subprocess
import time

import pytest

from counter_helpers import (ARTICLE, BROWSER, PAGES, SITE_ORIGIN, CounterProcess, browser,
                             eventually, make_site)

HEAD_SECONDS = 5  # thidua.counter.guard.HEAD_SECONDS and BODY_SECONDS


@pytest.fixture
def counter(tmp_path):
    service = CounterProcess(make_site(tmp_path / "portal")).start()
    yield service
    code, err = service.stop()
    assert "Traceback" not in err and "Exception in ASGI" not in err, err


@pytest.fixture(scope="module")
def shared_counter(tmp_path_factory):
    """One service for the members that only compare counts before and after."""
    service = CounterProcess(make_site(tmp_path_factory.mktemp("hostile") / "portal")).start()
    yield service
    code, err = service.stop()
    assert "Traceback" not in err and "Exception in ASGI" not in err, err


def connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    return sock


def hit_head(length: int, extra: str = "") -> bytes:
    return (f"POST /v1/hit HTTP/1.1\r\nHost: x\r\nUser-Agent: {BROWSER}\r\nOrigin: {SITE_ORIGIN}\r\n"
            f"Content-Type: text/plain\r\nContent-Length: {length}\r\n{extra}\r\n").encode()


def reply_of(sock: socket.socket, timeout: float = 10, whole: bool = True) -> bytes:
    """What the server sends until it closes the connection (or, when not `whole`, until
    the head of its answer is in: the unread rest of a refused body may keep it open)."""
    sock.settimeout(timeout)
    data = b""
    with contextlib.suppress(ConnectionResetError):
        while chunk := sock.recv(65536):
            data += chunk
            if not whole and b"\r\n\r\n" in data:
                break
    return data


# ---- slow clients ----------------------------------------------------------------------------

def test_slow_and_half_sent_requests_are_closed_within_seconds(counter):
    body = f'{{"id": "{ARTICLE}"}}'.encode()
    members = {
        "nothing sent": b"",
        "half a request line": b"POST /v1/hi",
        "head without its blank line": hit_head(len(body))[:-2],
        "head, no body": hit_head(len(body)),
        "head, half the body": hit_head(len(body)) + body[:5],
        "chunked body never finished": hit_head(0).replace(b"Content-Length: 0",
                                                           b"Transfer-Encoding: chunked")
                                       + b"5\r\n{\"id\"",
    }
    before = counter.counts()
    sockets = {name: connect(counter.port) for name in members}
    trickled = connect(counter.port)   # slowloris: a byte a second, never the end of the head
    for name, data in members.items():
        sockets[name].sendall(data)
    started = time.monotonic()
    trickle = hit_head(len(body))
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        for byte in range(HEAD_SECONDS + 2):  # until the service closes it
            trickled.send(trickle[byte:byte + 1])
            time.sleep(1)
    # Meanwhile a reader is served as usual.
    assert counter.hit("/", browser("reader")).status == 204
    for name, sock in {**sockets, "a byte a second": trickled}.items():
        reply = reply_of(sock, timeout=HEAD_SECONDS + 5)
        assert time.monotonic() - started < 2 * HEAD_SECONDS + 3, name
        assert reply == b"" or reply.startswith(b"HTTP/1.1 408"), (name, reply)
        sock.close()
    after = counter.counts()
    assert after["total"] == before["total"] + 1
    assert after["views"] == {**before["views"], "/": before["views"]["/"] + 1}


def test_an_idle_keep_alive_connection_is_closed(counter):
    sock = connect(counter.port)
    sock.sendall(b"GET /v1/stats HTTP/1.1\r\nHost: x\r\n\r\n")
    started = time.monotonic()
    reply = reply_of(sock, timeout=HEAD_SECONDS + 5)
    assert reply.startswith(b"HTTP/1.1 200")          # answered, then closed when idle
    assert time.monotonic() - started < HEAD_SECONDS + 3


# ---- too many connections ---------------------------------------------------------------------

@pytest.mark.parametrize("flags, trust_proxy", [
    (["--max-connections-per-address", "8"], False),
    (["--max-connections", "8", "--trust-proxy"], True),   # behind a proxy: the total only
])
def test_connections_beyond_the_caps_are_refused_at_once(tmp_path, flags, trust_proxy):
    service = CounterProcess(make_site(tmp_path / "portal"), extra=flags).start()
    try:
        held = [connect(service.port) for _ in range(8)]
        time.sleep(0.2)
        extra = connect(service.port)
        assert reply_of(extra, timeout=5).startswith(b"HTTP/1.1 503")
        for sock in held:
            sock.close()
        time.sleep(0.2)
        assert service.hit(ARTICLE, BROWSER).status == 204   # room again
        assert service.stats()["total"] == 1
    finally:
        code, err = service.stop()
    assert code == 0 and "Traceback" not in err
    assert "Từ chối kết nối mới" in err and "127.0.0.1" not in err  # no address in the log


# ---- oversized and malformed requests -----------------------------------------------------------

OVERSIZED = {
    "a 20 KB header": hit_head(13, "X-Pad: " + "a" * 20_000 + "\r\n") + b'{"id": "/"}  ',
    "a 20 KB URL": b"POST /v1/hit?" + b"a" * 20_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    "two thousand headers": hit_head(13, "".join(f"X-{i}: v\r\n" for i in range(2000)))
                            + b'{"id": "/"}  ',
    "a 10 MB Content-Length": hit_head(10_000_000) + b'{"id": "/"}',
}
MALFORMED = {
    "binary garbage": bytes(range(256)) * 4,
    "no HTTP version": b"POST /v1/hit\r\n\r\n",
    "HTTP/9.9": b"POST /v1/hit HTTP/9.9\r\nHost: x\r\n\r\n",
    "a letter in Content-Length": hit_head(0).replace(b"Content-Length: 0", b"Content-Length: 1x"),
    "a negative Content-Length": hit_head(0).replace(b"Content-Length: 0", b"Content-Length: -5"),
    "two Content-Lengths": hit_head(11, "Content-Length: 40\r\n") + b'{"id": "/"}',
    "Content-Length and chunked": hit_head(11, "Transfer-Encoding: chunked\r\n")
                                  + b'b\r\n{"id": "/"}\r\n0\r\n\r\n',
    "a bad chunk size": hit_head(0).replace(b"Content-Length: 0", b"Transfer-Encoding: chunked")
                        + b"zz\r\n{}\r\n0\r\n\r\n",
    "a NUL in a header name": hit_head(11, "X-\x00: v\r\n") + b'{"id": "/"}',
    "a space before the colon": hit_head(11, "Origin : x\r\n") + b'{"id": "/"}',
}


@pytest.mark.parametrize("name", list(OVERSIZED) + list(MALFORMED))
def test_oversized_and_malformed_requests_are_refused_and_count_nothing(shared_counter, name):
    counter = shared_counter
    before = counter.counts()
    sock = connect(counter.port)
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        sock.sendall({**OVERSIZED, **MALFORMED}[name])
    reply = reply_of(sock, whole=False)
    sock.close()
    status = int(reply[9:12]) if reply.startswith(b"HTTP/1.1 ") else None
    assert status in (400, 413, 431) or reply == b"", (name, reply[:200])
    time.sleep(0.6)  # a flush
    assert counter.counts() == before


# ---- aborted uploads ----------------------------------------------------------------------------

def test_a_client_that_goes_away_is_one_log_line(tmp_path):
    service = CounterProcess(make_site(tmp_path / "portal")).start()
    before = service.counts()
    body = f'{{"id": "{ARTICLE}"}}'.encode()
    aborts = [hit_head(len(body)) + body[:4],                         # half the body, then FIN
              hit_head(len(body)),                                    # the head only
              hit_head(0).replace(b"Content-Length: 0", b"Transfer-Encoding: chunked")
              + b"4\r\n{\"id"]
    for data in aborts:
        sock = connect(service.port)
        sock.sendall(data)
        time.sleep(0.2)
        sock.close()
    sock = connect(service.port)  # and one reset (RST) instead of a clean close
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    sock.sendall(hit_head(len(body)) + body[:3])
    time.sleep(0.2)
    sock.close()
    time.sleep(0.6)
    assert service.counts() == before
    code, err = service.stop()
    assert code == 0
    assert "Traceback" not in err and "Exception" not in err, err
    lines = [line for line in err.splitlines() if "ngắt kết nối" in line]
    assert len(lines) == 1, err   # the first one; the same message again waits a minute


# ---- the database at start ----------------------------------------------------------------------

def made_database(root) -> CounterProcess:
    service = CounterProcess(make_site(root)).start()
    for n in range(30):
        service.hit(PAGES[n % 6], browser(n))
    service.stop()
    return service


def damage_pages(path):
    """Garbage over the head of every page but the first (the file header stays whole)."""
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data), 4096):
        data[offset:offset + 32] = b"\xa5" * 32
    path.write_bytes(bytes(data))


DAMAGES = {
    "damaged pages": damage_pages,
    "not a database": lambda path: path.write_bytes(os.urandom(8192)),
    "cut in half": lambda path: path.write_bytes(path.read_bytes()[:len(path.read_bytes()) // 2]
                                                 or b"x"),
    "a text file": lambda path: path.write_text("đây không phải CSDL\n" * 100, encoding="utf-8"),
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_database_at_start_is_one_clear_message(tmp_path, damage):
    service = made_database(tmp_path / "portal")
    DAMAGES[damage](service.db)
    result = subprocess.run(service.command(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "bị hỏng" in result.stderr and str(service.db) in result.stderr, result.stderr
    assert "sao lưu" in result.stderr


@contextlib.contextmanager
def read_only(path):
    """Really read-only, for root too: the immutable attribute (chattr), else permissions."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_an_unwritable_database_at_start_is_one_clear_message(tmp_path, what):
    service = made_database(tmp_path / "portal")
    target = service.db if what == "file" else service.db.parent
    with read_only(target):
        result = subprocess.run(service.command(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "Không ghi được" in result.stderr or "Không mở được" in result.stderr, result.stderr
    assert str(service.db) in result.stderr


def test_a_database_path_that_is_a_folder(tmp_path):
    root = make_site(tmp_path / "portal")
    (root / "counter.sqlite3").mkdir()
    result = subprocess.run(CounterProcess(root).command(), capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "counter.sqlite3" in result.stderr


# ---- the disk fills while running ---------------------------------------------------------------

def test_when_writes_fail_hits_get_503_and_count_once_when_they_work_again(tmp_path):
    service = made_database(tmp_path / "portal")
    limit = 96 * 1024  # files may not grow past this: the write-ahead log soon cannot
    service.process = subprocess.Popen(
        service.command(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE,
                                              (limit, resource.RLIM_INFINITY)))
    service.wait_ready()
    start_total = service.stats()["total"]
    statuses = []
    for n in range(2000):
        statuses.append(service.hit(PAGES[n % 6], browser(f"full-{n}")).status)
        if statuses[-3:] == [503] * 3:
            break
    assert statuses[-1] == 503, "writes never failed"
    assert set(statuses) <= {204, 503}
    first_refused = statuses.index(503)
    assert 503 not in statuses[first_refused:] or set(statuses[first_refused:]) == {503}
    accepted = statuses.count(204)
    assert service.stats()["total"] == start_total + accepted   # accepted hits are kept

    resource.prlimit(service.process.pid, resource.RLIMIT_FSIZE,
                     (resource.RLIM_INFINITY, resource.RLIM_INFINITY))   # room on the disk again
    eventually(lambda: service.hit("/", browser("after")).status == 204, timeout=10)
    code, err = service.stop()
    assert code == 0 and "Traceback" not in err, err
    assert "503" in err and "Đã ghi lại được" in err
    service.start()
    assert service.stats()["total"] == start_total + accepted + 1
    service.stop()
    with sqlite3.connect(service.db) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_stop_while_writes_fail_exits_1_and_says_how_many_hits_are_lost(tmp_path):
    service = made_database(tmp_path / "portal")
    service.process = subprocess.Popen(
        service.command(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE,
                                              (64 * 1024, resource.RLIM_INFINITY)))
    service.wait_ready()
    accepted = 0
    while service.hit(PAGES[accepted % 6], browser(f"lost-{accepted}")).status == 204:
        accepted += 1
        assert accepted < 5000, "writes never failed"
    code, err = service.stop()
    assert code == 1, err
    assert "không ghi được vào CSDL" in err and "bị mất" in err and "Traceback" not in err


# ---- flags -------------------------------------------------------------------------------------

@pytest.mark.parametrize("flags, message", [
    (["--port", "70000"], "từ 1 đến 65535"), (["--port", "0"], "từ 1 đến 65535"),
    (["--port", "-1"], "từ 1 đến 65535"), (["--port", "http"], "từ 1 đến 65535"),
    (["--port", "8001.5"], "từ 1 đến 65535"),
    (["--hits-per-second", "0"], "số dương"), (["--hits-per-second", "nan"], "số dương"),
    (["--new-visitors-per-minute", "-3"], "số dương"),
    (["--max-connections", "0"], "số nguyên dương"),
    (["--max-connections-per-address", "many"], "số nguyên dương"),
    (["--host", "khong-co-may-nay.invalid"], "--host"),
])
def test_bad_flags_are_one_line_and_status_2(tmp_path, flags, message):
    service = CounterProcess(make_site(tmp_path / "portal"))
    command = service.command()
    if flags[0] == "--port":
        command = command[:command.index("--port")] + command[command.index("--port") + 2:]
    result = subprocess.run(command + flags, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_a_port_in_use_is_one_line(counter, tmp_path):
    second = CounterProcess(make_site(tmp_path / "other"), port=counter.port)
    result = subprocess.run(second.command(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"Không mở được 127.0.0.1:{counter.port}" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


# ---- one address, many user agents ----------------------------------------------------------------

def test_one_address_cannot_pose_as_many_new_visitors(tmp_path):
    service = CounterProcess(make_site(tmp_path / "portal"), new_visitors_per_minute=10).start()
    try:
        statuses = [service.hit(ARTICLE, browser(f"script-{n}")).status for n in range(30)]
        assert statuses == [204] * 10 + [429] * 20
        assert service.stats()["total"] == 10 and service.views([ARTICLE]) == {ARTICLE: 10}
        # Readers already counted go on reading: the bound is on new visitors only.
        assert service.hit("/tin-tuc/", browser("script-3")).status == 204
        assert service.views(["/tin-tuc/"]) == {"/tin-tuc/": 1}
        refused = service.hit(ARTICLE, browser("script-99"))
        assert refused.status == 429 and int(refused.headers["retry-after"]) >= 1
        # Without --trust-proxy, X-Forwarded-For changes nothing.
        assert service.hit(ARTICLE, browser("forged"),
                           headers={"X-Forwarded-For": "203.0.113.7"}).status == 429
    finally:
        service.stop()


def test_behind_a_proxy_the_bound_applies_to_the_forwarded_address(tmp_path):
    service = CounterProcess(make_site(tmp_path / "portal"), new_visitors_per_minute=5,
                             extra=["--trust-proxy"]).start()
    try:
        for address in ("203.0.113.1", "203.0.113.2"):
            statuses = [service.hit(ARTICLE, browser(f"{address}-{n}"),
                                    headers={"X-Forwarded-For": address}).status
                        for n in range(8)]
            assert statuses == [204] * 5 + [429] * 3
        assert service.stats()["total"] == 10
    finally:
        service.stop()
