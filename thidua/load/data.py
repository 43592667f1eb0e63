"""Data files: data/*.yml, data/decisions/**.yml, data/documents/**.yml and
data/consultations/**.yml → the records of SiteData.

A missing file is an empty list (a site of posts alone is complete); the product's own
catalogues of titles and of document types stand in for a missing data/titles.yml and
data/document-types.yml. The rules are in model/.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TypeVar

from ..config.settings import DEFAULT_DOCUMENT_TYPES, DEFAULT_TITLES, Settings
from ..core.cache import BuildCache, NoCache, digest
from ..core.problems import Problems
from ..model.base import Record, Source
from ..model.blocs import Bloc
from ..model.campaigns import Campaign
from ..model.categories import DEFAULT_CATEGORY, Category
from ..model.consultations import Consultation, add_consultation
from ..model.decisions import Decision
from ..model.documents import Document, DocumentType, add_document, locate_file
from ..model.site import SiteData
from ..model.titles import Title
from ..model.units import Unit
from ..model.workdays import CalendarDay, WorkingCalendar
from .errors import validate_record
from .files import BROKEN, files_under, parse_files, parse_yaml, read_file, read_yaml_file

R = TypeVar("R", bound=Record)


def read_data(settings: Settings, problems: Problems, cache: BuildCache | None = None) -> SiteData:
    data_dir = settings.data_dir
    titles_file = data_dir / "titles.yml"
    data = SiteData(files={kind: settings.rel(data_dir / f"{kind}.yml")
                           for kind in ("units", "blocs", "categories", "titles", "campaigns")})
    data.files.update(document_types=settings.rel(data_dir / "document-types.yml"),
                      documents=settings.rel(data_dir / "documents") + "/",
                      decision_ids=settings.rel(data_dir / "decisions") + "/")
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
    data.titles = _read_list(titles_file if os.path.lexists(titles_file) else DEFAULT_TITLES,
                             "titles", Title, settings, problems, data, digests)
    types_file = data_dir / "document-types.yml"
    data.document_types = _read_list(types_file if os.path.lexists(types_file) else
                                     DEFAULT_DOCUMENT_TYPES, "types", DocumentType, settings,
                                     problems, data, digests, kind="document_types")
    data.campaigns = _read_list(data_dir / "campaigns.yml", "campaigns", Campaign, settings,
                                problems, data, digests)
    data.calendar = _read_calendar(settings, problems, data, digests)
    cache = cache or NoCache()
    data.decisions = [decision for decision, _ in _read_folder(
        data_dir / "decisions", Decision, settings, problems, cache, data, digests,
        "decision_ids")]
    for decision in data.decisions:
        data.decision_ids.setdefault(decision.id, []).append(decision)
    for document, _ in _read_folder(data_dir / "documents", Document, settings, problems,
                                    cache, data, digests, "documents"):
        add_document(data, document, problems)
    for document in data.documents.values():
        if document.set_aside("file"):  # reported already
            continue
        found = locate_file(document, settings, problems)
        if found is not None:
            data.document_files[document.id] = found
            digests.append((settings.rel(found.path), found.size))
    for consultation, path in _read_folder(data_dir / "consultations", Consultation, settings,
                                           problems, cache, data, digests, "consultations"):
        add_consultation(data.consultations, consultation, path.stem, problems)
    data.digest = digest(repr(digests).encode())
    return data


def _read_list(path: Path, key: str, model: type[R], settings: Settings, problems: Problems,
               data: SiteData, digests: list, kind: str | None = None) -> dict[str, R]:
    """Read `key:` list of records from a data file into a dict by id (_read_items). `kind`:
    the SiteData field it fills, when not `key`."""
    records: dict[str, R] = {}
    for record in _read_items(path, key, model, settings, problems, data, digests, kind):
        if record.id in records:
            first_line = records[record.id].source.line("id")
            problems.error(record.source.file,
                           f"mã {record.id} bị trùng (đã dùng ở dòng {first_line})",
                           "mỗi mục cần một mã id riêng; đổi mã hoặc gộp hai mục",
                           line=record.source.line("id"), field=record.source.label("id"))
            continue
        records[record.id] = record
    return records


def _read_items(path: Path, key: str, model: type[R], settings: Settings, problems: Problems,
                data: SiteData, digests: list, kind: str | None = None,
                lists: tuple[str, ...] = ()) -> list[R]:
    """The records of the `key:` list of a data file (with or without the `key:` line). A file
    missing or listing nothing is noted (data.empty): what names its records is reported once,
    on it. `lists`: all the lists the file may hold, when it may hold others than this one."""
    kind = kind or key
    if not os.path.lexists(path):
        data.empty[kind] = ("missing", key)
        return []
    rel = settings.rel(path)
    text = read_file(path, settings, problems)
    if text is None:
        data.broken.add(kind)
        return []
    if (rel, digest(text)) not in digests:  # a file of several lists counts once
        digests.append((rel, digest(text)))
    raw = read_yaml_file(path, settings, problems, data=text)
    if raw is BROKEN:
        data.broken.add(kind)
        return []
    items, prefix = raw, ()
    if isinstance(raw, dict):
        items, prefix = raw.get(key), (key,)
        if items is None and any(name in raw for name in lists or (key,)):
            items = []  # `units:` with nothing under it yet, or only another list of the file
    if raw is None or items == []:
        data.empty[kind] = ("empty", key)
        return []
    if not isinstance(items, list) or len(lists) > 1 and prefix == ():  # which list is it?
        data.broken.add(kind)
        lists = lists or (key,)  # one error for the file, whichever list is read
        problems.error(rel, f"tệp phải có danh sách {' hoặc '.join(f'{name}:' for name in lists)}",
                       f"mở đầu tệp bằng dòng {lists[0]}: rồi liệt kê từng mục bắt đầu bằng dấu -",
                       line=getattr(raw, "line", 1), field=lists[0])
        return []
    records = (validate_record(model, Source(rel, raw, prefix + (index,)), problems)
               for index in range(len(items)))
    return [record for record in records if record is not None]


def read_bloc_ids(settings: Settings, problems: Problems) -> list[str]:
    """The bloc ids written in blocs.yml, for `build.py new`: it needs that file to parse,
    not every data file to be right."""
    return read_ids(settings.data_dir / "blocs.yml", "blocs", settings, problems)


def read_document_type_ids(settings: Settings, problems: Problems) -> list[str]:
    """The document types `build.py new --kind van-ban` may name."""
    path = settings.data_dir / "document-types.yml"
    return read_ids(path if os.path.lexists(path) else DEFAULT_DOCUMENT_TYPES, "types",
                    settings, problems)


def read_ids(path: Path, key: str, settings: Settings, problems: Problems) -> list[str]:
    """The ids of the `key:` list of a data file, read as loosely as a scaffold needs."""
    if not os.path.lexists(path):
        return []
    raw = read_yaml_file(path, settings, problems)
    items = raw.get(key) if isinstance(raw, dict) else raw
    if raw is BROKEN or not isinstance(items, list):
        return []
    return [str(item["id"]) for item in items if isinstance(item, dict) and item.get("id")]


def read_calendar(settings: Settings, problems: Problems) -> WorkingCalendar:
    """Working days with the office's data/days-off.yml (for `build.py new --kind lay-y-kien`)."""
    return _read_calendar(settings, problems, SiteData(), [])


