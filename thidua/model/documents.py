"""The documents library (SPEC §11): data/document-types.yml and data/documents/**.yml, one
document a file; every rule about them (number, type, dates in order, the file, what a
document replaces, no number twice) and the status a document has on a given day.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Annotated, ClassVar

from pydantic import Field, StringConstraints, model_validator

from ..config.settings import Settings
from ..core.dates import short_date
from ..core.files import LINKED_FILE_FIX, is_real_file
from ..core.problems import Problems
from ..core.text import make_slug
from .base import (ID_FIX, FieldError, Id, IdList, KnownIds, PlainDate, Record, Text, TextList,
                   WebAddress, unknown_reference)

# "98/2023/NĐ-CP", "06/2022/QH15", "163/QĐ-UBND", "34-CT/TW", "12/TTr-KTĐ": a number, the year
# for legal documents, then the kind and the issuer's code, as printed on the document.
NUMBER_PATTERN = r"^\d{1,6}[a-z]?(?:/\d{4})?[/-][A-ZĐ][A-Za-zĐđ0-9]*(?:[-/.][A-Za-zĐđ0-9]+)*$"
NUMBER_FIX = ("ghi số, ký hiệu đúng như in trên văn bản, không có chữ \"Số\" và dấu cách, ví dụ "
              "number: \"98/2023/NĐ-CP\", \"06/2022/QH15\" hoặc \"45/KH-UBND\"")

# What a document's file may be (SPEC §11), by suffix: its label and how such a file begins.
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003, Excel 97–2003
_ZIP = b"PK\x03\x04"  # Word, Excel (Office Open XML), OpenDocument
FILE_KINDS = {".pdf": ("PDF", b"%PDF-"), ".doc": ("DOC", _OLE), ".docx": ("DOCX", _ZIP),
              ".xls": ("XLS", _OLE), ".xlsx": ("XLSX", _ZIP), ".odt": ("ODT", _ZIP)}
FILE_FIX = "đính kèm tệp PDF, DOC, DOCX, XLS, XLSX hoặc ODT"


class DocumentType(Record):
    id: Annotated[Id, Field(description=ID_FIX)]
    name: Annotated[Text, Field(description="tên loại văn bản, ví dụ name: Nghị định")]
    description: Annotated[str | None, Field(description="một câu giới thiệu loại văn bản")] = None
    numbered: Annotated[bool, Field(description="numbered: false cho loại văn bản không có số "
                                                "(ví dụ biểu mẫu); mặc định true")] = True


class Document(Record):
    """A document of the library. `id` is filled in when read: the slug of the number."""

    STAND_INS: ClassVar[dict] = {"title": "?", "type": "?", "issuer": "?",
                                 "signed": "2000-01-01", "file": "?"}
    id: Annotated[Id | None, Field(description="mã văn bản (mặc định tạo từ số văn bản), "
                                               + ID_FIX)] = None
    number: Annotated[str | None,
                      StringConstraints(strip_whitespace=True, pattern=NUMBER_PATTERN),
                      Field(description=NUMBER_FIX)] = None
    title: Annotated[Text, Field(description="trích yếu nội dung, ví dụ title: \"Quy định chi "
                                             "tiết một số điều của Luật Thi đua, khen thưởng\"")]
    type: Annotated[Id, Field(description="mã loại văn bản có trong data/document-types.yml, "
                                          "ví dụ type: nghi-dinh")]
    issuer: Annotated[Text, Field(description="cơ quan ban hành, ví dụ issuer: Chính phủ")]
    signed: Annotated[PlainDate, Field(description="ngày ký (ngày ban hành), ví dụ "
                                                   "signed: 2023-12-26")]
    effective: Annotated[PlainDate | None, Field(description="ngày có hiệu lực, ví dụ "
                                                             "effective: 2024-01-01")] = None
    expires: Annotated[PlainDate | None, Field(description="ngày hết hiệu lực (từ ngày này văn "
                                                           "bản không còn hiệu lực)")] = None
    signer: Annotated[str | None, Field(description="người ký, ví dụ signer: Phạm Minh Chính")] = None
    file: Annotated[Text, Field(description="tệp văn bản, tính từ tệp .yml (files/nd-98.pdf) "
                                            "hoặc từ thư mục content/ (/van-ban/nd-98.pdf)")]
    source_url: Annotated[WebAddress | None, Field(description="địa chỉ web đầy đủ bắt đầu "
                                                               "bằng https://")] = None
    replaces: Annotated[IdList, Field(description="mã các văn bản mà văn bản này thay thế, ví dụ "
                                                  "replaces: [91-2017-nd-cp]")] = []
    campaign: Annotated[Id | None, Field(description="mã phong trào thi đua có trong "
                                                     "data/campaigns.yml")] = None
    topics: Annotated[TextList, Field(description="từ khóa, ví dụ topics: [khen thưởng, "
                                                  "hồ sơ]")] = []

    @model_validator(mode="after")
    def _dates_in_order(self) -> Document:
        if self.effective is not None and self.effective < self.signed:
            raise FieldError("effective", f"ngày có hiệu lực ({short_date(self.effective)}) "
                             f"trước ngày ký ({short_date(self.signed)})",
                             fix="ghi ngày có hiệu lực bằng hoặc sau ngày ký (signed)")
        start = self.effective or self.signed
        if self.expires is not None and self.expires <= start:
            raise FieldError("expires", f"ngày hết hiệu lực ({short_date(self.expires)}) không "
                             f"sau ngày có hiệu lực ({short_date(start)})",
                             culprits=("expires",),
                             fix="ghi ngày hết hiệu lực sau ngày có hiệu lực, hoặc bỏ trường "
                                 "expires")
        return self

    @property
    def starts(self) -> date:
        """The day it takes effect: `effective`, else the day it was signed."""
        return self.effective or self.signed

    @property
    def year(self) -> int:
        return self.signed.year

    @property
    def label(self) -> str:
        """How it is named in lists and links: 'Nghị định 98/2023/NĐ-CP' needs the type's
        name, so pages say number (or title) alone."""
        return self.number or self.title


def document_id(document: Document) -> str | None:
    """The id written, else the slug of the number ('98/2023/NĐ-CP' → '98-2023-nd-cp')."""
    return document.id or (make_slug(document.number) if document.number else None)


# ---- the file ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class DocumentFile:
    """A document's file as the site publishes it."""

    path: Path  # where it is on disk
    name: str  # the published file name: 'nghi-dinh-98-2023.pdf'
    kind: str  # 'PDF'
    size: int  # bytes


