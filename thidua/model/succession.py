"""What units and blocs share when the apparatus is reorganised (SPEC §14): the day from which
one no longer exists (`ended`), those that took over its work (`successor` when it merged,
`successors` when it split), what became of it, and the checks of those references, written
once for both kinds. Who came before whom (`formerly`) follows from these fields
(model/indexes.py, Lineage) and is never written by hand.

`ended` is the first day without it: a unit that merged into another on 1 March 2025 has
`ended: 2025-03-01`, and a decision signed that day may no longer name it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from ..core.dates import short_date
from ..core.problems import Problems
from .base import FieldError, KnownIds, Source, unknown_reference

DERIVED_FIELD = "formerly"


class Ending(Protocol):
    """A unit or a bloc, as far as its end is concerned."""

    id: str
    name: str
    ended: date | None
    successor: str | None  # merged into
    successors: list[str]  # split into
    ended_note: str | None

    @property
    def successor_ids(self) -> list[str]: ...

    @property
    def noun(self) -> str: ...  # 'đơn vị', 'khối', 'cụm'

    @property
    def source(self) -> Source: ...


class Succeeded:
    """Mixed into Unit and Bloc, which hold the fields of Ending."""

    @property
    def successor_ids(self) -> list[str]:
        return [self.successor] if self.successor is not None else list(self.successors)


def check_fields(record: Any) -> None:
    """The rules of one record's own fields, for its model validator: `formerly` is derived;
    a successor needs the day of the end; merged (successor) or split (successors), not both."""
    noun = record.noun
    if DERIVED_FIELD in (record.model_extra or {}):
        raise FieldError(DERIVED_FIELD, f"trường {DERIVED_FIELD} ({noun} tiền thân) được tính tự "
                                        "động, không ghi tay",
                         fix=f"xóa dòng {DERIVED_FIELD}; ở mỗi {noun} tiền thân ghi ended: "
                             f"<ngày thôi hoạt động> và successor: {record.id}")
    successors = record.successors
    if record.successor is not None and successors:
        raise FieldError("successors", "ghi cả successor lẫn successors",
                         culprits=("successor", "successors"),
                         fix=f"hợp nhất vào một {noun}: successor: <mã>; chia tách thành nhiều "
                             f"{noun}: successors: [<mã>, <mã>]; chỉ giữ một trong hai dòng")
    if record.ended is None and (record.successor is not None or successors):
        field = "successor" if record.successor is not None else "successors"
        raise FieldError("ended", f"có {field} nhưng thiếu ngày thôi hoạt động ended",
                         culprits=("successor", "successors"),
                         fix=f"thêm ended: 2025-03-01 (ngày đầu tiên {noun} không còn hoạt động), "
                             f"hoặc xóa {field} nếu {noun} vẫn hoạt động")


def is_current(record: Ending, day: date) -> bool:
    return record.ended is None or day < record.ended


def successors_at(record: Ending, records: dict[str, Ending], day: date) -> list[Ending]:
    """Who carries on the work of `record` on `day`: its successors, or theirs when they had
    ended by then too. (A successor that names nothing, or a cycle, is reported elsewhere.)"""
    found: list[Ending] = []
    seen = {record.id}
    pending = record.successor_ids[::-1]  # depth first, in the order written, without
    while pending:                        # recursion: a chain may be thousands long
        ident = pending.pop()
        successor = records.get(ident)
        if successor is None or ident in seen:
            continue
        seen.add(ident)
        if is_current(successor, day):
            found.append(successor)
        else:
            pending.extend(successor.successor_ids[::-1])
    return found


@dataclass(frozen=True)
class Fate:
    """What became of an ended unit or bloc: the pages say it with links, the errors in words."""

    ended: date
    successors: tuple  # named by its successor/successors fields
    present: tuple  # who carries on its work on the day asked about
    note: str | None

    @property
    def verb(self) -> str:
        """'hợp nhất vào' (one successor), 'tách thành' (several), or '' (it just ended)."""
        return "" if not self.successors else \
            "hợp nhất vào" if len(self.successors) == 1 else "tách thành"

    @property
    def moved_on(self) -> bool:
        """Whether its successors have ended as well, so that others carry on its work now."""
        return self.present != self.successors

    def text(self) -> str:
        """'đã hợp nhất vào Sở Tài chính từ 01/03/2025', for messages."""
        since = f"từ {short_date(self.ended)}"
        if not self.verb:
            return f"đã kết thúc hoạt động {since}"
        text = f"đã {self.verb} {names(self.successors)} {since}"
        return f"{text} ({self.now_text()})" if self.moved_on else text

    def now_text(self) -> str:
        """'nay là Sở Tài chính', beside the name it had (the pages' now_words macro)."""
        return f"nay là {names(self.present)}" if self.present else "nay đã kết thúc hoạt động"


def fate_of(record: Ending, records: dict[str, Ending], day: date) -> Fate:
    assert record.ended is not None
    successors = tuple(records[ident] for ident in record.successor_ids if ident in records)
    return Fate(record.ended, successors, tuple(successors_at(record, records, day)),
                record.ended_note)


def names(records: tuple | list) -> str:
    """Names apart by semicolons: they hold commas and "và" themselves ("Sở Văn hóa, Thể thao
    và Du lịch"). The pages' record_links macro writes lists the same way."""
    return "; ".join(record.name for record in records)


def use_instead(fate: Fate, where: str) -> str:
    """The fix for a reference to an ended record: the code of who carries on its work."""
    if fate.present:
        return f"dùng mã {' hoặc '.join(record.id for record in fate.present)}"
    return f"bỏ mã này khỏi {where}"


def check_named(records: dict[str, Ending], ident: str, day: date, what: str, source: Source,
                path: tuple, problems: Problems) -> None:
    """A record dated `day` (a decision, a term, a consultation: `what`) may name a unit or a
    bloc only while it exists; the error says what became of it and whom to name instead."""
    named = records.get(ident)
    if named is None or is_current(named, day):
        return
    fate = fate_of(named, records, day)
    problems.error(source.file, f"{what} ghi {named.name} ({ident}), {named.noun} đã thôi hoạt "
                   f"động từ {short_date(fate.ended)}",
                   f"{named.noun} này {fate.text()}, {use_instead(fate, what)}",
                   line=source.line(*path), field=source.label(*path))


def check_successors(records: dict[str, Ending], kind: str, data: KnownIds,
                     problems: Problems) -> None:
    """Each successor exists, is not the record itself or one that came before it (a cycle),
    and still exists on the day the record ended."""
    in_cycles = _report_cycles(records, problems)
    for record in records.values():
        for path, ident in _successor_fields(record):
            successor = records.get(ident)
            if successor is None:
                unknown_reference(problems, record.source, path, ident, kind, data)
            elif (record.id, ident) not in in_cycles and not is_current(successor, record.ended):
                fate = fate_of(successor, records, record.ended)
                noun = record.noun
                problems.error(record.source.file,
                               f"{noun} tiếp nhận {successor.name} ({ident}) {fate.text()}, "
                               f"trước ngày {record.name} thôi hoạt động "
                               f"({short_date(record.ended)})",
                               f"ghi {noun} còn hoạt động vào ngày {short_date(record.ended)}: "
                               + use_instead(fate, path[0]),
                               line=record.source.line(*path), field=record.source.label(*path))


def _successor_fields(record: Ending) -> list[tuple[tuple, str]]:
    """(path of the field, successor id) for each successor the record names."""
    if record.successor is not None:
        return [(("successor",), record.successor)]
    return [(("successors", index), ident) for index, ident in enumerate(record.successors)]


def _report_cycles(records: dict[str, Ending], problems: Problems) -> set[tuple[str, str]]:
    """Report each cycle of successors once (a unit that, through its successors, takes over
    from itself); returns the links that form them."""
    state: dict[str, int] = {}  # 1 while being walked, 2 once done
    cycles: dict[frozenset, list[str]] = {}

    for start in records:  # depth first without recursion: a chain may be thousands long
        if start in state:
            continue
        state[start], trail, pending = 1, [start], [iter(records[start].successor_ids)]
        while pending:
            successor = next(pending[-1], None)
            if successor is None:  # every successor of trail[-1] walked
                state[trail.pop()] = 2
                pending.pop()
            elif successor in records and state.get(successor) == 1:
                loop = trail[trail.index(successor):] + [successor]
                cycles.setdefault(frozenset(zip(loop, loop[1:])), loop)
            elif successor in records and successor not in state:
                state[successor] = 1
                trail.append(successor)
                pending.append(iter(records[successor].successor_ids))
    links: set[tuple[str, str]] = set()
    for loop in cycles.values():
        links |= set(zip(loop, loop[1:]))
        first = records[loop[0]]
        path = next(path for path, ident in _successor_fields(first) if ident == loop[1])
        shown = loop if len(loop) <= 12 else loop[:6] + ["…"] + loop[-3:]  # a line, not a page
        members = ", ".join(loop[:-1] if len(loop) <= 12 else loop[:6] + ["…"])
        problems.error(first.source.file, f"các {first.noun} tiếp nhận nhau thành vòng: "
                       f"{' → '.join(shown)}",
                       f"{first.noun} tiếp nhận phải là {first.noun} vẫn hoạt động sau ngày "
                       f"ended; sửa successor của một trong các {first.noun}: {members}",
                       line=first.source.line(*path), field=first.source.label(*path))
    return links
