"""Files: the editors' files read within bounds; the site's files, which readers may be
reading, written whole, linked, removed without a trace."""
from __future__ import annotations

import os
import shutil
import stat
from functools import lru_cache
from pathlib import Path

from .text import UNPRINTABLE, UNPRINTABLE_FIX, unprintable

# No post, page or data file of a portal comes near this; past it a file is an error (a
# runaway export, a pasted database), not minutes of work and gigabytes of memory.
MAX_SOURCE_BYTES = 2_000_000
_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


class Unreadable(Exception):
    """A file an editor wrote that cannot be read: what is wrong and what to do, in Vietnamese,
    and the line when the problem is inside the file."""

    def __init__(self, message: str, fix: str, line: int | None = None):
        self.message, self.fix, self.line = message, fix, line
        super().__init__(message)


def read_source(path: Path | str, root: Path | str | None,
                limit: int = MAX_SOURCE_BYTES) -> bytes:
    """The bytes of an editor's file, or Unreadable. A symbolic link is followed only to a
    file inside `root` (content/ or data/; None: anywhere); folders, pipes and devices are not
    read (a pipe would wait forever), nor files over `limit` bytes."""
    try:
        try:
            descriptor = os.open(path, _OPEN_FLAGS)
        except OSError:
            if not os.path.islink(path):
                raise
            descriptor = os.open(_link_target(path, root), _OPEN_FLAGS & ~os.O_NOFOLLOW)
        try:
            return _read_open(descriptor, limit)
        finally:
            os.close(descriptor)
    except FileNotFoundError:
        raise Unreadable("không tìm thấy tệp (có thể vừa bị xóa hoặc đổi tên)",
                         "kiểm tra tên tệp rồi chạy lại lệnh") from None
    except PermissionError:
        raise Unreadable("không có quyền đọc tệp", "cho phép đọc tệp, ví dụ chmod a+r <tên tệp>") \
            from None
    except OSError as error:
        raise Unreadable(f"không đọc được tệp ({error.strerror})",
                         "kiểm tra tệp (ổ đĩa, quyền) rồi chạy lại lệnh") from None


def _link_target(path: Path | str, root: Path | str | None) -> str:
    target = os.path.realpath(path)
    if not os.path.exists(target):
        raise Unreadable(f"là liên kết tượng trưng (symlink) tới {os.readlink(path)}, nhưng "
                         "không có tệp đó", "xóa liên kết, hoặc đặt chính tệp vào chỗ này")
    if os.path.isdir(target):
        raise Unreadable(f"là liên kết tượng trưng (symlink) tới thư mục {os.readlink(path)}: "
                         "các tệp trong đó không được đọc", "chuyển các tệp vào một thư mục "
                         "thật ở đây, hoặc xóa liên kết")
    if root is not None and not is_inside(target, root):
        raise Unreadable(f"là liên kết tượng trưng (symlink) trỏ ra ngoài thư mục "
                         f"{os.path.basename(os.fspath(root))}/ ({target}): không được đọc",
                         "chép chính tệp vào chỗ này thay cho liên kết")
    return target


def _read_open(descriptor: int, limit: int) -> bytes:
    info = os.fstat(descriptor)
    if stat.S_ISDIR(info.st_mode):
        raise Unreadable("là một thư mục, không phải tệp",
                         "đổi tên thư mục cho khác đuôi tệp (.md, .yml), hoặc xóa nó")
    if not stat.S_ISREG(info.st_mode):
        raise Unreadable("không phải tệp thường (là ống dẫn, thiết bị hoặc socket)",
                         "thay bằng một tệp văn bản thường")
    chunks, size = [], 0
    while size <= limit:
        chunk = os.read(descriptor, max(min(limit + 1 - size, 1 << 20), 1))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    raise Unreadable(f"tệp quá lớn (hơn {megabytes(limit)}, giới hạn cho mỗi tệp)",
                     "chia nội dung thành nhiều tệp nhỏ hơn; bảng hay văn bản rất dài thì đặt "
                     "thành tệp đính kèm (PDF) trong content/ rồi liên kết tới")


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:g} MB".replace(".", ",")


def is_inside(path: Path | str, folder: Path | str) -> bool:
    """Whether `path` (resolved) is `folder` or inside it, links resolved."""
    real = os.path.realpath(path)
    base = _real(os.fspath(folder))
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


def is_real_file(path: Path | str) -> bool:
    """A file reached without any symbolic link on the way (`path` absolute, its folders
    resolved): the only kind of file of content/ a site publishes (outputs/media.py)."""
    text = os.fspath(path)
    return os.path.isfile(text) and os.path.realpath(text) == os.path.normpath(text)


LINKED_FILE_FIX = "chép chính tệp vào chỗ này thay cho liên kết (trang web chỉ đăng tệp thật)"


@lru_cache(maxsize=64)
def _real(folder: str) -> str:
    return os.path.realpath(folder)


def decode_text(data: bytes) -> str:
    """An editor's text file as text: UTF-8 (a byte-order mark dropped), lines ending in \\n
    whatever the editor's system wrote, and no character that XML cannot carry; else
    Unreadable with the line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
        raise Unreadable("tệp được lưu bằng mã UTF-16, không phải UTF-8" if utf16 else
                         f"tệp không được lưu bằng mã UTF-8 (ký tự lạ ở dòng {line})",
                         "lưu lại tệp với bảng mã UTF-8 (trong trình soạn thảo: Save with "
                         "Encoding → UTF-8)", line=None if utf16 else line) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = UNPRINTABLE.search(text)
    if bad:
        raise Unreadable(f"tệp có {unprintable(bad.group())}", UNPRINTABLE_FIX,
                         line=text.count("\n", 0, bad.start()) + 1)
    return text


def replace_file(path: Path, data: bytes) -> None:
    """Write a file whole: readers see the old one or the new one, never half of it."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def link_or_copy(source: Path, target: Path) -> None:
    """Put `source` at `target` whole, as a hard link (no bytes read) or, across file systems,
    a copy; whatever was at `target` is replaced in one step."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        os.link(source, temporary)
    except FileExistsError:
        os.unlink(temporary)
        os.link(source, temporary)
    except OSError:  # another file system
        shutil.copyfile(source, temporary)
    os.replace(temporary, target)


def link_previous(previous: Path | None, relative: str, target: Path) -> bool:
    """Link `target` to the same file of the previous site; False when there is none."""
    if previous is None:
        return False
    source = previous / relative
    try:
        if target.exists():
            target.unlink()
        os.link(source, target)
    except FileNotFoundError:
        return False
    except OSError:  # another file system: copy instead
        shutil.copyfile(source, target)
    return True


def remove_file(path: Path, root: Path) -> None:
    """Remove a file of the site and the folders it leaves empty, up to `root`: a page removed
    must leave no empty folder behind, its address must answer 404."""
    try:
        path.unlink(missing_ok=True)
    except NotADirectoryError:  # one of its folders is a file now: it is gone already
        return
    except IsADirectoryError:  # a folder of this build's files took its place
        return
    remove_empty_folders(path.parent, root)


def remove_empty_folders(folder: Path, root: Path) -> None:
    """`folder` and its parents up to `root`, as long as they are empty."""
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except FileNotFoundError:  # gone already: its parent may still be empty
            pass
        except OSError:  # not empty: other files live there
            return
        folder = folder.parent
