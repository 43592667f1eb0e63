"""What of MkDocs' and Material's own settings the portal honours, checked when mkdocs.yml is
read: plugins, `theme.features`, `theme.palette`.

A plugin either runs as `mkdocs build` runs it (on the standalone pages MkDocs renders, and
its events fired in the same order), or is left out of the build with a warning that says why
and what the portal offers instead. Theme settings the portal's pages cannot honour are named
in a warning too. Nothing is dropped silently.
"""
from __future__ import annotations

from functools import cache
from importlib.metadata import entry_points
from typing import Any

from ..core.problems import Problems

PORTAL_PLUGIN = "thidua"

_MINIFY_WHY = ("thu gọn HTML làm hỏng bước kiểm tra liên kết của cổng và đổi khung trang của "
               "các trang tự tạo")
# Plugins left out: why, and what to use instead. Names as mkdocs.yml writes them; Material's
# own may be written with its prefix (material/blog).
LEFT_OUT = {
    "search": ("cổng có trang tìm kiếm riêng (/tim-kiem/, ô tìm kiếm ở đầu mỗi trang) tìm trong "
               "mọi bài viết và dữ liệu; tìm kiếm của Material chỉ thấy các trang đứng riêng",
               "bỏ dòng search khỏi plugins"),
    "tags": ("cổng tự làm trang từ khoá: trường tags: của mỗi bài, trang /the/ liệt kê các bài "
             "theo từ khoá; plugin tags chỉ thấy các trang đứng riêng",
             "ghi tags: [từ khoá] trong phần đầu bài viết và bỏ dòng tags khỏi plugins"),
    "blog": ("mục Tin tức của cổng (content/posts/) đã là blog: danh sách, lưu trữ theo năm, "
             "chuyên mục, nguồn tin", "viết bài trong content/posts/ và bỏ dòng blog khỏi plugins"),
    "rss": ("cổng tự ghi /rss.xml, /atom.xml và nguồn tin của từng khối, chuyên mục, đủ mọi bài "
            "viết", "bỏ dòng rss khỏi plugins"),
    "social": ("ảnh chia sẻ lên mạng xã hội của một bài là ảnh của bài (trường image); plugin "
               "social chỉ làm ảnh cho các trang đứng riêng và cần tải phông chữ khi dựng",
               "đặt image: cho bài viết và bỏ dòng social khỏi plugins"),
    "i18n": ("cổng chỉ có một ngôn ngữ, tiếng Việt; các trang tự tạo (tin tức, khối, khen "
             "thưởng) không có bản dịch", "bỏ dòng i18n khỏi plugins"),
    "macros": ("nội dung bài viết không chạy mã Jinja ({{ }}, {% %}): một phương ngữ Markdown "
               "cho cả bài viết và trang đứng riêng", "viết nội dung tĩnh, hoặc đặt giá trị "
               "dùng chung trong extra: của mkdocs.yml để giao diện in ra; bỏ dòng macros"),
    "privacy": ("plugin privacy tải phông chữ, ảnh, mã từ Internet khi dựng; cổng không dùng "
                "tài nguyên bên ngoài (font: false, không tải mã của bên thứ ba)",
                "bỏ dòng privacy khỏi plugins"),
    "offline": ("cổng dùng địa chỉ dạng thư mục (/tin-tuc/2024/ten-bai/) và cần máy chủ web; "
                "bản đọc không cần mạng (file://) không dùng được",
                "xem trước bằng python build.py serve; bỏ dòng offline khỏi plugins"),
    "minify_html": (_MINIFY_WHY, "bỏ dòng minify_html khỏi plugins; máy chủ web nén "
                                 "gzip/brotli các trang"),
    "info": ("plugin info của Material dùng để gửi báo lỗi cho Material: nó tải thông tin từ "
             "Internet khi dựng và dừng bản dựng", "bỏ dòng info khỏi plugins"),
    "group": ("các plugin trong group không được cổng kiểm tra như các plugin khác",
              "ghi từng plugin trực tiếp dưới plugins: (mỗi plugin tự bật, tắt bằng tuỳ chọn "
              "enabled:) và bỏ dòng group"),
    "projects": ("cổng là một trang web duy nhất, không ghép nhiều dự án MkDocs",
                 "dựng mỗi dự án riêng và liên kết tới nhau; bỏ dòng projects khỏi plugins"),
    "optimize": ("ảnh của cổng đã được thu nhỏ và nén khi dựng (WebP, nhiều cỡ), không cần "
                 "pngquant", "bỏ dòng optimize khỏi plugins"),
}
# Options of a working plugin that break the portal's pages: turned off, with a warning.
OPTIONS_OFF = {
    ("minify", "minify_html"): (
        _MINIFY_WHY, "bỏ minify_html (minify_js, minify_css vẫn dùng được); máy chủ web nén "
        "gzip/brotli các trang"),
}

