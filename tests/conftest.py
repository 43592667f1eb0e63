"""Fixtures: small real sites written into temporary folders, built with the real build.py."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
BUILD_PY = REPO / "build.py"

MKDOCS_YML = """\
site_name: Cổng thử nghiệm
site_url: https://thidua.example.vn/
docs_dir: content
theme:
  name: material
  language: vi
  font: false
plugins:
  - thidua:
      per_page: {per_page}
"""

UNITS = [
    {"id": "so-tai-chinh", "name": "Sở Tài chính"},
    {"id": "van-phong-ubnd-tinh", "name": "Văn phòng UBND tỉnh"},
    {"id": "so-ke-hoach-dau-tu", "name": "Sở Kế hoạch và Đầu tư"},
    {"id": "ban-dan-van-tinh-uy", "name": "Ban Dân vận Tỉnh ủy"},
]
BLOCS = [{
    "id": "khoi-tham-muu-tong-hop", "name": "Khối thi đua Tham mưu – Tổng hợp", "kind": "khoi",
    "terms": [{"year": 2024, "members": ["so-tai-chinh", "van-phong-ubnd-tinh",
                                         "so-ke-hoach-dau-tu"],
               "leader": "so-tai-chinh", "deputy": "van-phong-ubnd-tinh"}],
}]
CATEGORIES = [
    {"id": "tin-hoat-dong", "name": "Tin hoạt động"},
    {"id": "khen-thuong", "name": "Khen thưởng", "description": "Tin về khen thưởng."},
]

# A 1x1 transparent GIF: enough for an image file that exists.
GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
       b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


@dataclass
class SiteFolder:
    """A site on disk: mkdocs.yml, content/posts, data/, written piece by piece by a test."""

    root: Path

    @property
    def out(self) -> Path:
        return self.root / "site"

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def post(self, name: str, front: dict | str, body: str = "Đoạn mở đầu của bài.\n") -> Path:
        """content/posts/<name>.md; `front` as a dict (dumped) or as raw YAML text."""
        if isinstance(front, dict):
            front = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
        return self.write(f"content/posts/{name}.md", f"---\n{front.rstrip()}\n---\n\n{body}")

    def data(self, name: str, value) -> Path:
        text = value if isinstance(value, str) else yaml.safe_dump(value, allow_unicode=True,
                                                                   sort_keys=False)
        return self.write(f"data/{name}", text)

    def run(self, *args: str, cwd: Path | None = None) -> Result:
        return run_build_py(*args, "-f", str(self.root / "mkdocs.yml"), cwd=cwd)

    def build(self) -> Result:
        return self.run("build")

    def check(self) -> Result:
        return self.run("check")

    def page(self, url: str) -> str:
        """The HTML written for a site path such as 'tin-tuc/2024/slug/'."""
        return (self.out / url / "index.html").read_text(encoding="utf-8")

    def exists(self, url: str) -> bool:
        return (self.out / url / "index.html").is_file()


def run_build_py(*args: str, cwd: Path | None = None, env: dict | None = None) -> Result:
    process = subprocess.run([sys.executable, str(BUILD_PY), *args], cwd=cwd or REPO,
                             capture_output=True, text=True, timeout=300,
                             env={**os.environ, **(env or {})})
    return Result(process.returncode, process.stdout, process.stderr)


def small_site(root: Path, extra_config: str = "") -> SiteFolder:
    """A valid small site: config (with `extra_config` appended), units, one bloc,
    categories, a picture; no posts yet."""
    folder = SiteFolder(root)
    folder.write("mkdocs.yml", MKDOCS_YML.format(per_page=10) + extra_config)
    folder.data("units.yml", {"units": UNITS})
    folder.data("blocs.yml", {"blocs": BLOCS})
    folder.data("categories.yml", {"categories": CATEGORIES})
    folder.write("content/posts/images/anh.gif", GIF)
    return folder


@pytest.fixture
def site(tmp_path: Path) -> SiteFolder:
    return small_site(tmp_path / "portal")


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, driven by playwright, for the whole test session."""
    from playwright.sync_api import sync_playwright

    from browser import launch
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def watched(chromium):
    """watched(**context options): a new page whose console errors are collected (browser.py
    Watched); every one opened is closed after the test."""
    from browser import Watched

    opened = []

    def make(**options):
        opened.append(Watched(chromium, **options))
        return opened[-1]
    yield make
    for one in opened:
        one.close()


@dataclass
class SampleSite:
    """The repository's sample site, built into a temporary folder, served on 127.0.0.1 with its
    visitor counter running, for the browser tests."""

    root: Path
    base: str  # the site's URL, ending with a slash
    counter: object

    def url(self, path: str = "") -> str:
        return self.base + path


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    from browser import build, copy_sample, served
    from counter_helpers import CounterProcess, free_port

    root = tmp_path_factory.mktemp("sample")
    port = free_port()
    config = copy_sample(root, f"http://127.0.0.1:{port}")
    build(config, root / "site")
    with served(root / "site") as base:
        # The browser tests are one visitor opening pages far faster than a reader: the rate
        # limit (2 a second) is raised so that they are not answered 429.
        counter = CounterProcess(root, port=port, extra=["--allow-origin", base.rstrip("/"),
                                                         "--hits-per-second", "100"])
        counter.start()
        try:
            yield SampleSite(root, base, counter)
        finally:
            counter.stop()