def locate_file(document: Document, settings: Settings,
                problems: Problems) -> DocumentFile | None:
    """The `file` of a document: relative to its YAML file, or `/…` from content/; inside
    data/ or content/, a real file (not a link), of an allowed kind, and what its name says."""
    source = document.source
    value, line = document.file, source.line("file")

    def wrong(message: str, fix: str) -> None:
        problems.error(source.file, message, fix, line=line, field="file")

    if "://" in value:
        wrong(f"file phải là tệp trong kho dữ liệu, không phải địa chỉ web ({value})",
              "tải tệp về, đặt cạnh tệp .yml rồi ghi file: ten-tep.pdf; địa chỉ web ghi ở "
              "source_url")
        return None
    base = settings.content_dir if value.startswith("/") else (settings.root / source.file).parent
    target = Path(os.path.normpath(base / value.lstrip("/")))
    if not any(target.is_relative_to(folder) for folder in (settings.data_dir, settings.content_dir)):
        wrong(f"file trỏ ra ngoài thư mục data/ và content/ ({value})",
              "đặt tệp văn bản trong data/documents/ (cạnh tệp .yml) hoặc trong content/")
        return None
    suffix = target.suffix.lower()
    if suffix not in FILE_KINDS:
        wrong(f"tệp {value} không phải là PDF, DOC(X), XLS(X) hay ODT", FILE_FIX)
        return None
    if not target.is_file():
        wrong(f"không tìm thấy tệp {value}",
              f"kiểm tra tên tệp (phân biệt chữ hoa/thường); tệp phải nằm ở {settings.rel(target)}")
        return None
    if not is_real_file(target):
        wrong(f"tệp {value} là liên kết tượng trưng (symlink), hoặc nằm trong thư mục liên kết: "
              "trang web không đăng tệp như vậy", f"{LINKED_FILE_FIX}: {settings.rel(target)}")
        return None
    kind, magic = FILE_KINDS[suffix]
    try:
        with open(target, "rb") as stream:  # a regular file: never waits
            start = stream.read(len(magic))
    except OSError as error:
        wrong(f"không đọc được tệp {value} ({error.strerror})",
              "cho phép đọc tệp, ví dụ chmod a+r <tên tệp>, rồi chạy lại lệnh")
        return None
    if start != magic:
        wrong(f"tệp {value} có đuôi {suffix} nhưng không phải là tệp {kind} (tệp hỏng hoặc đổi "
              "đuôi sai)", f"lưu (xuất) lại văn bản ra tệp {kind} thật rồi thay tệp này")
        return None
    name = (make_slug(target.stem) or "van-ban") + suffix
    return DocumentFile(target, name, kind, target.stat().st_size)


# ---- status on a day ----------------------------------------------------------------------------

STATUS_NAMES = {"con-hieu-luc": "Còn hiệu lực", "chua-co-hieu-luc": "Chưa có hiệu lực",
                "het-hieu-luc": "Hết hiệu lực", "bi-thay-the": "Bị thay thế"}


