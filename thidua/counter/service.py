"""`python build.py counter`: read the site's settings, open the database, run uvicorn.

One process only: the in-memory windows (online, reload dedup, rate limit) and the totals
are per process, so the database is locked against a second copy of the service.
A stop by SIGTERM or Ctrl+C goes through uvicorn's graceful shutdown, whose last step (the
app's lifespan) writes every pending count; a last flush after uvicorn returns catches the
case where a second Ctrl+C skipped that step.
"""
from __future__ import annotations

import logging
import signal
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .manifest import MANIFEST_NAME, Manifest, ManifestError
from ..core.problems import SiteError
from ..config.settings import read_config_file

DEFAULT_DB = "counter.sqlite3"
GRACEFUL_SHUTDOWN_SECONDS = 10

log = logging.getLogger("thidua.counter")


class ServiceError(Exception):
    """A problem the operator must fix; the message says what, in Vietnamese."""


@dataclass
class Settings:
    db: Path
    manifest: Path
    origins: list[str]
    host: str
    port: int
    trust_proxy: bool
    hits_per_second: float


def settings_from_args(args) -> Settings:
    """Paths default to the config's folder; the config itself is optional."""
    config_file = Path(args.config_file)
    config = read_site_config(config_file)
    base = config_file.resolve().parent
    site_dir = base / str(config.get("site_dir") or "site")
    origins = []
    for value in _configured_origins(config) + list(args.allow_origin):
        try:
            origin = origin_of(value)
        except ValueError:
            raise ServiceError(f"Nguồn được phép ghi không hợp lệ: {value!r}. Viết dạng "
                               "https://ten-mien.gov.vn (giao thức, tên miền, cổng nếu có).")
        if origin not in origins:
            origins.append(origin)
    return Settings(
        db=Path(args.db).resolve() if args.db else base / DEFAULT_DB,
        manifest=Path(args.manifest).resolve() if args.manifest else site_dir / MANIFEST_NAME,
        origins=origins, host=args.host, port=args.port, trust_proxy=args.trust_proxy,
        hits_per_second=args.hits_per_second)


def read_site_config(path: Path) -> dict:
    """mkdocs.yml as plain data ({} when absent), with !ENV resolved and other tags ignored:
    the counter needs only site_url, site_dir and extra.counter, and loads no theme code."""
    if not path.is_file():
        return {}
    try:
        return read_config_file(path)
    except SiteError as error:
        raise ServiceError(f"Không đọc được tệp cấu hình {path}:\n{error.problems.report()}")
    except OSError as error:
        raise ServiceError(f"Không đọc được tệp cấu hình {path}: {error.strerror}")


def _configured_origins(config: dict) -> list[str]:
    extra = config.get("extra") if isinstance(config.get("extra"), dict) else {}
    counter = extra.get("counter") if isinstance(extra.get("counter"), dict) else {}
    listed = counter.get("allowed_origins") or []
    if isinstance(listed, str):
        listed = [listed]
    if not isinstance(listed, list):
        raise ServiceError("extra.counter.allowed_origins trong mkdocs.yml phải là một danh "
                           "sách, ví dụ [https://thiduakhenthuong.gov.vn]")
    site_url = config.get("site_url")
    return ([site_url] if isinstance(site_url, str) and site_url.strip() else []) + [
        str(value) for value in listed]


def origin_of(url: str) -> str:
    """The origin a browser would send for a page at `url`: scheme://host[:port]."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(url)
    port = parts.port  # raises ValueError for a bad port
    host = parts.hostname.encode("idna").decode("ascii")
    if ":" in host:
        host = f"[{host}]"  # IPv6
    default = {"http": 80, "https": 443}[parts.scheme]
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


class _Stopped(Exception):
    """SIGTERM, re-raised by uvicorn after its graceful shutdown: a normal stop."""


def _stop(signum, frame):
    raise _Stopped()


def run(args) -> int:
    _setup_logging(getattr(args, "verbose", False))
    try:
        settings = settings_from_args(args)
        manifest = Manifest(settings.manifest)
        lock = _lock_database(settings.db)
        store = _open_store(settings.db)
    except (ServiceError, ManifestError) as error:
        print(error, file=sys.stderr)
        return 1
    try:
        return _serve(settings, manifest, store)
    finally:
        lock.close()


def _serve(settings: Settings, manifest: Manifest, store) -> int:
    import uvicorn

    from .app import create_app

    app = create_app(store, manifest, settings.origins, trust_proxy=settings.trust_proxy,
                     hits_per_second=settings.hits_per_second)
    server = uvicorn.Server(uvicorn.Config(
        app, host=settings.host, port=settings.port, lifespan="on", ws="none",
        access_log=False,     # an access log would store exactly the IPs we promise not to keep
        proxy_headers=False,  # X-Forwarded-For is ours to trust (--trust-proxy) or not
        server_header=False, log_level="warning",
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS))
    _announce(settings, manifest)
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        server.run()
    except _Stopped:
        pass
    except SystemExit:
        if server.started:
            raise
        print(f"Không mở được {settings.host}:{settings.port}: cổng đang được chương trình "
              "khác dùng hoặc địa chỉ sai. Chọn cổng khác bằng --port.", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGTERM, previous)
        app.state.flusher.flush_now()
        store.close()
    return 0


def _announce(settings: Settings, manifest: Manifest) -> None:
    print(f"Dịch vụ đếm lượt truy cập: http://{settings.host}:{settings.port}/v1/stats "
          f"({len(manifest.ids)} trang trong {settings.manifest}, CSDL {settings.db}).", flush=True)
    if settings.origins:
        print("Nhận lượt truy cập từ: " + ", ".join(settings.origins), flush=True)
    else:
        print("Chú ý: chưa có nguồn nào được phép ghi (site_url, extra.counter.allowed_origins "
              "hoặc --allow-origin): trình duyệt sẽ bị từ chối (403).", flush=True)
    print("Nhấn Ctrl+C để dừng.", flush=True)


def _open_store(path: Path):
    from .store import Store
    try:
        return Store(path)
    except sqlite3.Error as error:
        raise ServiceError(f"Không mở được CSDL {path}: {error}")


def _lock_database(path: Path):
    """An exclusive flock on the database file for the life of the process. flock (not the
    POSIX locks SQLite uses) and a descriptor kept open until after SQLite closes: closing it
    earlier would drop SQLite's own locks."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "ab")
    except OSError as error:
        raise ServiceError(f"Không mở được CSDL {path}: {error.strerror}.")
    try:
        import fcntl
    except ImportError:  # not on Linux/BSD/macOS: run without the guard
        return handle
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise ServiceError(f"CSDL {path} đang được một dịch vụ đếm khác sử dụng. "
                           "Chỉ chạy một dịch vụ cho mỗi CSDL.")
    return handle


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(logging.INFO if verbose else logging.WARNING)
    log.propagate = False
