"""Reading files: finding them, parsing them on every core, caching what did not change.

Every file of content/ and data/ that a build reads is listed and opened here (through
core.files.read_source and decode_text), so that a file that cannot be read (a link out of
its folder or to nothing, a folder, a pipe, too large, not UTF-8, broken or unbounded YAML)
is reported the same way wherever it is: file, line, what is wrong, what to do.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from ..config.settings import Settings
from ..core.cache import BuildCache, digest
from ..core.files import Unreadable, decode_text, read_source
from ..core.problems import Problems
from ..core.timing import phase
from ..core.workers import parallel_map
from ..core.yamlsource import YamlSyntaxError, load_yaml


POST_SUFFIXES = (".md", ".markdown")  # posts and standalone pages


def files_under(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """The files under `folder` whose suffix is one of `suffixes`, sorted, as Path.rglob
    lists them, with the file types the directory listing gives: no stat per file, which
    counts at 10,000 posts. Linked folders are not entered but listed, as are links, pipes and
    folders named like such a file: reading them (read_source) says why they are not read,
    rather than leave them out without a word."""
    found, folders = [], [str(folder)]
    while folders:
        try:
            listing = os.scandir(folders.pop())
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            continue  # as rglob: a folder gone or not readable holds nothing to build
        with listing:
            for entry in listing:
                named = os.path.splitext(entry.name)[1] in suffixes
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                    if named:
                        found.append(entry.path)
                elif named or entry.is_symlink() and entry.is_dir():
                    found.append(entry.path)  # a file, a link, a pipe: read_source tells
    return [Path(path) for path in sorted(found)]


def report_linked_files(settings: Settings, problems: Problems) -> None:
    """Files of content/ reached through a symbolic link are never published (a site shows
    only files its editors committed): a warning for each, where the build would leave it out
    without a word. Posts' own files and linked folders among them are read as posts are
    (files_under, read_source), and reported there."""
    posts = os.path.join(settings.content_dir, "posts") + os.sep
    folders = [os.fspath(settings.content_dir)]
    while folders:
        try:
            listing = os.scandir(folders.pop())
        except OSError:
            continue
        with listing:
            for entry in listing:
                if not entry.is_symlink():
                    if entry.is_dir():
                        folders.append(entry.path)
                    continue
                if entry.path.startswith(posts) and (entry.name.endswith(POST_SUFFIXES) or
                                                     entry.is_dir()):
                    continue
                target = os.readlink(entry.path)
                gone = "" if os.path.exists(entry.path) else ", nhưng không có tệp đó"
                problems.warn(settings.rel(entry.path), f"là liên kết tượng trưng (symlink) tới "
                              f"{target}{gone}: không được đăng lên trang web",
                              "chép chính tệp (hoặc thư mục) vào chỗ này nếu cần đăng, hoặc "
                              "xóa liên kết")


def source_root(path: Path, settings: Settings) -> Path | None:
    """The folder a file of the site belongs to (content/ or data/), which a link in it may
    not leave; None for the product's own files."""
    text = os.fspath(path)
    for root in (settings.content_dir, settings.data_dir):
        if text.startswith(os.fspath(root) + os.sep):
            return root
    return None


def read_file(path: Path, settings: Settings, problems: Problems) -> bytes | None:
    """The bytes of a file of content/ or data/ (core.files.read_source); None, with the
    problem reported, when it cannot be read."""
    try:
        return read_source(path, source_root(path, settings))
    except Unreadable as error:
        _report(error, settings.rel(path), problems)
        return None


def decode(data: bytes, rel: str, problems: Problems) -> str | None:
    """The text of a file as read (core.files.decode_text); None, reported, when it is not
    text an editor could have meant."""
    try:
        return decode_text(data)
    except Unreadable as error:
        _report(error, rel, problems)
        return None


def _report(error: Unreadable, rel: str, problems: Problems) -> None:
    problems.error(rel, error.message, error.fix, line=error.line)


