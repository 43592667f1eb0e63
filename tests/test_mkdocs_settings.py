"""MkDocs' and Material's own settings on the portal: every plugin a Material user commonly
adds either runs (with its events, as `mkdocs build` fires them) or is left out with a warning
naming it; theme features and palette options the portal's pages cannot honour are named;
theme.language: vi keeps the portal's Vietnamese; a `nav:` keeps the portal's sections."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from lxml import html as lxml_html

from conftest import REPO, small_site
from thidua.config.material import FEATURES_NOT, FEATURES_WORK, LEFT_OUT
from thidua.config.settings import read_settings
from thidua.core.problems import SiteError

PLUGINS = """\
      per_page: 10
  - search
  - tags
  - blog
  - rss
  - social
  - glightbox
  - minify:
      minify_html: true
      minify_js: true
      js_files: [js/ban-do.js]
  - redirects:
      redirect_maps:
        cu/gioi-thieu.md: gioi-thieu.md
  - git-revision-date-localized:
      fallback_to_build_date: true
  - git-authors
  - i18n:
      languages:
        - locale: vi
          default: true
          name: Tiếng Việt
  - awesome-pages
  - macros
  - privacy
  - offline
"""


def git_repository(root) -> None:
    for command in (["init", "-q"], ["add", "-A"],
                    ["-c", "user.name=Biên tập", "-c", "user.email=bt@example.vn", "commit",
                     "-qm", "Trang mẫu"]):
        subprocess.run(["git", *command], cwd=root, check=True, capture_output=True)


def test_every_plugin_runs_or_is_named(tmp_path):
    site = small_site(tmp_path / "portal")
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("      per_page: 10\n", PLUGINS),
                      encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8") + "extra_javascript: [js/ban-do.js]\n",
                      encoding="utf-8")
    site.write("content/js/ban-do.js", "/* Bản đồ */\nfunction veBanDo () {\n  return 1;\n}\n")
    site.post("tin", {"title": "Tin", "date": "2024-01-22"}, "Đoạn.\n\n![Ảnh](images/anh.gif)\n")
    site.write("content/gioi-thieu.md", "---\ntitle: Giới thiệu\n---\n\n# Giới thiệu\n\n"
               "Nội dung ![Ảnh](https://thidua.example.vn/anh/hoi-nghi.jpg)\n")
    git_repository(site.root)
    result = site.build()
    assert result.code == 0, result.text
    assert "Traceback" not in result.text
    lines = config.read_text(encoding="utf-8").split("\n")
    for name in ("search", "tags", "blog", "rss", "social", "i18n", "macros", "privacy",
                 "offline"):
        line = lines.index(f"  - {name}" if f"  - {name}" in lines else f"  - {name}:") + 1
        assert f"mkdocs.yml:{line}: trường plugins: plugin {name} không được dùng: " \
               f"{LEFT_OUT[name][0]}" in result.err, name
    assert "tuỳ chọn minify_html của plugin minify được tắt" in result.err
    # the plugins that run did their work, on the standalone pages
    page = site.page("gioi-thieu/")
    assert "glightbox.min.js" in page and 'class="glightbox"' in page
    assert (site.out / "assets/javascripts/glightbox.min.js").is_file()
    date = lxml_html.fromstring(page).xpath(
        "//span[contains(@class,'git-revision-date-localized-plugin-date')]/text()")
    assert date and re.search(r"tháng \d+", date[0]), date  # in Vietnamese, not escaped
    assert "&lt;span" not in page
    authors = lxml_html.fromstring(page).xpath(
        "//span[@class='md-source-file__fact'][.//span[@title='Người đóng góp']]//nav")
    assert authors and "Biên tập" in authors[0].text_content(), page  # git-authors found git
    assert 'content="0; url=../../gioi-thieu/"' in site.page("cu/gioi-thieu/")
    script = (site.out / "js/ban-do.min.js").read_text(encoding="utf-8")
    assert script.startswith("function veBanDo(){")  # minified, and every page links it
    assert 'src="../../../js/ban-do.min.js"' in site.page("tin-tuc/2024/tin/")
    # and the portal's own pages are the portal's: its feeds, not rss's; no blog, no tags
    assert "<title>Tin - " in site.page("tin-tuc/2024/tin/")
    assert not (site.out / "search/search_index.json").exists()
    assert not (site.out / "feed_rss_created.xml").exists()


def read(tmp_path, theme: str):
    path = tmp_path / "mkdocs.yml"
    (tmp_path / "content").mkdir(exist_ok=True)
    path.write_text("site_name: Cổng\nsite_url: https://thidua.example.vn/\ndocs_dir: content\n"
                    "theme:\n  name: material\n" + theme, encoding="utf-8")
    return {str(w.field): w for w in read_settings(path).warnings}


def test_features_that_do_not_apply_are_named(tmp_path):
    features = [*FEATURES_WORK, *FEATURES_NOT, "navigation.khong-co"]
    warnings = read(tmp_path, "  features:\n" + "".join(f"    - {f}\n" for f in features))
    named = [w.message for w in warnings.values()]
    found = {w.message.split()[2] for w in read_settings(tmp_path / "mkdocs.yml").warnings}
    assert found == {*FEATURES_NOT, "navigation.khong-co"}, named
    warning = next(w for w in read_settings(tmp_path / "mkdocs.yml").warnings
                   if "navigation.instant " in w.message)
    assert warning.line == 7 + features.index("navigation.instant") and \
        "JavaScript của Material" in warning.message


def test_palette_options_that_do_not_apply_are_named(tmp_path):
    warnings = read(tmp_path, "  palette:\n    - scheme: slate\n      primary: indigo\n"
                              "      toggle:\n        icon: material/brightness-4\n"
                              "    - scheme: default\n")
    assert set(warnings) == {"theme.palette", "theme.palette.scheme", "theme.palette.primary",
                             "theme.palette.toggle"}, warnings
    assert warnings["theme.palette.primary"].line == 8
    assert not read(tmp_path, "  palette:\n    scheme: default\n")


def test_language_vi_and_a_nav_keep_the_portals_vietnamese_and_sections(site):
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  language: vi\n", "  language: vi\n  features:\n    - navigation.top\n")
        + "nav:\n  - Liên hệ: lien-he.md\n  - Giới thiệu: gioi-thieu.md\n", encoding="utf-8")
    site.write("content/gioi-thieu.md", "# Giới thiệu\n\nNội dung.\n")
    site.write("content/lien-he.md", "# Liên hệ\n\nNội dung.\n")
    site.post("tin", {"title": "Tin", "date": "2024-01-22"})
    result = site.build()
    assert result.code == 0, result.text
    assert not result.err.strip(), result.err  # nothing here that does not apply
    for url in ("", "gioi-thieu/", "tin-tuc/2024/tin/"):
        tree = lxml_html.fromstring(site.page(url))
        items = [a.text for a in tree.xpath("//nav[@class='thidua-nav']//a")]
        assert items == ["Trang chủ", "Tin tức", "Khối thi đua", "Khen thưởng", "Liên hệ",
                         "Giới thiệu"], (url, items)
        assert tree.xpath("//html/@lang") == ["vi"]
        # the portal's completion of Material's Vietnamese ("Trở lại mục lục" in Material's)
        assert tree.xpath("//button[contains(@class,'md-top')]")[0].text_content().strip() \
            == "Lên đầu trang"


def test_plain_mkdocs_build_and_serve_point_to_build_py(site, tmp_path):
    """`mkdocs build` and `mkdocs serve` refuse in one line that names build.py, without a
    traceback. The plugin's entry point is given here as an installed package gives it."""
    info = tmp_path / "entry" / "thidua_plugin_under_test-0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: thidua-plugin-under-test\n"
                                   "Version: 0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[mkdocs.plugins]\nthidua = thidua.engine.mkdocs:ThiDuaPlugin\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(info.parent)]),
           "NO_MKDOCS_2_WARNING": "1"}
    site.post("tin", {"title": "Tin", "date": "2024-01-22"})
    for command in (["build"], ["serve", "--dev-addr", "127.0.0.1:8799"]):
        process = subprocess.run([sys.executable, "-m", "mkdocs", *command], cwd=site.root,
                                 env=env, capture_output=True, text=True, timeout=120)
        output = process.stdout + process.stderr
        assert process.returncode != 0, output
        assert "Traceback" not in output
        errors = [line for line in output.splitlines() if line.startswith("ERROR")]
        assert errors == ["ERROR   -  Cổng thông tin thi đua được dựng bằng python build.py "
                          "build (xem trước: python build.py serve), không bằng lệnh mkdocs."], \
            output
    assert not site.out.exists()


def test_plugins_not_installed_are_all_named_with_their_lines(tmp_path):
    path = tmp_path / "mkdocs.yml"
    (tmp_path / "content").mkdir()
    path.write_text("site_name: Cổng\nsite_url: https://thidua.example.vn/\ndocs_dir: content\n"
                    "theme:\n  name: material\nplugins:\n  - thidua\n  - khong-co-plugin-nay\n"
                    "  - material/info\n  - group:\n      plugins: [rss]\n  - glightbox\n"
                    "  - plugin-thu-hai-khong-co:\n      enabled: true\n", encoding="utf-8")
    with pytest.raises(SiteError) as raised:
        read_settings(path)
    problems = raised.value.problems
    assert [(p.line, p.message) for p in problems.errors] == [
        (8, "plugin khong-co-plugin-nay chưa được cài trên máy dựng trang"),
        (13, "plugin plugin-thu-hai-khong-co chưa được cài trên máy dựng trang")]
    assert "pip install" in problems.errors[0].fix
    assert [(p.line, p.message.split(":")[0]) for p in problems.warnings] == [
        (9, "plugin material/info không được dùng"), (10, "plugin group không được dùng")]
