"""YAML that remembers where each key and list item was written.

Errors must name the line, so mappings load as `LineDict` and sequences as `LineList`, both
carrying 1-based line numbers in the file (front matter is offset by the lines above it).
"""
from __future__ import annotations

import re
from typing import Any

import yaml

from .text import UNPRINTABLE, UNPRINTABLE_FIX, unprintable

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


# Bounds on what a file may make the loader build. Editors' files nest three or four levels and
# rarely use aliases (&name … *name); past these bounds a file is an error, not minutes of work.
MAX_DEPTH = 32  # lists and mappings inside one another
MAX_ALIAS_GROWTH = 10_000  # items that aliases add to a file once expanded (a "billion laughs")
# Composing is recursive in C: text with fewer nesting marks than this cannot nest deep enough
# to exhaust the C stack (about 20,000 levels do); more marks are checked as events first.
_COMPOSE_SAFE_MARKS = 4_000

_YAML_TAG = "tag:yaml.org,2002:"
# Tags an editor's YAML may carry, written or implied: plain values, lists and mappings.
PLAIN_TAGS = frozenset(_YAML_TAG + name for name in (
    "str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge", "value"))

_KINDS = {"int": "số nguyên", "float": "số", "bool": "true hoặc false", "timestamp": "ngày",
          "binary": "dữ liệu base64"}


