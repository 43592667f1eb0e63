"""Publishing safety: verify finds every kind of broken reference, in the build and on disk;
a build that finds one fails naming the page and leaves the last good site; builds are
reproducible; the publishing workflow has its jobs and triggers."""
from __future__ import annotations

import filecmp
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from browser import copy_sample
from conftest import REPO, run_build_py

GOOD = {"title": "Tin tốt", "date": "2024-05-02"}


def tree(folder: Path) -> dict[str, bytes]:
    """Every file and folder of a site, with the files' bytes."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else b"/")
            for p in sorted(folder.rglob("*"))}


def verify(site, folder: Path | None = None):
    return site.run("verify", "-d", str(folder or site.out))


@pytest.fixture
def built(site):
    site.post("tot", GOOD, "Bài có [liên kết tới trang Tin tức](/tin-tuc/) và ảnh "
                           "![ảnh](images/anh.gif).\n")
    site.post("khac", {"title": "Tin khác", "date": "2024-05-03"})
    result = site.build()
    assert result.code == 0, result.text
    assert verify(site).code == 0
    return site


# ---- the build checks each page it writes ------------------------------------------------------

@pytest.mark.parametrize("body, page, broken", [
    ("Xem [trang không có](/khong-co-trang-nay/).\n", "/tin-tuc/2024/tin-hong/",
     "khong-co-trang-nay/index.html"),
    ('Ảnh: <img src="/images/khong-co.png" alt="không có">\n', "/tin-tuc/2024/tin-hong/",
     "images/khong-co.png"),
    ("Ảnh ![thiếu](/posts/images/khong-co.jpg)\n", "/tin-tuc/2024/tin-hong/",
     "posts/images/khong-co.jpg"),
])
def test_a_broken_link_in_content_fails_the_build_and_keeps_the_site(built, body, page, broken):
    before = tree(built.out)
    built.post("hong", {"title": "Tin hỏng", "date": "2024-05-04"}, body)
    result = built.build()
    assert result.code == 1, result.text
    assert f"Lỗi 1: {page}: liên kết " in result.err
    assert f"không dẫn tới tệp nào ({broken})" in result.err
    assert "được giữ nguyên" in result.err and "Traceback" not in result.err
    assert tree(built.out) == before  # not a page of the live site was touched
    (built.root / "content/posts/hong.md").unlink()
    assert built.build().code == 0 and verify(built).code == 0


def test_a_link_to_a_draft_or_a_scheduled_post_fails_the_build(built):
    future = date.today() + timedelta(days=30)
    built.post("nhap", {"title": "Tin nháp", "date": "2024-05-05", "draft": True})
    built.post("hen", {"title": "Tin hẹn giờ", "date": future.isoformat()})
    built.post("lo", {"title": "Tin lộ", "date": "2024-05-06"},
               f"Xem [bài nháp](/tin-tuc/2024/tin-nhap/) và "
               f"[bài hẹn](/tin-tuc/{future.year}/tin-hen-gio/).\n")
    result = built.build()
    assert result.code == 1, result.text
    assert "/tin-tuc/2024/tin-lo/: liên kết ../tin-nhap/ trỏ tới bài nháp" in result.err
    assert (f"/tin-tuc/2024/tin-lo/: liên kết ../../{future.year}/tin-hen-gio/ trỏ tới "
            "bài hẹn giờ chưa đăng") in result.err


@pytest.mark.parametrize("option, path", [("extra_css", "css/khong-co.css"),
                                          ("extra_javascript", "js/khong-co.js")])
def test_a_missing_stylesheet_or_script_fails_a_full_build(site, option, path):
    site.post("tot", GOOD)
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text() + f"{option}:\n  - {path}\n", encoding="utf-8")
    result = site.build()
    assert result.code == 1, result.text
    assert f"/tin-tuc/2024/tin-tot/: liên kết ../../../{path} không dẫn tới tệp nào" in result.err
    assert f"/: liên kết {path} không dẫn tới tệp nào" in result.err
    assert not site.out.exists()  # the first build failed: no half site either


def test_no_verify_builds_anyway(site):
    site.post("hong", GOOD, "Xem [trang không có](/khong-co-trang-nay/).\n")
    assert site.build().code == 1
    result = site.run("build", "--no-verify")
    assert result.code == 0, result.text
    assert verify(site).code == 1


# ---- verify reads a built site from disk -------------------------------------------------------

def test_verify_finds_a_page_removed_from_a_built_site(built):
    shutil.rmtree(built.out / "tin-tuc/2024/tin-khac")
    result = verify(built)
    assert result.code == 1
    errors = result.err
    assert "/sitemap.xml: liệt kê /tin-tuc/2024/tin-khac/ nhưng không có trang đó" in errors
    assert ("/rss.xml: liên kết https://thidua.example.vn/tin-tuc/2024/tin-khac/ không dẫn "
            "tới tệp nào") in errors
    assert "/atom.xml: liên kết https://thidua.example.vn/tin-tuc/2024/tin-khac/" in errors
    assert "/tin-tuc/: liên kết ../tin-tuc/2024/tin-khac/ không dẫn tới tệp nào" in errors


def test_verify_finds_a_missing_image_stylesheet_and_script(built):
    [variant] = (built.out / "posts/images").glob("anh-1.*.png")  # what <img src> shows
    variant.unlink()
    (built.out / "assets/stylesheets/thidua.css").unlink()
    for script in (built.out / "assets/javascripts").glob("*.js"):
        script.unlink()
    errors = verify(built).err
    assert f"/tin-tuc/2024/tin-tot/: liên kết ../../../posts/images/{variant.name} không dẫn" in errors
    assert "/: liên kết assets/stylesheets/thidua.css không dẫn tới tệp nào" in errors
    assert "/: liên kết assets/javascripts/" in errors


def test_verify_finds_a_page_without_title_or_canonical_and_one_left_out_of_the_sitemap(built):
    page = built.out / "tin-tuc/2024/tin-tot/index.html"
    html = page.read_text(encoding="utf-8")
    start, end = html.index("<title>"), html.index("</title>") + len("</title>")
    html = html[:start] + html[end:]
    html = html.replace('<link rel="canonical"', '<link rel="bookmark"')
    page.write_text(html, encoding="utf-8")
    stray = built.out / "trang-la/index.html"
    stray.parent.mkdir()
    stray.write_text("<title>Lạ</title><link rel=\"canonical\" href=\"x\">", encoding="utf-8")
    errors = verify(built).err
    assert "/tin-tuc/2024/tin-tot/: trang không có tiêu đề (<title>)" in errors
    assert "/tin-tuc/2024/tin-tot/: trang không có địa chỉ chuẩn (link rel=canonical)" in errors
    assert "/sitemap.xml: thiếu trang /trang-la/" in errors


def test_verify_names_a_link_to_a_draft_in_a_built_site(built):
    built.post("nhap", {"title": "Tin nháp", "date": "2024-05-05", "draft": True})
    page = built.out / "tin-tuc/2024/tin-tot/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</article>", '<a href="../tin-nhap/">nháp</a></article>'), encoding="utf-8")
    errors = verify(built).err
    assert "/tin-tuc/2024/tin-tot/: liên kết ../tin-nhap/ trỏ tới bài nháp" in errors


def test_verify_without_a_site_says_to_build_first(site):
    result = verify(site)
    assert result.code == 1 and "chạy python build.py trước" in result.err


# ---- a build never destroys what it should not ---------------------------------------------------

@pytest.mark.parametrize("target", [".", "content", "data"])
def test_a_site_folder_holding_the_project_is_refused(site, target):
    site.post("tot", GOOD)
    before = tree(site.root)
    result = site.run("build", "-d", str(site.root / target))
    assert result.code == 1 and "Không dựng vào" in result.err, result.text
    assert tree(site.root) == before


def test_a_folder_that_is_not_a_site_is_refused(site, tmp_path):
    site.post("tot", GOOD)
    other = tmp_path / "tai-lieu"
    other.mkdir()
    (other / "bao-cao.docx").write_bytes(b"quan trong")
    result = site.run("build", "-d", str(other))
    assert result.code == 1 and "không phải trang web" in result.err
    assert (other / "bao-cao.docx").read_bytes() == b"quan trong"


def test_a_deleted_site_is_built_again_whole(built):
    shutil.rmtree(built.out)
    result = built.build()
    assert result.code == 0 and "Đã dựng" in result.out, result.text
    assert (built.out / "assets/stylesheets/thidua.css").is_file()
    assert verify(built).code == 0


# ---- reproducible output ------------------------------------------------------------------------

def differences(left: Path, right: Path) -> list[str]:
    found = []

    def walk(compare: filecmp.dircmp, prefix: str) -> None:
        found.extend(prefix + name for name in compare.left_only + compare.right_only)
        _, mismatch, errors = filecmp.cmpfiles(compare.left, compare.right, compare.common_files,
                                               shallow=False)
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in compare.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return found


@pytest.mark.parametrize("epoch", [None, "1718496000"])
def test_two_builds_of_the_sample_are_byte_identical(tmp_path, epoch):
    sample = copy_sample(tmp_path / "mau").parent
    env = {"SOURCE_DATE_EPOCH": epoch} if epoch else {}
    first = run_build_py("build", "-f", str(sample / "mkdocs.yml"), "-d", str(tmp_path / "a"),
                         env=env)
    assert first.code == 0, first.text
    shutil.rmtree(sample / ".cache")  # the second build starts from nothing too
    second = run_build_py("build", "-f", str(sample / "mkdocs.yml"), "-d", str(tmp_path / "b"),
                          env=env)
    assert second.code == 0, second.text
    assert differences(tmp_path / "a", tmp_path / "b") == []
    for name in ("sitemap.xml", "rss.xml", "atom.xml", "counter-manifest.json"):
        assert (tmp_path / "a" / name).is_file()
    assert any((tmp_path / "a/search").rglob("*.json"))
    # The build date the pages print (the date line without JavaScript): SOURCE_DATE_EPOCH,
    # or the newest published content's date, never the day of the build.
    home = (tmp_path / "a/index.html").read_text(encoding="utf-8")
    dateline = home.split("data-thidua-today>", 1)[1].split("<", 1)[0]
    if epoch:
        assert dateline.endswith("16/06/2024"), dateline
    else:
        newest = max(post.meta.updated or post.meta.date for post in published(sample))
        assert dateline.endswith(newest.moment.strftime("%d/%m/%Y")), dateline


def published(folder: Path):
    from thidua.core.cache import BuildCache
    from thidua.config.settings import read_settings
    from thidua.load.site import load_site

    settings = read_settings(folder / "mkdocs.yml")
    return load_site(settings, BuildCache(None))[0].posts


# ---- the publishing workflow ------------------------------------------------------------------

def test_the_publishing_workflow_has_its_triggers_and_jobs():
    workflow = yaml.safe_load((REPO / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert {"cron": "5 17 * * *"} in triggers["schedule"]  # 00:05 in Asia/Ho_Chi_Minh
    assert "workflow_dispatch" in triggers
    jobs = workflow["jobs"]
    steps = jobs["build"]["steps"]
    runs = " ".join(step.get("run", "") for step in steps)
    uses = [step.get("uses", "") for step in steps]
    for command in ("python build.py check", "python build.py build", "python build.py verify"):
        assert command in runs
    assert runs.index("build.py check") < runs.index("build.py build") < runs.index("verify")
    assert any(use.startswith("actions/setup-python") for use in uses)
    assert any(use.startswith("actions/cache") for use in uses)
    assert any(use.startswith("actions/upload-pages-artifact") for use in uses)
    deploy = jobs["deploy-pages"]
    assert deploy["needs"] == "build"
    assert any(step.get("uses", "").startswith("actions/deploy-pages") for step in deploy["steps"])
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    # The second host: skipped unless its secrets are set.
    rsync = jobs["deploy-rsync"]
    assert rsync["needs"] == "build"
    assert "secrets.DEPLOY_SSH_KEY" in rsync["env"]["HAS_TARGET"]
    upload = [step for step in rsync["steps"] if "rsync" in step.get("run", "")]
    assert upload and all(step["if"] == "env.HAS_TARGET == 'true'" for step in upload)


def test_a_drafts_picture_waits_for_its_post(site):
    from conftest import GIF
    site.write("content/posts/images/bi-mat.gif", GIF)
    site.post("nhap", {"title": "Tin nháp có ảnh", "date": "2024-05-05", "draft": True,
                       "image": "images/bi-mat.gif", "image_alt": "Ảnh chưa công bố"})
    site.post("tot", GOOD)
    assert site.build().code == 0
    # No picture is published as committed; a draft's waits for its post, and a picture no
    # post shows is not published at all.
    published = lambda stem: sorted(p.name for p in (site.out / "posts/images").glob(f"{stem}*"))
    assert published("bi-mat") == [] and published("anh") == []
    site.post("nhap", {"title": "Tin nháp có ảnh", "date": "2024-05-05",
                       "image": "images/bi-mat.gif", "image_alt": "Ảnh đã công bố"})
    assert site.build().code == 0
    assert [name.split(".")[-1] for name in published("bi-mat")] == ["png", "webp"]
    assert not (site.out / "posts/images/bi-mat.gif").exists()


# ---- what review found: the quick path, kept pages, new folders, links ------------------------

def test_a_broken_link_added_to_a_body_takes_the_normal_way_and_fails(built):
    before = tree(built.out)
    path = built.root / "content/posts/tot.md"
    path.write_text(path.read_text(encoding="utf-8")
                    + "\nThêm [trang không có](/khong-co-trang-nay/).\n", encoding="utf-8")
    result = built.build()
    assert result.code == 1 and "Đã cập nhật nhanh" not in result.out, result.text
    assert "/tin-tuc/2024/tin-tot/: liên kết" in result.err
    assert tree(built.out) == before


def test_a_kept_page_linking_to_a_post_that_goes_fails_the_build(built):
    built.post("tro", {"title": "Tin trỏ", "date": "2024-05-01"},
               "Xem [tin khác](/tin-tuc/2024/tin-khac/).\n")
    assert built.build().code == 0
    before = tree(built.out)
    (built.root / "content/posts/khac.md").unlink()  # "Tin trỏ" itself does not change
    result = built.build()
    assert result.code == 1, result.text
    assert "/tin-tuc/2024/tin-tro/: liên kết ../tin-khac/ không dẫn tới tệp nào" in result.err
    assert tree(built.out) == before


def test_a_broken_post_in_a_new_year_leaves_no_folder_behind(built):
    before = tree(built.out)
    built.post("moi", {"title": "Tin năm mới", "date": "2025-01-02"},
               "Xem [trang không có](/khong-co-trang-nay/).\n")
    assert built.build().code == 1
    assert tree(built.out) == before


def test_files_reached_through_a_symbolic_link_are_not_published(site, tmp_path):
    secret = tmp_path / "noi-bo"
    secret.mkdir()
    (secret / "bi-mat.txt").write_text("không công khai")
    (site.root / "content/tai-lieu").symlink_to(secret, target_is_directory=True)
    (site.root / "content/posts/images/khoa.txt").symlink_to(secret / "bi-mat.txt")
    site.post("tot", GOOD)
    assert site.build().code == 0
    assert not (site.out / "tai-lieu").exists()
    assert not (site.out / "posts/images/khoa.txt").exists()


def test_links_the_check_must_leave_alone(site):
    site.post("tot", GOOD, "Xem [Cổng Chính phủ](HTTPS://chinhphu.vn) hoặc "
                           "[nhắn Zalo](zalo://0912000000).\n")
    site.write("content/huong-dan.md", "---\ntitle: Hướng dẫn\n---\n\n"
                                       "Viết liên kết như `<a href=\"vidu.html\">` là sai.\n")
    result = site.build()
    assert result.code == 0, result.text
    assert verify(site).code == 0


def test_the_404_page_links_from_the_site_root():
    from thidua.render.linkcheck import LinkCheck
    check = LinkCheck({"assets/x.css", "index.html"})
    assert check.page("404.html", '<link href="assets/x.css">') == []
    assert check.page("404.html", '<a href="../ngoai/">x</a>')[0].message.endswith(
        "ra ngoài trang web")


def test_standalone_pages_are_sanitised_and_their_fields_escaped(site):
    site.post("tot", GOOD)
    site.write("content/gioi-thieu.md",
               "---\ntitle: Giới thiệu\nauthor: '\"><script>alert(1)</script>'\n---\n\n"
               "Đoạn <img src=\"../posts/images/anh.gif\" alt=\"ảnh\" onerror=\"alert(2)\"> và "
               "[liên kết](javascript:alert(3)).\n\n"
               "<script>alert(4)</script>\n")
    assert site.build().code == 0
    page = site.page("gioi-thieu/")
    for attack in ("<script>alert", "onerror", "javascript:"):
        assert attack not in page, attack
    assert "Đoạn" in page


def test_mistaken_folder_settings_are_editor_errors(site):
    config = site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "site_dir: 2024\n", encoding="utf-8")
    result = site.build()
    assert result.code == 1 and "site_dir" in result.err and "Traceback" not in result.err
    config.write_text(text.replace("docs_dir: content", "docs_dir:"), encoding="utf-8")
    assert "Traceback" not in site.build().err


def test_a_folder_with_a_sitemap_but_not_built_here_is_refused(site, tmp_path):
    site.post("tot", GOOD)
    other = tmp_path / "public_html"
    other.mkdir()
    (other / "sitemap.xml").write_text("<urlset/>")
    (other / "index.html").write_text("trang cũ viết tay")
    result = site.run("build", "-d", str(other))
    assert result.code == 1 and "không phải trang web" in result.err
    assert (other / "index.html").read_text() == "trang cũ viết tay"


def test_counter_rate_must_be_a_positive_number(site):
    result = site.run("counter", "--hits-per-second", "0")
    assert result.code == 2 and "số dương" in result.err and "Traceback" not in result.err


def test_a_frames_references_are_found_once_and_completed_per_page():
    """The build checks a generated page by its frame's references, found once per frame, and
    its own values': together exactly the references of the whole page."""
    from thidua.render.linkcheck import find_references
    from thidua.render.frames import Frame, mark, page_references
    frame = Frame.parse(
        f'<html><head><title>{mark("TITLE")} - Cổng</title>'
        f'<link rel="canonical" href="{mark("CANONICAL")}">{mark("HEAD")}'
        f'<link rel="stylesheet" href="../../assets/a.css"></head><body>'
        f'<a data-id="{mark("PAGE_ID")}" href="../">Lên</a>{mark("CONTENT")}'
        f'<img src="x.png" alt=""></body></html>')
    values = {"TITLE": "Tin &amp; bài", "CANONICAL": "https://a.vn/tin-tuc/x/",
              "HEAD": '<link rel="alternate" href="../rss.xml">',
              "CONTENT": '<p><a href="../y/">y</a> <img src="anh.png" alt=""></p>',
              "PAGE_ID": "/tin-tuc/x/", "DESCRIPTION": "", "BUILD_DATE": ""}
    found = page_references(frame, values)
    assert sorted(found) == sorted(find_references(frame.fill(values)))
    assert {"https://a.vn/tin-tuc/x/", "../", "../y/", "anh.png", "../rss.xml"} <= set(found)
