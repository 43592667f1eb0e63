"""The site folder a build writes: one build at a time, never anything but a site this
generator wrote, built beside it and swapped in whole, and a marker saying which build wrote
it (so that a later build may reuse or update it)."""
from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from ..config.settings import PRODUCT_ROOT, Settings
from ..core.files import replace_file
from ..counter.manifest import MANIFEST_NAME


class UnsafeTarget(Exception):
    """The folder asked for must not be replaced (the message says why, in Vietnamese)."""


def refuse_unsafe_target(target: Path, settings: Settings) -> None:
    """The site folder is replaced whole by every build: it must not be, or hold, anything
    else (`-d .` or `-d content` would otherwise throw the project away)."""
    custom = settings.custom_dir
    precious = [settings.root, settings.content_dir, settings.data_dir, PRODUCT_ROOT,
                Path.cwd(), Path.home(), *filter(None, [custom])]
    for folder in precious:
        folder = folder.resolve()
        if _same_folder(target, folder) or folder.is_relative_to(target) or \
                _holds(target, folder):
            what = "là" if _same_folder(target, folder) else "chứa"
            raise UnsafeTarget(f"Không dựng vào {target}: thư mục này {what} {folder} của dự "
                               "án, mà mỗi lần dựng thay toàn bộ thư mục đích. Chọn một thư mục "
                               "riêng, ví dụ -d site.")
    for folder in (settings.content_dir, settings.data_dir, *filter(None, [custom])):
        if target.is_relative_to(folder.resolve()):
            raise UnsafeTarget(f"Không dựng vào {target}: thư mục này nằm trong {folder}, nơi "
                               "lệnh dựng đọc nội dung. Chọn một thư mục riêng, ví dụ -d site.")
    if os.path.lexists(target) and not target.is_dir():
        raise UnsafeTarget(f"Không dựng vào {target}: đây là một tệp, không phải thư mục. Chọn "
                           "một thư mục, ví dụ -d site.")
    # Only a folder this generator wrote (the counter's manifest is ours alone) is replaced.
    if target.is_dir() and any(target.iterdir()) and \
            not (target / MANIFEST_NAME).exists() and not marker_path(target).exists():
        raise UnsafeTarget(f"Không dựng vào {target}: thư mục đã có tệp và không phải trang web "
                           "do lệnh này dựng. Chọn thư mục trống hoặc xoá nó trước.")


def _same_folder(one: Path, other: Path) -> bool:
    """The same folder, also where names differ only in case (macOS, Windows file systems)."""
    try:
        return one == other or os.path.samefile(one, other)
    except OSError:
        return False


def _holds(folder: Path, inner: Path) -> bool:
    """`inner` lies inside `folder`, by identity rather than by name."""
    return any(_same_folder(folder, parent) for parent in inner.parents)


@contextmanager
def build_lock(root: Path):
    """One build at a time per site: a second waits for the first."""
    folder = root / ".cache"
    folder.mkdir(exist_ok=True)
    with open(folder / "build.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("Đang chờ một lần dựng khác xong…", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


# ---- the marker: which build wrote the site -------------------------------------------------

def marker_path(site_dir: Path) -> Path:
    """Beside the site, not in it: which build wrote the site, so that its pages may be
    reused. It is written once the site is complete."""
    return site_dir.with_name(f".{site_dir.name}.thidua-build")


def current_marker(site_dir: Path) -> str:
    """The marker of the build that wrote the site folder, or "" when the folder there is not
    the one it wrote (deleted, or replaced by another folder of the same name)."""
    try:
        marker, _, folder = marker_path(site_dir).read_text(encoding="utf-8").partition(" ")
        return marker if folder.strip() == _folder_identity(site_dir) else ""
    except OSError:
        return ""


def set_marker(site_dir: Path, marker: str) -> None:
    replace_file(marker_path(site_dir), f"{marker} {_folder_identity(site_dir)}\n".encode())


def forget_marker(site_dir: Path) -> None:
    marker_path(site_dir).unlink(missing_ok=True)


def _folder_identity(folder: Path) -> str:
    status = folder.stat()  # OSError when the folder is gone
    return f"{status.st_dev}:{status.st_ino}"


# ---- building beside the site, then swapping ------------------------------------------------

def staging_folder(target: Path) -> Path:
    """An empty folder beside the site, where a full build writes the new site."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(dir=target.parent,
                                 prefix=f".{target.name}.building-{os.getpid()}-"))


def swap_into_place(new: Path, target: Path) -> None:
    """Replace `target` by the freshly built `new` folder with two renames; the old folder is
    deleted in the background, so that a large site does not wait for it."""
    forget_marker(target)  # the site is about to change under it
    old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old-"))
    had_site = target.exists()
    if had_site:
        os.replace(target, old)  # over the empty folder just made
    try:
        os.rename(new, target)
    except OSError:
        if had_site:
            os.replace(old, target)  # the old site goes back where it was
        raise
    remove_later(old)


def clean_leftovers(target: Path) -> None:
    """Old sites still being deleted, and folders of builds that were killed."""
    leftovers = list(target.parent.glob(f".{target.name}.old-*"))
    for folder in target.parent.glob(f".{target.name}.building-*"):
        pid = folder.name.split("building-", 1)[1].split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            leftovers.append(folder)
    remove_later(*leftovers)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid != os.getpid()  # ours, before this build made its folder: from an earlier life


def remove_later(*folders: Path) -> None:
    """Delete folders in a process of their own, which the build does not wait for."""
    folders = tuple(str(folder) for folder in folders if folder.exists())
    if folders:
        subprocess.Popen([sys.executable, "-c", "import shutil, sys\n"
                          "for f in sys.argv[1:]: shutil.rmtree(f, ignore_errors=True)", *folders],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)


def discard_staging(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
