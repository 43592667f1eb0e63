"""data/blocs.yml (SPEC §5): emulation blocs (khối) and clusters (cụm), a term a year; every
rule about them, the cross-references included."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from ..core.problems import Problems
from .base import ID_FIX, Id, IdList, KnownIds, PlainDate, Record, Text, unknown_reference


ROLE_NAMES = {"leader": "Khối trưởng", "deputy": "Khối phó", "member": "Thành viên"}
ROLE_NAMES_CUM = {"leader": "Cụm trưởng", "deputy": "Cụm phó", "member": "Thành viên"}


class Term(Record):
    year: Annotated[int, Field(ge=1945, le=2100, description="năm của nhiệm kỳ, ví dụ year: 2024")]
    members: Annotated[IdList, Field(min_length=1, description="danh sách mã đơn vị thành viên, "
                                                               "ví dụ members: [so-tai-chinh, so-noi-vu]")]
    leader: Annotated[Id, Field(description="mã đơn vị Khối trưởng (phải là thành viên năm đó)")]
    deputy: Annotated[Id | None, Field(description="mã đơn vị Khối phó (phải là thành viên năm đó)")] = None
    agreement_date: Annotated[PlainDate | None, Field(description="ngày ký giao ước, "
                                                                  "ví dụ 2024-01-22")] = None


class Bloc(Record):
    id: Annotated[Id, Field(description=ID_FIX)]
    name: Annotated[Text, Field(description="tên khối/cụm, ví dụ name: Khối thi đua các cơ quan Đảng")]
    kind: Annotated[Literal["khoi", "cum"], Field(description="kind: khoi (khối thi đua) hoặc "
                                                              "kind: cum (cụm thi đua)")] = "khoi"
    description: Annotated[str | None, Field(description="một vài câu giới thiệu khối")] = None
    terms: Annotated[list[Term], BeforeValidator(lambda value: [] if value is None else value),
                     Field(description="danh sách nhiệm kỳ theo năm: "
                                                   "- year: 2024, members: [...], leader: ..., deputy: ...")] = []

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
    """One term a year; members, leader and deputy are units; the leader and the deputy are
    members of that year's term, and two different units."""
    for bloc in data.blocs.values():
        seen_years: set[int] = set()
        for index, term in enumerate(bloc.terms):
            source = bloc.source_of(term, "terms", index)
            if term.year in seen_years:
                problems.error(source.file, f"khối {bloc.id} có hai nhiệm kỳ năm {term.year}",
                               "mỗi năm chỉ ghi một nhiệm kỳ; gộp hai mục hoặc sửa năm",
                               line=source.line("year"), field=source.label("year"))
            seen_years.add(term.year)
            for position, member in enumerate(term.members):
                if member not in data.units:
                    unknown_reference(problems, source, ("members", position), member, "units", data)
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