# Material features: those the portal's pages honour (navigation.tabs is its top bar, the
# others are done by its own scripts, thidua.js), and why each other one does not apply.
FEATURES_WORK = {
    "navigation.tabs": "thanh điều hướng trên cùng của cổng",
    "navigation.top": "nút “Lên đầu trang” (thidua.js)",
    "content.code.copy": "nút “Sao chép” trên khối mã (thidua.js)",
    "content.action.edit": "nút sửa trang trên các trang đứng riêng (cần edit_uri)",
    "content.action.view": "nút xem mã nguồn trên các trang đứng riêng (cần edit_uri)",
}
_NEEDS_BUNDLE = "cần bộ mã JavaScript của Material, cổng không tải bộ mã này (trang nhẹ hơn " \
                "114 KB)"
_NO_SIDEBAR = "cổng không có thanh điều hướng bên trái; các mục nằm trên thanh điều hướng " \
              "trên cùng"
FEATURES_NOT = {
    "navigation.instant": _NEEDS_BUNDLE, "navigation.instant.prefetch": _NEEDS_BUNDLE,
    "navigation.instant.progress": _NEEDS_BUNDLE, "navigation.instant.preview": _NEEDS_BUNDLE,
    "navigation.tracking": _NEEDS_BUNDLE, "toc.follow": _NEEDS_BUNDLE,
    "header.autohide": _NEEDS_BUNDLE, "announce.dismiss": _NEEDS_BUNDLE,
    "content.tabs.link": _NEEDS_BUNDLE, "content.code.annotate": _NEEDS_BUNDLE,
    "content.code.select": _NEEDS_BUNDLE, "content.tooltips": _NEEDS_BUNDLE,
    "content.footnote.tooltips": _NEEDS_BUNDLE,
    "search.highlight": "cổng dùng trang tìm kiếm riêng (/tim-kiem/)",
    "search.share": "cổng dùng trang tìm kiếm riêng (/tim-kiem/)",
    "search.suggest": "cổng dùng trang tìm kiếm riêng (/tim-kiem/)",
    "navigation.tabs.sticky": "thanh điều hướng của cổng thay cho thanh tab của Material",
    "navigation.sections": _NO_SIDEBAR, "navigation.expand": _NO_SIDEBAR,
    "navigation.indexes": _NO_SIDEBAR, "navigation.prune": _NO_SIDEBAR,
    "navigation.path": "các trang của cổng có đường dẫn vị trí riêng (Trang chủ › Tin tức › …)",
    "navigation.footer": "chân trang của cổng (cơ quan chủ quản, thống kê truy cập) thay cho "
                         "chân trang của Material",
    "toc.integrate": _NO_SIDEBAR,
}
PALETTE_WHY = {
    "primary": "màu chính của cổng cố định (đỏ #a50e0e, đã kiểm tra độ tương phản WCAG AA)",
    "accent": "màu nhấn của cổng cố định (đã kiểm tra độ tương phản WCAG AA)",
    "scheme": "cổng có chế độ “Tương phản cao” riêng (nút ở đầu trang) thay cho nền tối",
    "toggle": "nút đổi bảng màu cần bộ mã JavaScript của Material; cổng có nút “Tương phản "
              "cao” riêng",
    "media": "chỉ dùng được với nhiều bảng màu và nút đổi bảng màu",
}
PALETTE_FIX = ("bỏ dòng này; muốn đổi màu, thêm một tệp CSS vào extra_css đặt "
               "--md-primary-fg-color và kiểm tra độ tương phản")


def plugin_name(entry_name: str) -> str:
    """A plugin's name without Material's prefix: material/blog → blog."""
    return entry_name.split("/", 1)[1] if entry_name.startswith("material/") else entry_name


def plugin_entries(raw: dict) -> list[dict[str, Any]]:
    """`plugins:` as a list of {name: options}, whichever form mkdocs.yml uses."""
    plugins = raw.get("plugins")
    if plugins is None:
        return []
    if isinstance(plugins, dict):
        return [{name: opts or {}} for name, opts in plugins.items()]
    return [p if isinstance(p, dict) else {p: {}} for p in plugins]


