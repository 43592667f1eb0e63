"""`python build.py counter`: read the settings, open the database, run uvicorn.

A stop by SIGTERM or Ctrl+C goes through uvicorn's graceful shutdown, whose last step (the
app's lifespan) writes every pending count; a last flush after uvicorn returns catches the
case where a second Ctrl+C skipped that step. Exit status: 0 after a clean stop; 2 for a
mistake in the command line; 1 when the service cannot start (the message says why) or stops
with accepted hits it could not store.
"""
from __future__ import annotations

import logging
import signal
import socket
import sys
import time

from .app import Site, create_app
from .backends import open_storage
from .manifest import Manifest, ManifestError
from .settings import ServiceError, Settings, UsageError, settings_from_args
from .storage import StorageError

GRACEFUL_SHUTDOWN_SECONDS = 10
# The same message at most once a minute (a flood of slow or broken clients, a database down
# for an hour): the first is logged at once, the next one says how many were left out.
LOG_REPEAT_SECONDS = 60
# How long a thread may keep Python's lock (GIL) when another asks for it (CPython's default:
# 5 ms). The flusher's thread takes it back between its SQLite calls; at the default, each
# time it does so while running Python the event loop waits up to 5 ms, and a flush did that
# often enough to make the loop lag ~9 ms (median) for as long as it lasted (~1 ms at 0.5 ms,
# bench/README.md "Counter service").
SWITCH_INTERVAL_SECONDS = 0.0005

log = logging.getLogger("thidua.counter")


class _Stopped(Exception):
    """SIGTERM, re-raised by uvicorn after its graceful shutdown: a normal stop."""


def _stop(signum, frame):
    raise _Stopped()


def run(args) -> int:
    _setup_logging(getattr(args, "verbose", False))
    try:
        settings = settings_from_args(args)
        if settings.migrate_from is not None:
            from .migrate import migrate
            return migrate(settings)
        sites = [Site(site.name, Manifest(site.manifest), frozenset(site.origins))
                 for site in settings.sites]
        storage = open_storage(settings.db)
    except (ServiceError, ManifestError, StorageError) as error:
        print(error, file=sys.stderr)
        return 2 if isinstance(error, UsageError) else 1
    try:
        return _serve(settings, sites, storage)
    finally:
        storage.close()


def _serve(settings: Settings, sites: list[Site], storage) -> int:
    import uvicorn

    from .guard import KEEP_ALIVE_SECONDS, ConnectionLimits, guarded_protocol

    try:
        app = create_app(storage, sites, trust_proxy=settings.trust_proxy,
                         hits_per_second=settings.hits_per_second,
                         new_visitors_per_minute=settings.new_visitors_per_minute)
    except StorageError as error:
        print(error, file=sys.stderr)
        return 1
    _allow_open_files(settings.max_connections)
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
    limits = ConnectionLimits(settings.max_connections,
                              None if settings.trust_proxy else settings.max_connections_per_address)
    server = uvicorn.Server(uvicorn.Config(
        app, host=settings.host, port=settings.port, lifespan="on", ws="none",
        http=guarded_protocol(limits), timeout_keep_alive=KEEP_ALIVE_SECONDS,
        access_log=False,     # an access log would store exactly the IPs we promise not to keep
        proxy_headers=False,  # X-Forwarded-For is ours to trust (--trust-proxy) or not
        server_header=False, log_level="warning", log_config=None,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS))
    try:
        listening = _listen(settings.host, settings.port)
    except ServiceError as error:
        print(error, file=sys.stderr)
        return 2 if isinstance(error, UsageError) else 1
    _announce(settings, sites, storage)
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        server.run(sockets=[listening])
    except _Stopped:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        listening.close()
    flusher = app.state.flusher
    if not flusher.flush_now():
        print(f"Dừng dịch vụ với {flusher.unstored_hits} lượt truy cập đã nhận nhưng không ghi "
              f"được vào CSDL {storage.description}, các lượt này bị mất. Nguyên nhân: "
              f"{flusher.last_error}", file=sys.stderr)
        return 1
    return 0


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so that a taken port or a bad address is one line."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror:
        raise UsageError(f"--host {host}: không phải địa chỉ hay tên máy hợp lệ, "
                           "ví dụ --host 127.0.0.1.") from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as error:
        sock.close()
        raise ServiceError(f"Không mở được {host}:{port} ({error.strerror}): cổng đang được "
                           "chương trình khác dùng hoặc địa chỉ không thuộc máy này. Chọn cổng "
                           "khác bằng --port.") from None
    return sock


def _announce(settings: Settings, sites: list[Site], storage) -> None:
    print(f"Dịch vụ đếm lượt truy cập trên http://{settings.host}:{settings.port}, "
          f"CSDL {storage.description}.", flush=True)
    for site in sites:
        path = f"/{site.name}/v1/" if site.name else "/v1/"
        print(f"  {path}stats: {len(site.manifest.ids)} trang trong {site.manifest.path}; nhận "
              "lượt truy cập từ " + (", ".join(sorted(site.origins)) or
                                     "không nguồn nào (trình duyệt sẽ bị từ chối, 403: thêm "
                                     "site_url, extra.counter.allowed_origins hoặc "
                                     "--allow-origin)"), flush=True)
    print("Nhấn Ctrl+C để dừng.", flush=True)


def _allow_open_files(connections: int) -> None:
    """Raise the soft limit on open files so that --max-connections can be reached."""
    try:
        import resource
    except ImportError:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = connections + 64  # the database, the manifests, the listening sockets
    if soft != resource.RLIM_INFINITY and soft < wanted:
        ceiling = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (ceiling, hard))
        if ceiling < wanted:
            log.warning("Hệ thống chỉ cho mở %d tệp: --max-connections %d không đạt được "
                        "(LimitNOFILE= trong systemd).", hard, connections)


class _RepeatFilter(logging.Filter):
    """Lets the same message (its template) through once per LOG_REPEAT_SECONDS."""

    def __init__(self):
        super().__init__()
        self._last: dict[tuple, tuple[float, int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, record.msg)
        now = time.monotonic()
        last, left_out = self._last.get(key, (-LOG_REPEAT_SECONDS, 0))
        if now - last < LOG_REPEAT_SECONDS:
            self._last[key] = (last, left_out + 1)
            return False
        self._last[key] = (now, 0)
        if left_out:
            record.msg = f"{record.msg} (và {left_out} lần như vậy trong {LOG_REPEAT_SECONDS} giây qua)"
        return True


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    handler.addFilter(_RepeatFilter())
    for name in ("thidua.counter", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO if verbose else logging.WARNING)
        logger.propagate = False
