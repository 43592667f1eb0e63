"""Standalone pages of content/ (Giới thiệu, Liên hệ…): MkDocs renders them; what is checked
here, before, is what the engine would not report itself."""
from __future__ import annotations

from ..config.settings import Settings
from ..core.files import standalone_pages
from ..core.problems import Problems
from ..core.yamlsource import YamlSyntaxError, load_yaml, split_front_matter


LANGUAGES = ("vi", "en")  # `lang:` of a standalone page: the portal's and the English page's


def check_standalone_pages(settings: Settings, problems: Problems) -> None:
    """Standalone pages (content/*.md outside posts/) are MkDocs pages; the front-matter keys
    starting with thidua_ are the generator's own (thidua_head goes into <head> unescaped), so
    a page that sets one is an error; `lang:` is vi (the default) or en."""
    for path in standalone_pages(settings.content_dir):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # MkDocs reports what it cannot read
        if "thidua_" not in text and "lang" not in text:
            continue
        parts = split_front_matter(text)
        if parts is None:
            continue
        try:
            meta = load_yaml(parts[0], 1)
        except YamlSyntaxError:
            continue  # MkDocs reads it as a page without front matter
        if isinstance(meta, dict) and meta.get("lang", "vi") not in LANGUAGES:
            problems.error(settings.rel(path), f"ngôn ngữ lang: {meta['lang']} không được "
                           "hỗ trợ", "ghi lang: en cho trang tiếng Anh, hoặc bỏ dòng lang "
                           "(trang tiếng Việt)", line=meta.line_of("lang"), field="lang")
        for key in meta if isinstance(meta, dict) else ():
            if str(key).startswith("thidua_"):
                problems.error(settings.rel(path), f"trường {key} do trình dựng trang tự "
                               "đặt, không được ghi trong trang",
                               f"xóa dòng {key}: khỏi phần đầu trang",
                               line=meta.line_of(key), field=str(key))
