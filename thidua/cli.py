"""Command line of build.py: build, check, serve, new, verify, counter.

Content and data errors are printed as the editor's list of fixes and exit with status 1;
no Python traceback reaches an editor for them. A failed build leaves the last good site
folder exactly as it was: the new site is built beside it and swapped in only when complete.
"""
from __future__ import annotations

import argparse
import gc
import logging
import os
import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

from .dates import TZ
from .problems import SiteError
from .siteconfig import PRODUCT_OVERRIDES, SiteConfig
from .timing import phase, report as timing_report

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
    gc.disable()  # a short run that builds a large model: the collector would only slow it
    try:
        return _run_build(args)
    finally:
        gc.enable()


def _run_build(args) -> int:
    """Build the site. Three ways, fastest first:
    - nothing the build reads has changed since the last build: the site stands as it is;
    - the theme's part is unchanged (theme.py): the site is updated in place, file by file,
      only where something changed, after every check passed;
    - otherwise MkDocs runs, into a folder beside the site that replaces it when complete.
    """
    from .cache import BuildCache
    from .loader import load_site
    from .pipeline import current_marker, read_inputs, set_marker
    from .quick import quick_rebuild

    config_file = _config_file(args)
    site_config = SiteConfig.read(config_file)
    target = Path(args.site_dir).resolve() if args.site_dir else site_config.site_dir()
    settings = site_config.settings()
    cache = BuildCache(settings.root)
    inputs = read_inputs(site_config, settings)
    written = cache.load("written")
    if written is not None and written.marker and current_marker(target) == written.marker:
        if written.inputs == inputs.digest:
            print(f"Không có gì thay đổi từ lần dựng trước: trang web ở {target} vẫn đúng.")
            return 0
        if quick_rebuild(settings, cache, target, inputs, written.marker):
            written.inputs = inputs.digest
            cache.save("written", written)
            print(f"Đã cập nhật nhanh nội dung bài viết ở {target}")
            return 0
    with phase("load"):
        site, problems = load_site(settings, cache)  # errors stop here, before any file is written
    if problems.warnings:
        _print_error(problems.report())
    _remove_later(*target.parent.glob(f".{target.name}.old-*"))  # left by an earlier build
    with phase("write"):
        if _update_in_place(site_config, site, cache, target, inputs):
            print(f"Đã cập nhật ở {target}")
        elif _build_beside(config_file, (site, problems), target, inputs):
            print(f"Đã dựng trang web vào {target}")
        else:
            return 1
    set_marker(target, cache.load("written").marker)
    if args.verbose:
        print(f"Thời gian: {timing_report()}")
    return 0


def _update_in_place(site_config, site, cache, target: Path, inputs) -> bool:
    """The fast way, when the theme's part of the last build still holds and the site there
    is the one the cache describes."""
    from .markup import PostLinks
    from .pages import plan_site
    from .pipeline import current_marker, write_site
    from .theme import theme_fingerprint

    theme, written = cache.load("theme"), cache.load("written")
    if theme is None or written is None or not written.marker or \
            current_marker(target) != written.marker:
        return False
    if theme.fingerprint != theme_fingerprint(site_config, PostLinks(site).used(
            site.settings.content_dir)):
        return False
    write_site(site, plan_site(site), theme, target, cache, target, inputs=inputs)
    return True


def _build_beside(config_file: str, loaded, target: Path, inputs) -> bool:
    """A full build with MkDocs into a folder beside the site, swapped in when complete: a
    build that fails leaves the previous site exactly as it was."""
    from .pipeline import forget_marker

    staging = target.with_name(f".{target.name}.building-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        with phase("engine"):
            _build_with_engine(config_file, loaded, target if target.is_dir() else None,
                               staging, inputs)
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, SiteError) or not _is_engine_error(error):
            raise
        _print_error(f"Dựng trang thất bại: {error}")
        _print_error(f"Trang web cũ ở {target} được giữ nguyên.")
        return False
    forget_marker(target)  # the site is about to change under it
    swap_into_place(staging, target)
    return True


def _build_with_engine(config_file: str, loaded, previous: Path | None, staging: Path,
                       inputs) -> None:
    from mkdocs.commands.build import build

    from .mkdocs_plugin import load_mkdocs_config, the_plugin

    config = load_mkdocs_config(config_file, site_dir=str(staging))
    plugin = the_plugin(config)
    plugin.loaded, plugin.previous_site, plugin.inputs = loaded, previous, inputs
    build(config)


def _is_engine_error(error: BaseException) -> bool:
    from mkdocs.exceptions import MkDocsException
    return isinstance(error, (MkDocsException, SystemExit))


def swap_into_place(new: Path, target: Path) -> None:
    """Replace `target` by the freshly built `new` folder with two renames; the old folder is
    deleted in the background, so that a large site does not wait for it."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.rename(target, old)
    os.rename(new, target)
    _remove_later(old)


def _remove_later(*folders: Path) -> None:
    folders = tuple(str(folder) for folder in folders if folder.exists())
    if folders:
        subprocess.Popen([sys.executable, "-c", "import shutil, sys\n"
                          "for f in sys.argv[1:]: shutil.rmtree(f, ignore_errors=True)", *folders],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)


# ---- check, serve, new ----------------------------------------------------------------------

def run_check(args) -> int:
    from .cache import BuildCache
    from .loader import load_site

    settings = SiteConfig.read(_config_file(args)).settings()
    site, problems = load_site(settings, BuildCache(settings.root))
    if problems.warnings:
        _print_error(problems.report())
    data = site.data
    print(f"Không có lỗi: {len(site.posts)} bài đăng, {len(site.left_out)} bài nháp/hẹn giờ, "
          f"{len(data.blocs)} khối, {len(data.units)} đơn vị, {len(data.decisions)} quyết định.")
    return 0


def run_serve(args) -> int:
    from mkdocs.commands.serve import serve

    from .mkdocs_plugin import config_overrides

    config_file = _config_file(args)
    settings = SiteConfig.read(config_file).settings()
    print(f"Xem trước tại http://{args.dev_addr}/ (bài nháp và bài hẹn giờ có đánh dấu). "
          "Nhấn Ctrl+C để dừng.")
    serve(config_file=config_file, dev_addr=args.dev_addr, livereload=True, watch_theme=True,
          watch=[str(settings.data_dir), str(PRODUCT_OVERRIDES)],
          **config_overrides(config_file, preview=True))
    return 0


def run_new(args) -> int:
    from .scaffold import ScaffoldError, new_post, preview_url

    settings = SiteConfig.read(_config_file(args)).settings()
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
