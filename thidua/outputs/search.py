"""Site search that stays small: a split index of folded words, fetched piece by piece.

Words are folded (lower case, đ→d, tones and marks dropped) both here and in the browser, so
"khen thuong" finds "khen thưởng". Words of other scripts are not indexed. Every kind that
plan/search.py plans is indexed: posts in segments of whole years, the data's kinds (units,
blocs, titles, decisions, award recipients…) together in one more segment. Each segment's
words are spread over BUCKETS files by a hash of the word, and its entries' titles, details and
addresses over small blocks. A query downloads the manifest, one bucket per word and segment,
and the blocks of the results it shows: a few hundred KB at 10,000 posts, where a single
index would be tens of MB. A segment whose entries have not changed is kept from the last build.
"""
from __future__ import annotations

import json
import os
import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

from .. import urls
from ..core.cache import fingerprint
from ..core.dates import short_date
from ..core.files import replace_file
from ..core.text import count_words, shorten, words_of
from ..core.workers import share_out
from ..model.post import Post
from ..model.site import Site
from ..plan.search import DATA_KINDS, POSTS, SearchEntry, SearchKind, data_entries

TITLE_WEIGHT = 5  # a word in the title counts as five in the body
FOLDER = urls.SEARCH_FOLDER.rstrip("/")


# ---- the index ------------------------------------------------------------------------------

FORMAT = 3
DATA_SEGMENT = "du-lieu"  # the segment of every kind but posts (posts' are named by years)
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


Document = Post | SearchEntry  # what a segment holds
Segment = tuple[str, list[tuple[SearchKind, list]]]  # name, and its documents kind by kind


@dataclass
class _SearchJob:
    segments: list[Segment]
    todo: list[int]  # indexes of the segments to write
    out_dir: Path


def write_search(site: Site, out_dir: Path, base: str, before: dict[str, str],
                 previous: Path | None) -> dict[str, str]:
    """Write search/: the manifest, a segment of buckets and doc blocks for each group of
    years of posts, and one for the data. Returns the fingerprint of each segment; unchanged
    segments are linked from `previous`."""
    grouped: list[Segment] = [(name, [(POSTS, posts)]) for name, posts in segments(site.posts)]
    prints = {name: fingerprint(FORMAT, [(p.url, p.digest, p.status) for p in posts])
              for name, ((_, posts),) in grouped}
    data = data_entries(site)
    if data:
        grouped.append((DATA_SEGMENT, data))
        prints[DATA_SEGMENT] = fingerprint(FORMAT, data)
    todo = []
    for index, (name, _) in enumerate(grouped):
        if before.get(name) == prints[name] and (
                (out_dir / FOLDER / name).is_dir() if out_dir == previous
                else _link_segment(previous, name, out_dir)):
            continue
        todo.append(index)
    (out_dir / FOLDER).mkdir(exist_ok=True)
    share_out(partial(_write_segments, _SearchJob(grouped, todo, out_dir)),
              None if len(todo) > 2 else 1)
    # The results page lists kinds in this order; a segment says which of them it holds.
    kinds = [kind for kind, _ in DATA_KINDS] + [POSTS]
    position = {kind.id: index for index, kind in enumerate(kinds)}
    manifest = {"version": FORMAT, "buckets": BUCKETS, "block": DOCS_PER_BLOCK,
                "kinds": [{"id": kind.id, "label": kind.label} for kind in kinds],
                "segments": [{"id": name, "kinds": [[position[kind.id], len(docs)]
                                                    for kind, docs in parts]}
                             for name, parts in grouped]}
    manifest_path = out_dir / urls.SEARCH_MANIFEST
    replace_file(manifest_path, to_json(manifest).encode("utf-8"))
    return prints


def segments(posts: list[Post]) -> list[tuple[str, list[Post]]]:
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
    if previous is None or not (previous / FOLDER / name).is_dir():
        return False
    target = out_dir / FOLDER / name
    target.mkdir(parents=True, exist_ok=True)
    for path in (previous / FOLDER / name).iterdir():
        try:
            os.link(path, target / path.name)
        except OSError:
            return False
    return True


