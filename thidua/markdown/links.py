"""Links written in Markdown, pointed at the built pages: a post's links are relative to its
file (`[tổng kết](2025-01-20-x.md)`, `images/a.jpg`, `../gioi-thieu.md`); each becomes a link
between pages of the site, and one that leads nowhere (or to a draft) is an error with its line.
Standalone pages' links to post files are pointed at the posts' pages too (PostLinks)."""
from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

from .. import urls
from ..config.settings import Settings
from ..core.files import LINKED_FILE_FIX, Unreadable, decode_text, is_real_file, read_source
from ..core.problems import Problems
from ..model.post import Post
from .render import BodyLines, is_local
from .sanitise import unsafe_link

_MARKDOWN = (".md", ".markdown")
_PATH_FIX = "sửa đường dẫn cho đúng tên tệp (tính từ thư mục chứa bài viết) hoặc bỏ liên kết"


class LinkResolver:
    """Turns links written in a post (relative to its file) into links between built pages."""

    def __init__(self, settings: Settings, post_urls: dict[str, str], left_out: dict[str, str]):
        self.settings = settings
        self.content_root = settings.content_dir.resolve()
        self.post_urls = post_urls  # content path → url, of the posts on the site
        self.left_out = left_out  # content path → status, of drafts and scheduled posts

    @classmethod
    def for_posts(cls, settings: Settings, shown: list[Post], left_out: list[Post]) -> LinkResolver:
        return cls(settings, {post.content_path: post.url for post in shown},
                   {post.content_path: post.status for post in left_out})

    def resolve(self, link: str, post: Post) -> tuple[str | None, tuple[str, str] | None]:
        """(new link, None), or (None, (what is wrong, what to do)). Links that leave the
        content folder are kept as written."""
        if not is_local(link):
            return link, None
        path, sep, fragment = link.partition("#")
        path = unquote(path.split("?", 1)[0])
        anchor = sep + fragment
        post_dir = posixpath.dirname(post.content_path)
        if path.startswith("/"):
            target = posixpath.normpath(path.lstrip("/"))
            if not target.endswith(_MARKDOWN) and not target.startswith("../") and \
                    not (self.content_root / target).exists():
                # A site path such as /khoi-thi-dua/ rather than a file: keep it, made relative.
                # (A missing /posts/x.md is a broken link to a post, reported below.)
                return urls.relative(path.lstrip("/"), post.url) + anchor, None
        else:
            target = posixpath.normpath(posixpath.join(post_dir, path))
        if target.startswith("../") or target == "..":
            return None, (f"liên kết {link} trỏ ra ngoài thư mục content/", _PATH_FIX)
        if target.endswith(_MARKDOWN):
            return self._page_link(target, link, post, anchor)
        if not (self.content_root / target).is_file():
            return None, (f"liên kết {link} trỏ tới tệp không tồn tại ({target})", _PATH_FIX)
        if not is_real_file(self.content_root / target):
            return None, (f"liên kết {link} trỏ tới {target}, một liên kết tượng trưng (symlink): "
                          "trang web không đăng tệp như vậy", LINKED_FILE_FIX)
        return urls.relative(target, post.url) + anchor, None

    def _page_link(self, target: str, link: str, post: Post, anchor: str):
        if target in self.post_urls:
            return urls.relative(self.post_urls[target], post.url) + anchor, None
        if target in self.left_out:
            state = "bản nháp" if self.left_out[target] == "draft" else "hẹn giờ đăng, chưa tới ngày"
            return None, (f"liên kết {link} trỏ tới bài chưa đăng ({state})", _PATH_FIX)
        if target.startswith("posts/") or not (self.content_root / target).is_file():
            return None, (f"liên kết {link} trỏ tới bài không tồn tại ({target})", _PATH_FIX)
        return urls.relative(urls.standalone_page(target), post.url) + anchor, None


def resolve_links(post: Post, links: LinkResolver, problems: Problems) -> None:
    """Point links to other posts, pages and files at where they are on the built site;
    broken links become problems with their line. (Links that would run code are reported
    where the body is rendered, render.py.)"""
    if not post.has_local_links:
        return
    body: list[BodyLines] = []  # the post's Markdown, read once if a link is broken

    def rewrite(match: re.Match) -> str:
        attribute, link = match.group(1), _unescape_attr(match.group(2))
        if unsafe_link(link):
            return match.group(0)
        new_link, problem = links.resolve(link, post)
        if problem:
            if not body:
                body.append(BodyLines(_body_of(post, links.settings), post.body_line))
            problems.error(post.file, *problem, line=body[0].find(link), field="nội dung")
            return match.group(0)
        return f'{attribute}="{_escape_attr(new_link)}"'

    post.body_html = urls.URL_ATTRIBUTE.sub(rewrite, post.body_html)


def line_of(post: Post, needle: str, settings: Settings) -> int:
    """The line of a post's file where `needle` is written (posts keep no Markdown in memory)."""
    return BodyLines(_body_of(post, settings), post.body_line).find(needle)


def _body_of(post: Post, settings: Settings) -> str:
    """A post's Markdown body, read again (posts keep no Markdown in memory)."""
    try:
        text = decode_text(read_source(settings.root / post.file, settings.content_dir))
    except Unreadable:
        return ""
    return text.split("\n", post.body_line - 1)[-1]


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
        for path in sorted(content_dir.rglob("*.md")):
            src_uri = path.relative_to(content_dir).as_posix()
            if src_uri.startswith("posts/") or path.is_symlink():  # (never published)
                continue
            try:
                text = decode_text(read_source(path, content_dir))
            except Unreadable:  # reported by the load (load/pages.py)
                continue
            folder = posixpath.dirname(src_uri)
            for match in self._LINK.finditer(text):
                target = posixpath.normpath(posixpath.join(folder, unquote(match.group(3))))
                if target in self.urls:
                    found.append((target, self.urls[target]))
        return found
