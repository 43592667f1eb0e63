"""`build.py new`: a post, a document (--kind van-ban) or a public consultation
(--kind lay-y-kien) with its fields filled in as far as they can be, and every field explained."""
from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path

from . import urls
from .config.settings import Settings
from .core.dates import TZ
from .core.problems import Problems
from .core.text import make_slug
from .core.yamlsource import YamlSyntaxError, load_yaml, split_front_matter
from .load.data import read_bloc_ids, read_calendar, read_document_type_ids
from .model.consultations import MINIMUM_WORKING_DAYS
from .model.documents import FILE_KINDS
from .model.post import TITLE_MAX_LENGTH

TEMPLATE = """\
---
title: {title}
date: {date}
# summary: "Một đoạn tóm tắt; bỏ trống thì lấy đoạn đầu của bài"
category: tin-hoat-dong
blocs: [{blocs}]
units: []
tags: []
author: ""
# image: images/ten-anh.jpg
# image_alt: "Mô tả ảnh cho người khiếm thị (bắt buộc khi có ảnh)"
# image_caption: "Chú thích in dưới ảnh"
# featured: true      # đưa lên mục Tin nổi bật ở trang chủ
# draft: true         # bản nháp: không đăng khi dựng trang
---

Đoạn mở đầu: tóm tắt sự kiện trong hai, ba câu (ai, làm gì, khi nào, ở đâu).

## Nội dung chính

Viết nội dung bài ở đây.
"""


class ScaffoldError(Exception):
    def __init__(self, problems: Problems):
        self.problems = problems
        super().__init__(problems.report())


def new_post(settings: Settings, title: str, blocs: list[str], day: date | None = None) -> Path:
    """Write content/posts/YYYY-MM-DD-slug.md and return its path; never overwrite a file."""
    problems = Problems()
    title = title.strip()
    slug = make_slug(title) if _writable(title, "title", problems) else "bai-viet"
    if not title or not slug:
        problems.error("build.py new", "tiêu đề bài trống hoặc không có chữ nào",
                       'ghi tiêu đề trong ngoặc kép: python build.py new "Tiêu đề bài viết"',
                       field="title")
    elif slug == urls.PAGE_SEGMENT:
        problems.error("build.py new", f"tiêu đề cho địa chỉ .../{slug}/, chỗ của các trang "
                       "danh sách tin (trang 2, 3…)", "viết tiêu đề đầy đủ hơn", field="title")
    # Only the blocs named need checking: other data errors are for `build.py check`, and
    # must not stop an editor from starting a post.
    reading = Problems()
    known = read_bloc_ids(settings, reading) if blocs else []
    problems.errors += reading.errors  # blocs.yml itself is broken: its ids are unknown
    blocs_file = settings.rel(settings.data_dir / "blocs.yml")
    for ident in blocs if not reading else ():
        if ident not in known:
            close = difflib.get_close_matches(ident, known, n=1)
            guess = f"có phải ý bạn là {close[0]}? " if close else ""
            problems.error("build.py new", f"không có khối mã {ident} trong {blocs_file}",
                           f"{guess}các mã khối: {', '.join(known) or '(chưa có khối nào)'}",
                           field="--bloc")
    day = day or datetime.now(TZ).date()
    path = settings.content_dir / "posts" / f"{day.isoformat()}-{slug}.md"
    _refuse(path, problems, settings)
    text = TEMPLATE.format(title=_quoted(title), date=day.isoformat(), blocs=", ".join(blocs))
    _write_new(path, text, {"title": title, "date": day, "blocs": blocs}, settings, problems)
    return path


def _writable(text: str, field: str, problems: Problems,
              max_length: int = TITLE_MAX_LENGTH) -> bool:
    """Text given on the command line fits on one line of the file written: no line break,
    control or direction character, no longer than a title may be."""
    odd = next((c for c in text if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")
                and c not in "\u200c\u200d"), None)
    if odd is not None:
        what = "xuống dòng" if odd in "\n\r\x85\u2028\u2029" else \
            "byte không phải chữ UTF-8" if unicodedata.category(odd) == "Cs" else "ký tự điều khiển"
        problems.error("build.py new", f"{FIELD_NAMES[field]} có {what} (mã U+{ord(odd):04X})",
                       f"viết {FIELD_NAMES[field]} trên một dòng, chỉ gồm chữ, số và dấu câu",
                       field=field)
        return False
    if len(text) > max_length:
        problems.error("build.py new", f"{FIELD_NAMES[field]} dài {len(text)} ký tự, quá "
                       f"{max_length}", f"rút gọn {FIELD_NAMES[field]}; ý chi tiết đưa vào "
                       "đoạn mở đầu (phần mô tả)", field=field)
        return False
    return True


FIELD_NAMES = {"title": "tiêu đề", "--number": "số, ký hiệu", "--issuer": "cơ quan ban hành",
               "--type": "loại văn bản"}


