"""Command line of build.py: build, check, serve, new, verify, counter.

Content and data errors are printed as the editor's list of fixes and exit with status 1;
no Python traceback reaches an editor for them. A failed build leaves the last good site
folder exactly as it was: the new site is built beside it and swapped in only when complete.
"""
from __future__ import annotations

import argparse
import fcntl
import gc
import logging
import math
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
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

    build = add("build", run_build, "kiểm tra rồi dựng trang web (lệnh mặc định)", site_dir=True)
    build.add_argument("--no-verify", dest="verify", action="store_false",
                       help="không kiểm tra liên kết của từng trang khi dựng")
    add("check", run_check, "chỉ kiểm tra nội dung và dữ liệu, liệt kê mọi lỗi")
    serve = add("serve", run_serve, "xem trước tại http://127.0.0.1:8000, có cả bài nháp và bài hẹn giờ")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="ĐỊA_CHỈ:CỔNG")
    new = add("new", run_new, "tạo tệp bài viết mới với phần thông tin đầu bài điền sẵn")
    new.add_argument("title", help="tiêu đề bài viết, đặt trong ngoặc kép")
    new.add_argument("--bloc", action="append", default=[], metavar="MÃ_KHỐI",
                     help="mã khối trong data/blocs.yml (lặp lại cho nhiều khối)")
    new.add_argument("--date", type=date.fromisoformat, metavar="YYYY-MM-DD",
                     help="ngày đăng (mặc định: hôm nay)")
    add("verify", run_verify, "kiểm tra trang web đã dựng: liên kết, ảnh, tiêu đề, sitemap",
        site_dir=True)
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
    counter.add_argument("--hits-per-second", type=_positive_number, default=2.0, metavar="SỐ",
                         help="số lượt ghi mỗi giây cho một người xem (mặc định 2; tăng lên khi "
                              "nhiều người đọc chung một địa chỉ mạng, ví dụ mạng cơ quan)")
    counter.add_argument("--trust-proxy", action="store_true",
                         help="lấy địa chỉ người xem từ X-Forwarded-For "
                              "(chỉ khi chạy sau nginx/Caddy)")
    return parser