def _read_calendar(settings: Settings, problems: Problems, data: SiteData,
                   digests: list) -> WorkingCalendar:
    """Public holidays (the `holidays` package) with the days off and make-up working days the
    office lists in data/days-off.yml."""
    path = settings.data_dir / "days-off.yml"
    keys = ("days_off", "working_days")
    return WorkingCalendar(*(_read_items(path, key, CalendarDay, settings, problems, data, digests,
                                         lists=keys) for key in keys))


DATA_SUFFIXES = (".yml", ".yaml")


def _read_folder(folder: Path, model: type[R], settings: Settings, problems: Problems,
                 cache: BuildCache, data: SiteData, digests: list,
                 kind: str) -> list[tuple[R, Path]]:
    """One record a file, in the folder and below. The YAML is parsed on every core (and
    cached); the records are validated here, since pydantic records cost more to send between
    processes than to make. A folder without any such file is noted as an empty data file is
    (data.empty: what names its records is reported once, on it); one with a file that could
    not be read, as a data file that could not be read (data.broken)."""
    paths = files_under(folder, DATA_SUFFIXES)
    if not paths:
        data.empty[kind] = ("empty" if folder.is_dir() else "missing", "")
    required = [name for name, info in model.model_fields.items() if info.is_required()]
    parsed_files = parse_files(paths, parse_yaml, folder.name, settings, problems, cache, digests)
    if len(parsed_files) < len(paths):  # reported: the ids in it are unknown, not wrong
        data.broken.add(kind)
    records = []
    for path, parsed in parsed_files:
        raw = parsed.value
        source = Source(settings.rel(path), raw)
        if not isinstance(raw, dict):
            problems.error(source.file, "tệp phải là các dòng dạng \"tên: giá trị\"",
                           f"viết {', '.join(f'{name}:' for name in required)} "
                           "mỗi trường một dòng", line=1)
            continue
        record = validate_record(model, source, problems)
        if record is not None:
            records.append((record, path))
    return records
