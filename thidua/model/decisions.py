"""data/decisions/**.yml (SPEC §5): award decisions and proposals, one a file; every rule about
them, the personal-data guard and the cross-references included."""
from __future__ import annotations

import re
from datetime import date
from pathlib import PurePosixPath
from typing import Annotated, ClassVar, Literal

from pydantic import ConfigDict, Field, model_validator

from ..core.dates import short_date
from ..core.problems import Problems
from .base import (FieldError, Id, KnownIds, PeriodText, PlainDate, Record, Source, Text,
                   WebAddress, unknown_reference)
from .succession import check_named
from .titles import Recipient


# Of a person, only these may be published (the personal-data guard).
PERSON_FIELDS = ("name", "position", "unit")


class Person(Record):
    """Only name, position and unit of a person may be published (personal data guard)."""

    model_config = ConfigDict(extra="forbid")
    name: Annotated[Text, Field(description="họ và tên, ví dụ name: Nguyễn Thị Hằng")]
    position: Annotated[str | None, Field(description="chức vụ, ví dụ position: Trưởng phòng")] = None
    unit: Annotated[Id | None, Field(description="mã đơn vị công tác có trong data/units.yml")] = None

    @classmethod
    def forbidden_field(cls, name: str) -> tuple[str, str]:
        return (f"trường {name} là thông tin cá nhân, không được công bố trên cổng thông tin",
                f"xóa dòng {name}; với một cá nhân chỉ được ghi {', '.join(PERSON_FIELDS)}")


class Award(Record):
    title: Annotated[Id, Field(description="mã danh hiệu/hình thức có trong data/titles.yml, "
                                           "ví dụ title: bang-khen-chu-tich-ubnd-tinh")]
    unit: Annotated[Id | None, Field(description="mã đơn vị (tập thể) có trong data/units.yml")] = None
    person: Annotated[Person | None, Field(description="cá nhân: person: {name: ..., position: ..., "
                                                       "unit: ...}")] = None

    @model_validator(mode="after")
    def _one_recipient(self) -> Award:
        if (self.unit is None) == (self.person is None):
            raise FieldError("unit", "mỗi mục khen thưởng ghi đúng một người nhận: "
                                     "unit (tập thể) hoặc person (cá nhân)",
                             culprits=("unit", "person"))
        return self

    @property
    def recipient_kind(self) -> Recipient:
        return "tap-the" if self.unit else "ca-nhan"


class Decision(Record):
    STAND_INS: ClassVar[dict] = {"number": "?", "date": "2000-01-01", "issuer": "?",
                                 "status": "quyet-dinh", "period": "?"}
    number: Annotated[Text, Field(description="số quyết định, ví dụ number: \"163/QĐ-UBND\"")]
    date: Annotated[PlainDate, Field(description="ngày ký, ví dụ date: 2024-01-22")]
    issuer: Annotated[Text, Field(description="người/cơ quan ký, ví dụ issuer: Chủ tịch UBND tỉnh")]
    status: Annotated[Literal["de-nghi", "quyet-dinh"],
                      Field(description="status: quyet-dinh (đã quyết định khen thưởng) hoặc "
                                        "status: de-nghi (mới là đề nghị)")]
    period: Annotated[PeriodText, Field(description="thời kỳ khen thưởng, ví dụ period: \"2023\", "
                                        "\"2015-2020\" hoặc \"6 tháng đầu năm 2020\"")]
    reason: Annotated[str | None, Field(description="lý do khen thưởng")] = None
    bloc: Annotated[Id | None, Field(description="mã khối có trong data/blocs.yml")] = None
    source_url: Annotated[WebAddress | None, Field(description="địa chỉ web đầy đủ bắt đầu bằng "
                                                               "https://")] = None
    document: Annotated[Id | None, Field(description="mã văn bản của quyết định trong thư viện "
                                                      "văn bản (data/documents/)")] = None
    campaign: Annotated[Id | None, Field(description="mã phong trào thi đua có trong "
                                                     "data/campaigns.yml")] = None
    awards: Annotated[list[Award], Field(min_length=1, description="danh sách khen thưởng: "
                                                                  "- title: ..., unit: ... hoặc person: {...}")]

    @property
    def id(self) -> str:
        """By what consultations and documents name it (SPEC §5), and its anchor on its year's
        page: its file's name without .yml."""
        return PurePosixPath(self.source.file).stem

    @property
    def is_proposal(self) -> bool:
        return self.status == "de-nghi"

    @property
    def year(self) -> int:
        """The year the decision was signed: /khen-thuong/YYYY/ lists it."""
        return self.date.year

    @property
    def period_year(self) -> int:
        """The emulation year it rewards: the last year named in the period ("2015-2020" →
        2020, "6 tháng đầu năm 2020" → 2020), else the year it was signed."""
        years = re.findall(r"(?<!\d)(\d{4})(?!\d)", self.period)
        return int(years[-1]) if years else self.date.year


