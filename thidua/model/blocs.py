"""data/blocs.yml (SPEC §5, §14): emulation blocs (khối) and clusters (cụm), a term a year, and
the day a bloc ended; every rule about them, the cross-references included."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, model_validator

from ..core.dates import FIRST_YEAR, LAST_YEAR, short_date
from ..core.problems import Problems
from . import succession
from .base import ID_FIX, Id, IdList, KnownIds, PlainDate, Record, Text, unknown_reference


ROLE_NAMES = {"leader": "Khối trưởng", "deputy": "Khối phó", "member": "Thành viên"}
ROLE_NAMES_CUM = {"leader": "Cụm trưởng", "deputy": "Cụm phó", "member": "Thành viên"}


class Term(Record):
    year: Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR,
                               description="năm của nhiệm kỳ, ví dụ year: 2024")]
    members: Annotated[IdList, Field(min_length=1, description="danh sách mã đơn vị thành viên, "
                                                               "ví dụ members: [so-tai-chinh, so-noi-vu]")]
    leader: Annotated[Id, Field(description="mã đơn vị Khối trưởng (phải là thành viên năm đó)")]
    deputy: Annotated[Id | None, Field(description="mã đơn vị Khối phó (phải là thành viên năm đó)")] = None
    agreement_date: Annotated[PlainDate | None, Field(description="ngày ký giao ước, "
                                                                  "ví dụ 2024-01-22")] = None

    @property
    def starts(self) -> date:
        """The day the term is dated by: its agreement, else the first day of its year."""
        return self.agreement_date or date(self.year, 1, 1)


class Bloc(Record, succession.Succeeded):
    id: Annotated[Id, Field(description=ID_FIX)]
    name: Annotated[Text, Field(description="tên khối/cụm, ví dụ name: Khối thi đua các cơ quan Đảng")]
    kind: Annotated[Literal["khoi", "cum"], Field(description="kind: khoi (khối thi đua) hoặc "
                                                              "kind: cum (cụm thi đua)")] = "khoi"
    description: Annotated[str | None, Field(description="một vài câu giới thiệu khối")] = None
    terms: Annotated[list[Term], BeforeValidator(lambda value: [] if value is None else value),
                     Field(description="danh sách nhiệm kỳ theo năm: "
                                                   "- year: 2024, members: [...], leader: ..., deputy: ...")] = []
    ended: Annotated[PlainDate | None, Field(description="ngày đầu tiên khối/cụm không còn hoạt "
                                                         "động, ví dụ ended: 2025-07-01")] = None
    successor: Annotated[Id | None, Field(description="mã khối/cụm tiếp nhận các thành viên, ví "
                                                      "dụ successor: cum-thi-dua-cac-xa-phia-nam")] = None
    successors: Annotated[IdList, Field(description="khi chia tách: mã các khối/cụm tiếp nhận, ví "
                                                    "dụ successors: [cum-phia-bac, cum-phia-nam]")] = []
    ended_note: Annotated[str | None, Field(description="một câu về việc thôi hoạt động")] = None

    @model_validator(mode="after")
    def _ending(self) -> Bloc:
        succession.check_fields(self)
        return self

    @property
    def noun(self) -> str:
        return "cụm" if self.kind == "cum" else "khối"

    def term(self, year: int) -> Term | None:
        return next((term for term in self.terms if term.year == year), None)

    def latest_term(self, year: int) -> Term | None:
        """The term of `year`, or the newest one before it."""
        earlier = [term for term in self.terms if term.year <= year]
        return max(earlier, key=lambda term: term.year) if earlier else None

    def role_name(self, role: str) -> str:
        """Khối trưởng, or Cụm trưởng for a cụm."""
        return (ROLE_NAMES_CUM if self.kind == "cum" else ROLE_NAMES)[role]


def check_blocs(data: KnownIds, problems: Problems) -> None:
    """One term a year, none after the bloc ended; members, leader and deputy are units that
    still existed when the term began; the leader and the deputy are members of that year's
    term, and two different units. A bloc's successor exists and outlived it."""
    succession.check_successors(data.blocs, "blocs", data, problems)
    for bloc in data.blocs.values():
        seen_years: set[int] = set()
        for index, term in enumerate(bloc.terms):
            source = bloc.source_of(term, "terms", index)
            if term.year in seen_years:
                problems.error(source.file, f"khối {bloc.id} có hai nhiệm kỳ năm {term.year}",
                               "mỗi năm chỉ ghi một nhiệm kỳ; gộp hai mục hoặc sửa năm",
                               line=source.line("year"), field=source.label("year"))
            seen_years.add(term.year)
            _check_term_after_end(bloc, term, source, data, problems)
            what = f"nhiệm kỳ năm {term.year}"
            if term.agreement_date:
                what += f" (ký giao ước ngày {short_date(term.agreement_date)})"
            for position, member in enumerate(term.members):
                if member not in data.units:
                    unknown_reference(problems, source, ("members", position), member, "units", data)
                else:
                    succession.check_named(data.units, member, term.starts, what, source,
                                           ("members", position), problems)
            for role in ("leader", "deputy"):
                ident = getattr(term, role)
                if ident is None:
                    continue
                if ident not in data.units:
                    unknown_reference(problems, source, (role,), ident, "units", data)
                elif ident not in term.members:
                    noun, group = bloc.role_name(role), "cụm" if bloc.kind == "cum" else "khối"
                    problems.error(source.file, f"{noun} {ident} không phải là thành viên của "
                                   f"{group} {bloc.id} năm {term.year}",
                                   f"thêm {ident} vào members của năm {term.year} hoặc chọn "
                                   f"{noun} trong số: {', '.join(term.members)}",
                                   line=source.line(role), field=source.label(role))
            if term.deputy is not None and term.deputy == term.leader:
                leader, deputy = bloc.role_name("leader"), bloc.role_name("deputy")
                problems.error(source.file, f"một đơn vị ({term.leader}) vừa là {leader} vừa là "
                               f"{deputy} năm {term.year}", f"chọn một đơn vị khác làm {deputy}",
                               line=source.line("deputy"), field=source.label("deputy"))


def _check_term_after_end(bloc: Bloc, term: Term, source, data: KnownIds,
                          problems: Problems) -> None:
    if succession.is_current(bloc, term.starts):
        return
    fate = succession.fate_of(bloc, data.blocs, term.starts)
    elsewhere = f" hoặc ghi nhiệm kỳ này vào {fate.present[0].noun} {fate.present[0].id}" \
        if fate.present else ""
    problems.error(source.file, f"{bloc.noun} {bloc.id} đã thôi hoạt động từ "
                   f"{short_date(fate.ended)}, không thể có nhiệm kỳ năm {term.year}",
                   f"{bloc.noun} này {fate.text()}; xóa nhiệm kỳ năm {term.year}{elsewhere}",
                   line=source.line("year"), field=source.label("year"))
