"""Editor messages for what pydantic finds wrong in a record: the file, the line, the field,
what is wrong and what to write instead, every mistake of the record at once.

The rules themselves are in model/ (each field's `description` is its hint); this module
only validates a record at its place in a file and words the errors.
"""
from __future__ import annotations

import difflib
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..core.problems import Problems
from ..model.base import FieldError, Record, Source

R = TypeVar("R", bound=Record)

_MESSAGES = {
    "missing": "thiếu trường bắt buộc",
    "string_too_long": "dài quá {max_length} ký tự",
    "string_too_short": "không được để trống",
    "too_short": "phải có ít nhất {min_length} mục",
    "too_long": "có {actual_length} mục, nhiều nhất là {max_length}",
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
    rule = ctx.get("error")
    if kind == "value_error" and isinstance(rule, FieldError):
        loc = loc + (rule.field_name,)
    if kind == "extra_forbidden" and len(loc) >= 2:
        owner = _model_in(_annotation_at(model, loc[:-1]))
        forbidden = owner.forbidden_field(str(loc[-1])) if owner is not None else None
        if forbidden:
            return (loc, *forbidden)
    if kind == "invalid_key":  # `1: …` or `~: …`: a name that is a number or nothing
        return (loc, f"tên trường {_shown(error.get('input'))} không phải là chữ",
                "tên trường viết bằng chữ, ví dụ title: …; số hay ngày là giá trị, đặt sau "
                "dấu hai chấm")
    hint = (rule.fix if isinstance(rule, FieldError) and rule.fix else None) or \
        _field_hint(model, loc) or "xem hướng dẫn trong README.md"
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
            record.mark_salvaged(set_aside | failed_lists)
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
