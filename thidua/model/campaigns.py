"""Emulation campaigns (SPEC §13): data/campaigns.yml. A campaign is launched by a document,
reported in news (posts' `campaigns:`), cited by documents (`campaign:`) and closed with
awards (decisions' `campaign:`); its page gathers them. Every rule about a campaign is here."""
from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field, model_validator

from ..core.dates import short_date
from ..core.problems import Problems
from .base import (ID_FIX, FieldError, Id, KnownIds, PeriodText, PlainDate, Record, Text,
                   unknown_reference)


class Campaign(Record):
    id: Annotated[Id, Field(description=ID_FIX)]
    name: Annotated[Text, Field(description="tên phong trào, ví dụ name: \"Cả nước chung sức "
                                            "xây dựng nông thôn mới\"")]
    launched: Annotated[PlainDate, Field(description="ngày phát động, ví dụ launched: 2021-01-08")]
    issuer: Annotated[Text, Field(description="cấp phát động, ví dụ issuer: Thủ tướng Chính phủ")]
    period: Annotated[PeriodText, Field(description="giai đoạn, ví dụ period: \"2021-2025\"")]
    ends: Annotated[PlainDate | None, Field(description="ngày kết thúc, ví dụ "
                                                        "ends: 2025-12-31")] = None
    document: Annotated[Id | None, Field(description="mã văn bản phát động có trong "
                                                      "data/documents/")] = None
    description: Annotated[str | None, Field(description="vài câu giới thiệu phong trào")] = None

    @model_validator(mode="after")
    def _ends_after_launch(self) -> Campaign:
        if self.ends is not None and self.ends < self.launched:
            raise FieldError("ends", f"ngày kết thúc ({short_date(self.ends)}) trước ngày phát "
                             f"động ({short_date(self.launched)})",
                             fix="ghi ngày kết thúc sau ngày phát động, hoặc bỏ trường ends")
        return self


CAMPAIGN_STATES = {"sap-phat-dong": "Sắp phát động", "dang-dien-ra": "Đang diễn ra",
                   "da-ket-thuc": "Đã kết thúc"}


def campaign_state(campaign: Campaign, today: date) -> str:
    if campaign.launched > today:
        return "sap-phat-dong"
    if campaign.ends is not None and campaign.ends < today:
        return "da-ket-thuc"
    return "dang-dien-ra"


def check_campaigns(data: KnownIds, problems: Problems) -> None:
    """The launching document exists."""
    for campaign in data.campaigns.values():
        if campaign.document is not None and campaign.document not in data.documents:
            unknown_reference(problems, campaign.source, ("document",), campaign.document,
                              "documents", data)
