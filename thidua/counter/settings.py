"""The counter's settings: flags of `build.py counter`, the sites it counts, their origins.

Every value is checked here and every mistake is one Vietnamese line naming the flag and
what to write instead (argparse only collects the strings).

Sites. Without --site the service counts one site, the one of `-f mkdocs.yml`, at /v1/…
(its counts are stored under the empty name). `--site NAME=FILE` (repeatable) counts several:
site NAME answers at /NAME/v1/… (its widget's endpoint is https://counter.host/NAME), FILE
is that site's mkdocs.yml (its manifest and origins are read from it) or its
counter-manifest.json (origins then come from `--allow-origin NAME=ORIGIN`). An empty NAME
(`--site =/srv/tinh/mkdocs.yml`) keeps a site at /v1/ beside named ones.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..config.settings import read_config_file
from ..core.problems import SiteError
from .manifest import MANIFEST_NAME
from .storage import is_postgres_url

DEFAULT_DB = "counter.sqlite3"
_SITE_NAME = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\Z")


class ServiceError(Exception):
    """A problem the operator must fix; the message says what, in Vietnamese."""


class UsageError(ServiceError):
    """A mistake in the command line itself: exit status 2, as argparse's own."""


@dataclass
class SiteSettings:
    name: str                      # "" for the site at /v1/
    manifest: Path
    origins: list[str] = field(default_factory=list)


@dataclass
class Settings:
    db: str                        # a SQLite path or a postgresql:// URL
    sites: list[SiteSettings]
    host: str
    port: int
    trust_proxy: bool
    hits_per_second: float
    new_visitors_per_minute: float
    max_connections: int
    max_connections_per_address: int
    migrate_from: Path | None = None


def settings_from_args(args) -> Settings:
    """Paths default to the config's folder; the config itself is optional."""
    config_file = Path(args.config_file)
    base = config_file.resolve().parent
    named = [_parse_site(value) for value in getattr(args, "site", None) or []]
    if named:
        if args.manifest:
            raise UsageError("--manifest chỉ dùng khi đếm một trang; với --site, ghi tệp của "
                               "mỗi trang trong --site TÊN=TỆP.")
        names = [name for name, _ in named]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise UsageError(f"--site: tên trang {twice[0] or '(trống)'!r} được khai báo "
                               "hai lần; mỗi trang một tên.")
        sites = [_site_from_file(name, path) for name, path in named]
    else:
        config = read_site_config(config_file)
        site_dir = base / str(config.get("site_dir") or "site")
        manifest = Path(args.manifest).resolve() if args.manifest else site_dir / MANIFEST_NAME
        sites = [SiteSettings("", manifest, _origins(_configured_origins(config), config_file))]
    _add_allowed_origins(sites, args.allow_origin)
    db = args.db or str(base / DEFAULT_DB)
    if not is_postgres_url(db):
        db = str(Path(db).resolve())
    migrate_from = getattr(args, "migrate_from", None)
    return Settings(
        db=db, sites=sites, host=args.host, port=port_number(args.port),
        trust_proxy=args.trust_proxy,
        hits_per_second=_positive("--hits-per-second", args.hits_per_second),
        new_visitors_per_minute=_positive("--new-visitors-per-minute",
                                          getattr(args, "new_visitors_per_minute", "10")),
        max_connections=_count("--max-connections", getattr(args, "max_connections", "1000")),
        max_connections_per_address=_count("--max-connections-per-address",
                                           getattr(args, "max_connections_per_address", "50")),
        migrate_from=Path(migrate_from).resolve() if migrate_from else None)


# ---- numbers -----------------------------------------------------------------------------

def port_number(text) -> int:
    value = str(text).strip()
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        raise UsageError(f"--port {text}: cổng phải là số nguyên từ 1 đến 65535, "
                           "ví dụ --port 8001.")
    return int(value)


def _positive(flag: str, text) -> float:
    try:
        value = float(text)
    except (TypeError, ValueError):
        value = float("nan")
    if not math.isfinite(value) or value <= 0:
        raise UsageError(f"{flag} {text}: phải là số dương, ví dụ {flag} 2 hoặc 0.5.")
    return value


def _count(flag: str, text) -> int:
    value = str(text).strip()
    if not value.isdigit() or int(value) < 1:
        raise UsageError(f"{flag} {text}: phải là số nguyên dương, ví dụ {flag} 100.")
    return int(value)


# ---- sites and origins --------------------------------------------------------------------

def _parse_site(value: str) -> tuple[str, Path]:
    name, sep, path = value.partition("=")
    if not sep or not path.strip():
        raise UsageError(f"--site {value}: viết dạng --site TÊN=TỆP, ví dụ --site "
                           "so-noi-vu=/srv/so-noi-vu/mkdocs.yml.")
    name = name.strip()
    if name and (not _SITE_NAME.match(name) or name == "v1"):
        raise UsageError(f"--site {value}: tên trang {name!r} chỉ gồm chữ thường không dấu, "
                           "số và dấu gạch ngang (tối đa 63 ký tự, không phải v1), ví dụ "
                           "so-noi-vu.")
    return name, Path(path.strip()).resolve()


def _site_from_file(name: str, path: Path) -> SiteSettings:
    """A site from its mkdocs.yml (manifest in its site_dir, its origins) or its manifest."""
    if path.suffix in (".yml", ".yaml"):
        if not path.is_file():
            raise UsageError(f"--site {name}={path}: không tìm thấy tệp cấu hình này.")
        config = read_site_config(path)
        manifest = path.parent / str(config.get("site_dir") or "site") / MANIFEST_NAME
        return SiteSettings(name, manifest, _origins(_configured_origins(config), path))
    return SiteSettings(name, path)


def _add_allowed_origins(sites: list[SiteSettings], values: list[str]) -> None:
    by_name = {site.name: site for site in sites}
    for value in values:
        name, sep, origin = value.partition("=")
        if not sep:
            if len(sites) > 1:
                raise UsageError(f"--allow-origin {value}: có nhiều trang, hãy ghi rõ trang "
                                   "nào: --allow-origin TÊN=NGUỒN.")
            name, origin = sites[0].name, value
        if name not in by_name:
            raise UsageError(f"--allow-origin {value}: không có trang {name!r} "
                               "(khai báo bằng --site TÊN=TỆP).")
        for allowed in _origins([origin], None):
            if allowed not in by_name[name].origins:
                by_name[name].origins.append(allowed)


def _origins(values: list[str], source: Path | None) -> list[str]:
    origins = []
    for value in values:
        try:
            origin = origin_of(value)
        except ValueError:
            where, error = (f" (trong {source})", ServiceError) if source else ("", UsageError)
            raise error(f"Nguồn được phép ghi không hợp lệ{where}: {value!r}. Viết dạng "
                        "https://ten-mien.gov.vn (giao thức, tên miền, cổng nếu có).")
        if origin not in origins:
            origins.append(origin)
    return origins


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