def parse_files(paths: list[Path], parse, cache_name: str, settings: Settings,
                problems: Problems, cache: BuildCache,
                digests: list | None = None, variant: str = "") -> list[tuple[Path, Any]]:
    """[(path, parse(...))] for the files that parse, on every core; a file whose bytes have
    not changed since the last build comes from the cache instead, unless `variant` (what
    else the parse depends on: the Markdown dialect) changed. A process that keeps its cache
    (serve) does not even read a file whose size and time are as when it last read it with
    the same variant. The digest of every file read is added to `digests`."""
    known: dict[str, tuple[str, Any]] = cache.load(cache_name) or {}
    names = [settings.rel(path) for path in paths]
    read_before = cache.memo(f"times of {cache_name}", variant)  # name → (size, time) when read
    stats = [_stat(path) for path in paths] if cache.keep else [None] * len(paths)
    todo = [index for index, (name, stat) in enumerate(zip(names, stats))
            if stat is None or read_before.get(name) != stat or name not in known]
    with phase(f"parse {cache_name}"):
        outcomes = dict(zip(todo, parallel_map(
            partial(_read_and_parse, parse, settings, known, variant),
            [(paths[i], names[i]) for i in todo])))
    results, changed = [], False
    for index, (path, name) in enumerate(zip(paths, names)):
        key, parsed = outcomes.get(index, (known[name][0], None) if name in known else ("", None))
        if digests is not None:
            digests.append((name, key))
        if parsed is None:  # unchanged: the cache has it
            results.append((path, known[name][1]))
            read_before[name] = stats[index]
            continue
        changed = True
        value, found = parsed
        problems.add(found)
        if found.errors or found.warnings:
            known.pop(name, None)  # read again next time, to report again
            read_before.pop(name, None)
        elif value is not None:
            known[name] = (key, value)
            read_before[name] = stats[index]
        if value is not None:
            results.append((path, value))
    if changed or len(known) != len(paths):
        cache.save(cache_name, {name: known[name] for name in names if name in known},
                   meanwhile=True)
    return results


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


def _read_and_parse(parse, settings: Settings, known: dict, variant: str,
                    item: tuple[Path, str]) -> tuple:
    """(key, None) for a file the cache has as it is, else (key, parse(...)); the key is the
    file's digest, and the variant. Workers read and hash the files themselves: the parent
    holds none of their bytes."""
    path, name = item
    problems = Problems()
    data = read_file(path, settings, problems)
    if data is None:
        return "", (None, problems)
    key = digest(data) + variant  # what the parse is made from (a post's Post.digest)
    hit = known.get(name)
    if hit is not None and hit[0] == key:
        return key, None
    return key, parse(settings, (0, path, data, key))


BROKEN = object()  # what read_yaml_file returns for a file it could not parse


def read_yaml_file(path: Path, settings: Settings, problems: Problems, *,
                   line_offset: int = 0, text: str | None = None,
                   data: bytes | None = None) -> Any:
    """Parse a YAML file (its `text`, else its bytes as read, `data`, else the file itself);
    a file that cannot be read, or broken YAML, becomes problems and BROKEN."""
    rel = settings.rel(path)
    if text is None:
        data = read_file(path, settings, problems) if data is None else data
        text = None if data is None else decode(data, rel, problems)
        if text is None:
            return BROKEN
    try:
        return load_yaml(text, line_offset)
    except YamlSyntaxError as error:
        for line, problem, fix, field in error.issues:
            problems.error(rel, f"YAML hỏng: {problem}", fix, line=line, field=field)
        return BROKEN


@dataclass
class ParsedYaml:
    value: Any  # the YAML, which may itself be None (an empty file)


def parse_yaml(settings: Settings, item: tuple) -> tuple[ParsedYaml | None, Problems]:
    _, path, data, _ = item
    problems = Problems()
    raw = read_yaml_file(path, settings, problems, data=data)
    return (None if raw is BROKEN else ParsedYaml(raw)), problems
