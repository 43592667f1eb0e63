#!/usr/bin/env python3
"""Open-loop load test of the visitor counter service (`python build.py counter`).

    python bench/counter_load.py --rate 3500 --seconds 10            # throughput and latency
    python bench/counter_load.py --rate 3500 --seconds 10 --sigterm  # clean stop mid-stream
    python bench/counter_load.py --rate 3500 --seconds 10 --kill9    # kill -9 mid-stream
    python bench/counter_load.py --db postgresql --processes 2 --rate 3000 --seconds 10

The service is started here, on loopback, with a fresh database and a manifest of --pages page
ids. --db sqlite (default) is a file in a temporary folder; --db postgresql starts a private
PostgreSQL server with its production settings (fsync on; tests/postgres_helpers.py: initdb,
pg_ctl); --db postgresql://… uses a database you made (it should be empty). --processes N
starts N service processes on that database, and the generator's connections are spread over
them as a load balancer would, so one visitor's hits land on different processes. Hits are *scheduled* at a fixed rate whatever the responses do
(open loop), and each latency is measured from the scheduled moment, so a slow server shows
up as latency instead of silently lowering the offered load. Reads (/v1/stats and /v1/views)
are mixed in at --read-ratio of the hit rate.

Visitors are told apart by X-Forwarded-For (the service runs with --trust-proxy, as behind
nginx): visitor v sends three hits, one a second, each to a different page, so that neither
the rate limit nor the reload window swallows a hit and every accepted hit must be counted:
    views(page) == accepted hits on that page, total visits == visitors with an accepted hit.

--sigterm / --kill9 send the signal to the first process at --stop-at of the run (the others
keep counting), restart it on the same database and report how many accepted hits the counts
lack (and, for SQLite, PRAGMA integrity_check). Needs the standard library (uvloop when
installed), and psycopg for PostgreSQL.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ORIGIN = "https://bench.example.vn"
AGENT = ("Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/126.0 Mobile Safari/537.36")
HITS_PER_VISITOR = 3


# ---- the service under test ------------------------------------------------------------------

class Service:
    def __init__(self, folder: Path, port: int, db: str):
        self.folder, self.port, self.db = folder, port, db
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "counter", "-f", str(self.folder / "none.yml"),
             "--manifest", str(self.folder / "manifest.json"), "--db", self.db,
             "--port", str(self.port), "--allow-origin", ORIGIN, "--trust-proxy"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"the service exited: {self.process.stderr.read()}")
            try:
                get_json(self.port, "/v1/stats")
                return
            except OSError:
                time.sleep(0.05)
        sys.exit("the service did not start in 20 s")

    def signal(self, sig: int) -> None:
        self.process.send_signal(sig)

    def wait(self) -> int:
        _, err = self.process.communicate(timeout=60)
        if "Traceback" in err:
            print(err, file=sys.stderr)
        return self.process.returncode


def get_json(port: int, path: str) -> dict:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                     .encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(f"GET {path}: {head[:60]!r}")
    return json.loads(body)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---- the load --------------------------------------------------------------------------------

@dataclass
class Results:
    hit_latency: list[float] = field(default_factory=list)
    read_latency: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    accepted_views: Counter = field(default_factory=Counter)  # page -> 204s
    accepted_visitors: set = field(default_factory=set)
    first_sent: float = 0.0
    last_done: float = 0.0
    max_lag: float = 0.0


def plan_hit(i: int, rate: int, pages: list[str]) -> tuple[int, str]:
    """Hit i -> (visitor, page). Visitor v sends 3 hits a second apart, to 3 different pages."""
    block, offset = divmod(i, rate * HITS_PER_VISITOR)
    round_, slot = divmod(offset, rate)
    visitor = block * rate + slot
    return visitor, pages[(visitor + round_) % len(pages)]


def hit_request(visitor: int, page: str) -> bytes:
    body = json.dumps({"id": page}).encode()
    address = f"10.{visitor >> 16 & 255}.{visitor >> 8 & 255}.{visitor & 255}"
    return (f"POST /v1/hit HTTP/1.1\r\nHost: counter\r\nUser-Agent: {AGENT}\r\n"
            f"Origin: {ORIGIN}\r\nX-Forwarded-For: {address}\r\n"
            f"Content-Type: text/plain;charset=UTF-8\r\nContent-Length: {len(body)}\r\n\r\n"
            ).encode() + body


def read_request(n: int, pages: list[str]) -> bytes:
    if n % 2:
        path = "/v1/stats"
    else:
        path = "/v1/views?ids=" + ",".join(pages[(n + k) % len(pages)] for k in range(5))
    return f"GET {path} HTTP/1.1\r\nHost: counter\r\n\r\n".encode()


async def exchange(connection, payload: bytes) -> int:
    reader, writer = connection
    writer.write(payload)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    if length:
        await reader.readexactly(length)
    return status


async def worker(ports: list[int], jobs: asyncio.Queue, results: Results) -> None:
    """One keep-alive connection to ports[0], taking jobs from the shared queue. When that
    process fails a request, the next connection goes to the next port, as a load balancer
    fails over (the failed request is not retried: it was not accepted)."""
    connection = None
    while True:
        job = await jobs.get()
        if job is None:
            break
        kind, due, payload, visitor, page = job
        try:
            if connection is None:
                connection = await asyncio.open_connection("127.0.0.1", ports[0])
            status = await exchange(connection, payload)
        except (OSError, asyncio.IncompleteReadError, ValueError) as error:
            results.errors[type(error).__name__] += 1
            if connection:
                connection[1].close()
            connection = None
            ports = ports[1:] + ports[:1]
            continue
        done = time.perf_counter()
        results.last_done = done
        results.statuses[kind, status] += 1
        (results.hit_latency if kind == "hit" else results.read_latency).append(done - due)
        if kind == "hit" and status == 204:
            results.accepted_views[page] += 1
            results.accepted_visitors.add(visitor)
    if connection:
        connection[1].close()


async def schedule(kind: str, rate: float, count: int, start: float, make, jobs, results,
                   stop: asyncio.Event) -> None:
    """Put job i on the queue at start + i/rate, never waiting for responses."""
    for i in range(count):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0.001:
            await asyncio.sleep(delay)
        elif i % 64 == 0:
            await asyncio.sleep(0)  # behind schedule: catch up, but let the workers run
        if stop.is_set():
            return
        results.max_lag = max(results.max_lag, time.perf_counter() - due)
        jobs.put_nowait((kind, due, *make(i)))


async def run_load(args, services: list[Service], pages: list[str]) -> Results:
    results = Results()
    jobs: asyncio.Queue = asyncio.Queue()
    stop = asyncio.Event()
    # Connections spread over the processes, as a load balancer would.
    ports = [service.port for service in services]
    workers = [asyncio.create_task(worker(ports[n % len(ports):] + ports[:n % len(ports)], jobs,
                                          results))
               for n in range(args.connections)]
    await asyncio.sleep(0.1)
    start = time.perf_counter() + 0.05
    results.first_sent = start
    hits = int(args.rate * args.seconds)
    reads = int(args.rate * args.read_ratio * args.seconds)

    def make_hit(i):
        visitor, page = plan_hit(i, args.rate, pages)
        return hit_request(visitor, page), visitor, page

    def make_read(i):
        return read_request(i, pages), None, None

    schedulers = [
        schedule("hit", args.rate, hits, start, make_hit, jobs, results, stop),
        schedule("read", args.rate * args.read_ratio, reads, start, make_read, jobs, results,
                 stop)]
    if args.sigterm or args.kill9:
        schedulers.append(stop_mid_stream(args, services[0], start, stop))
    await asyncio.gather(*schedulers)
    for _ in workers:
        jobs.put_nowait(None)
    await asyncio.gather(*workers)
    return results


async def stop_mid_stream(args, service: Service, start: float, stop: asyncio.Event) -> None:
    await asyncio.sleep(max(0.0, start + args.seconds * args.stop_at - time.perf_counter()))
    service.signal(signal.SIGKILL if args.kill9 else signal.SIGTERM)
    await asyncio.sleep(0.3)  # keep offering load while the service goes down
    if args.processes == 1:
        stop.set()  # nobody left to answer; with several, the others carry the rest of the run


# ---- report ------------------------------------------------------------------------------------

def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


def report(args, results: Results) -> dict:
    accepted = sum(results.accepted_views.values())
    duration = max(results.last_done - results.first_sent, 1e-9)
    figures = {
        "offered_hits_per_s": args.rate,
        "accepted_hits": accepted,
        "hits_per_s_held": round(accepted / (args.seconds * args.stop_at)
                                 if (args.kill9 or args.sigterm) and args.processes == 1
                                 else accepted / duration, 1),
        "hit_p50_ms": round(percentile(results.hit_latency, 50), 2),
        "hit_p99_ms": round(percentile(results.hit_latency, 99), 2),
        "hit_max_ms": round(percentile(results.hit_latency, 100), 2),
        "read_p50_ms": round(percentile(results.read_latency, 50), 2),
        "read_p99_ms": round(percentile(results.read_latency, 99), 2),
        "statuses": {f"{kind} {status}": n
                     for (kind, status), n in sorted(results.statuses.items())},
        "errors": dict(results.errors),
        "generator_max_lag_ms": round(results.max_lag * 1000, 2),
    }
    return figures


def counted(port: int, pages: list[str]) -> tuple[int, Counter]:
    total = get_json(port, "/v1/stats")["total"]
    views = Counter()
    for i in range(0, len(pages), 50):
        batch = pages[i:i + 50]
        views.update(get_json(port, "/v1/views?ids=" + ",".join(batch))["views"])
    return total, +views


def check_counts(label: str, port: int, pages: list[str], results: Results) -> dict:
    total, views = counted(port, pages)
    expected_views = +results.accepted_views
    lost_hits = sum(expected_views.values()) - sum(views.values())
    return {f"{label}_visits_counted": total,
            f"{label}_visits_expected": len(results.accepted_visitors),
            f"{label}_views_counted": sum(views.values()),
            f"{label}_views_expected": sum(expected_views.values()),
            f"{label}_views_match_per_page": views == expected_views,
            f"{label}_lost_hits": lost_hits}


def integrity(db: str) -> str:
    if db.startswith("postgresql://"):
        return "n/a (PostgreSQL)"
    with sqlite3.connect(db) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def stored(db: str) -> tuple[int, int]:
    visits = "SELECT coalesce(sum(visits), 0) FROM daily_visits"
    views = "SELECT coalesce(sum(views), 0) FROM page_views"
    if db.startswith("postgresql://"):
        import psycopg
        with psycopg.connect(db) as connection:
            return (connection.execute(visits).fetchone()[0],
                    connection.execute(views).fetchone()[0])
    with sqlite3.connect(db) as connection:
        return connection.execute(visits).fetchone()[0], connection.execute(views).fetchone()[0]


def settle() -> None:
    """Every process has flushed, and refreshed what it shows from the others."""
    time.sleep(1.5)


@contextlib.contextmanager
def database(args, folder: Path):
    """The --db to give the services: a SQLite file, a private PostgreSQL server, or a URL."""
    if args.db == "sqlite":
        yield str(folder / "counter.sqlite3")
    elif args.db == "postgresql":
        sys.path.insert(0, str(REPO / "tests"))
        from postgres_helpers import PostgresServer
        server = PostgresServer(durable=True).start()
        try:
            yield server.new_database()
        finally:
            server.remove()
    else:
        yield args.db


# ---- main --------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=int, default=3500, help="hits per second offered")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of the run")
    parser.add_argument("--read-ratio", type=float, default=0.25,
                        help="reads per hit (half /v1/stats, half /v1/views of 5 ids)")
    parser.add_argument("--connections", type=int, default=64, help="keep-alive connections")
    parser.add_argument("--pages", type=int, default=2000, help="page ids in the manifest")
    parser.add_argument("--db", default="sqlite",
                        help="sqlite, postgresql (a private server) or a postgresql:// URL")
    parser.add_argument("--processes", type=int, default=1, help="service processes")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--sigterm", action="store_true", help="SIGTERM mid-stream, then recount")
    mode.add_argument("--kill9", action="store_true", help="SIGKILL mid-stream, then recount")
    parser.add_argument("--stop-at", type=float, default=0.6, help="when to signal (fraction)")
    args = parser.parse_args()
    if args.db == "sqlite" and args.processes != 1:
        parser.error("SQLite serves one process (the file is locked): use --db postgresql")
    try:
        import uvloop
        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    except ImportError:
        pass

    with tempfile.TemporaryDirectory(prefix="counter-bench-") as temp, \
            database(args, Path(temp)) as db:
        folder = Path(temp)
        pages = ["/"] + [f"/tin-tuc/{2015 + i % 11}/bai-viet-so-{i}/"
                         for i in range(args.pages - 1)]
        (folder / "manifest.json").write_text(json.dumps({"version": 1, "ids": pages}))
        services = [Service(folder, free_port(), db) for _ in range(args.processes)]
        for service in services:
            service.start()
        try:
            figures = measure(args, services, pages, db)
        finally:
            for service in services:
                if service.process.poll() is None:
                    service.signal(signal.SIGTERM)
                    service.wait()
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0


def measure(args, services: list[Service], pages: list[str], db: str) -> dict:
    results = asyncio.run(run_load(args, services, pages))
    figures = {"mode": "kill9" if args.kill9 else "sigterm" if args.sigterm else "load",
               "db": "postgresql" if db.startswith("postgresql://") else "sqlite",
               "processes": args.processes, "cpus": os.cpu_count(), **report(args, results)}
    first = services[0]
    if args.kill9 or args.sigterm:
        figures["exit_status"] = first.wait()
        figures["integrity_check"] = integrity(db)
        first.start()
        settle()
        figures.update(check_counts("after_restart", first.port, pages, results))
        lost = figures["after_restart_lost_hits"]
        figures["lost_seconds_of_hits"] = round(lost / args.rate * args.processes, 3)
    else:
        settle()
        figures.update(check_counts("live", first.port, pages, results))
        for service in services:
            service.signal(signal.SIGTERM)
        figures["exit_status"] = [service.wait() for service in services]
        figures["integrity_check"] = integrity(db)
        visits, views = stored(db)
        figures["stored_visits_match"] = visits == len(results.accepted_visitors)
        figures["stored_views_match"] = views == sum(results.accepted_views.values())
    return figures


if __name__ == "__main__":
    sys.exit(main())