def _read_back(text: str, front_matter: bool) -> dict | None:
    """The fields of a new file as a build will read them; None if it does not parse."""
    parts = split_front_matter(text) if front_matter else (text,)
    try:
        fields = load_yaml(parts[0], 1 if front_matter else 0) if parts else None
    except YamlSyntaxError:
        return None
    return fields if isinstance(fields, dict) else None


def _refuse(path: Path, problems: Problems, settings: Settings) -> None:
    """Stop before writing anything when something is wrong or the file (or a link of that
    name) exists already."""
    if not problems and os.path.lexists(path):
        problems.error(settings.rel(path), "đã có tệp này, không ghi đè",
                       "đổi tiêu đề (số văn bản) hoặc sửa trực tiếp tệp đã có")
    if problems:
        raise ScaffoldError(problems)


def _write_new(path: Path, text: str, expected: dict, settings: Settings, problems: Problems,
               *, front_matter: bool = True, beside: tuple[Path, Path] | None = None) -> None:
    """Write a new file, never through a link nor over a file that appeared meanwhile, and
    never one whose fields a build would read otherwise than `expected`; `beside`: (where,
    from) a file it names, copied first."""
    read = _read_back(text, front_matter)
    if read is None or any(read.get(name) != value for name, value in expected.items()):
        problems.error("build.py new", "không ghi được tiêu đề này vào tệp mới",
                       "bỏ các ký tự đặc biệt khỏi tiêu đề, hoặc tạo tệp rồi sửa tiêu đề trong đó",
                       field="title")
        raise ScaffoldError(problems)
    if beside is not None:
        _create(beside[0], beside[1], settings, problems)
    _create(path, text.encode("utf-8"), settings, problems)


def _create(path: Path, data: bytes | Path, settings: Settings, problems: Problems) -> None:
    """Create `path` with `data` (or the bytes of the file `data`)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "xb") as handle:  # "x": never through a link, never over a file
            if isinstance(data, bytes):
                handle.write(data)
            else:
                with open(data, "rb") as source:
                    shutil.copyfileobj(source, handle)
    except FileExistsError:
        problems.error(settings.rel(path), "đã có tệp (hoặc liên kết) tên này, không ghi đè",
                       "đổi tiêu đề hoặc sửa trực tiếp tệp đã có")
        raise ScaffoldError(problems) from None
    except OSError as error:
        problems.error(settings.rel(path), f"không ghi được tệp mới ({error.strerror})",
                       f"kiểm tra thư mục {settings.rel(path.parent)}: phải là một thư mục ghi "
                       "được")
        raise ScaffoldError(problems) from None


def preview_url(title: str, day: date) -> str:
    return "http://127.0.0.1:8000/" + urls.post(day.year, make_slug(title))


# ---- documents and consultations ---------------------------------------------------------------

KINDS = {"bai-viet": "bài viết", "van-ban": "văn bản", "lay-y-kien": "đợt lấy ý kiến"}

DOCUMENT_TEMPLATE = """\
# Văn bản của thư viện văn bản (/van-ban/). Điền các trường còn trống rồi chạy python build.py check
number: {number}   # số, ký hiệu đúng như in trên văn bản, ví dụ "45/KH-UBND"
title: {title}
type: {type}   # mã loại văn bản: {types}
issuer: {issuer}   # cơ quan ban hành, ví dụ UBND tỉnh Nam Định
signed: {date}   # ngày ký
# effective: {date}   # ngày có hiệu lực (mặc định là ngày ký)
# expires: 2030-01-01   # ngày hết hiệu lực (từ ngày này văn bản không còn hiệu lực)
# signer: ""   # người ký
file: {file}   # tệp PDF, DOC(X), XLS(X) hoặc ODT, tính từ thư mục của tệp này
# replaces: []   # mã các văn bản mà văn bản này thay thế
# campaign: ma-phong-trao   # phong trào thi đua (data/campaigns.yml)
topics: []
"""

CONSULTATION_TEMPLATE = """\
# Đợt lấy ý kiến nhân dân về đề nghị khen thưởng (/lay-y-kien/). closes đã được tính để có đủ
# {minimum} ngày làm việc kể từ opens (không tính thứ Bảy, Chủ nhật, ngày lễ, Tết).
title: {title}
# description: "Một đoạn giới thiệu đợt lấy ý kiến"
opens: {opens}
closes: {closes}
# council_date: {council}   # ngày Hội đồng họp xét (sau closes)
issuer: Hội đồng Thi đua – Khen thưởng tỉnh
contact:
  office: {office}
  address: {address}
  phone: {phone}
  email: {email}
