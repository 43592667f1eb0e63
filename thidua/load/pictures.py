"""The posts' pictures through the picture pipeline (thidua/pictures/): every lead and body
picture processed once (cached by content, on every core); its problems reported against the
post that shows it, with the line; the post's body then shows <picture> markup, its videos and
its attachments' type and size (markdown/media.py). Frames from hosts mkdocs.yml does not
allow are refused here, where the settings are known."""
from __future__ import annotations

import tempfile
from pathlib import Path

from ..config.settings import Settings
from ..core.cache import BuildCache
from ..core.problems import Problems
from ..markdown.embeds import VIDEO_HOSTS, frame_hosts
from ..markdown.links import line_of
from ..markdown.media import body_pictures, present_media
from ..model.post import Post
from ..pictures.picture import Picture
from ..pictures.store import PictureStore, Source

ALT_FIX = ("viết mô tả ngắn nội dung ảnh trong ngoặc vuông, ví dụ "
           "![Quang cảnh hội nghị tổng kết](images/hoi-nghi.jpg)")


FRAME_FIX = ("video YouTube hoặc Vimeo: dán địa chỉ video trên một dòng riêng; trang khác: "
             "đặt liên kết tới trang đó, hoặc nếu cơ quan cho phép nhúng, thêm vào mkdocs.yml "
             "extra: embeds: allowed_hosts: [{host}]")


def allowed_hosts(settings: Settings) -> tuple[str, ...]:
    """Where frames may come from: the video sites (as facades), and mkdocs.yml's
    extra.embeds.allowed_hosts."""
    embeds = settings.extra.get("embeds")
    extra = embeds.get("allowed_hosts") if isinstance(embeds, dict) else None
    return VIDEO_HOSTS + tuple(str(host) for host in (extra or ()) if host)


def picture_store(settings: Settings, cache: BuildCache) -> PictureStore:
    """The site's picture cache (.cache/pictures/); a shared one under the temporary folder
    for runs that keep no cache (tests)."""
    root = settings.root / ".cache" if cache.folder is not None else \
        Path(tempfile.gettempdir()) / "thidua-picture-cache"
    return PictureStore(root)


def process_pictures(posts: list[Post], settings: Settings, store: PictureStore,
                     problems: Problems) -> dict[str, Picture]:
    """Every picture the posts show, by content path; reports their problems."""
    # post, path, written, line (or, in the body, what to look for: the line is found only
    # for a picture that has something to report, since finding it reads the file again), field
    uses: list[tuple[Post, str, str, int | str | None, str]] = []
    allowed = allowed_hosts(settings)
    for post in posts:
        post.pictures_shown = ()  # (a post serve kept has them from its last build)
        for host, src in frame_hosts(post.body_before_media):
            if not any(host == name or host.endswith("." + name) for name in allowed):
                problems.error(post.file, f"khung nhúng (iframe) từ {host} không được phép; chỉ "
                               f"nhúng được từ: {', '.join(allowed)}", FRAME_FIX.format(host=host),
                               line=line_of(post, src, settings), field="nội dung")
        if post.image_path:
            uses.append((post, post.image_path, post.meta.image or post.image_path,
                         post.source.line("image"), "image"))
        for found in body_pictures(post.body_before_media, post.url, settings.content_dir):
            if not (settings.content_dir / found.path).is_file():
                continue  # a broken link, reported as such
            needle = found.written.rsplit("/", 1)[-1]
            if not found.alt.strip():
                problems.error(post.file, f"ảnh {found.path.rsplit('/', 1)[-1]} trong bài không "
                               "có mô tả (alt) cho người khiếm thị", ALT_FIX,
                               line=line_of(post, needle, settings), field="nội dung")
            uses.append((post, found.path, found.path.rsplit("/", 1)[-1], needle, "nội dung"))
    paths = sorted({path for _, path, _, _, _ in uses})
    pictures = store.pictures([Source(path, settings.content_dir / path) for path in paths])
    noted: set[str] = set()
    for post, path, written, line, field in uses:
        if pictures[path].notes:
            if isinstance(line, str):
                line = line_of(post, line, settings)
            pictures[path].report(problems, post.file, written, line=line, field=field,
                                  notes=path not in noted)
        noted.add(path)
    for post, path, _, _, _ in uses:
        post.pictures_shown += (path,)
    for post in posts:
        picture = pictures.get(post.image_path) if post.image_path else None
        if (picture and picture.key) != (post.picture and post.picture.key):
            post._listing = ""  # lists show its lead picture: a new one under the same name
        post.picture = picture
        body = post.body_before_media
        if any(tag in body for tag in ("<img", "<a", "<iframe", "<video")):
            post.body_html, post.presented = _presented(post, body, pictures, settings)
    return pictures


def _presented(post: Post, body: str, pictures: dict[str, Picture], settings: Settings
               ) -> tuple[str, tuple[str, str, tuple]]:
    """The body with its media presented, and Post.presented. A post kept between builds
    (serve) whose body, address and pictures are as they were keeps its result; not one with
    links, which may lead to an attachment whose size it shows, or to a picture of another
    post."""
    made_from = (post.url, settings.content_dir,
                 tuple(pictures[path] for path in post.pictures_shown))
    last = post.presented
    if last is not None and "<a" not in body and last[2:] == (made_from,) and last[0] == body:
        return last[1], last
    html = present_media(body, post.url, pictures, settings.content_dir)
    return html, (body, html, made_from)
