"""What every record of the model shares: where it was written (Source), the field types
editors write, rules that span fields (FieldError), and the message for an unknown id.

Records are pydantic models. Each field's `description` is the hint shown to an editor who got
it wrong ("what to write instead"), so the rule and its explanation stay side by side.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Protocol

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainValidator, StringConstraints

from ..core.dates import PostDate, parse_plain_date, parse_post_date
from ..core.problems import Problems
from ..core.text import ID_PATTERN, SLUG_MAX_LENGTH


class FieldError(ValueError):
    """A rule that spans fields, reported against the field the editor has to change."""

    def __init__(self, field_name: str, message: str, culprits: tuple[str, ...] = (),
                 fix: str | None = None):
        self.field_name = field_name
        self.culprits = culprits or (field_name,)  # fields to set aside to check the rest
        self.fix = fix  # what to write instead; else the field's description
        super().__init__(message)


def one_or_many(value: Any) -> Any:
    """Editors often write `blocs: khoi-a` for a single item; treat it as a one-item list.
    An empty line (`units:`) is an empty list."""
    if value is None:
        return []
    return [value] if isinstance(value, (str, int)) else value


def _number_as_text(value: Any) -> Any:
    """`period: 2023` is read by YAML as a number: it is the text "2023"."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


ID_FIX = "chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ khoi-tham-muu-tong-hop"
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# Ids are parts of addresses (/don-vi/<id>/): one path component, well under 255 bytes.
Id = Annotated[str, StringConstraints(strip_whitespace=True, pattern=ID_PATTERN,
                                      max_length=SLUG_MAX_LENGTH)]
IdList = Annotated[list[Id], BeforeValidator(one_or_many)]
TextList = Annotated[list[Text], BeforeValidator(one_or_many)]
PostDateField = Annotated[PostDate, PlainValidator(parse_post_date)]
PlainDate = Annotated[date, PlainValidator(parse_plain_date)]
PeriodText = Annotated[str, BeforeValidator(_number_as_text),
                      StringConstraints(strip_whitespace=True, min_length=1)]
WebAddress = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https?://\S+$")]


class Record(BaseModel):
    """Base of every record read from a file: unknown fields are kept so they can be reported."""

    model_config = ConfigDict(extra="allow", frozen=True, coerce_numbers_to_str=True,
                              str_strip_whitespace=True)
    # Where the record was written, and whether it was read with wrong fields set aside (its
    # errors were reported: it may feed the cross-reference checks but never a page). Plain
    # slots, set by the reader: pydantic's private attributes cost three times the validation.
    __slots__ = ("_thidua_source", "_thidua_salvaged")

    @property
    def source(self) -> Source:
        return self._thidua_source

    @property
    def has_source(self) -> bool:
        return hasattr(self, "_thidua_source")

    @property
    def salvaged(self) -> bool:
        return bool(getattr(self, "_thidua_salvaged", False))

    def set_aside(self, *fields: str) -> bool:
        """Whether any of these fields was wrong and set aside (or given a stand-in value)
        when the record was read: rules on them are not checked again."""
        return bool(set(fields) & getattr(self, "_thidua_salvaged", frozenset()))

    def mark(self, source: Source) -> None:
        object.__setattr__(self, "_thidua_source", source)

    def mark_salvaged(self, fields=frozenset()) -> None:
        """Read with wrong fields set aside: `fields` (a record whose list items failed
        counts as salvaged with its own fields all right)."""
        object.__setattr__(self, "_thidua_salvaged", frozenset(fields) or frozenset({""}))

    def copy_with(self, **fields: Any) -> Record:
        """A copy with some fields filled in by the reader (an id that defaults to something
        else), keeping where the record was written and whether it was salvaged."""
        copy = self.model_copy(update=fields)
        copy.mark(self.source)
        if self.salvaged:
            copy.mark_salvaged(self._thidua_salvaged)
        return copy

    def source_of(self, item: Record, *path: str | int) -> Source:
        """The source of a record inside this one, at `path` (e.g. "terms", 2): records
        inside others get one only when they had to be read on their own."""
        return item.source if item.has_source else self.source.child(*path)

    @classmethod
    def forbidden_field(cls, name: str) -> tuple[str, str] | None:
        """(message, fix) for a field this kind of record must never carry; None when any
        unknown field is only a typo to warn about."""
        return None


@dataclass(frozen=True)
class Source:
    """Where a record was written: its file, the file's raw YAML (with line numbers) and the
    record's place in it, e.g. ("blocs", 2) for the third bloc of data/blocs.yml."""

    file: str
    raw: Any
    prefix: tuple = ()

    def child(self, *steps: str | int) -> Source:
        return Source(self.file, self.raw, self.prefix + steps)

    def node(self) -> Any:
        """The raw YAML of the record itself."""
        node = self.raw
        for step in self.prefix:
            node = node[step]
        return node

    def line(self, *path: str | int) -> int | None:
        """Line of the value at `path` (keys and list indexes), or of its nearest parent."""
        node, line = self.raw, getattr(self.raw, "line", None)
        for step in self.prefix + path:
            if isinstance(node, dict) and step in node:
                line, node = getattr(node, "line_of", lambda _: line)(step), node[step]
            elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
                line, node = getattr(node, "line_of", lambda _: line)(step), node[step]
            else:
                break
        return line

    def label(self, *path: str | int) -> str:
        """'blocs[2].terms[0].leader': the field as the editor finds it in the file."""
        label = ""
        for step in self.prefix + path:
            label += f"[{step}]" if isinstance(step, int) else (f".{step}" if label else str(step))
        return label


class KnownIds(Protocol):
    """What the cross-reference checks look up: the records of every data file by id (the
    model's SiteData, site.py), the data files that could not be read, and their names."""

    units: dict
    blocs: dict
    categories: dict
    titles: dict
    document_types: dict
    documents: dict
    campaigns: dict
    consultations: dict
    decision_ids: dict  # a decision's id (its file name) → the decisions of that file name
    broken: set[str]
    empty: dict[str, tuple[str, str]]
    unfilled: dict[str, list[str]]
    files: dict[str, str]

    def find_title(self, ident: str) -> Any: ...


NOUNS = {"units": "đơn vị", "blocs": "khối", "categories": "chuyên mục", "titles": "danh hiệu",
         "document_types": "loại văn bản", "documents": "văn bản",
         "campaigns": "phong trào thi đua", "decision_ids": "quyết định"}


def unknown_reference(problems: Problems, source: Source, path: tuple, value: str, kind: str,
                      data: KnownIds) -> None:
    """An id that names nothing in its data file: the error says which file, and the id it
    most likely meant. Nothing is said when that file could not be read (reported already),
    and a file missing or empty is reported once, for all the names (site.report_empty_files)."""
    if kind in data.broken:
        return
    if kind in data.empty:
        data.unfilled.setdefault(kind, []).append(f"{source.file}:{source.line(*path)}")
        return
    known = getattr(data, kind)
    close = difflib.get_close_matches(value, list(known), n=1)
    guess = f"có phải ý bạn là {close[0]}? Nếu không, " if close else ""
    where = data.files.get(kind, f"data/{kind}.yml")  # the configured data folder
    problems.error(source.file, f"không có {NOUNS[kind]} mã {value} trong {where}",
                   f"{guess}dùng một mã có trong {where} hoặc thêm {NOUNS[kind]} này vào đó",
                   line=source.line(*path), field=source.label(*path))
