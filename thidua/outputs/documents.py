"""What the documents library publishes besides its pages (plan/documents.py decides what):
each document's file beside its page, and the small index the library's filter reads in the
browser. Both are written whole (readers of a live site never see half a file)."""
from __future__ import annotations

import json
import os
from pathlib import Path

from .. import urls
from ..core.cache import digest, fingerprint
from ..core.files import link_or_copy, replace_file
from ..plan.documents import Library, document_files, filter_index


def library_paths(library: Library) -> set[str]:
    """The site paths these files take (for the link check)."""
    return set(document_files(library)) | {urls.DOCUMENTS_INDEX}


def write_library_files(library: Library, out_dir: Path,
                        before: dict[str, str]) -> dict[str, str]:
    """Write the files; returns the fingerprint of each (site path → print). A file whose
    print is unchanged and that is in place is left alone."""
    prints = {}
    for path, source in document_files(library).items():
        status = source.stat()
        prints[path] = fingerprint(os.fspath(source), status.st_size, status.st_mtime_ns)
        target = out_dir / path
        if before.get(path) == prints[path] and target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(source, target)
    index = json.dumps(filter_index(library), ensure_ascii=False, separators=(",", ":"),
                       sort_keys=True).encode("utf-8")
    prints[urls.DOCUMENTS_INDEX] = digest(index)
    target = out_dir / urls.DOCUMENTS_INDEX
    if before.get(urls.DOCUMENTS_INDEX) != prints[urls.DOCUMENTS_INDEX] or not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        replace_file(target, index)
    return prints
