"""Rebuilds: whatever changed, a rebuild that reuses the last build's work gives exactly the
site a clean build of the same files gives, and a build that changes nothing writes nothing."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from conftest import BLOCS, GIF, SiteFolder


def tree(folder: Path) -> dict[str, str]:
    """Files with their digests, and folders (a page removed must not leave its folder)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            if p.is_file() else "folder" for p in sorted(folder.rglob("*"))}


def clean_build(site: SiteFolder, tmp_path: Path, name: str) -> dict[str, str]:
    """The same sources built from scratch elsewhere (no cache, no previous site)."""
    copy = tmp_path / name
    shutil.copytree(site.root, copy, ignore=shutil.ignore_patterns("site", ".cache", ".site*"))
    result = SiteFolder(copy).build()
    assert result.code == 0, result.text
    return tree(copy / "site")


def assert_same_as_clean(site: SiteFolder, tmp_path: Path, name: str) -> None:
    built = tree(site.out)
    clean = clean_build(site, tmp_path, name)
    assert built.keys() == clean.keys(), (built.keys() ^ clean.keys())
    assert [path for path in built if built[path] != clean[path]] == []


def post(site: SiteFolder, n: int, **front) -> None:
    site.post(f"2024-03-{n:02d}-tin", {"title": f"Tin số {n}", "date": f"2024-03-{n:02d}",
                                       "blocs": ["khoi-tham-muu-tong-hop"], **front},
              f"Đoạn đầu của tin {n}.\n\n## Chi tiết\n\nNội dung tin {n}.\n")


@pytest.fixture
def built(site) -> SiteFolder:
    for n in range(1, 15):
        post(site, n, **({"image": "images/anh.gif", "image_alt": "Ảnh"} if n % 4 == 0 else {}))
    site.write("content/gioi-thieu.md", "---\ntitle: Giới thiệu\n---\n\nXem [tin số 3](posts/2024-03-03-tin.md).\n")
    result = site.build()
    assert result.code == 0 and "Đã dựng" in result.out, result.text
    return site


