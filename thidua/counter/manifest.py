"""The list of countable page ids, written by the build as site/counter-manifest.json.

    {"version": 1, "ids": ["/", "/tin-tuc/", "/tin-tuc/2024/some-slug/", ...]}

Only ids in the manifest are counted, so nobody can fill the database with made-up pages.
The file is re-read when it changes (its mtime is looked at no more than once a second), so a
rebuild of the site needs no restart of the service.
"""
from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

log = logging.getLogger("thidua.counter")

MANIFEST_NAME = "counter-manifest.json"  # in the built site, beside index.html
MANIFEST_VERSION = 1
RECHECK_SECONDS = 1.0


def manifest_bytes(ids: list[str]) -> bytes:
    """The manifest the build writes: sorted, one id a line, the same bytes for the same pages."""
    return (json.dumps({"version": MANIFEST_VERSION, "ids": sorted(set(ids))},
                       ensure_ascii=False, indent=0) + "\n").encode("utf-8")


class ManifestError(Exception):
    """The manifest cannot be used; the message is for the operator, in Vietnamese."""


def read_manifest(path: Path) -> frozenset[str]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ManifestError(
            f"Không tìm thấy danh sách trang {path}. Hãy dựng trang web trước "
            "(python build.py) rồi chạy lại lệnh này, hoặc chỉ rõ tệp bằng --manifest.") from None
    except OSError as error:
        raise ManifestError(f"Không đọc được danh sách trang {path}: {error.strerror}.") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ManifestError(f"Danh sách trang {path} không phải JSON hợp lệ ({error}). "
                            "Hãy dựng lại trang web (python build.py).") from None
    ids = data.get("ids") if isinstance(data, dict) else None
    if (data.get("version") if isinstance(data, dict) else None) != MANIFEST_VERSION \
            or not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise ManifestError(
            f"Danh sách trang {path} không đúng định dạng "
            f'{{"version": {MANIFEST_VERSION}, "ids": ["/", ...]}}. '
            "Hãy dựng lại trang web bằng cùng phiên bản (python build.py).")
    return frozenset(ids)


class Manifest:
    def __init__(self, path: Path):
        self.path = path
        self._signature = self._stat()
        self.ids = read_manifest(path)
        self._checked = time.monotonic()

    def __contains__(self, page_id: str) -> bool:
        self._reload_if_changed()
        return page_id in self.ids

    def _stat(self) -> tuple[int, int] | None:
        try:
            info = os.stat(self.path)
        except OSError:
            return None
        return info.st_mtime_ns, info.st_size

    def _reload_if_changed(self) -> None:
        now = time.monotonic()
        if now - self._checked < RECHECK_SECONDS:
            return
        self._checked = now
        signature = self._stat()
        if signature is None or signature == self._signature:
            return  # gone for a moment (a build swapping site/) or unchanged: keep what we have
        try:
            ids = read_manifest(self.path)
        except ManifestError as error:
            # Half-written or broken: keep counting the previous pages, try again later.
            log.warning("%s Vẫn dùng danh sách cũ.", error)
            return
        self._signature = signature
        self.ids = ids
        log.info("Đã nạp lại danh sách trang: %d trang.", len(ids))