# document: ma-van-ban   # văn bản thông báo việc lấy ý kiến (data/documents/)
candidates: []
# Mỗi trường hợp đề nghị một mục: title là mã danh hiệu trong data/titles.yml; unit cho tập thể,
# person cho cá nhân (chỉ ghi name, position, unit), ví dụ:
#   - title: bang-khen-thu-tuong
#     unit: so-tai-chinh
#   - title: chien-si-thi-dua-toan-quoc
#     person: {{name: Nguyễn Thị Hằng, position: Trưởng phòng, unit: so-tai-chinh}}
"""

# The kind a number's code names: "45/KH-UBND" is a plan, "98/2023/NĐ-CP" a decree.
_TYPE_OF_CODE = {"KH": "ke-hoach", "QĐ": "quyet-dinh", "NĐ": "nghi-dinh", "TT": "thong-tu",
                 "NQ": "nghi-quyet", "CT": "chi-thi", "HD": "huong-dan", "TB": "thong-bao",
                 "TTr": "to-trinh", "BC": "bao-cao", "QH": "luat"}


def _quoted(text: str) -> str:
    """A YAML double-quoted string (JSON's escapes are YAML's) of any text."""
    return json.dumps(text, ensure_ascii=False)


def _guess_type(number: str, known: list[str]) -> str:
    for code in re.findall(r"[A-Za-zĐđ]+", number):
        found = _TYPE_OF_CODE.get(code) or _TYPE_OF_CODE.get(code.upper())
        if found in known:
            return found
    return ""


def new_document(settings: Settings, title: str, day: date, number: str = "",
                 kind: str = "", issuer: str = "", file: Path | None = None) -> Path:
    """Write data/documents/YYYY/<number or title>.yml (and copy the file beside it)."""
    problems = Problems()
    title, number, issuer = title.strip(), number.strip(), issuer.strip()
    writable = all([_writable(title, "title", problems), _writable(number, "--number", problems),
                    _writable(issuer, "--issuer", problems), _writable(kind, "--type", problems)])
    slug = (make_slug(number) or make_slug(title)) if writable else "van-ban"
    if not title or not slug:
        problems.error("build.py new", "trích yếu văn bản trống",
                       'ghi trích yếu trong ngoặc kép: python build.py new --kind van-ban '
                       '"Kế hoạch tổ chức phong trào thi đua năm 2027"', field="title")
    reading = Problems()
    types = read_document_type_ids(settings, reading)
    problems.errors += reading.errors
    kind = kind or _guess_type(number, types)
    if kind and kind not in types:
        problems.error("build.py new", f"không có loại văn bản {kind}",
                       f"các loại văn bản: {', '.join(types) or '(chưa có loại nào)'}",
                       field="--type")
    if file is not None and (not file.is_file() or file.suffix.lower() not in FILE_KINDS):
        problems.error("build.py new", f"không có tệp văn bản {file} (PDF, DOC(X), XLS(X), ODT)",
                       "ghi đường dẫn tới tệp văn bản, ví dụ --file ~/Tai-ve/ke-hoach.pdf",
                       field="--file")
    folder = settings.data_dir / "documents" / str(day.year)
    path = folder / f"{slug}.yml"
    published = f"{slug}{file.suffix.lower()}" if file is not None else ""
    _refuse(path, problems, settings)
    if published:
        _refuse(folder / published, problems, settings)
    text = DOCUMENT_TEMPLATE.format(
        number=_quoted(number), title=_quoted(title), type=kind or '""',
        types=", ".join(types), issuer=_quoted(issuer), date=day.isoformat(),
        file=_quoted(published))
    expected = {"title": title, "number": number, "issuer": issuer, "signed": day,
                "type": kind}
    _write_new(path, text, expected, settings, problems, front_matter=False,
               beside=(folder / published, file) if published else None)
    return path


def new_consultation(settings: Settings, title: str, day: date) -> Path:
    """Write data/consultations/YYYY/<title>.yml, open from `day` for ten working days."""
    problems = Problems()
    title = title.strip()
    slug = make_slug(title) if _writable(title, "title", problems) else "lay-y-kien"
    if not title or not slug:
        problems.error("build.py new", "tiêu đề đợt lấy ý kiến trống",
                       'ghi tiêu đề trong ngoặc kép: python build.py new --kind lay-y-kien '
                       '"Lấy ý kiến về đề nghị tặng Cờ thi đua của Chính phủ năm 2026"',
                       field="title")
    calendar = read_calendar(settings, problems)
    closes = calendar.nth_working_day(day, MINIMUM_WORKING_DAYS)
    council = calendar.nth_working_day(closes + timedelta(days=1), 1)
    path = settings.data_dir / "consultations" / str(day.year) / f"{slug}.yml"
    _refuse(path, problems, settings)
    office = settings.extra.get("office") if isinstance(settings.extra.get("office"), dict) else {}
    text = CONSULTATION_TEMPLATE.format(
        minimum=MINIMUM_WORKING_DAYS, title=_quoted(title), opens=day.isoformat(),
        closes=closes.isoformat(), council=council.isoformat(),
        **{field: _quoted(str(office.get(field if field != "office" else "name") or ""))
           for field in ("office", "address", "phone", "email")})
    _write_new(path, text, {"title": title, "opens": day, "closes": closes}, settings, problems,
               front_matter=False)
    return path
