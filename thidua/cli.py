"""The command line of build.py: build, check, serve, new, verify, counter.

Each command reads mkdocs.yml once (config/settings.py) and hands over to its stage. Content
and data errors are printed as the editor's list of fixes and exit with status 1; no Python
traceback reaches an editor for them.
"""
from __future__ import annotations

import argparse
import errno
import gc
import logging
import re
import socket
import sys
from datetime import date, datetime
from pathlib import Path

from .config.settings import Settings, read_settings
from .core.dates import FIRST_YEAR, LAST_YEAR, TZ
from .core.problems import SiteError
from .core.timing import phase, report as timing_report

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


class _Parser(argparse.ArgumentParser):
    """argparse in Vietnamese: a mistake on the command line is one line saying what is
    wrong and where to see the command's options (exit status 2, as argparse's)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, add_help=False, formatter_class=_Help, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"
        self.add_argument("-h", "--help", action="help", help="in hướng dẫn này rồi thoát")

    def error(self, message: str) -> None:
        self.exit(2, f"{self.prog}: lỗi: {_in_vietnamese(message)} "
                     f"(xem cách dùng: {self.prog} --help)\n")


class _Help(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, "Cách dùng: " if prefix is None else prefix)


_ARGPARSE_MESSAGES = (
    (re.compile(r"the following arguments are required: (.+)"), "thiếu {0}"),
    (re.compile(r"unrecognized arguments: (.+)"), "không hiểu tham số {0}"),
    (re.compile(r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)"),
     "{0}: không có {1}; chọn một trong {2}"),
    (re.compile(r"argument (\S+): expected one argument"), "{0} cần một giá trị đi kèm"),
    (re.compile(r"argument (\S+): invalid int value: (.+)"), "{0}: {1} không phải là số nguyên"),
    (re.compile(r"argument (\S+): invalid \S+ value: (.+)"), "{0}: {1} không hợp lệ"),
    (re.compile(r"argument (\S+): (.+)"), "{0}: {1}"),
    (re.compile(r"ambiguous option: (\S+) could match (.+)"),
     "tùy chọn {0} không rõ, có thể là {1}"),
)


def _in_vietnamese(message: str) -> str:
    for pattern, words in _ARGPARSE_MESSAGES:
        match = pattern.fullmatch(message)
        if match:
            return words.format(*(part.replace("TIÊU_ĐỀ", "tiêu đề (trong ngoặc kép)")
                                  for part in match.groups()))
    return message


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python build.py",
        description="Dựng cổng thông tin thi đua – khen thưởng từ content/ và data/.")
    commands = parser.add_subparsers(dest="command", metavar="LỆNH", title="các lệnh")

    def add(name: str, run, help_text: str, *, config=True, site_dir=False, today=False):
        command = commands.add_parser(name, help=help_text, description=help_text)
        if config:
            command.add_argument("-f", "--config-file", default=DEFAULT_CONFIG, metavar="TỆP",
                                 help="tệp cấu hình (mặc định: mkdocs.yml)")
        if site_dir:
            command.add_argument("-d", "--site-dir", metavar="THƯ_MỤC",
                                 help="thư mục ghi trang web (mặc định: site/ cạnh mkdocs.yml)")
        if today:
            command.add_argument("--today", type=_day, metavar="YYYY-MM-DD",
                                 help="dựng như vào ngày này (mặc định: hôm nay, giờ Việt Nam): "
                                      "bài hẹn giờ, đợt lấy ý kiến và hiệu lực văn bản theo ngày đó")
        command.add_argument("-v", "--verbose", action="store_true", help="in thêm thông tin")
        command.set_defaults(run=run)
        return command

    build = add("build", run_build, "kiểm tra rồi dựng trang web (lệnh mặc định)", site_dir=True,
                today=True)
    build.add_argument("--no-verify", dest="verify", action="store_false",
                       help="không kiểm tra liên kết của từng trang khi dựng")
    check = add("check", run_check, "chỉ kiểm tra nội dung và dữ liệu, liệt kê mọi lỗi", today=True)
    check.add_argument("--strict", action="store_true",
                       help="coi mọi cảnh báo là lỗi (dùng khi tự động xuất bản)")
    serve = add("serve", run_serve, "xem trước tại http://127.0.0.1:8000, có cả bài nháp và bài hẹn giờ")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", type=_address,
                       metavar="ĐỊA_CHỈ:CỔNG", help="địa chỉ xem trước (mặc định 127.0.0.1:8000)")
    new = add("new", run_new, "tạo tệp bài viết (hoặc văn bản, đợt lấy ý kiến) mới với các "
                               "trường điền sẵn")
    new.add_argument("title", metavar="TIÊU_ĐỀ",
                     help="tiêu đề bài viết (trích yếu văn bản, tiêu đề đợt lấy ý kiến), "
                          "đặt trong ngoặc kép")
    new.add_argument("--kind", choices=["bai-viet", "van-ban", "lay-y-kien"], default="bai-viet",
                     help="bai-viet (mặc định), van-ban (data/documents/) hoặc lay-y-kien "
                          "(data/consultations/)")
    new.add_argument("--number", default="", metavar="SỐ",
                     help="van-ban: số, ký hiệu, ví dụ 45/KH-UBND")
    new.add_argument("--type", default="", metavar="LOẠI",
                     help="van-ban: mã loại văn bản (mặc định đoán từ số, ví dụ KH → ke-hoach)")
    new.add_argument("--issuer", default="", metavar="CƠ_QUAN", help="van-ban: cơ quan ban hành")
    new.add_argument("--file", type=Path, metavar="TỆP",
                     help="van-ban: tệp văn bản (PDF, DOC(X), XLS(X), ODT), được chép vào data/")
    new.add_argument("--bloc", action="append", default=[], metavar="MÃ_KHỐI",
                     help="mã khối trong data/blocs.yml (lặp lại cho nhiều khối)")
    new.add_argument("--date", type=_day, metavar="YYYY-MM-DD",
                     help="ngày đăng; van-ban: ngày ký; lay-y-kien: ngày bắt đầu (mặc định: hôm nay)")
    add("verify", run_verify, "kiểm tra trang web đã dựng: liên kết, ảnh, tiêu đề, sitemap",
        site_dir=True, today=True)
    counter = add("counter", run_counter, "chạy dịch vụ đếm lượt truy cập")
    counter.add_argument("--db", metavar="TỆP|URL",
                         help="CSDL: tệp SQLite (mặc định: counter.sqlite3 cạnh mkdocs.yml) hoặc "
                              "postgresql://người-dùng:mật-khẩu@máy-chủ:5432/tên-csdl để nhiều "
                              "tiến trình dùng chung")
    counter.add_argument("--host", default="127.0.0.1", help="địa chỉ nghe (mặc định: 127.0.0.1)")
    counter.add_argument("--port", default="8001", help="cổng, 1–65535 (mặc định: 8001)")
    counter.add_argument("--manifest", metavar="TỆP",
                         help="danh sách trang do bước dựng ghi ra "
                              "(mặc định: site/counter-manifest.json cạnh mkdocs.yml)")
    counter.add_argument("--site", action="append", default=[], metavar="TÊN=TỆP",
                         help="đếm cho nhiều trang: TỆP là mkdocs.yml hoặc counter-manifest.json "
                              "của trang đó, trả lời tại /TÊN/v1/… (lặp lại được)")
    counter.add_argument("--allow-origin", action="append", default=[], metavar="[TÊN=]NGUỒN",
                         help="nguồn được phép ghi, ví dụ https://thidua.gov.vn (lặp lại được), "
                              "thêm vào site_url và extra.counter.allowed_origins; với --site: "
                              "TÊN=NGUỒN")
    counter.add_argument("--hits-per-second", default="2", metavar="SỐ",
                         help="số lượt ghi mỗi giây cho một người xem (mặc định 2; tăng lên khi "
                              "nhiều người đọc chung một địa chỉ mạng, ví dụ mạng cơ quan)")
    counter.add_argument("--new-visitors-per-minute", default="10", metavar="SỐ",
                         help="số người xem mới mỗi phút từ một địa chỉ (mặc định 10)")
    counter.add_argument("--max-connections", default="1000", metavar="SỐ",
                         help="số kết nối mở cùng lúc tối đa (mặc định 1000)")
    counter.add_argument("--max-connections-per-address", default="50", metavar="SỐ",
                         help="số kết nối tối đa từ một địa chỉ (mặc định 50; "
                              "không áp dụng với --trust-proxy)")
    counter.add_argument("--trust-proxy", action="store_true",
                         help="lấy địa chỉ người xem từ X-Forwarded-For "
                              "(chỉ khi chạy sau nginx/Caddy)")
    counter.add_argument("--migrate-from", metavar="TỆP",
                         help="chép CSDL SQLite này vào PostgreSQL của --db rồi thoát "
                              "(chạy lại không đếm trùng)")
    return parser


def _day(text: str) -> date:
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' không phải là ngày có thật (viết "
                                         "YYYY-MM-DD, ví dụ 2025-02-03)") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"năm {day.year} nằm ngoài khoảng {FIRST_YEAR}–"
                                         f"{LAST_YEAR}")
    return day


def _address(text: str) -> str:
    """ĐỊA_CHỈ:CỔNG for the preview, the port a number from 1 to 65535."""
    host, colon, port = text.strip().rpartition(":")
    if not colon or not host:
        raise argparse.ArgumentTypeError(f"'{text}' phải có dạng ĐỊA_CHỈ:CỔNG, ví dụ "
                                         "127.0.0.1:8000")
    if not port.isdigit() or not 1 <= int(port) <= 65535:
        raise argparse.ArgumentTypeError(f"cổng '{port}' phải là một số từ 1 đến 65535, ví dụ "
                                         "127.0.0.1:8000")
    return f"{host}:{int(port)}"


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_VietnameseLevels("%(levelname)s: %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False


class _VietnameseLevels(logging.Formatter):
    """What the theme engine logs, headed in Vietnamese: "Cảnh báo: …", "Lỗi: …"."""

    NAMES = {"WARNING": "Cảnh báo", "ERROR": "Lỗi", "CRITICAL": "Lỗi", "INFO": "Thông tin",
             "DEBUG": "Gỡ lỗi"}

    def formatMessage(self, record: logging.LogRecord) -> str:
        return f"{self.NAMES.get(record.levelname, record.levelname)}: {record.getMessage()}"


def _print_error(text: str) -> None:
    print(text, file=sys.stderr)


def _settings(args, *, preview: bool = False) -> Settings:
    path = Path(args.config_file)
    if not path.is_file():
        raise SystemExit(f"Không tìm thấy tệp cấu hình {path}. Chạy lệnh trong thư mục có "
                         "mkdocs.yml hoặc chỉ rõ bằng -f đường/dẫn/mkdocs.yml.")
    return read_settings(path, preview=preview, site_dir=getattr(args, "site_dir", None),
                         today=getattr(args, "today", None))


def broken_report(broken: list) -> str:
    lines = [f"Lỗi {number}: {item}" for number, item in enumerate(broken, 1)]
    damaged = sum(1 for item in broken if item.damaged)
    if damaged < len(broken):
        lines.append(f"Trang web có {len(broken) - damaged} liên kết hỏng. Sửa liên kết hoặc "
                     "thêm tệp còn thiếu vào content/ rồi dựng lại.")
    if damaged:
        lines.append(f"Trang web có {damaged} tệp hỏng trên đĩa: dựng lại trang web "
                     "(python build.py) rồi kiểm tra lại.")
    return "\n".join(lines)


def run_build(args) -> int:
    from .builder.run import SwapFailed, build_site
    from .render.linkcheck import BrokenSite
    from .builder.target import UnsafeTarget
    from .engine import EngineError

    settings = _settings(args)
    gc.disable()  # a short run that builds a large model: the collector would only slow it
    try:
        print(build_site(settings, verify=args.verify, warn=_print_error))
    except (UnsafeTarget, SwapFailed) as error:
        raise SystemExit(str(error)) from None
    except EngineError as error:
        _print_error(f"Dựng trang thất bại: {error}")
        _print_error(f"Trang web cũ ở {settings.site_dir} được giữ nguyên.")
        return 1
    except BrokenSite as error:
        _print_error(broken_report(error.broken))
        _print_error(f"Trang web ở {settings.site_dir} được giữ nguyên như lần dựng trước.")
        return 1
    finally:
        gc.enable()
    if args.verbose:
        print(f"Thời gian: {timing_report()}")
    return 0


def run_check(args) -> int:
    from .core.cache import BuildCache
    from .load.site import load_site

    settings = _settings(args)
    site, problems = load_site(settings, BuildCache(settings.root))
    if problems.warnings or problems.notes:
        _print_error(problems.report())
    if args.strict and problems.warnings:
        _print_error(f"Chế độ --strict: {len(set(problems.warnings))} cảnh báo được tính là lỗi. "
                     "Sửa các chỗ trên rồi kiểm tra lại.")
        return 1
    data = site.data
    print(f"Không có lỗi: {len(site.posts)} bài đăng, {len(site.left_out)} bài nháp/hẹn giờ, "
          f"{len(data.blocs)} khối, {len(data.units)} đơn vị, {len(data.decisions)} quyết định, "
          f"{len(data.documents)} văn bản, {len(data.consultations)} đợt lấy ý kiến, "
          f"{len(data.campaigns)} phong trào.")
    return 0


def run_serve(args) -> int:
    from .builder.serve import serve_site

    _settings(args, preview=True)  # mkdocs.yml's mistakes, listed before the server starts
    problem = _port_problem(args.dev_addr)
    if problem:
        _print_error(problem)
        return 1
    print(f"Xem trước tại http://{args.dev_addr}/ (bài nháp và bài hẹn giờ có đánh dấu). "
          "Nhấn Ctrl+C để dừng.")
    try:
        serve_site(args.config_file, args.dev_addr)
    except OSError as error:  # taken between the check and the server's start
        _print_error(_port_problem(args.dev_addr, error) or f"Không chạy được xem trước: {error}")
        return 1
    return 0


def _port_problem(address: str, error: OSError | None = None) -> str | None:
    """One line on why the preview cannot listen at `address`, or None when it can."""
    host, _, port = address.rpartition(":")
    if error is None:
        try:
            with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server
                probe.bind((host.strip("[]"), int(port)))
        except OSError as found:
            error = found
        else:
            return None
    other = f"chọn cổng khác, ví dụ -a {host}:{int(port) + 1 if int(port) < 65535 else 8000}"
    if error.errno == errno.EADDRINUSE:
        return f"Cổng {port} ở {host} đang được một chương trình khác dùng: {other}."
    if error.errno == errno.EACCES:
        return f"Không có quyền mở cổng {port} (cổng dưới 1024 cần quyền quản trị): {other}."
    if error.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT) or \
            isinstance(error, socket.gaierror):
        return (f"Địa chỉ {host} không thuộc máy này: dùng 127.0.0.1 (chỉ máy này xem) hoặc "
                "0.0.0.0 (cả mạng nội bộ), ví dụ -a 127.0.0.1:8000.")
    return f"Không mở được cổng {port} ở {host} ({error.strerror or error}): {other}."


def run_new(args) -> int:
    from .scaffold import (ScaffoldError, new_consultation, new_document, new_post,
                           preview_url)

    settings = _settings(args)
    day = args.date or datetime.now(TZ).date()
    try:
        if args.kind == "van-ban":
            path = new_document(settings, args.title, day, args.number, args.type, args.issuer,
                                args.file)
        elif args.kind == "lay-y-kien":
            path = new_consultation(settings, args.title, day)
        else:
            path = new_post(settings, args.title, args.bloc, day)
    except ScaffoldError as error:
        _print_error(error.problems.report())
        return 1
    print(f"Đã tạo {settings.rel(path)}")
    if args.kind != "bai-viet":
        print("Điền các trường còn trống (xem chú thích trong tệp), rồi chạy python build.py check.")
        return 0
    print("Xem trước: python build.py serve, rồi mở "
          f"{preview_url(args.title, day)}")
    return 0


def run_counter(args) -> int:
    from .counter.service import run

    return run(args)


def run_verify(args) -> int:
    """Check a built site as it is on disk (CI runs it before publishing)."""
    from .core.cache import BuildCache
    from .load.site import load_site
    from .render.linkcheck import verify_site

    settings = _settings(args)
    target = settings.site_dir
    if not (target / "index.html").is_file():
        _print_error(f"{target} chưa có trang web: chạy python build.py trước.")
        return 1
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
