"""Data files: data/*.yml and data/decisions/**.yml → the records of SiteData.

A missing file is an empty list (a site of posts alone is complete); the product's own
catalogue of titles stands in for a missing data/titles.yml. The rules are in model/.
"""
from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from ..config.settings import DEFAULT_TITLES, Settings
from ..core.cache import BuildCache, NoCache, digest
from ..core.problems import Problems
from ..model.base import Record, Source
from ..model.blocs import Bloc
from ..model.categories import DEFAULT_CATEGORY, Category
from ..model.decisions import Decision
from ..model.site import SiteData
from ..model.titles import Title
from ..model.units import Unit
from .errors import validate_record
from .files import BROKEN, files_under, parse_files, parse_yaml, read_yaml_file, utf8

R = TypeVar("R", bound=Record)


def read_data(settings: Settings, problems: Problems, cache: BuildCache | None = None) -> SiteData:
    data_dir = settings.data_dir
    titles_file = data_dir / "titles.yml"
    data = SiteData(files={kind: settings.rel(data_dir / f"{kind}.yml")
                           for kind in ("units", "blocs", "categories", "titles")})
    digests: list[tuple[str, str]] = []  # of every data file: pages depend on all of them
    data.units = _read_list(data_dir / "units.yml", "units", Unit, settings, problems, data,
                            digests)
    data.blocs = _read_list(data_dir / "blocs.yml", "blocs", Bloc, settings, problems, data,
                            digests)
    data.categories = _read_list(data_dir / "categories.yml", "categories", Category, settings,
                                 problems, data, digests)
    if "tin-hoat-dong" not in data.categories:
        data.categories = {"tin-hoat-dong": Category.model_validate(DEFAULT_CATEGORY),
                           **data.categories}
    data.titles = _read_list(titles_file if titles_file.exists() else DEFAULT_TITLES, "titles",
                             Title, settings, problems, data, digests)
    data.decisions = _read_decisions(data_dir / "decisions", settings, problems,
                                     cache or NoCache(), digests)
    data.digest = digest(repr(digests).encode())
    return data


def _read_list(path: Path, key: str, model: type[R], settings: Settings, problems: Problems,
               data: SiteData, digests: list) -> dict[str, R]:
    """Read `key:` list of records from a data file into a dict by id; a missing file is empty."""
    if not path.exists():
        return {}
    rel = settings.rel(path)
    text = path.read_bytes()
    digests.append((rel, digest(text)))
    raw = read_yaml_file(path, settings, problems, text=utf8(text))
    if raw is BROKEN:
        data.broken.add(key)
    if raw is BROKEN or raw is None:
        return {}
    items, prefix = raw, ()
    if isinstance(raw, dict):
        items, prefix = raw.get(key), (key,)
        if items is None and key in raw:  # `units:` with nothing under it yet
            return {}
    if not isinstance(items, list):
        data.broken.add(key)
        problems.error(rel, f"tệp phải có danh sách {key}:",
                       f"mở đầu tệp bằng dòng {key}: rồi liệt kê từng mục bắt đầu bằng dấu -",
                       line=getattr(raw, "line", 1), field=key)
        return {}
    records: dict[str, R] = {}
    for index in range(len(items)):
        source = Source(rel, raw, prefix + (index,))
        record = validate_record(model, source, problems)
        if record is None:
            continue
        if record.id in records:
            first_line = records[record.id].source.line("id")
            problems.error(rel, f"mã {record.id} bị trùng (đã dùng ở dòng {first_line})",
                           "mỗi mục cần một mã id riêng; đổi mã hoặc gộp hai mục",
                           line=source.line("id"), field=source.label("id"))
            continue
        records[record.id] = record
    return records


def read_bloc_ids(settings: Settings, problems: Problems) -> list[str]:
    """The bloc ids written in blocs.yml, for `build.py new`: it needs that file to parse,
    not every data file to be right."""
    path = settings.data_dir / "blocs.yml"
    if not path.exists():
        return []
    raw = read_yaml_file(path, settings, problems)
    items = raw.get("blocs") if isinstance(raw, dict) else raw
    if raw is BROKEN or not isinstance(items, list):
        return []
    return [str(item["id"]) for item in items if isinstance(item, dict) and item.get("id")]


DECISION_SUFFIXES = (".yml", ".yaml")


def _read_decisions(folder: Path, settings: Settings, problems: Problems,
                    cache: BuildCache, digests: list) -> list[Decision]:
    """One decision a file. The YAML is parsed on every core (and cached); the records are
    validated here, since pydantic records cost more to send between processes than to make."""
    paths = files_under(folder, DECISION_SUFFIXES)
    decisions = []
    for path, parsed in parse_files(paths, parse_yaml, "decisions", settings, problems, cache,
                                    digests):
        raw = parsed.value
        source = Source(settings.rel(path), raw)
        if not isinstance(raw, dict):
            problems.error(source.file, "mỗi tệp quyết định phải là các dòng dạng \"tên: giá trị\"",
                           "viết number:, date:, issuer:, status:, period: và awards: "
                           "mỗi trường một dòng", line=1)
            continue
        decision = validate_record(Decision, source, problems)
        if decision is not None:
            decisions.append(decision)
    return decisions
