"""data/titles.yml (SPEC §5): the catalogue of emulation titles and forms of commendation of
the Law on Emulation and Commendation 2022, with who may receive each."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from .base import ID_FIX, Id, IdList, Record, Text, one_or_many

Recipient = Literal["tap-the", "ca-nhan"]


class Title(Record):
    id: Annotated[Id, Field(description=ID_FIX)]
    name: Annotated[Text, Field(description="tên danh hiệu hoặc hình thức, ví dụ "
                                            "name: Cờ thi đua của Chính phủ")]
    kind: Annotated[Literal["danh-hieu", "hinh-thuc"],
                    Field(description="kind: danh-hieu (danh hiệu thi đua) hoặc "
                                      "kind: hinh-thuc (hình thức khen thưởng)")]
    recipients: Annotated[list[Recipient], BeforeValidator(one_or_many),
                          Field(min_length=1, description="recipients: [tap-the], [ca-nhan] "
                                                          "hoặc [tap-the, ca-nhan]")]
    issuer: Annotated[Text, Field(description="cấp quyết định, ví dụ issuer: Thủ tướng Chính phủ")]
    aliases: Annotated[IdList, Field(description="các mã khác cũng chỉ danh hiệu này, ví dụ "
                                                 "aliases: [co-thi-dua-cua-chinh-phu]")] = []