def _positive_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} không phải là số dương (ví dụ 2 hoặc 0.5)")
    return value


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
    Every page is checked as it is written (verify.py) unless --no-verify: a broken link
    stops the build and the site stays as it was.
    """
    from .cache import BuildCache
    from .loader import load_site
    from .pipeline import BrokenSite, current_marker, read_inputs, set_marker
    from .quick import quick_rebuild

    config_file = _config_file(args)
    site_config = SiteConfig.read(config_file)
    target = Path(args.site_dir).resolve() if args.site_dir else site_config.site_dir()
    settings = site_config.settings()
    refuse_unsafe_target(target, site_config, settings)
    cache = BuildCache(settings.root)
    with build_lock(settings.root):
        inputs = read_inputs(site_config, settings)
        written = cache.load("written")
        if written is not None and written.marker and current_marker(target) == written.marker:
            if written.inputs == inputs.digest:
                print(f"Không có gì thay đổi từ lần dựng trước: trang web ở {target} vẫn đúng.")
                return 0
            patched = quick_rebuild(settings, cache, target, inputs, written.marker)
            if patched:
                written.forget(patched)
                written.inputs = inputs.digest
                cache.save("written", written)
                print(f"Đã cập nhật nhanh nội dung bài viết ở {target}")
                return 0
        with phase("load"):
            site, problems = load_site(settings, cache)  # errors stop here, before any writing
        if problems.warnings:
            _print_error(problems.report())
        _clean_leftovers(target)
        try:
            with phase("write"):
                if _update_in_place(site_config, site, cache, target, inputs, args.verify):
                    print(f"Đã cập nhật ở {target}")
                elif _build_beside(config_file, (site, problems), target, inputs, args.verify):
                    print(f"Đã dựng trang web vào {target}")
                else:
                    return 1
        except BrokenSite as error:
            _print_error(broken_report(error.broken))
            _print_error(f"Trang web ở {target} được giữ nguyên như lần dựng trước.")
            return 1
        set_marker(target, cache.load("written").marker)
    if args.verbose:
        print(f"Thời gian: {timing_report()}")
    return 0


def broken_report(broken: list) -> str:
    lines = [f"Lỗi {number}: {item}" for number, item in enumerate(broken, 1)]
    lines.append(f"Trang web có {len(broken)} liên kết hỏng. Sửa liên kết hoặc thêm tệp còn "
                 "thiếu vào content/ rồi dựng lại.")
    return "\n".join(lines)


def refuse_unsafe_target(target: Path, site_config: SiteConfig, settings) -> None:
    """The site folder is replaced whole by every build: it must not be, or hold, anything
    else (`-d .` or `-d content` would otherwise throw the project away)."""
    from .siteconfig import PRODUCT_ROOT

    custom = site_config.custom_dir()
    precious = [settings.root, settings.content_dir, settings.data_dir, PRODUCT_ROOT,
                Path.cwd(), Path.home(), *filter(None, [custom])]
    for folder in precious:
        folder = folder.resolve()
        if _same_folder(target, folder) or folder.is_relative_to(target) or \
                _holds(target, folder):
            what = "là" if _same_folder(target, folder) else "chứa"
            raise SystemExit(f"Không dựng vào {target}: thư mục này {what} {folder} của dự án, "
                             "mà mỗi lần dựng thay toàn bộ thư mục đích. Chọn một thư mục "
                             "riêng, ví dụ -d site.")
    for folder in (settings.content_dir, settings.data_dir, *filter(None, [custom])):
        if target.is_relative_to(folder.resolve()):
            raise SystemExit(f"Không dựng vào {target}: thư mục này nằm trong {folder}, nơi "
                             "lệnh dựng đọc nội dung. Chọn một thư mục riêng, ví dụ -d site.")
    # Only a folder this generator wrote (counter-manifest.json is ours alone) is replaced.
    if target.is_dir() and any(target.iterdir()) and \
            not (target / "counter-manifest.json").exists() and not marker_exists(target):
        raise SystemExit(f"Không dựng vào {target}: thư mục đã có tệp và không phải trang web "
                         "do lệnh này dựng. Chọn thư mục trống hoặc xoá nó trước.")


def _same_folder(one: Path, other: Path) -> bool:
    """The same folder, also where names differ only in case (macOS, Windows file systems)."""
    try:
        return one == other or os.path.samefile(one, other)
    except OSError:
        return False


def _holds(folder: Path, inner: Path) -> bool:
    """`inner` lies inside `folder`, by identity rather than by name."""
    return any(_same_folder(folder, parent) for parent in inner.parents)


def marker_exists(target: Path) -> bool:
    from .pipeline import marker_path
    return marker_path(target).exists()


@contextmanager
def build_lock(root: Path):
    """One build at a time per site: a second waits for the first."""
    folder = root / ".cache"
    folder.mkdir(exist_ok=True)
    with open(folder / "build.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("Đang chờ một lần dựng khác xong…", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _update_in_place(site_config, site, cache, target: Path, inputs, verify: bool) -> bool:
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
    write_site(site, plan_site(site), theme, target, cache, target, inputs=inputs, verify=verify)
    return True


def _build_beside(config_file: str, loaded, target: Path, inputs, verify: bool) -> bool:
    """A full build with MkDocs into a folder beside the site, swapped in when complete: a
    build that fails leaves the previous site exactly as it was."""
    from .mkdocs_plugin import EngineError, build_with_engine
    from .pipeline import current_marker, forget_marker

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.building-{os.getpid()}-"))
    previous = target if target.is_dir() and current_marker(target) else None
    try:
        with phase("engine"):
            build_with_engine(config_file, loaded, previous, staging, inputs, verify=verify)
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if not isinstance(error, EngineError):
            raise
        _print_error(f"Dựng trang thất bại: {error}")
        _print_error(f"Trang web cũ ở {target} được giữ nguyên.")
        return False
    forget_marker(target)  # the site is about to change under it
    try:
        swap_into_place(staging, target)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise SystemExit(f"Không thay được {target} bằng trang vừa dựng ({error.strerror}). "
                         "Kiểm tra quyền ghi, hoặc thư mục có đang được dùng (gắn ổ, máy chủ web).")
    return True


def swap_into_place(new: Path, target: Path) -> None:
    """Replace `target` by the freshly built `new` folder with two renames; the old folder is
    deleted in the background, so that a large site does not wait for it."""
    old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old-"))
    had_site = target.exists()
    if had_site:
        os.replace(target, old)  # over the empty folder just made
    try:
        os.rename(new, target)
    except OSError:
        if had_site:
            os.replace(old, target)  # the old site goes back where it was
        raise
    _remove_later(old)


def _clean_leftovers(target: Path) -> None:
    """Old sites still being deleted, and folders of builds that were killed."""
    leftovers = list(target.parent.glob(f".{target.name}.old-*"))
    for folder in target.parent.glob(f".{target.name}.building-*"):
        pid = folder.name.split("building-", 1)[1].split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            leftovers.append(folder)
    _remove_later(*leftovers)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid != os.getpid()  # ours, before this build made its folder: from an earlier life


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
    from .mkdocs_plugin import serve_preview

    config_file = _config_file(args)
    settings = SiteConfig.read(config_file).settings()
    print(f"Xem trước tại http://{args.dev_addr}/ (bài nháp và bài hẹn giờ có đánh dấu). "
          "Nhấn Ctrl+C để dừng.")
    serve_preview(config_file, args.dev_addr, [str(settings.data_dir), str(PRODUCT_OVERRIDES)])
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


def run_verify(args) -> int:
    """Check a built site as it is on disk (CI runs it before publishing)."""
    from .cache import BuildCache
    from .loader import load_site
    from .verify import verify_site

    site_config = SiteConfig.read(_config_file(args))
    target = Path(args.site_dir).resolve() if args.site_dir else site_config.site_dir()
    if not (target / "index.html").is_file():
        _print_error(f"{target} chưa có trang web: chạy python build.py trước.")
        return 1
    settings = site_config.settings()
    site, _ = load_site(settings, BuildCache(settings.root))  # which posts must not be linked
    with phase("verify"):
        broken = verify_site(target, settings.site_url or "",
                             {post.url: post.status for post in site.left_out})
    if broken:
        _print_error(broken_report(broken))
        return 1
    pages = sum(1 for _ in target.rglob("index.html"))
    print(f"Trang web ở {target} không có liên kết hỏng ({pages} trang).")
    if args.verbose:
        print(f"Thời gian: {timing_report()}")
    return 0
