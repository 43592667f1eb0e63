"""Readers: posts and data files → validated records, every problem collected with its line.

Pydantic does the field rules (see model.py); this module turns its errors into messages an
editor can act on: the file, the line, the field, what is wrong and what to write instead.
"""
from __future__ import annotations

import difflib
import os
import typing
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .model import (Bloc, Category, Decision, FieldError, Person, PERSON_FIELDS, Post, PostMeta,
                    Record, SiteData, Settings, Source, Title, Unit)
from .cache import BuildCache, NoCache, digest
from .markup import RenderedBody, render_body
from .parallel import parallel_map
from .search import body_words
from .problems import Problems
from .timing import phase
from .text import make_slug
from .yamlsource import YAML_FIX, YamlSyntaxError, load_yaml, split_front_matter

R = TypeVar("R", bound=Record)

# The product's own catalogue of titles, used when a site has no data/titles.yml.
PRODUCT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TITLES = PRODUCT_ROOT / "data" / "titles.yml"
DEFAULT_CATEGORY = {"id": "tin-hoat-dong", "name": "Tin hoạt động"}

# ---- turning pydantic errors into editor messages -------------------------------------------

_MESSAGES = {
    "missing": "thiếu trường bắt buộc",
    "string_too_long": "dài quá {max_length} ký tự",
    "string_too_short": "không được để trống",
    "too_short": "phải có ít nhất {min_length} mục",
    "string_type": "phải là chữ, đang là {shown}",
    "bool_type": "phải là true hoặc false, đang là {shown}",
    "bool_parsing": "phải là true hoặc false, đang là {shown}",
    "int_type": "phải là số nguyên, đang là {shown}",
    "int_parsing": "phải là số nguyên, đang là {shown}",
    "int_from_float": "phải là số nguyên, đang là {shown}",
    "greater_than_equal": "giá trị {shown} nhỏ hơn mức cho phép ({ge})",
    "less_than_equal": "giá trị {shown} lớn hơn mức cho phép ({le})",
    "list_type": "phải là một danh sách, đang là {shown}",
    "literal_error": "giá trị {shown} không hợp lệ, chỉ nhận {expected}",
    "string_pattern_mismatch": "{shown} không đúng dạng",
    "model_type": "phải là một nhóm trường dạng \"tên: giá trị\", đang là {shown}",
    "model_attributes_type": "phải là một nhóm trường dạng \"tên: giá trị\", đang là {shown}",
    "dict_type": "phải là một nhóm trường dạng \"tên: giá trị\", đang là {shown}",
}


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if value is None:
        return "trống"
    if isinstance(value, dict):
        return "một nhóm trường"
    if isinstance(value, list):
        return "một danh sách"
    return str(value)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The record class inside an annotation such as `list[Term]` or `Person | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found:
            return found
    return None


def _field_hint(model: type[BaseModel], loc: tuple) -> str | None:
    info = None
    current: type[BaseModel] | None = model
    for step in loc:
        if isinstance(step, int):
            continue
        if current is None or step not in current.model_fields:
            return info.description if info else None
        info = current.model_fields[step]
        current = _model_in(info.annotation)
    return info.description if info else None


def _explain(error: dict, model: type[BaseModel]) -> tuple[tuple, str, str]:
    """(location of the field, what is wrong, what to write instead)."""
    loc, kind, ctx = tuple(error["loc"]), error["type"], error.get("ctx") or {}
    if kind == "value_error" and isinstance(ctx.get("error"), FieldError):
        loc = loc + (ctx["error"].field_name,)
    if kind == "extra_forbidden" and len(loc) >= 2 and _model_in(_annotation_at(model, loc[:-1])) is Person:
        return (loc, f"trường {loc[-1]} là thông tin cá nhân, không được công bố trên cổng thông tin",
                f"xóa dòng {loc[-1]}; với một cá nhân chỉ được ghi {', '.join(PERSON_FIELDS)}")
    hint = _field_hint(model, loc) or "xem hướng dẫn trong README.md"
    if kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
    elif kind in _MESSAGES:
        message = _MESSAGES[kind].format(shown=_shown(error.get("input")), **ctx)
    else:
        message = error["msg"]
    return loc, message, hint


def _annotation_at(model: type[BaseModel], loc: tuple) -> Any:
    current: Any = model
    annotation = None
    for step in loc:
        if isinstance(step, int):
            continue
        record = _model_in(current)
        if record is None or step not in record.model_fields:
            return None
        annotation = record.model_fields[step].annotation
        current = annotation
    return annotation


def validate_record(model: type[R], source: Source, problems: Problems) -> R | None:
    """Validate the record at `source`, reporting every error and unknown field with its line.

    Lists of records (a bloc's terms, a decision's awards) are checked item by item, and a
    record whose own fields are wrong is kept without them when it still holds together, so
    that the cross-reference checks can go on and one run reports every mistake.
    """
    raw = source.node()
    try:  # the common case, valid as a whole: one pydantic call
        record = model.model_validate(raw)
    except ValidationError:
        pass
    else:
        _attach_source(record, source)
        _report_unknown_fields(record, source, problems)
        return record
    value, failed_lists = raw, set()
    if isinstance(raw, dict):
        value = dict(raw)
        for name, item_model in _record_lists(model):
            if isinstance(raw.get(name), list):
                items = [validate_record(item_model, source.child(name, index), problems)
                         for index in range(len(raw[name]))]
                value[name] = [item for item in items if item is not None]
                if len(value[name]) < len(items):
                    failed_lists.add(name)
    record = _validate_reporting_all(model, value, source, problems, failed_lists)
    if record is None:
        return None
    _attach_source(record, source)
    _report_unknown_fields(record, source, problems, nested=False)  # items reported theirs
    return record


def _validate_reporting_all(model: type[R], value: Any, source: Source, problems: Problems,
                            failed_lists: set[str]) -> R | None:
    """Validate; on errors, report them, set the wrong fields aside (or to the model's
    stand-in values) and try again, so that rules reached only by valid records, such as
    'image needs image_alt', are reported in the same run. A record that came through this
    way is marked `salvaged`: it serves the cross-reference checks, never a page."""
    set_aside: set = set()
    for _ in range(4):
        try:
            record = model.model_validate(value)
        except ValidationError as errors:
            wrong = set()
            for error in errors.errors(include_url=False):
                loc, message, fix = _explain(error, model)
                field = loc[0] if loc else None
                rule = (error.get("ctx") or {}).get("error")
                culprits = rule.culprits if isinstance(rule, FieldError) else ()
                if {field, *culprits} & (failed_lists | set_aside):
                    continue  # reported already (item by item, or in an earlier round)
                # A missing field has no line: point at the field that needs it instead.
                at = next((c for c in (field, *culprits) if isinstance(value, dict)
                           and c in value), field)
                line = source.line(at, *loc[1:]) if at == field else source.line(at)
                problems.error(source.file, message, fix, line=line, field=source.label(*loc))
                wrong.update((field, *culprits))
            if not wrong or None in wrong or not isinstance(value, dict):
                return None
            set_aside |= wrong
            stand_ins = getattr(model, "STAND_INS", {})
            value = {k: v for k, v in value.items() if k not in set_aside}
            value.update({k: v for k, v in stand_ins.items() if k in set_aside})
            continue
        if set_aside or failed_lists:
            record.mark_salvaged()
        return record
    return None


def _record_lists(model: type[BaseModel]) -> list[tuple[str, type[BaseModel]]]:
    """Fields holding a list of records, such as Bloc.terms."""
    return [(name, _model_in(info.annotation)) for name, info in model.model_fields.items()
            if typing.get_origin(info.annotation) is list and _model_in(info.annotation)]


def _attach_source(record: Record, source: Source) -> None:
    """Give the record its place in the file (records inside it are placed on demand, see
    Record.source_of: most are never asked)."""
    if not record.has_source:
        record.mark(source)


def _report_unknown_fields(record: Record, source: Source, problems: Problems,
                           nested: bool = True) -> None:
    """Warn about every unknown field of the record (and of the records inside it)."""
    if not record.model_extra and not nested:
        return
    known = list(type(record).model_fields)
    for name in record.model_extra or {}:
        close = difflib.get_close_matches(str(name), known, n=1)
        fix = (f"có phải ý bạn là {close[0]}? " if close else "") + \
            f"các trường được dùng là: {', '.join(known)}"
        problems.warn(source.file, f"trường {name} không được dùng nên bị bỏ qua", fix,
                      line=source.line(name), field=source.label(name))
    for name, value in record.__dict__.items() if nested else ():
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            if isinstance(item, Record) and item.model_extra:
                path = (name, index) if isinstance(value, list) else (name,)
                _report_unknown_fields(item, source.child(*path), problems)


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


# ---- posts ----------------------------------------------------------------------------------

POST_SUFFIXES = (".md", ".markdown")


@dataclass
class PostFile:
    """A post file as read and rendered: what is worked out once per version of the file,
    on every core, and kept in the cache. Validation happens afterwards, on every build."""

    content_path: str
    digest: str
    raw: Any  # the front matter's YAML, with lines
    body_line: int
    body: RenderedBody
    words: str  # of the body, for the search index (search.body_words)


def read_posts(settings: Settings, problems: Problems, cache: BuildCache) -> list[Post]:
    """Every post under content/posts/, drafts and scheduled ones included."""
    folder = settings.content_dir / "posts"
    paths = files_under(folder, POST_SUFFIXES)
    files = parse_files(paths, _read_post_file, "posts", settings, problems, cache)
    posts = (post_from_file(f, settings, problems) for _, f in files)
    return [post for post in posts if post is not None]


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
                digests: list | None = None) -> list[tuple[Path, Any]]:
    """[(path, parse(...))] for the files that parse, on every core; a file whose bytes have
    not changed since the last build comes from the cache instead. The digest of every file
    read is added to `digests`."""
    known: dict[str, tuple[str, Any]] = cache.load(cache_name) or {}
    names = [settings.rel(path) for path in paths]
    with phase(f"parse {cache_name}"):
        outcomes = parallel_map(partial(_read_and_parse, parse, settings, known),
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


def _read_and_parse(parse, settings: Settings, known: dict, item: tuple[Path, str]) -> tuple:
    """(digest, None) for a file the cache has as it is, else (digest, parse(...)). Workers
    read and hash the files themselves: the parent holds none of their bytes."""
    path, name = item
    data = path.read_bytes()
    key = digest(data)
    hit = known.get(name)
    if hit is not None and hit[0] == key:
        return key, None
    return key, parse(settings, (0, path, data, key))


def _read_post_file(settings: Settings, item: tuple) -> tuple[PostFile | None, Problems]:
    """Read and render one post file: what is done once per version of the file."""
    _, path, data, key = item
    problems = Problems()
    rel = settings.rel(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        problems.error(rel, "tệp không được lưu bằng mã UTF-8", "lưu lại tệp với bảng mã UTF-8")
        return None, problems
    parts = split_front_matter(text)
    if parts is None:
        problems.error(rel, "thiếu phần thông tin đầu bài (front matter)",
                       "mở đầu tệp bằng một dòng ---, tiếp theo là các trường title: và date:, "
                       "rồi đóng lại bằng một dòng ---", line=1)
        return None, problems
    front, body, body_line = parts
    raw = read_yaml_file(path, settings, problems, line_offset=1, text=front)
    if raw is BROKEN:
        return None, problems
    rendered = render_body(body, rel, body_line, problems)
    if problems.errors:
        return None, problems
    content_path = path.relative_to(settings.content_dir).as_posix()
    return PostFile(content_path, key, {} if raw is None else raw, body_line, rendered,
                    body_words(rendered.html)), problems


def post_status(meta: PostMeta, today) -> str:
    if meta.draft:
        return "draft"
    return "scheduled" if meta.date.day > today else "published"


def post_from_file(post_file: PostFile, settings: Settings, problems: Problems) -> Post | None:
    """Validate a post's front matter and place it on the site."""
    rel = settings.rel(settings.content_dir / post_file.content_path)
    raw = post_file.raw
    source = Source(rel, raw)
    if not isinstance(raw, dict):
        problems.error(rel, "phần thông tin đầu bài phải là các dòng dạng \"tên: giá trị\"",
                       "viết mỗi trường trên một dòng, ví dụ title: ... rồi date: 2024-01-22",
                       line=2)
        return None
    meta = validate_record(PostMeta, source, problems)
    if meta is None:
        return None
    slug = meta.slug or make_slug(meta.title)
    if not slug and not meta.salvaged:
        problems.error(rel, "tiêu đề không có chữ nào để tạo đường dẫn (slug)",
                       "thêm trường slug: viết chữ thường không dấu, ví dụ slug: tong-ket-nam-2023",
                       line=source.line("title"), field="title")
        return None
    if meta.updated and _earlier(meta.updated, meta.date):
        problems.error(rel, "ngày sửa (updated) sớm hơn ngày đăng (date)",
                       "ghi ngày sửa bằng hoặc sau ngày đăng, hoặc bỏ trường updated",
                       line=source.line("updated"), field="updated")
    body = post_file.body
    post = Post(source=source, content_path=post_file.content_path, meta=meta,
                body_line=post_file.body_line, slug=slug,
                url=f"tin-tuc/{meta.date.day.year}/{slug}/",
                status=post_status(meta, settings.today), body_html=body.html,
                summary=(meta.summary or "").strip() or body.first_paragraph,
                has_local_links=body.has_local_links, digest=post_file.digest,
                body_words=post_file.words)
    if meta.image:
        post.image_path = _content_file(meta.image, settings.content_dir / post.content_path,
                                        settings, problems, source, "image")
    return post


def _earlier(updated, posted) -> bool:
    """Whether a correction is dated before the post; a date written without a time means
    the whole day, so days are compared when either has no time."""
    if updated.has_time and posted.has_time:
        return updated.moment < posted.moment
    return updated.day < posted.day


def _content_file(value: str, post_path: Path, settings: Settings, problems: Problems,
                  source: Source, field: str) -> str | None:
    """Resolve a path written relative to the post (or `/…` from content/) to a content file."""
    line = source.line(field)
    if "://" in value:
        problems.error(source.file, f"{field} phải là tệp ảnh trong thư mục content/, không phải "
                       f"địa chỉ web ({value})", "tải ảnh về, đặt cạnh bài viết (ví dụ "
                       "content/posts/images/) rồi ghi image: images/ten-anh.jpg",
                       line=line, field=field)
        return None
    content_root = str(settings.content_dir)
    base = content_root if value.startswith("/") else os.path.dirname(post_path)
    target = os.path.normpath(os.path.join(base, value.lstrip("/")))
    relative = os.path.relpath(target, content_root)
    if relative.startswith(".."):
        problems.error(source.file, f"{field} trỏ ra ngoài thư mục content/ ({value})",
                       "đặt ảnh trong thư mục content/, ví dụ content/posts/images/", line=line,
                       field=field)
        return None
    if not os.path.isfile(target):
        problems.error(source.file, f"không tìm thấy tệp ảnh {value}",
                       f"kiểm tra tên tệp (phân biệt chữ hoa/thường); ảnh phải nằm ở "
                       f"{settings.rel(Path(target))}", line=line, field=field)
        return None
    return relative.replace(os.sep, "/")


def check_standalone_pages(settings: Settings, problems: Problems) -> None:
    """Standalone pages (content/*.md outside posts/) are MkDocs pages; the front-matter keys
    starting with thidua_ are the generator's own (thidua_head goes into <head> unescaped), so
    a page that sets one is an error."""
    for folder, dirs, files in os.walk(settings.content_dir):
        if folder == str(settings.content_dir):
            dirs[:] = [name for name in dirs if name != "posts"]
        for name in sorted(files):
            if not name.endswith(POST_SUFFIXES):
                continue
            path = Path(folder) / name
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # MkDocs reports what it cannot read
            if "thidua_" not in text:
                continue
            parts = split_front_matter(text)
            if parts is None:
                continue
            try:
                meta = load_yaml(parts[0], 1)
            except YamlSyntaxError:
                continue  # MkDocs reads it as a page without front matter
            for key in meta if isinstance(meta, dict) else ():
                if str(key).startswith("thidua_"):
                    problems.error(settings.rel(path), f"trường {key} do trình dựng trang tự "
                                   "đặt, không được ghi trong trang",
                                   f"xóa dòng {key}: khỏi phần đầu trang",
                                   line=meta.line_of(key), field=str(key))


# ---- data files -----------------------------------------------------------------------------

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
    raw = read_yaml_file(path, settings, problems, text=_utf8(text))
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
    for path, parsed in parse_files(paths, _parse_yaml, "decisions", settings, problems, cache,
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


def _utf8(data: bytes) -> str | None:
    """The text, or None when it is not UTF-8: read_yaml_file then reports the encoding."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


@dataclass
class ParsedYaml:
    value: Any  # the YAML, which may itself be None (an empty file)


def _parse_yaml(settings: Settings, item: tuple) -> tuple[ParsedYaml | None, Problems]:
    _, path, data, _ = item
    problems = Problems()
    raw = read_yaml_file(path, settings, problems, text=_utf8(data))
    return (None if raw is BROKEN else ParsedYaml(raw)), problems