def test_nothing_changed_writes_nothing(built):
    before = {p: p.stat().st_mtime_ns for p in built.out.rglob("*") if p.is_file()}
    result = built.build()
    assert result.code == 0 and "Không có gì thay đổi" in result.out, result.text
    assert {p: p.stat().st_mtime_ns for p in built.out.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("change", [
    "body", "title", "linked title", "new post", "deleted post", "draft", "data", "picture",
    "standalone page", "template", "tags", "markdown extensions"])
def test_a_rebuild_after_a_change_equals_a_clean_build(built, tmp_path, change):
    posts = built.root / "content/posts"
    if change == "body":
        (posts / "2024-03-05-tin.md").write_text(
            (posts / "2024-03-05-tin.md").read_text() + "\nMột câu thêm vào.\n")
    elif change == "title":  # moves the post: lists, related news and feeds follow
        post(built, 4, title="Tin số 4 đã đổi tên")
    elif change == "linked title":  # the standalone page linking to it changes too: MkDocs
        post(built, 3, title="Tin số 3 đã đổi tên")
    elif change == "new post":
        post(built, 20, featured=True)
    elif change == "deleted post":
        (posts / "2024-03-07-tin.md").unlink()
    elif change == "draft":
        post(built, 8, draft=True)
    elif change == "data":
        blocs = [dict(BLOCS[0], description="Mô tả mới của khối.")]
        built.data("blocs.yml", {"blocs": blocs})
    elif change == "picture":
        built.write("content/posts/images/moi.gif", GIF)
        post(built, 9, image="images/moi.gif", image_alt="Ảnh mới")
    elif change == "standalone page":
        built.write("content/lien-he.md", "---\ntitle: Liên hệ\n---\n\nĐiện thoại: 0228 000 000.\n")
    elif change == "template":  # the theme's part is made again, by MkDocs
        built.write("overrides/partials/copyright.html", "<p>Bản quyền: Cổng thử nghiệm</p>\n")
        mkdocs = built.root / "mkdocs.yml"
        mkdocs.write_text(mkdocs.read_text().replace("  font: false\n",
                                                     "  font: false\n  custom_dir: overrides\n"))
    elif change == "tags":  # tag pages come and go with the posts that name them
        post(built, 6, tags=["Giao ước thi đua"])
    elif change == "markdown extensions":  # every post, its feed entries and search again
        built.post("2024-03-20-tin", {"title": "Tin có ghi chú", "date": "2024-03-20"},
                   'Đoạn đầu.\n\n!!! note "Lưu ý"\n    Ghi chú.\n')
        assert built.build().code == 0
        mkdocs = built.root / "mkdocs.yml"
        mkdocs.write_text(mkdocs.read_text() + "markdown_extensions:\n  - admonition\n")
    result = built.build()
    assert result.code == 0, result.text
    expected = "Đã dựng" if change in ("linked title", "standalone page", "template",
                                       "markdown extensions") else "Đã cập nhật"
    assert expected in result.out, result.out
    assert_same_as_clean(built, tmp_path, "clean")


def test_a_site_without_its_marker_is_built_again(built, tmp_path):
    (built.out / "tin-tuc/index.html").write_text("sửa tay")
    (built.root / ".site.thidua-build").unlink()  # e.g. a site put back from elsewhere
    post(built, 2, title="Tin số 2 sửa")
    result = built.build()
    assert result.code == 0 and "Đã dựng" in result.out, result.text
    assert_same_as_clean(built, tmp_path, "clean")


def test_many_posts_go_through_the_parallel_paths(site, tmp_path):
    for n in range(1, 251):  # enough to share reading, writing and search out between cores
        site.post(f"tin-{n:03d}", {"title": f"Tin thứ {n}", "date": f"20{10 + n % 15}-0{1 + n % 9}-1{n % 10}"},
                  f"Đoạn {n} về thi đua, khen thưởng.\n\n## Mục\n\n- một\n- hai\n")
    assert site.build().code == 0
    site.post("tin-007", {"title": "Tin thứ 7 sửa", "date": "2017-08-17"}, "Đoạn mới.\n")
    result = site.build()
    assert result.code == 0 and "Đã cập nhật" in result.out, result.text
    assert_same_as_clean(site, tmp_path, "clean")


@pytest.mark.parametrize("edit", ["sentence", "link", "heading"])
def test_a_quick_rebuild_of_a_mended_body_equals_a_clean_build(built, tmp_path, edit):
    path = built.root / "content/posts/2024-03-04-tin.md"  # has a picture: in every feed kind
    text = path.read_text()
    addition = {"sentence": "\nMột câu sửa lỗi chính tả, thêm vào cuối bài.\n",
                "link": "\nXem thêm [tin số 2](2024-03-02-tin.md) và ![ảnh](images/anh.gif).\n",
                "heading": "\n## Mục mới & \"đặc biệt\"\n\nNội dung <mục> mới.\n"}[edit]
    path.write_text(text + addition)
    result = built.build()
    assert result.code == 0 and "Đã cập nhật nhanh" in result.out, result.text
    assert_same_as_clean(built, tmp_path, "clean")
    path.write_text(text)  # and back again
    assert "Đã cập nhật nhanh" in built.build().out
    assert_same_as_clean(built, tmp_path, "clean-again")


@pytest.mark.parametrize("edit", ["first paragraph", "title", "broken link"])
def test_changes_beyond_the_body_take_the_normal_way(built, tmp_path, edit):
    path = built.root / "content/posts/2024-03-06-tin.md"
    text = path.read_text()
    if edit == "first paragraph":  # it is the summary lists show
        path.write_text(text.replace("Đoạn đầu của tin 6.", "Đoạn đầu mới của tin 6."))
    elif edit == "title":
        path.write_text(text.replace("title: Tin số 6", "title: Tin số sáu"))
    else:
        path.write_text(text + "\n[hỏng](khong-co.md)\n")
    result = built.build()
    if edit == "broken link":  # reported as usual, and the site is left as it was
        assert result.code == 1 and "khong-co.md" in result.err
        return
    assert result.code == 0 and "Đã cập nhật ở" in result.out, result.text
    assert_same_as_clean(built, tmp_path, "clean")


def test_a_post_follows_the_new_address_of_a_post_it_links_to(built, tmp_path):
    # Tin số 2 is in no list Tin số 20 shows (other bloc, other category) and no standalone
    # page links to it: only the link in the body ties the two pages.
    built.post("2023-01-05-xa", {"title": "Tin số 20", "date": "2023-01-05",
                                 "category": "khen-thuong"},
               "Xem [tin số 2](2024-03-02-tin.md).\n")
    assert built.build().code == 0
    assert 'href="../../2024/tin-so-2/"' in built.page("tin-tuc/2023/tin-so-20/")
    post(built, 2, slug="tin-hai-moi")
    result = built.build()
    assert result.code == 0 and "Đã cập nhật ở" in result.out, result.text
    assert 'href="../../2024/tin-hai-moi/"' in built.page("tin-tuc/2023/tin-so-20/")
    assert_same_as_clean(built, tmp_path, "clean")


def test_a_quick_rebuild_reverted_along_with_another_change_equals_a_clean_build(built, tmp_path):
    path = built.root / "content/posts/2024-03-05-tin.md"
    text = path.read_text()
    path.write_text(text + "\nMột câu thêm vào rồi bỏ đi.\n")
    assert "Đã cập nhật nhanh" in built.build().out
    path.write_text(text)  # back to what the last full build wrote…
    post(built, 1, title="Tin số 1 đổi tên")  # …with a change that needs a normal build
    result = built.build()
    assert result.code == 0 and "Đã cập nhật ở" in result.out, result.text
    assert "Một câu thêm vào" not in built.page("tin-tuc/2024/tin-so-5/")
    assert_same_as_clean(built, tmp_path, "clean")


def test_a_standalone_page_keeps_the_indentation_of_its_code(built):
    built.write("content/huong-dan.md", "---\ntitle: Hướng dẫn\n---\n\nVí dụ:\n\n    blocs:\n"
                                        "      - id: khoi-kinh-te\n        name: Khối Kinh tế\n")
    assert built.build().code == 0
    code = lxml_html.fromstring(built.page("huong-dan/")).xpath("//pre")[0].text_content()
    assert "blocs:\n  - id: khoi-kinh-te\n    name: Khối Kinh tế" in code


def test_a_standalone_page_at_a_generated_address_is_an_editor_error(built):
    before = tree(built.out)
    built.write("content/tin-tuc.md", "---\ntitle: Tin tức riêng\n---\n\nTrang riêng.\n")
    result = built.build()
    assert result.code == 1, result.text
    assert "content/tin-tuc.md" in result.err and "/tin-tuc/" in result.err
    assert "Traceback" not in result.err
    assert tree(built.out) == before


def test_a_post_deleted_after_a_quick_rebuild_leaves_the_site(built, tmp_path):
    path = built.root / "content/posts/2024-03-05-tin.md"
    path.write_text(path.read_text() + "\nMột câu thêm.\n")
    assert "Đã cập nhật nhanh" in built.build().out
    path.unlink()
    result = built.build()
    assert result.code == 0, result.text
    assert not built.exists("tin-tuc/2024/tin-so-5/")
    assert_same_as_clean(built, tmp_path, "clean")


def pages(site: SiteFolder) -> dict[str, tuple[int, bytes]]:
    """Each page of the built site: its file's inode (a page written again is a new file) and
    its bytes."""
    return {p.parent.relative_to(site.out).as_posix(): (p.stat().st_ino, p.read_bytes())
            for p in site.out.rglob("index.html")}


@pytest.mark.parametrize("change", ["unit name", "body template"])
def test_an_edit_writes_again_only_the_pages_it_changes(built, tmp_path, change):
    """A data record or a body template edited: the pages that show it are written again,
    and no other (data files and templates no longer stand for every page)."""
    from conftest import REPO, UNITS

    config = built.root / "mkdocs.yml"
    if change == "body template":  # the site's own copy of the post template
        (built.root / "overrides/thidua").mkdir(parents=True)
        shutil.copyfile(REPO / "overrides/thidua/post.html",
                        built.root / "overrides/thidua/post.html")
        config.write_text(config.read_text().replace("  font: false\n",
                                                     "  font: false\n  custom_dir: overrides\n"))
        assert built.build().code == 0
    before = pages(built)
    if change == "unit name":  # a member of the bloc that no post names
        built.data("units.yml", {"units": [
            dict(unit, name="Sở Kế hoạch, Đầu tư và Thống kê")
            if unit["id"] == "so-ke-hoach-dau-tu" else unit for unit in UNITS]})
    else:
        template = built.root / "overrides/thidua/post.html"
        template.write_text(template.read_text().replace(
            '<article class="thidua-post">', '<article class="thidua-post" data-mau="2">'))
    result = built.build()
    assert result.code == 0 and "Đã cập nhật ở" in result.out, result.text  # no MkDocs
    after = pages(built)
    written = {url for url in after if after[url][0] != before[url][0]}
    changed = {url for url in after if after[url][1] != before[url][1]}
    assert written == changed
    if change == "unit name":
        assert "don-vi/so-ke-hoach-dau-tu" in written and \
            not any(url.startswith("tin-tuc/2024/tin-so") for url in written)
    else:
        assert written == {url for url in after if url.startswith("tin-tuc/2024/tin-so")}
    assert_same_as_clean(built, tmp_path, "clean")