class LineLoader(_BaseLoader):
    line_offset = 0

    def tag_allowed(self, tag: str, field: str | None = None) -> bool:
        """Whether `tag` may be written in the top-level `field`."""
        return tag in PLAIN_TAGS

    def construct_object(self, node, deep=False):
        """As PyYAML's, with a value its tag cannot read (`!!int x`, a 5,000-digit number)
        reported at its line instead of raising Python's own error."""
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
            kind = _KINDS.get(node.tag.removeprefix(_YAML_TAG), "giá trị hợp lệ")
            raise _UnreadableValue(None, None, f"{_shown(node.value)} không đọc được thành {kind}",
                                   node.start_mark) from None

    def construct_mapping(self, node, deep=False):
        written = list(node.value)  # before merge keys (<<) add theirs
        mapping = LineDict(super().construct_mapping(node, deep=True))
        mapping.line = self._line(node)
        mapping.key_lines = {}
        for key_node, _ in written:
            if key_node.tag == _YAML_TAG + "merge":  # `<<: *name`: its keys may be overridden
                continue
            key = self.construct_object(key_node, deep=True)
            line = self._line(key_node)
            try:
                first = mapping.key_lines.get(key)
            except TypeError:  # unhashable key: the base constructor has already complained
                continue
            if first is None:
                mapping.key_lines[key] = line
            else:
                self.duplicates.append((key, first, line))
        return mapping

    def construct_sequence(self, node, deep=False):
        sequence = LineList(super().construct_sequence(node, deep=True))
        sequence.line = self._line(node)
        sequence.item_lines = [self._line(item) for item in node.value]
        return sequence

    def _line(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.line_offset


def _timestamp(loader: LineLoader, node: yaml.ScalarNode) -> Any:
    """An unquoted date; one that cannot exist (2024-02-30, 2024-13-01) stays the text as
    written, so the field's own check reports it with its line instead of PyYAML raising."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, AttributeError, OverflowError):
        return loader.construct_scalar(node)


LineLoader.add_constructor(_YAML_TAG + "timestamp", _timestamp)
LineLoader.add_constructor(_YAML_TAG + "map", LineLoader.construct_mapping)
LineLoader.add_constructor(_YAML_TAG + "seq", LineLoader.construct_sequence)
LineLoader.add_constructor(_YAML_TAG + "value", LineLoader.construct_yaml_str)  # `a: =`


class YamlSyntaxError(ValueError):
    """YAML that cannot be read: the 1-based line, a message an editor can act on and what to
    write instead. `issues` lists every such problem found, this one first."""

    def __init__(self, line: int | None, problem: str, fix: str | None = None,
                 more: tuple = (), field: str | None = None):
        self.line = line
        self.problem = problem
        self.fix = fix or YAML_FIX
        self.field = field  # the top-level field it is in, when known
        self.issues = [(line, problem, self.fix, field), *more]
        super().__init__(problem)


def load_yaml(text: str, line_offset: int = 0, loader: type[LineLoader] = LineLoader) -> Any:
    """Parse YAML text; `line_offset` is the number of lines above it in its file. Duplicate
    keys, YAML nested deeper than MAX_DEPTH, aliases that grow it by more than
    MAX_ALIAS_GROWTH, tags other than plain values and characters XML cannot carry are
    errors (YamlSyntaxError), found before anything is built from them."""
    try:
        return _load(text, line_offset, loader)
    except YamlSyntaxError as error:
        if error.field is None and error.line is not None:
            error.field = _field_at(text, error.line - line_offset)
            error.issues[0] = (*error.issues[0][:3], error.field)
        raise


def _field_at(text: str, line: int) -> str | None:
    """The top-level field whose lines hold `line` (1-based in `text`): the last one that
    starts at or above it, as editors write front matter and data files."""
    lines = text.split("\n")[:max(line, 0)]
    if lines:  # the line itself, indented by mistake (a Tab), names its field
        lines[-1] = lines[-1].lstrip()
    field = None
    for written in lines:
        match = _TOP_KEY.match(written)
        if match:
            field = match.group(1).strip().strip("\"'")[:60] or None
    return field


_TOP_KEY = re.compile(r"""^([^\s#:\-\[{][^:]*?|"[^"]*"|'[^']*'):(?:\s|$)""")


def _load(text: str, line_offset: int, loader: type[LineLoader]) -> Any:
    if _nesting_marks(text) > _COMPOSE_SAFE_MARKS:
        _check_depth_of_events(text, line_offset)
    instance = loader(text)
    instance.line_offset = line_offset
    instance.duplicates = []
    try:
        node = instance.get_single_node()
        if node is None:
            return None
        _check_nodes(node, instance)
        value = instance.construct_document(node)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, text, line_offset) from None
    except yaml.reader.ReaderError as error:
        raise _reader_error(error, text, line_offset) from None
    except yaml.YAMLError as error:
        raise YamlSyntaxError(None, f"cú pháp YAML không đúng ({error})") from None
    except RecursionError:  # not reached within MAX_DEPTH; a last guard all the same
        raise YamlSyntaxError(None, _too_deep(), _DEPTH_FIX) from None
    finally:
        instance.dispose()
    if instance.duplicates:
        (line, problem, fix, field), *others = (_duplicate(*d) for d in instance.duplicates)
        raise YamlSyntaxError(line, problem, fix, more=tuple(others), field=field)
    return value


def _duplicate(key: Any, first: int, second: int) -> tuple:
    where = f"dòng {first} và dòng {second}" if first != second else f"cùng trên dòng {first}"
    return (second, f"trường {key} được ghi hai lần ({where})",
            f"giữ một {key}: với giá trị đúng và xóa cái kia", str(key))


_GROWTH_SHOWN = f"{MAX_ALIAS_GROWTH:,}".replace(",", ".")
_DEPTH_FIX = ("viết dữ liệu phẳng hơn: mỗi trường một dòng, danh sách [a, b] không lồng "
              "vào nhau quá vài mức")


def _too_deep() -> str:
    return f"dữ liệu lồng nhau quá sâu (hơn {MAX_DEPTH} mức danh sách hoặc nhóm trường)"


def _nesting_marks(text: str) -> int:
    """An upper bound of how deep the text can nest: every list or mapping starts with one of
    these characters ([, {, - or ? of an entry, : of a key)."""
    return sum(text.count(mark) for mark in "[{-?:")


def _check_depth_of_events(text: str, line_offset: int) -> None:
    """Refuse YAML nested deeper than MAX_DEPTH before it is composed (recursively, in C):
    libyaml's parser reads it as events, without recursion."""
    depth = 0
    loader = _BaseLoader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlSyntaxError(event.start_mark.line + 1 + line_offset, _too_deep(),
                                          _DEPTH_FIX)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, text, line_offset) from None
    except yaml.reader.ReaderError as error:
        raise _reader_error(error, text, line_offset) from None
    finally:
        loader.dispose()


def _check_nodes(root: yaml.Node, loader: LineLoader) -> None:
    """Walk the composed YAML once, without recursion, before anything is built from it.
    Aliases make it a graph: a node is measured once, and its size (as expanded) is the sum of
    its children's, so that growth is known without expanding anything. Problems name the
    top-level field they are in."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, int, bool, str | None]] = [(root, 1, False, None)]
    while stack:
        node, depth, done, field = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child, _ in _children(node, field))
            if sizes[key] - len(sizes) > MAX_ALIAS_GROWTH:
                raise _node_error(loader, node, "bí danh YAML (*tên) lặp lại dữ liệu quá nhiều: "
                                  f"khi mở rộng, tệp thêm hơn {_GROWTH_SHOWN} mục",
                                  "viết thẳng giá trị thay cho các bí danh *tên lồng nhau", field)
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise _node_error(loader, node, "bí danh YAML (*tên) trỏ vào chính giá trị chứa nó",
                              "viết thẳng giá trị thay cho bí danh *tên", field)
        if depth > MAX_DEPTH:
            raise _node_error(loader, node, _too_deep(), _DEPTH_FIX, field)
        if not loader.tag_allowed(node.tag, field):
            raise _node_error(loader, node, f"thẻ YAML {_tag_name(node.tag)} không được dùng ở đây",
                              "xóa thẻ (phần bắt đầu bằng !) và ghi giá trị thường, ví dụ "
                              "title: \"Tiêu đề bài\"", field)
        if isinstance(node, yaml.ScalarNode):
            bad = UNPRINTABLE.search(node.value)
            if bad:
                raise _node_error(loader, node, f"giá trị có {unprintable(bad.group())}",
                                  UNPRINTABLE_FIX, field)
            sizes[key] = 1
            continue
        on_path.add(key)
        stack.append((node, depth, True, field))
        stack.extend((child, depth + 1, False, name) for child, name in _children(node, field)
                     if id(child) not in sizes)


def _children(node: yaml.Node, field: str | None) -> list[tuple[yaml.Node, str | None]]:
    """The nodes inside `node`, each with the top-level field it belongs to."""
    if isinstance(node, yaml.MappingNode):
        return [(part, field if field is not None else _key_name(key))
                for key, value in node.value for part in (key, value)]
    if isinstance(node, yaml.SequenceNode):
        return [(item, field) for item in node.value]
    return []


def _key_name(node: yaml.Node) -> str | None:
    return str(node.value)[:60] if isinstance(node, yaml.ScalarNode) else None


def _node_error(loader: LineLoader, node: yaml.Node, problem: str, fix: str,
                field: str | None) -> YamlSyntaxError:
    return YamlSyntaxError(loader._line(node), problem, fix, field=field)


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_YAML_TAG):] if tag.startswith(_YAML_TAG) else tag


def _shown(value: Any) -> str:
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _syntax_error(error: yaml.MarkedYAMLError, text: str, line_offset: int) -> YamlSyntaxError:
    # An unclosed quote or bracket is reported where it opens, not at the end of the file.
    opened = error.context and error.context.startswith(("while scanning a quoted",
                                                           "while parsing a flow"))
    mark = (error.context_mark if opened else None) or error.problem_mark or error.context_mark
    line = mark.line + 1 + line_offset if mark else None
    return YamlSyntaxError(line, *explain_yaml_error(error, _character_at(text, mark)))


def _character_at(text: str, mark: Any) -> str:
    if mark is None:
        return ""
    lines = text.split("\n")
    if 0 <= mark.line < len(lines) and 0 <= mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return ""


def _reader_error(error: yaml.reader.ReaderError, text: str, line_offset: int) -> YamlSyntaxError:
    position = max(0, min(error.position, len(text)))
    line = text.count("\n", 0, position) + 1 + line_offset
    character = chr(error.character) if isinstance(error.character, int) else str(error.character)
    return YamlSyntaxError(line, f"có {unprintable(character[:1] or '?')}", UNPRINTABLE_FIX)


_QUOTE_FIX = ("đặt giá trị trong ngoặc kép, ví dụ title: \"Khối thi đua: tổng kết\" (trong ngoặc "
              "kép, viết \\\" cho một dấu \" và \\\\ cho một dấu \\)")
_INDENT_FIX = ("thụt lề bằng dấu cách, giữ cùng mức thụt lề cho các trường cùng cấp và các mục "
               "của cùng một danh sách")
# What PyYAML (libyaml) says, in the editor's words: (words of its message, what is wrong,
# what to write instead; None: YAML_FIX).
_EXPLAINED = (
    ("mapping values are not allowed",
     "có dấu hai chấm ':' trong một giá trị chưa đặt trong ngoặc kép, hoặc dòng này thụt lề sai",
     None),
    ("could not find expected ':'",
     "thiếu dấu hai chấm ':' sau tên trường, hoặc một dòng bị thụt lề sai", None),
    ("tab character", "dùng phím Tab để thụt lề (YAML chỉ chấp nhận dấu cách)",
     "thay mỗi dấu Tab ở đầu dòng bằng dấu cách"),
    ("found character '\\t'", "dùng phím Tab để thụt lề (YAML chỉ chấp nhận dấu cách)",
     "thay mỗi dấu Tab ở đầu dòng bằng dấu cách"),
    ("found unexpected end of stream",
     "một giá trị mở ngoặc kép (\" hoặc ') nhưng không có dấu đóng",
     "thêm dấu ngoặc đóng ở cuối giá trị, cùng loại với dấu mở"),
    ("found unknown escape character",
     "dấu \\ trong ngoặc kép \"…\" đi với một ký tự không hợp lệ",
     "viết \\\\ cho một dấu \\, hoặc đặt giá trị trong ngoặc đơn '…'"),
    ("invalid Unicode character escape", "mã \\u… hoặc \\x… trong ngoặc kép không hợp lệ",
     "gõ thẳng ký tự cần viết thay cho mã \\u…"),
    ("found undefined alias",
     "giá trị bắt đầu bằng * (YAML hiểu *tên là bí danh) mà không có &tên tương ứng",
     _QUOTE_FIX),
    ("found undefined tag handle", "giá trị bắt đầu bằng ! (YAML hiểu là thẻ) không hợp lệ",
     _QUOTE_FIX),
    ("found duplicate anchor", "hai giá trị cùng đặt một tên &tên",
     "đặt giá trị bắt đầu bằng & trong ngoặc kép, hoặc đổi một trong hai tên"),
    ("did not find expected alphabetic or numeric character",
     "sau dấu & hoặc * phải là một tên (YAML hiểu &tên, *tên là bí danh)", _QUOTE_FIX),
    ("did not find expected ',' or ']'",
     "danh sách mở bằng [ nhưng thiếu dấu ] đóng, hoặc thiếu dấu phẩy giữa các mục",
     "viết danh sách trên một dòng: blocs: [khoi-a, khoi-b]; mục có dấu phẩy thì đặt trong "
     "ngoặc kép"),
    ("did not find expected ',' or '}'",
     "nhóm mở bằng { nhưng thiếu dấu } đóng, hoặc thiếu dấu phẩy giữa các mục",
     "đóng nhóm bằng dấu }, hoặc viết mỗi trường một dòng, thụt lề bằng dấu cách"),
    ("did not find expected '-' indicator",
     "một dòng trong danh sách không bắt đầu bằng dấu - hoặc thụt lề sai", _INDENT_FIX),
    ("did not find expected key",
     "một dòng thụt lề sai, hoặc có chữ thừa sau một giá trị đặt trong ngoặc kép", None),
    ("did not find expected node content", "thiếu giá trị ở chỗ này", _QUOTE_FIX),
    ("block sequence entries are not allowed",
     "dấu - của danh sách đặt sai chỗ (cùng dòng với tên trường, hoặc thụt lề sai)",
     "viết tên trường trên một dòng (units:) rồi mỗi mục một dòng bên dưới, thụt lề và bắt "
     "đầu bằng dấu -"),
    ("but found another document",
     "có thêm một dòng --- hoặc ... giữa chừng: tệp chỉ được có một phần dữ liệu",
     "xóa dòng --- (hoặc ...) thừa"),
    ("found incompatible YAML document", "chỉ thị %YAML ở đầu tệp không được hỗ trợ",
     "xóa dòng %YAML"),
    ("found unknown directive", "dòng bắt đầu bằng % không hợp lệ", _QUOTE_FIX),
    ("found unhashable key", "tên trường phải là chữ, không được là danh sách hay nhóm trường",
     "viết tên trường bằng chữ, ví dụ title:"),
    ("expected a mapping or list of mappings for merging",
     "<< chỉ dùng được với một nhóm trường (bí danh *tên của một nhóm)",
     "viết thẳng các trường thay cho <<"),
    ("found unconstructable recursive node",
     "bí danh YAML (*tên) trỏ vào chính giá trị chứa nó", "viết thẳng giá trị thay cho *tên"),
    ("could not determine a constructor for the tag",
     "thẻ YAML (bắt đầu bằng !) không được dùng", "xóa thẻ và ghi giá trị thường"),
    ("while scanning a block scalar", "khối chữ (| hoặc >) viết sai", _INDENT_FIX),
)


class _UnreadableValue(yaml.constructor.ConstructorError):
    """A value its tag cannot read; the problem is already in the editor's words."""


def explain_yaml_error(error: yaml.MarkedYAMLError, character: str = "") -> tuple[str, str]:
    """(what is wrong, what to write instead) for what PyYAML reports."""
    problem = error.problem or ""
    if isinstance(error, _UnreadableValue):
        return problem, _QUOTE_FIX
    words = f"{error.context or ''} {problem}"
    if "cannot start any token" in problem:
        if character == "\t":
            return _EXPLAINED[2][1], _EXPLAINED[2][2]
        shown = f"ký tự {character!r}" if character else "ký tự này"
        return f"{shown} không được đứng đầu một giá trị", _QUOTE_FIX
    for known, explained, fix in _EXPLAINED:
        if known in words:
            return explained, fix or YAML_FIX
    return f"cú pháp YAML không đúng ({problem or 'không rõ chỗ sai'})", YAML_FIX


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
