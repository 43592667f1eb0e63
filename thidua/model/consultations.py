"""Public consultation on award proposals (SPEC §12): data/consultations/**.yml, one a file.

Before a council considers state-level awards, the proposed collectives and people are
published for at least 10 working days (Decree 98/2023/NĐ-CP, Art. 46). Every rule about a
consultation is here: dates in order, the working-day minimum (workdays.py), candidates in
the shape of a decision's awards with the personal-data guard, what it names; and its state
on a given day (open, not yet open, closed, and the days left).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator

from ..core.dates import short_date, vi_date
from ..core.problems import Problems
from ..core.text import make_slug
from .base import FieldError, Id, KnownIds, PlainDate, Record, Text, unknown_reference
from .decisions import Award, check_award, check_award_dated
from .workdays import WorkingCalendar

MINIMUM_WORKING_DAYS = 10
LEGAL_BASIS = "Nghị định 98/2023/NĐ-CP, Điều 46"


class Contact(Record):
    """Where readers send their opinions: the office's address, never a person's."""

    office: Annotated[Text, Field(description="cơ quan nhận ý kiến, ví dụ office: Ban Thi đua – "
                                              "Khen thưởng tỉnh")]
    address: Annotated[str | None, Field(description="địa chỉ nhận thư")] = None
    phone: Annotated[str | None, Field(description="số điện thoại của cơ quan")] = None
    email: Annotated[str | None, Field(description="hộp thư nhận ý kiến, ví dụ "
                                                   "email: banthidua@example.vn")] = None


class Consultation(Record):
    """A consultation. `id` is filled in when read: the file name without .yml."""

    STAND_INS: ClassVar[dict] = {"title": "?", "opens": "2000-01-03", "closes": "2000-01-31",
                                 "issuer": "?", "contact": {"office": "?"}}
    id: Annotated[Id | None, Field(description="mã đợt lấy ý kiến (mặc định là tên tệp), chỉ "
                                               "gồm chữ thường không dấu, chữ số và gạch ngang")] = None
    title: Annotated[Text, Field(description="tiêu đề, ví dụ title: \"Lấy ý kiến nhân dân đối "
                                             "với đề nghị tặng Cờ thi đua của Chính phủ năm 2025\"")]
    description: Annotated[str | None, Field(description="một đoạn giới thiệu đợt lấy ý kiến")] = None
    opens: Annotated[PlainDate, Field(description="ngày bắt đầu lấy ý kiến, ví dụ "
                                                  "opens: 2026-11-02")]
    closes: Annotated[PlainDate, Field(description="ngày cuối cùng nhận ý kiến, ví dụ "
                                                   "closes: 2026-11-16")]
    council_date: Annotated[PlainDate | None, Field(description="ngày Hội đồng thi đua – khen "
                                                                "thưởng họp xét, sau closes")] = None
    issuer: Annotated[Text, Field(description="cơ quan lấy ý kiến, ví dụ issuer: Hội đồng Thi "
                                              "đua – Khen thưởng tỉnh")]
    contact: Annotated[Contact, Field(description="nơi nhận ý kiến: contact: {office: ..., "
                                                  "address: ..., phone: ..., email: ...}")]
    document: Annotated[Id | None, Field(description="mã văn bản (data/documents/) thông báo "
                                                     "việc lấy ý kiến")] = None
    decision: Annotated[Id | None, Field(description="mã quyết định đã ban hành (tên tệp trong "
                                                     "data/decisions/, không có .yml)")] = None
    # At least one (check_consultations): a consultation whose only candidate is wrong is
    # still read, so that its dates are checked in the same run.
    candidates: Annotated[list[Award], Field(description="danh sách đề nghị: - title: ..., "
                                                        "unit: ... hoặc person: {...}")]

    @model_validator(mode="after")
    def _dates_in_order(self) -> Consultation:
        if self.closes < self.opens:
            raise FieldError("closes", f"ngày kết thúc ({short_date(self.closes)}) trước ngày bắt "
                             f"đầu ({short_date(self.opens)})",
                             fix="ghi closes sau opens")
        if self.council_date is not None and self.council_date <= self.closes:
            raise FieldError("council_date", f"Hội đồng họp ngày {short_date(self.council_date)}, "
                             f"chưa hết thời gian lấy ý kiến (đến hết {short_date(self.closes)})",
                             fix="ghi council_date sau ngày closes, hoặc bỏ trường này")
        return self

    @property
    def year(self) -> int:
        return self.opens.year


Phase = Literal["sap-mo", "dang-mo", "da-dong"]


@dataclass(frozen=True)
class ConsultationState:
    """A consultation on a given day: not yet open, open, or closed; and how long is left."""

    phase: Phase
    # Calendar and working days to the end of `closes`, today included: the whole period
    # before it opens, 0 once closed.
    days_left: int
    working_days_left: int

    @property
    def is_open(self) -> bool:
        return self.phase == "dang-mo"


def consultation_state(consultation: Consultation, today: date,
                       calendar: WorkingCalendar) -> ConsultationState:
    if today < consultation.opens:
        return ConsultationState("sap-mo", (consultation.closes - consultation.opens).days + 1,
                                 calendar.count(consultation.opens, consultation.closes))
    if today > consultation.closes:
        return ConsultationState("da-dong", 0, 0)
    return ConsultationState("dang-mo", (consultation.closes - today).days + 1,
                             calendar.count(today, consultation.closes))


def open_first(consultation: Consultation, state: ConsultationState) -> tuple:
    """Open ones first, those closing soonest at the top; then those about to open; then
    closed ones, the newest first."""
    if state.phase == "dang-mo":
        return (0, consultation.closes.toordinal(), consultation.id)
    if state.phase == "sap-mo":
        return (1, consultation.opens.toordinal(), consultation.id)
    return (2, -consultation.closes.toordinal(), consultation.id)


def add_consultation(consultations: dict[str, Consultation], consultation: Consultation,
                     file_name: str, problems: Problems) -> None:
    """Put a consultation read from its file under its id (default: the file's name, as a
    slug)."""
    ident = consultation.id or make_slug(file_name)
    first = consultations.get(ident)
    if first is not None:
        source = consultation.source
        problems.error(source.file, f"mã đợt lấy ý kiến {ident} đã dùng ở tệp {first.source.file}",
                       "đổi tên tệp, hoặc ghi id: với một mã khác",
                       line=source.line("id") if consultation.id else None, field="id")
        return
    consultations[ident] = consultation if consultation.id else consultation.copy_with(id=ident)


def check_consultations(data: KnownIds, calendar: WorkingCalendar, problems: Problems) -> None:
    """At least ten working days; the document, decision, titles and units exist, and the
    units had not ended when it opened; the decision is not signed before it ends."""
    for consultation in data.consultations.values():
        source = consultation.source
        if not consultation.set_aside("opens", "closes"):
            _check_working_days(consultation, calendar, problems)
        if consultation.document is not None and consultation.document not in data.documents:
            unknown_reference(problems, source, ("document",), consultation.document,
                              "documents", data)
        if consultation.decision is not None:
            found = data.decision_ids.get(consultation.decision, [])
            if not found:
                unknown_reference(problems, source, ("decision",), consultation.decision,
                                  "decision_ids", data)
            elif len(found) > 1:
                problems.error(source.file, f"có {len(found)} tệp quyết định cùng tên "
                               f"{consultation.decision}: "
                               + ", ".join(d.source.file for d in found),
                               "đổi tên một trong các tệp cho khác nhau rồi ghi đúng tên ở đây",
                               line=source.line("decision"), field="decision")
            elif found[0].date < consultation.closes and not consultation.set_aside("closes"):
                problems.error(source.file, f"quyết định {found[0].number} ký ngày "
                               f"{short_date(found[0].date)}, trước khi hết thời gian lấy ý "
                               f"kiến ({short_date(consultation.closes)})",
                               "kiểm tra tên quyết định trong trường decision; quyết định khen "
                               "thưởng chỉ ban hành sau khi lấy ý kiến xong",
                               line=source.line("decision"), field="decision")
        if not consultation.candidates and not consultation.set_aside("candidates"):
            problems.error(source.file, "chưa có trường hợp nào được đề nghị (candidates trống)",
                           "liệt kê các trường hợp: - title: mã danh hiệu, rồi unit: mã đơn vị "
                           "(tập thể) hoặc person: {name: ..., position: ..., unit: ...}",
                           line=source.line("candidates"), field="candidates")
        what = f"đợt lấy ý kiến từ ngày {short_date(consultation.opens)}"
        for index, award in enumerate(consultation.candidates):
            candidate = consultation.source_of(award, "candidates", index)
            check_award(award, candidate, data, problems)
            if not consultation.set_aside("opens"):  # a unit that had ended by then
                check_award_dated(award, consultation.opens, what, candidate, data, problems)


def _check_working_days(consultation: Consultation, calendar: WorkingCalendar,
                        problems: Problems) -> None:
    opens, closes = consultation.opens, consultation.closes
    days = calendar.count(opens, closes)
    if days >= MINIMUM_WORKING_DAYS:
        return
    off = calendar.holidays_between(opens, closes)
    listed = "; ".join(f"{short_date(day)} {name}" for day, name in off)
    earliest = calendar.nth_working_day(opens, MINIMUM_WORKING_DAYS)
    source = consultation.source
    problems.error(
        source.file,
        f"từ {short_date(opens)} đến hết {short_date(closes)} chỉ có {days} ngày làm việc "
        f"(không tính thứ Bảy, Chủ nhật{' và ngày nghỉ: ' + listed if listed else ''}); phải "
        f"công khai ít nhất {MINIMUM_WORKING_DAYS} ngày làm việc ({LEGAL_BASIS})",
        f"ghi closes từ {vi_date(earliest)} ({earliest.isoformat()}) trở đi",
        line=source.line("closes"), field="closes")
