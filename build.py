#!/usr/bin/env python3
"""The one entry point of the site generator (SPEC §3).

    python build.py [build] [-f mkdocs.yml] [-d site] [--no-verify]
    python build.py check   [-f mkdocs.yml]
    python build.py serve   [-f mkdocs.yml] [-a 127.0.0.1:8000]
    python build.py new "Tiêu đề bài viết" [--bloc ID ...] [--date YYYY-MM-DD]
    python build.py verify  [-d site]
    python build.py counter [--db PATH] [--host 127.0.0.1] [--port 8001] [--manifest PATH]
"""
from __future__ import annotations

import os
import sys

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner says nothing to editors

from thidua.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
