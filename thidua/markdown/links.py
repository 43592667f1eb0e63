"""Links written in Markdown, pointed at the built pages: a post's links are relative to its
file (`[tổng kết](2025-01-20-x.md)`, `images/a.jpg`, `../gioi-thieu.md`); each becomes a link
between pages of the site, and one that leads nowhere (or to a draft) is an error with its line.
Standalone pages' links to post files are pointed at the posts' pages too (PostLinks)."""
from __future__ import annotations

import os
import posixpath
import re
from urllib.parse import unquote

from .. import urls
from ..config.settings import Settings
from ..core.files import standalone_pages
from ..core.problems import Problems
from ..model.post import Post
from .render import is_local, line_in
from .sanitise import UNSAFE_LINK_FIX, unsafe_link, unsafe_message

_MARKDOWN = (".md", ".markdown")


class LinkResolver:
    """Turns links written in a post (relative to its file) into links between built pages."""

    def __init__(self, settings: Settings, post_urls: dict[str, str], left_out: dict[str, str]):
        self.settings = settings
        self.content_root = os.path.realpath(settings.content_dir)
        self.post_urls = post_urls  # content path → url, of the posts on the site
        self.left_out = left_out  # content path → status, of drafts and scheduled posts
        self._files: dict[str, bool] = {}  # path under content/ → it is a file (posts share pictures)
        self._things: dict[str, bool] = {}  # path under content/ → something is there

    def _is_file(self, target: str) -> bool:
        found = self._files.get(target)
        if found is None:
            found = self._files[target] = os.path.isfile(os.path.join(self.content_root, target))
        return found

    def _exists(self, target: str) -> bool:
        found = self._things.get(target)
        if found is None:
            found = self._things[target] = os.path.exists(os.path.join(self.content_root, target))
        return found

    @classmethod
    def for_posts(cls, settings: Settings, shown: list[Post], left_out: list[Post]) -> LinkResolver:
        return cls(settings, {post.content_path: post.url for post in shown},
                   {post.content_path: post.status for post in left_out})

    def resolve(self, link: str, post: Post) -> tuple[str | None, str | None]:
        """(new link, problem). Links that leave the content folder are kept as written."""
        scheme = unsafe_link(link) if link else None
        if scheme:
            return None, unsafe_message(link, scheme)
        if not is_local(link):
            return link, None
        path, sep, fragment = link.partition("#")
        path = unquote(path.split("?", 1)[0])
        anchor = sep + fragment
        post_dir = posixpath.dirname(post.content_path)
        if path.startswith("/"):
            target = posixpath.normpath(path.lstrip("/"))
            if not target.endswith(_MARKDOWN) and not self._exists(target):
                # A site path such as /khoi-thi-dua/ rather than a file: keep it, made relative.
                # (A missing /posts/x.md is a broken link to a post, reported below.)
                return urls.relative(path.lstrip("/"), post.url) + anchor, None
        else:
            target = posixpath.normpath(posixpath.join(post_dir, path))
        if target.startswith("../") or target == "..":
            return None, f"liên kết {link} trỏ ra ngoài thư mục content/"
        if target.endswith(_MARKDOWN):
            return self._page_link(target, link, post, anchor)
        if not self._is_file(target):
            return None, f"liên kết {link} trỏ tới tệp không tồn tại ({target})"
        return urls.relative(target, post.url) + anchor, None

    def _page_link(self, target: str, link: str, post: Post, anchor: str):
        if target in self.post_urls:
            return urls.relative(self.post_urls[target], post.url) + anchor, None
        if target in self.left_out:
            state = "bản nháp" if self.left_out[target] == "draft" else "hẹn giờ đăng, chưa tới ngày"
            return None, f"liên kết {link} trỏ tới bài chưa đăng ({state})"
        if target.startswith("posts/") or not self._is_file(target):
            return None, f"liên kết {link} trỏ tới bài không tồn tại ({target})"
        return urls.relative(urls.standalone_page(target), post.url) + anchor, None


def resolve_links(post: Post, links: LinkResolver, problems: Problems) -> None:
    """Point links to other posts, pages and files at where they are on the built site;
    broken links become problems with their line. A post resolved before (one `serve` kept)
    whose links all lead where they led is left as it is."""
    if not post.has_local_links:
        return
    if post.links and all(links.resolve(link, post) == (new, None)
                          for link, new in post.links.items()):
        return
    post.body_html = post.unresolved_body = post.unresolved_body or post.body_html
    post.links = {}

    def rewrite(match: re.Match) -> str:
        attribute, link = match.group(1), _unescape_attr(match.group(2))
        new_link, problem = links.resolve(link, post)
        post.links[link] = new_link
        if problem:
            fix = UNSAFE_LINK_FIX if unsafe_link(link) else \
                "sửa đường dẫn cho đúng tên tệp (tính từ thư mục chứa bài viết) hoặc bỏ liên kết"
            problems.error(post.file, problem, fix, line=line_of(post, link, links.settings),
                           field="nội dung")
            return match.group(0)
        return f'{attribute}="{_escape_attr(new_link)}"'

    post.body_html = urls.URL_ATTRIBUTE.sub(rewrite, post.body_html)


def line_of(post: Post, needle: str, settings: Settings) -> int:
    """The line of a post's file where `needle` is written (posts keep no Markdown in memory)."""
    text = (settings.root / post.file).read_text(encoding="utf-8")
    body = text.split("\n", post.body_line - 1)[-1]
    return line_in(body, post.body_line, needle)


def _unescape_attr(value: str) -> str:
    return value.replace("&quot;", '"').replace("&amp;", "&")


def _escape_attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;")


class PostLinks:
    """Standalone pages are ordinary MkDocs pages; their Markdown links to post files
    (`[tin](posts/2024-01-22-x.md)`) are pointed at the posts' pages before MkDocs reads them."""

    _LINK = re.compile(r"(\]\()(<?)([^)\s>]+?\.md)((?:#[^)\s>]*)?>?\))")

    def __init__(self, posts: list[Post]) -> None:
        self.urls = {post.content_path: post.url for post in posts}

    def rewrite_markdown(self, markdown: str, src_uri: str, page_url: str) -> str:
        folder = posixpath.dirname(src_uri)

        def point(match: re.Match) -> str:
            target = posixpath.normpath(posixpath.join(folder, unquote(match.group(3))))
            url = self.urls.get(target)
            if url is None:
                return match.group(0)
            return match.group(1) + match.group(2) + urls.relative(url, page_url) + match.group(4)

        return self._LINK.sub(point, markdown)

    def used(self, content_dir) -> list[tuple[str, str]]:
        """(post file, its URL) for every post a standalone page links to."""
        found = []
        for path in standalone_pages(content_dir):
            src_uri = path.relative_to(content_dir).as_posix()
            folder = posixpath.dirname(src_uri)
            for match in self._LINK.finditer(path.read_text(encoding="utf-8")):
                target = posixpath.normpath(posixpath.join(folder, unquote(match.group(3))))
                if target in self.urls:
                    found.append((target, self.urls[target]))
        return found
