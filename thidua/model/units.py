"""data/units.yml (SPEC §5, §14): the offices and units that blocs, awards and news name, and
the day a unit merged, split or ended; every rule about them (model/succession.py holds what
units share with blocs: the checks of successors and of references after an end)."""
from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field, model_validator

from ..core.problems import Problems
from . import succession
from .base import ID_FIX, Id, IdList, KnownIds, PlainDate, Record, Text, WebAddress


class Unit(Record, succession.Succeeded):
    id: Annotated[Id, Field(description=ID_FIX)]
    name: Annotated[Text, Field(description="tên đầy đủ của đơn vị, ví dụ name: Sở Tài chính")]
    short_name: Annotated[str | None, Field(description="tên viết tắt, ví dụ short_name: STC")] = None
    kind: Annotated[str | None, Field(description="loại đơn vị, ví dụ kind: Sở, ngành")] = None
    website: Annotated[WebAddress | None, Field(description="địa chỉ web đầy đủ bắt đầu bằng "
                                                            "https://")] = None
    ended: Annotated[PlainDate | None, Field(description="ngày đầu tiên đơn vị không còn hoạt "
                                                         "động (hợp nhất, chia tách, giải thể), "
                                                         "ví dụ ended: 2025-03-01")] = None
    successor: Annotated[Id | None, Field(description="mã đơn vị mà đơn vị này hợp nhất vào, ví "
                                                      "dụ successor: so-tai-chinh")] = None
    successors: Annotated[IdList, Field(description="khi chia tách: mã các đơn vị tiếp nhận, ví "
                                                    "dụ successors: [so-khoa-hoc-cong-nghe, "
                                                    "so-van-hoa-the-thao-du-lich]")] = []
    ended_note: Annotated[str | None, Field(description="một câu về việc thôi hoạt động, ví dụ "
                                                        "ended_note: Theo Nghị định 45/2025/NĐ-CP")] = None

    noun: ClassVar[str] = "đơn vị"

    @model_validator(mode="after")
    def _ending(self) -> Unit:
        succession.check_fields(self)
        return self


def check_units(data: KnownIds, problems: Problems) -> None:
    """Successors exist, form no cycle, and still exist on the day a unit ended."""
    succession.check_successors(data.units, "units", data, problems)
