"""data/units.yml (SPEC §5): the offices and units that blocs, awards and news name."""
from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .base import ID_FIX, Id, Record, Text, WebAddress


class Unit(Record):
    id: Annotated[Id, Field(description=ID_FIX)]
    name: Annotated[Text, Field(description="tên đầy đủ của đơn vị, ví dụ name: Sở Tài chính")]
    short_name: Annotated[str | None, Field(description="tên viết tắt, ví dụ short_name: STC")] = None
    kind: Annotated[str | None, Field(description="loại đơn vị, ví dụ kind: Sở, ngành")] = None
    website: Annotated[WebAddress | None, Field(description="địa chỉ web đầy đủ bắt đầu bằng "
                                                            "https://")] = None
