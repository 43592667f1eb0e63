"""Site search that stays small: a split index of folded words, fetched piece by piece.

Words are folded (lower case, đ→d, tones and marks dropped) both here and in the browser, so
"khen thuong" finds "khen thưởng". Words of other scripts are not indexed. Posts are grouped by year into segments; each segment's
words are spread over BUCKETS files by a hash of the word, and its posts' titles, dates and
addresses over small blocks. A query downloads the manifest, one bucket per word and segment,
and the blocks of the results it shows: a few hundred KB at 10,000 posts, where a single
index would be tens of MB. A segment whose posts have not changed is kept from the last build.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import unicodedata
from html import unescape
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .fileio import replace_file
from .dates import short_date
from .model import Post, Site
from .parallel import parallel_run
from .text import shorten
from .cache import fingerprint

TITLE_WEIGHT = 5  # a word in the title counts as five in the body
_WORD = re.compile(r"[a-z0-9_]+")
_TAG = re.compile(r"<[^>]+>")
def fold(text: str) -> str:
    """'Khen THƯỞNG Đua' → 'khen thuong dua': decomposed, marks and other non-ASCII letters
    dropped (the index is for Vietnamese and Latin words), lower case."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


# ---- the index ------------------------------------------------------------------------------

FORMAT = 2
BUCKETS = 256  # files a segment's words are spread over; the browser fetches one per word
SEGMENT_SIZE = 2500  # posts in a segment, at least
DOCS_PER_BLOCK = 64  # documents per metadata file
SUMMARY_LENGTH = 180


@lru_cache(maxsize=65536)
def bucket_of(word: str) -> int:
    """FNV-1a over the word's UTF-8 bytes; thidua-search.js computes the same. A language has
    a few thousand words: each is hashed once."""
    value = 0x811C9DC5
    for byte in word.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value % BUCKETS


@dataclass
class _SearchJob:
    segments: list[tuple[str, list[Post]]]
    todo: list[int]  # indexes of the segments to write
    out_dir: Path


_JOB: _SearchJob | None = None


def write_search(site: Site, out_dir: Path, base: str, before: dict[str, str],
                 previous: Path | None) -> dict[str, str]:
    """Write search/: the manifest, and for each year a segment of buckets and doc blocks.
    Returns the fingerprint of each segment; unchanged segments are linked from `previous`."""
    segments = _segments(site.posts)
    prints = {name: fingerprint(FORMAT, [(p.url, p.digest, p.status) for p in posts])
              for name, posts in segments}
    todo = []
    for index, (name, posts) in enumerate(segments):
        if before.get(name) == prints[name] and (
                (out_dir / "search" / name).is_dir() if out_dir == previous
                else _link_segment(previous, name, out_dir)):
            continue
        todo.append(index)
    (out_dir / "search").mkdir(exist_ok=True)
    global _JOB
    _JOB = _SearchJob(segments, todo, out_dir)
    try:
        parallel_run(_write_segments, None if len(todo) > 2 else 1)
    finally:
        _JOB = None
    manifest = {"version": FORMAT, "buckets": BUCKETS, "block": DOCS_PER_BLOCK,
                "segments": [{"id": name, "docs": len(posts)} for name, posts in segments]}
    manifest_path = out_dir / "search" / "index.json"
    replace_file(manifest_path, _json(manifest).encode("utf-8"))
    return prints


def _segments(posts: list[Post]) -> list[tuple[str, list[Post]]]:
    """Posts (newest first) in segments of whole years, each holding at least SEGMENT_SIZE
    posts but the oldest: an edit rewrites one segment, a query reads every segment."""
    by_year: dict[int, list[Post]] = defaultdict(list)
    for post in posts:
        by_year[post.year].append(post)
    segments: list[tuple[str, list[Post]]] = []
    group: list[int] = []
    for year in sorted(by_year, reverse=True):
        group.append(year)
        if sum(len(by_year[y]) for y in group) >= SEGMENT_SIZE:
            segments.append((_segment_name(group), [p for y in group for p in by_year[y]]))
            group = []
    if group:
        segments.append((_segment_name(group), [p for y in group for p in by_year[y]]))
    return segments


def _segment_name(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[-1]}-{years[0]}"


def _link_segment(previous: Path | None, name: str, out_dir: Path) -> bool:
    if previous is None or not (previous / "search" / name).is_dir():
        return False
    target = out_dir / "search" / name
    target.mkdir(parents=True, exist_ok=True)
    for path in (previous / "search" / name).iterdir():
        try:
            os.link(path, target / path.name)
        except OSError:
            return False
    return True


def _write_segments(worker: int, workers: int) -> int:
    job = _JOB
    assert job is not None
    for index in job.todo[worker::workers]:
        name, posts = job.segments[index]
        folder = job.out_dir / "search" / name
        fresh = folder.with_name(f".{name}.{os.getpid()}.new")
        shutil.rmtree(fresh, ignore_errors=True)
        _write_segment(fresh, posts)
        if folder.exists():  # swap the segment whole: a query never mixes old and new files
            old = folder.with_name(f".{name}.{os.getpid()}.old")
            os.rename(folder, old)
            os.rename(fresh, folder)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(fresh, folder)
    return 0


def _write_segment(folder: Path, posts: list[Post]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    postings: dict[str, list[int]] = defaultdict(list)
    last: dict[str, int] = {}
    for doc, post in enumerate(posts):
        for word, count in document_words(post).items():
            # [gap from the previous document with the word, count, …]: small numbers
            postings[word] += (doc - last.get(word, 0), count)
            last[word] = doc
    buckets: dict[int, dict[str, list[int]]] = defaultdict(dict)
    for word, found in postings.items():
        buckets[bucket_of(word)][word] = found
    for number, words in buckets.items():
        (folder / f"b{number}.json").write_text(_json(words), encoding="utf-8")
    for start in range(0, len(posts), DOCS_PER_BLOCK):
        block = [[post.url, post.title, short_date(post.date), shorten(post.summary, SUMMARY_LENGTH)]
                 for post in posts[start:start + DOCS_PER_BLOCK]]
        (folder / f"d{start // DOCS_PER_BLOCK}.json").write_text(_json(block), encoding="utf-8")


def document_words(post: Post) -> Counter:
    """How often each folded word occurs in a post, title words weighted."""
    counted = (post.body_words if post.body_words is not None else body_words(post.body_html))
    parts = counted.split(" ") if counted else []
    words = Counter(dict(zip(parts[::2], map(int, parts[1::2]))))
    words.update(_WORD.findall(fold(post.summary)))
    for word in _WORD.findall(fold(post.title)):
        words[word] += TITLE_WEIGHT
    return words


def body_words(html: str) -> str:
    """How often each folded word occurs in a post's body, as "word count word count …": the
    costly part of indexing a post, done where the body is rendered (on every core, once per
    version of the file). One string rather than a dict: every post keeps it, in memory and
    in the cache, and a dict of a few hundred words costs ten times the room."""
    counts = Counter(_WORD.findall(fold(unescape(_TAG.sub(" ", html)))))
    return " ".join(f"{word} {count}" for word, count in counts.items())


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
