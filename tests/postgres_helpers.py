"""A private PostgreSQL server for the counter tests and benchmark, never a mock.

`initdb` into a temporary folder, `pg_ctl start` on a free 127.0.0.1 port, password
authentication (the service gets a postgresql://user:password@… URL like in production),
`pg_ctl stop` at the end. initdb and postgres refuse to run as root: as root the cluster
runs as the unprivileged `postgres` user that Debian's package creates (scripts/test installs
the package on a fresh machine), and its folder is handed to that user.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

USER = "counter"
PASSWORD = "mat-khau-thu"
SERVER_USER = "postgres"


def server_binaries() -> Path:
    """The folder of initdb and pg_ctl: Debian's newest /usr/lib/postgresql/N/bin, or PATH's."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found: "
                       "apt-get install postgresql (scripts/test does it)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    def __init__(self, *, durable: bool = False):
        """`durable`: PostgreSQL's own settings (fsync on) as in production, for benchmarks;
        tests turn fsync off, which changes nothing they look at."""
        self.bin = server_binaries()
        self.durable = durable
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="thidua-postgres-"))
        self.data = self.folder / "data"
        self._prefix: list[str] = []
        if os.geteuid() == 0:
            account = pwd.getpwnam(SERVER_USER)
            os.chown(self.folder, account.pw_uid, account.pw_gid)
            self._prefix = ["runuser", "-u", SERVER_USER, "--"]
        self._run("initdb", "-D", str(self.data), "-U", USER, "--auth=scram-sha-256",
                  f"--pwfile={self._password_file()}", "-E", "UTF8", "--locale=C", "--no-sync")

    def _password_file(self) -> Path:
        path = self.folder / "password"
        path.write_text(PASSWORD + "\n")
        if self._prefix:
            account = pwd.getpwnam(SERVER_USER)
            os.chown(path, account.pw_uid, account.pw_gid)
        return path

    def _run(self, program: str, *args: str) -> None:
        result = subprocess.run([*self._prefix, str(self.bin / program), *args],
                                capture_output=True, text=True, timeout=120)
        if result.returncode:
            raise RuntimeError(f"{program} failed ({result.returncode}):\n{result.stdout}"
                               f"{result.stderr}")

    def start(self) -> "PostgresServer":
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder}"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"),
                  "-o", options, "-w", "-t", "60", "start")
        return self

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")

    def remove(self) -> None:
        try:
            self.stop()
        except RuntimeError:
            pass  # already stopped
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database; its URL."""
        import psycopg
        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def query(self, url: str, sql: str, params=()) -> list[tuple]:
        import psycopg
        with psycopg.connect(url) as conn:
            return conn.execute(sql, params).fetchall()


_shared: list[PostgresServer] = []


@pytest.fixture(scope="session")
def postgres_server(request) -> PostgresServer:
    """One private server for the whole session (a few seconds to make), removed when the
    session ends; each test that uses `postgres_url` gets its own database in it. (Test
    modules import this fixture, which pytest would otherwise make once per module.)"""
    if not _shared:
        server = PostgresServer().start()
        _shared.append(server)
        request.config.add_cleanup(server.remove)
    return _shared[0]


@pytest.fixture
def postgres_url(postgres_server) -> str:
    return postgres_server.new_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def counter_database(request, tmp_path) -> str:
    """A --db for each storage: the tests using it must pass on both alike."""
    if request.param == "sqlite":
        return str(tmp_path / "counter.sqlite3")
    return request.getfixturevalue("postgres_url")
