"""Command line of build.py: build, check, serve, new, verify, counter.

Content and data errors are printed as the editor's list of fixes and exit with status 1;
no Python traceback reaches an editor for them. A failed build leaves the last good site
folder exactly as it was: the new site is built beside it and swapped in only when complete.
"""
from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
from datetime import date, datetime
from pathlib import Path

from .dates import TZ
from .problems import SiteError

DEFAULT_CONFIG = "mkdocs.yml"


def main(argv: list[str]) -> int:
    parser = _parser()
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["build", *argv]  # `build` is the default command
    args = parser.parse_args(argv)
    _setup_logging(getattr(args, "verbose", False))
    try:
        return args.run(args)
    except SiteError as error:
        _print_error(error.problems.report())
        return 1
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python build.py",
        description="Dựng cổng thông tin thi đua – khen thưởng từ content/ và data/.")
    commands = parser.add_subparsers(dest="command", metavar="LỆNH")

    def add(name: str, run, help_text: str, *, config=True, site_dir=False):
        command = commands.add_parser(name, help=help_text, description=help_text)
        if config:
            command.add_argument("-f", "--config-file", default=DEFAULT_CONFIG, metavar="TỆP",
                                 help="tệp cấu hình (mặc định: mkdocs.yml)")
        if site_dir:
            command.add_argument("-d", "--site-dir", metavar="THƯ_MỤC",
                                 help="thư mục ghi trang web (mặc định: site/ cạnh mkdocs.yml)")
        command.add_argument("-v", "--verbose", action="store_true", help="in thêm thông tin")
        command.set_defaults(run=run)
        return command

    add("build", run_build, "kiểm tra rồi dựng trang web (lệnh mặc định)", site_dir=True)
    add("check", run_check, "chỉ kiểm tra nội dung và dữ liệu, liệt kê mọi lỗi")
    serve = add("serve", run_serve, "xem trước tại http://127.0.0.1:8000, có cả bài nháp và bài hẹn giờ")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="ĐỊA_CHỈ:CỔNG")
    new = add("new", run_new, "tạo tệp bài viết mới với phần thông tin đầu bài điền sẵn")
    new.add_argument("title", help="tiêu đề bài viết, đặt trong ngoặc kép")
    new.add_argument("--bloc", action="append", default=[], metavar="MÃ_KHỐI",
                     help="mã khối trong data/blocs.yml (lặp lại cho nhiều khối)")
    new.add_argument("--date", type=date.fromisoformat, metavar="YYYY-MM-DD",
                     help="ngày đăng (mặc định: hôm nay)")
    add("verify", run_unavailable, "kiểm tra trang web đã dựng", site_dir=True)
    counter = add("counter", run_counter, "chạy dịch vụ đếm lượt truy cập")
    counter.add_argument("--db", metavar="TỆP",
                         help="CSDL SQLite (mặc định: counter.sqlite3 cạnh mkdocs.yml)")
    counter.add_argument("--host", default="127.0.0.1", help="địa chỉ nghe (mặc định: 127.0.0.1)")
    counter.add_argument("--port", type=int, default=8001, help="cổng (mặc định: 8001)")
    counter.add_argument("--manifest", metavar="TỆP",
                         help="danh sách trang do bước dựng ghi ra "
                              "(mặc định: site/counter-manifest.json cạnh mkdocs.yml)")
    counter.add_argument("--allow-origin", action="append", default=[], metavar="NGUỒN",
                         help="nguồn được phép ghi, ví dụ https://thidua.gov.vn (lặp lại được), "
                              "thêm vào site_url và extra.counter.allowed_origins")
    counter.add_argument("--trust-proxy", action="store_true",
                         help="lấy địa chỉ người xem từ X-Forwarded-For "
                              "(chỉ khi chạy sau nginx/Caddy)")
    return parser


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False


def _print_error(text: str) -> None:
    print(text, file=sys.stderr)


def _config_file(args) -> str:
    path = Path(args.config_file)
    if not path.is_file():
        raise SystemExit(f"Không tìm thấy tệp cấu hình {path}. Chạy lệnh trong thư mục có "
                         "mkdocs.yml hoặc chỉ rõ bằng -f đường/dẫn/mkdocs.yml.")
    return str(path)


# ---- build ----------------------------------------------------------------------------------

def run_build(args) -> int:
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    from .mkdocs_plugin import load_mkdocs_config

    config_file = _config_file(args)
    target = _site_dir(args, config_file)
    staging = target.with_name(f".{target.name}.building-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        config = load_mkdocs_config(config_file, site_dir=str(staging))
        build(config)
    except SiteError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    except (MkDocsException, SystemExit) as error:
        shutil.rmtree(staging, ignore_errors=True)
        _print_error(f"Dựng trang thất bại: {error}")
        _print_error(f"Trang web cũ ở {target} được giữ nguyên.")
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_into_place(staging, target)
    print(f"Đã dựng trang web vào {target}")
    return 0


def _site_dir(args, config_file: str) -> Path:
    if getattr(args, "site_dir", None):
        return Path(args.site_dir).resolve()  # -d is relative to where the command runs
    from mkdocs.utils import yaml_load
    with open(config_file, encoding="utf-8") as handle:
        raw = yaml_load(handle) or {}
    return (Path(config_file).resolve().parent / raw.get("site_dir", "site")).resolve()


def swap_into_place(new: Path, target: Path) -> None:
    """Replace `target` by the freshly built `new` folder with two renames."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.rename(target, old)
    os.rename(new, target)
    shutil.rmtree(old, ignore_errors=True)


# ---- check, serve, new ----------------------------------------------------------------------

def run_check(args) -> int:
    from .loader import load_site
    from .mkdocs_plugin import load_settings

    settings = load_settings(_config_file(args))
    site, problems = load_site(settings)
    if problems.warnings:
        _print_error(problems.report())
    data = site.data
    print(f"Không có lỗi: {len(site.posts)} bài đăng, {len(site.left_out)} bài nháp/hẹn giờ, "
          f"{len(data.blocs)} khối, {len(data.units)} đơn vị, {len(data.decisions)} quyết định.")
    return 0


def run_serve(args) -> int:
    from mkdocs.commands.serve import serve

    from .mkdocs_plugin import PRODUCT_OVERRIDES, config_overrides, load_settings

    config_file = _config_file(args)
    settings = load_settings(config_file)
    print(f"Xem trước tại http://{args.dev_addr}/ (bài nháp và bài hẹn giờ có đánh dấu). "
          "Nhấn Ctrl+C để dừng.")
    serve(config_file=config_file, dev_addr=args.dev_addr, livereload=True, watch_theme=True,
          watch=[str(settings.data_dir), str(PRODUCT_OVERRIDES)],
          **config_overrides(config_file, preview=True))
    return 0


def run_new(args) -> int:
    from .mkdocs_plugin import load_settings
    from .scaffold import ScaffoldError, new_post, preview_url

    settings = load_settings(_config_file(args))
    day = args.date or datetime.now(TZ).date()
    try:
        path = new_post(settings, args.title, args.bloc, day)
    except ScaffoldError as error:
        _print_error(error.problems.report())
        return 1
    print(f"Đã tạo {settings.rel(path)}")
    print("Xem trước: python build.py serve, rồi mở "
          f"{preview_url(args.title, day)}")
    return 0


def run_counter(args) -> int:
    from .counter.service import run

    return run(args)


def run_unavailable(args) -> int:
    _print_error(f"Lệnh {args.command} chưa có trong phiên bản này.")
    return 2