def engine_plugins(raw: dict) -> list[dict[str, Any]]:
    """The plugins MkDocs runs: mkdocs.yml's, less the portal's own and those left out, with
    the options that break the portal's pages turned off."""
    kept = []
    for entry in plugin_entries(raw):
        (name, options), = entry.items()
        short = plugin_name(str(name))
        if short == PORTAL_PLUGIN or short in LEFT_OUT:
            continue
        options = dict(options) if isinstance(options, dict) else {}
        for (plugin, option) in OPTIONS_OFF:
            if plugin == short and options.get(option):
                options[option] = False
        kept.append({name: options})
    return kept


def check_material_settings(raw: dict, config_file: str, problems: Problems) -> None:
    """Warnings for every plugin left out, plugin option turned off, feature or palette
    option the portal's pages cannot honour."""
    _check_plugins(raw, config_file, problems)
    theme = raw.get("theme")
    if isinstance(theme, dict):
        _check_features(theme, config_file, problems)
        _check_palette(theme, config_file, problems)


def _line(mapping: Any, key: Any) -> int | None:
    return mapping.line_of(key) if hasattr(mapping, "line_of") else None


@cache
def installed_plugins() -> frozenset[str]:
    """The plugin names MkDocs can load here (its `mkdocs.plugins` entry points)."""
    return frozenset(point.name for point in entry_points(group="mkdocs.plugins"))


def _check_plugins(raw: dict, config_file: str, problems: Problems) -> None:
    plugins = raw.get("plugins")
    for index, entry in enumerate(plugin_entries(raw)):
        (name, options), = entry.items()
        short = plugin_name(str(name))
        line = _line(plugins, name if isinstance(plugins, dict) else index)
        if short not in LEFT_OUT and short != PORTAL_PLUGIN \
                and str(name) not in installed_plugins():
            problems.error(config_file, f"plugin {name} chưa được cài trên máy dựng trang",
                           f"cài gói chứa plugin (thường là pip install mkdocs-{short}-plugin "
                           f"hoặc mkdocs-{short}; xem trang của plugin) và thêm gói vào "
                           "requirements.txt, hoặc bỏ dòng này khỏi plugins",
                           line=line, field="plugins")
        if short in LEFT_OUT:
            why, instead = LEFT_OUT[short]
            problems.warn(config_file, f"plugin {name} không được dùng: {why}", instead,
                          line=line, field="plugins")
        for (plugin, option), (why, instead) in OPTIONS_OFF.items():
            if plugin == short and isinstance(options, dict) and options.get(option):
                problems.warn(config_file, f"tuỳ chọn {option} của plugin {name} được tắt: "
                              f"{why}", instead, line=_line(options, option),
                              field=f"plugins.{name}.{option}")


def _check_features(theme: dict, config_file: str, problems: Problems) -> None:
    features = theme.get("features") or []
    if not isinstance(features, list):
        return
    for index, feature in enumerate(features):
        if feature in FEATURES_WORK:
            continue
        why = FEATURES_NOT.get(feature, "không phải một tính năng của Material mà cổng biết")
        problems.warn(config_file, f"tính năng {feature} không áp dụng cho các trang của cổng: "
                      f"{why}", "bỏ dòng này khỏi theme.features",
                      line=_line(features, index), field="theme.features")


def _check_palette(theme: dict, config_file: str, problems: Problems) -> None:
    palette = theme.get("palette")
    palettes = palette if isinstance(palette, list) else [palette] if palette else []
    if isinstance(palette, list) and len(palette) > 1:
        problems.warn(config_file, "chỉ bảng màu đầu tiên được dùng: "
                      + PALETTE_WHY["toggle"], "giữ một bảng màu", line=_line(theme, "palette"),
                      field="theme.palette")
    for option in palettes[:1]:
        if not isinstance(option, dict):
            continue
        for key, value in option.items():
            if key == "scheme" and value in (None, "default"):
                continue
            why = PALETTE_WHY.get(key, "không phải một tuỳ chọn bảng màu của Material")
            problems.warn(config_file, f"theme.palette.{key}: {value} không áp dụng cho các "
                          f"trang của cổng: {why}", PALETTE_FIX, line=_line(option, key),
                          field=f"theme.palette.{key}")