def check_decisions(data: KnownIds, problems: Problems) -> None:
    """No decision twice; its bloc, titles and recipients exist, and still existed on the day
    it was signed; each title goes to the kind of recipient the law allows."""
    numbers: dict[tuple, str] = {}
    for decision in data.decisions:
        source = decision.source
        key = (decision.number, decision.date)
        if key in numbers:
            problems.error(source.file, f"quyết định số {decision.number} ngày {decision.date} "
                           f"đã có ở tệp {numbers[key]}", "xóa tệp trùng hoặc sửa số/ngày cho đúng",
                           line=source.line("number"), field="number")
        numbers.setdefault(key, source.file)
        what = ("đề nghị" if decision.is_proposal else "quyết định") + \
            f" ngày {short_date(decision.date)}"
        if decision.bloc is not None and decision.bloc not in data.blocs:
            unknown_reference(problems, source, ("bloc",), decision.bloc, "blocs", data)
        elif decision.bloc is not None:
            check_named(data.blocs, decision.bloc, decision.date, what, source, ("bloc",), problems)
        if decision.document is not None and decision.document not in data.documents:
            unknown_reference(problems, source, ("document",), decision.document, "documents",
                              data)
        if decision.campaign is not None and decision.campaign not in data.campaigns:
            unknown_reference(problems, source, ("campaign",), decision.campaign, "campaigns",
                              data)
        for index, award in enumerate(decision.awards):
            check_award(award, decision.source_of(award, "awards", index), data, problems)
            check_award_dated(award, decision.date, what,
                              decision.source_of(award, "awards", index), data, problems)


def check_award_dated(award: Award, day: date, what: str, source: Source, data: KnownIds,
                      problems: Problems) -> None:
    """The units an award names (its collective, a person's unit) existed on `day`: the
    date of the decision, or of a consultation that lists the award among its candidates."""
    person_unit = award.person.unit if award.person else None
    for path, ident in (("unit",), award.unit), (("person", "unit"), person_unit):
        if ident is not None and ident in data.units:
            check_named(data.units, ident, day, what, source, path, problems)


def check_award(award: Award, source: Source, data: KnownIds, problems: Problems) -> None:
    title = data.find_title(award.title)
    if title is None:
        unknown_reference(problems, source, ("title",), award.title, "titles", data)
    elif award.recipient_kind not in title.recipients:
        who = "tập thể (unit)" if award.unit else "cá nhân (person)"
        allowed = "tập thể (ghi unit:)" if "tap-the" in title.recipients else "cá nhân (ghi person:)"
        problems.error(source.file, f"{title.name} không trao cho {who}",
                       f"{title.name} chỉ dành cho {allowed}; đổi người nhận hoặc chọn "
                       "danh hiệu/hình thức khác", line=source.line("title"),
                       field=source.label("title"))
    if award.unit is not None and award.unit not in data.units:
        unknown_reference(problems, source, ("unit",), award.unit, "units", data)
    person_unit = award.person.unit if award.person else None
    if person_unit is not None and person_unit not in data.units:
        unknown_reference(problems, source, ("person", "unit"), person_unit, "units", data)