def _write_segments(job: _SearchJob, worker: int, workers: int) -> int:
    for index in job.todo[worker::workers]:
        name, parts = job.segments[index]
        folder = job.out_dir / FOLDER / name
        fresh = folder.with_name(f".{name}.{os.getpid()}.new")
        shutil.rmtree(fresh, ignore_errors=True)
        _write_segment(fresh, [doc for _, docs in parts for doc in docs])
        if folder.exists():  # swap the segment whole: a query never mixes old and new files
            old = folder.with_name(f".{name}.{os.getpid()}.old")
            os.rename(folder, old)
            os.rename(fresh, folder)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(fresh, folder)
    return 0


def _write_segment(folder: Path, docs: list[Document]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    postings: dict[str, list[int]] = defaultdict(list)
    last: dict[str, int] = {}
    for number, doc in enumerate(docs):
        for word, count in document_words(doc).items():
            # [gap from the previous document with the word, count, …]: small numbers
            postings[word] += (number - last.get(word, 0), count)
            last[word] = number
    buckets: dict[int, dict[str, list[int]]] = defaultdict(dict)
    for word, found in postings.items():
        buckets[bucket_of(word)][word] = found
    for bucket, words in buckets.items():
        (folder / f"b{bucket}.json").write_text(to_json(words), encoding="utf-8")
    for start in range(0, len(docs), DOCS_PER_BLOCK):
        block = [_row(doc) for doc in docs[start:start + DOCS_PER_BLOCK]]
        (folder / f"d{start // DOCS_PER_BLOCK}.json").write_text(to_json(block), encoding="utf-8")


def _row(doc: Document) -> list[str]:
    """What the results page shows of a document: [address, title, detail, summary]."""
    if isinstance(doc, Post):
        return [doc.url, doc.title, short_date(doc.date), shorten(doc.summary, SUMMARY_LENGTH)]
    return [doc.url, doc.title, doc.detail, shorten(doc.summary, SUMMARY_LENGTH)]


def document_words(doc: Document) -> Counter:
    """How often each folded word occurs in a document, title words weighted."""
    if isinstance(doc, Post):
        counted = doc.body_words if doc.body_words is not None else count_words(doc.body_html)
        parts = counted.split(" ") if counted else []
        words = Counter(dict(zip(parts[::2], map(int, parts[1::2]))))
        words.update(words_of(doc.summary))
    else:
        words = Counter(words_of(f"{doc.detail} {doc.summary} {doc.words}"))
    for word in words_of(doc.title):
        words[word] += TITLE_WEIGHT
    return words


def to_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def patch_segment(folder: Path, doc: int, words: Counter) -> None:
    """Take the post's old words out of its segment's buckets and put its new ones in."""
    new_by_bucket: dict[int, dict[str, int]] = defaultdict(dict)
    for word, count in words.items():
        new_by_bucket[bucket_of(word)][word] = count
    for number in range(BUCKETS):
        path = folder / f"b{number}.json"
        old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        postings = {word: _decode(encoded) for word, encoded in old.items()}
        for word in postings:
            postings[word].pop(doc, None)
        for word, count in new_by_bucket.get(number, {}).items():
            postings.setdefault(word, {})[doc] = count
        bucket = {word: _encode(found) for word, found in postings.items() if found}
        if bucket == old:
            continue
        if bucket:
            replace_file(path, to_json(bucket).encode("utf-8"))
        else:
            path.unlink()


def _decode(encoded: list[int]) -> dict[int, int]:
    found, doc = {}, 0
    for index in range(0, len(encoded), 2):
        doc += encoded[index]
        found[doc] = encoded[index + 1]
    return found


def _encode(found: dict[int, int]) -> list[int]:
    encoded, last = [], 0
    for doc in sorted(found):
        encoded += (doc - last, found[doc])
        last = doc
    return encoded
