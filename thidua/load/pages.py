"""Standalone pages of content/ (Giới thiệu, Liên hệ…): MkDocs renders them; what is checked
here, before, is what the engine would not report itself."""
from __future__ import annotations

import os
from pathlib import Path

from ..config.settings import Settings
from ..core.problems import Problems
from ..core.yamlsource import split_front_matter
from ..markdown.render import nested_within_bounds
from .files import decode, read_file, read_yaml_file
from .posts import POST_SUFFIXES


LANGUAGES = ("vi", "en")  # `lang:` of a standalone page: the portal's and the English page's


def check_standalone_pages(settings: Settings, problems: Problems) -> None:
    """Standalone pages (content/*.md outside posts/) are MkDocs pages. Each is read here as
    every file is (load/files.py), so that one MkDocs could not read, or whose front matter is
    broken or unbounded YAML, is reported with the others; the front-matter keys starting with
    thidua_ are the generator's own (thidua_head goes into <head> unescaped), so a page that
    sets one is an error; `lang:` is vi (the default) or en."""
    for folder, dirs, files in os.walk(settings.content_dir):
        if folder == str(settings.content_dir):
            dirs[:] = [name for name in dirs if name != "posts"]
        for name in sorted(files):
            path = Path(folder) / name
            if name.endswith(POST_SUFFIXES) and not path.is_symlink():  # (never published:
                _check_page(path, settings, problems)  # report_linked_files says so)


def _check_page(path: Path, settings: Settings, problems: Problems) -> None:
    data = read_file(path, settings, problems)
    rel = settings.rel(path)
    text = None if data is None else decode(data, rel, problems)
    if text is None:
        return
    parts = split_front_matter(text)
    body, body_line = (parts[1], parts[2]) if parts else (text, 1)
    nested_within_bounds(body, rel, body_line, problems)  # MkDocs' Markdown would not cope
    if parts is None:
        return
    meta = read_yaml_file(path, settings, problems, line_offset=1, text=parts[0])
    if isinstance(meta, dict) and meta.get("lang", "vi") not in LANGUAGES:
        problems.error(rel, f"ngôn ngữ lang: {meta['lang']} không được hỗ trợ",
                       "ghi lang: en cho trang tiếng Anh, hoặc bỏ dòng lang (trang tiếng Việt)",
                       line=meta.line_of("lang"), field="lang")
    for key in meta if isinstance(meta, dict) else ():
        if str(key).startswith("thidua_"):
            problems.error(rel, f"trường {key} do trình dựng trang tự đặt, không được ghi "
                           "trong trang", f"xóa dòng {key}: khỏi phần đầu trang",
                           line=meta.line_of(key), field=str(key))
