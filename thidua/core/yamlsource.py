"""YAML that remembers where each key and list item was written.

Errors must name the line, so mappings load as `LineDict` and sequences as `LineList`, both
carrying 1-based line numbers in the file (front matter is offset by the lines above it).
"""
from __future__ import annotations

from typing import Any

import yaml

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict):
    """A mapping with `line` (where it starts) and `key_lines` (where each key is)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)

    def __reduce__(self):  # pickled often (cache, workers): keep it to plain parts
        return (_line_dict, (dict(self), self.line, self.key_lines))


class LineList(list):
    """A sequence with `line` (where it starts) and `item_lines` (where each item is)."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line

    def __reduce__(self):
        return (_line_list, (list(self), self.line, self.item_lines))


def _line_dict(items: dict, line: int, key_lines: dict) -> LineDict:
    mapping = LineDict(items)
    mapping.line, mapping.key_lines = line, key_lines
    return mapping


def _line_list(items: list, line: int, item_lines: list) -> LineList:
    sequence = LineList(items)
    sequence.line, sequence.item_lines = line, item_lines
    return sequence


class LineLoader(_BaseLoader):
    line_offset = 0

    def construct_mapping(self, node, deep=False):
        mapping = LineDict(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1 + self.line_offset
        mapping.key_lines = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                mapping.key_lines[key] = key_node.start_mark.line + 1 + self.line_offset
            except TypeError:  # unhashable key: the base constructor has already complained
                pass
        return mapping

    def construct_sequence(self, node, deep=False):
        sequence = LineList(super().construct_sequence(node, deep=True))
        sequence.line = node.start_mark.line + 1 + self.line_offset
        sequence.item_lines = [item.start_mark.line + 1 + self.line_offset for item in node.value]
        return sequence


def _timestamp(loader: LineLoader, node: yaml.ScalarNode) -> Any:
    """An unquoted date; one that cannot exist (2024-02-30, 2024-13-01) stays the text as
    written, so the field's own check reports it with its line instead of PyYAML raising."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
LineLoader.add_constructor("tag:yaml.org,2002:map", LineLoader.construct_mapping)
LineLoader.add_constructor("tag:yaml.org,2002:seq", LineLoader.construct_sequence)


class YamlSyntaxError(ValueError):
    """Broken YAML, with the 1-based line and a message an editor can act on."""

    def __init__(self, line: int | None, problem: str):
        self.line = line
        self.problem = problem
        super().__init__(problem)


def load_yaml(text: str, line_offset: int = 0) -> Any:
    """Parse YAML text; `line_offset` is the number of lines above it in its file."""
    loader = LineLoader(text)
    loader.line_offset = line_offset
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + line_offset if mark else None
        raise YamlSyntaxError(line, describe_yaml_error(error)) from None
    except yaml.YAMLError as error:
        raise YamlSyntaxError(None, str(error)) from None
    finally:
        loader.dispose()


def describe_yaml_error(error: yaml.MarkedYAMLError) -> str:
    problem = error.problem or "cú pháp không đúng"
    if "mapping values are not allowed" in problem:
        return "có dấu hai chấm ':' trong một giá trị chưa đặt trong ngoặc kép"
    if "could not find expected ':'" in problem:
        return "thiếu dấu hai chấm ':' sau tên trường, hoặc một dòng bị thụt lề sai"
    if "found character '\\t'" in problem:
        return "dùng phím Tab để thụt lề (YAML chỉ chấp nhận dấu cách)"
    if "found undefined alias" in problem or "found unknown escape" in problem:
        return f"ký tự đặc biệt không hợp lệ ({problem})"
    return f"cú pháp YAML không đúng ({problem})"


YAML_FIX = ("đặt giá trị có dấu ':' hoặc '#' trong ngoặc kép (title: \"Khối thi đua: tổng kết\"), "
            "thụt lề bằng dấu cách và giữ cùng mức thụt lề cho các trường cùng cấp")


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Split a Markdown file into (front matter, body, line where the body starts).

    Returns None when the file does not open with a `---` line.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1:])
            return front, body, index + 2
    return None
