"""data/categories.yml (SPEC §5): the news categories."""
from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .base import ID_FIX, Id, Record, Text

# Every site has this one: a post without `category` belongs to it.
DEFAULT_CATEGORY = {"id": "tin-hoat-dong", "name": "Tin hoạt động"}


class Category(Record):
    id: Annotated[Id, Field(description=ID_FIX)]
    name: Annotated[Text, Field(description="tên chuyên mục, ví dụ name: Tin hoạt động")]
    description: Annotated[str | None, Field(description="một câu giới thiệu chuyên mục")] = None
