"""`build.py new`: a post file with its front matter filled in and every field explained."""
from __future__ import annotations

import difflib
from datetime import date, datetime
from pathlib import Path

from . import urls
from .config.settings import Settings
from .core.dates import TZ
from .core.problems import Problems
from .core.text import make_slug
from .load.data import read_bloc_ids

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
    slug = make_slug(title)
    if not title or not slug:
        problems.error("build.py new", "tiêu đề bài trống hoặc không có chữ nào",
                       'ghi tiêu đề trong ngoặc kép: python build.py new "Tiêu đề bài viết"',
                       field="title")
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
    if problems:
        raise ScaffoldError(problems)
    if path.exists():
        problems.error(settings.rel(path), "đã có tệp này, không ghi đè",
                       "đổi tiêu đề hoặc sửa trực tiếp tệp đã có")
        raise ScaffoldError(problems)
    path.parent.mkdir(parents=True, exist_ok=True)
    quoted_title = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    path.write_text(TEMPLATE.format(title=quoted_title, date=day.isoformat(),
                                    blocs=", ".join(blocs)), encoding="utf-8")
    return path


def preview_url(title: str, day: date) -> str:
    return "http://127.0.0.1:8000/" + urls.post(day.year, make_slug(title))