def replaced_by(documents: dict[str, Document]) -> dict[str, list[Document]]:
    """For each document id, the documents that replace it, oldest first."""
    found: dict[str, list[Document]] = {}
    for document in sorted(documents.values(), key=lambda d: (d.signed, d.id)):
        for ident in document.replaces:
            found.setdefault(ident, []).append(document)
    return found


def document_status(document: Document, today: date, replacements: list[Document]) -> str:
    """One of STATUS_NAMES on `today`: replaced once a replacing document is in force,
    expired from its `expires` day, not yet in force before its `effective` day."""
    if document.starts > today:
        return "chua-co-hieu-luc"
    if any(other.starts <= today for other in replacements):
        return "bi-thay-the"
    if document.expires is not None and document.expires <= today:
        return "het-hieu-luc"
    return "con-hieu-luc"


# ---- rules across files ---------------------------------------------------------------------------

def add_document(data: KnownIds, document: Document, problems: Problems) -> None:
    """Put a document read from its file into the library under its id: the slug of its
    number, else the id written. A type that has numbers needs one; a number used twice, or
    an id clash, is reported instead."""
    documents, source = data.documents, document.source
    kind = data.document_types.get(document.type)
    missing = document.number is None and not document.set_aside("number")
    if missing and kind is not None and kind.numbered:
        problems.error(source.file, f"văn bản loại {kind.name} phải có số, ký hiệu", NUMBER_FIX,
                       line=source.line("title"), field="number")
    elif missing and document.id is None and not document.set_aside("id"):
        problems.error(source.file, "văn bản không có số cần một mã id",
                       "thêm dòng id: viết chữ thường không dấu, ví dụ id: mau-to-trinh-khen-thuong",
                       line=source.line("title"), field="id")
    ident = document_id(document)
    if ident is None:
        # Without a right number (reported): it is checked further under its file's name,
        # and what names it is not reported until the number is right.
        ident = make_slug(PurePosixPath(source.file).stem)
        data.broken.add("documents")
    first = documents.get(ident)
    if first is None:
        documents[ident] = document.copy_with(id=ident) if document.id != ident else document
        return
    if document.number and first.number and _number_key(document) == _number_key(first):
        _number_used(document, first, problems)
    else:
        problems.error(source.file, f"mã văn bản {ident} đã dùng cho văn bản ở tệp "
                       f"{first.source.file}", f"thêm dòng id: với một mã khác, ví dụ "
                       f"id: {ident}-{document.year}", line=source.line("id" if document.id
                                                                        else "number"),
                       field="id")


def _number_used(document: Document, first: Document, problems: Problems) -> None:
    source = document.source
    problems.error(source.file, f"số văn bản {document.number} đã dùng cho văn bản ở tệp "
                   f"{first.source.file}", "mỗi văn bản một số: sửa số cho đúng hoặc xóa tệp trùng",
                   line=source.line("number"), field="number")


def check_documents(data: KnownIds, problems: Problems) -> None:
    """Each type, campaign and replaced document exists; a document replaces only documents
    signed before it (or the same day), never itself; no two documents share a number
    (add_document reports those that would share an id)."""
    by_number: dict[tuple, Document] = {}
    for document in data.documents.values():
        source = document.source
        if document.number and not document.set_aside("signed"):
            first = by_number.setdefault(_number_key(document), document)
            if first is not document:
                _number_used(document, first, problems)
        if document.type not in data.document_types and not document.set_aside("type"):
            unknown_reference(problems, source, ("type",), document.type, "document_types", data)
        if document.campaign is not None and document.campaign not in data.campaigns:
            unknown_reference(problems, source, ("campaign",), document.campaign, "campaigns", data)
        for index, ident in enumerate(document.replaces):
            _check_replaced(document, ident, index, data, problems)


def _number_key(document: Document) -> tuple:
    """Provincial numbers ('163/QĐ-UBND') start again every year; legal ones carry their year."""
    number = document.number.upper().replace("Đ", "D")
    return (number,) if re.search(r"/\d{4}/", number) else (number, document.year)


def _check_replaced(document: Document, ident: str, index: int, data: KnownIds,
                    problems: Problems) -> None:
    source, path = document.source, ("replaces", index)
    other = data.documents.get(ident)
    if other is None:
        unknown_reference(problems, source, path, ident, "documents", data)
    elif other is document:
        problems.error(source.file, "văn bản không thể thay thế chính nó",
                       "xóa mã này khỏi replaces", line=source.line(*path),
                       field=source.label(*path))
    elif other.signed > document.signed:
        problems.error(source.file, f"văn bản {other.label} ký ngày {short_date(other.signed)}, "
                       f"sau văn bản này ({short_date(document.signed)}): văn bản ký sau không "
                       "thể bị văn bản ký trước thay thế",
                       f"kiểm tra mã trong replaces; có thể chính {other.label} thay thế văn bản "
                       f"này (ghi replaces: [{document.id}] trong tệp {other.source.file})",
                       line=source.line(*path), field=source.label(*path))
