"""Reading files: finding them, parsing them on every core, caching what did not change.

Every file of content/ and data/ that a build reads is listed and opened here, so that a file
that cannot be read (encoding, broken YAML) is reported the same way wherever it is.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from ..config.settings import Settings
from ..core.cache import BuildCache, digest
from ..core.problems import Problems
from ..core.timing import phase
from ..core.workers import parallel_map
from ..core.yamlsource import YAML_FIX, YamlSyntaxError, load_yaml

def files_under(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """The files under `folder` (not through linked folders) whose suffix is one of
    `suffixes`, sorted. As Path.rglob, with the file types the directory listing gives:
    no stat per file, which counts at 10,000 posts."""
    found, folders = [], [str(folder)]
    while folders:
        try:
            listing = os.scandir(folders.pop())
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            continue  # as rglob: a folder gone or not readable holds nothing to build
        with listing:
            for entry in listing:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif os.path.splitext(entry.name)[1] in suffixes and entry.is_file():
                    found.append(entry.path)
    return [Path(path) for path in sorted(found)]


def parse_files(paths: list[Path], parse, cache_name: str, settings: Settings,
                problems: Problems, cache: BuildCache,
                digests: list | None = None, variant: str = "") -> list[tuple[Path, Any]]:
    """[(path, parse(...))] for the files that parse, on every core; a file whose bytes have
    not changed since the last build comes from the cache instead, unless `variant` (what
    else the parse depends on: the Markdown dialect) changed. The digest of every file read
    is added to `digests`."""
    known: dict[str, tuple[str, Any]] = cache.load(cache_name) or {}
    names = [settings.rel(path) for path in paths]
    with phase(f"parse {cache_name}"):
        outcomes = parallel_map(partial(_read_and_parse, parse, settings, known, variant),
                                list(zip(paths, names)))
    results, changed = [], False
    for path, name, (key, parsed) in zip(paths, names, outcomes):
        if digests is not None:
            digests.append((name, key))
        if parsed is None:  # unchanged: the cache has it
            results.append((path, known[name][1]))
            continue
        changed = True
        value, found = parsed
        problems.errors += found.errors
        problems.warnings += found.warnings
        if found.errors or found.warnings:
            known.pop(name, None)  # read again next time, to report again
        elif value is not None:
            known[name] = (key, value)
        if value is not None:
            results.append((path, value))
    if changed or len(known) != len(paths):
        cache.save(cache_name, {name: known[name] for name in names if name in known},
                   meanwhile=True)
    return results


def _read_and_parse(parse, settings: Settings, known: dict, variant: str,
                    item: tuple[Path, str]) -> tuple:
    """(key, None) for a file the cache has as it is, else (key, parse(...)); the key is the
    file's digest, and the variant. Workers read and hash the files themselves: the parent
    holds none of their bytes."""
    path, name = item
    data = path.read_bytes()
    file_digest = digest(data)
    key = file_digest + variant
    hit = known.get(name)
    if hit is not None and hit[0] == key:
        return key, None
    return key, parse(settings, (0, path, data, file_digest))


BROKEN = object()  # what read_yaml_file returns for a file it could not parse


def read_yaml_file(path: Path, settings: Settings, problems: Problems,
                   *, line_offset: int = 0, text: str | None = None) -> Any:
    """Parse a YAML file; broken YAML or encoding becomes a problem and BROKEN."""
    rel = settings.rel(path)
    try:
        text = path.read_text(encoding="utf-8") if text is None else text
    except UnicodeDecodeError:
        problems.error(rel, "tệp không được lưu bằng mã UTF-8", "lưu lại tệp với bảng mã UTF-8")
        return BROKEN
    try:
        return load_yaml(text, line_offset)
    except YamlSyntaxError as error:
        problems.error(rel, f"YAML hỏng: {error.problem}", YAML_FIX, line=error.line)
        return BROKEN


def utf8(data: bytes) -> str | None:
    """The text, or None when it is not UTF-8: read_yaml_file then reports the encoding."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


@dataclass
class ParsedYaml:
    value: Any  # the YAML, which may itself be None (an empty file)


def parse_yaml(settings: Settings, item: tuple) -> tuple[ParsedYaml | None, Problems]:
    _, path, data, _ = item
    problems = Problems()
    raw = read_yaml_file(path, settings, problems, text=utf8(data))
    return (None if raw is BROKEN else ParsedYaml(raw)), problems
