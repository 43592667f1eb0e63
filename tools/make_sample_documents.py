#!/usr/bin/env python3
"""Write the files of the sample documents library (data/documents/): for every document whose
`file` lies under data/documents/files/, a small one-page PDF (or a Word .docx) that says it is
a sample and gives the document's number, title, issuer and dates, never the document's text.

The files are made the same way every time (no creation dates), so running this again changes
nothing. Read the official texts where the issuers publish them.

Usage: python3 tools/make_sample_documents.py [DATA_DIR]   (default: data/ beside this folder)
"""
from __future__ import annotations

import sys
import unicodedata
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import yaml

ROOT = Path(__file__).resolve().parent.parent
NOTICE = ("BAN MAU - SAMPLE FILE. Day chi la tep minh hoa cua cong thong tin mau, "
          "khong phai toan van van ban.")
NOTICE_EN = "This placeholder only names the document; read the official text from its issuer."


def ascii_text(text: str) -> str:
    """Vietnamese without its marks ('Nghị định' → 'Nghi dinh'): the PDF's built-in font has
    no Vietnamese letters, and a sample needs none."""
    text = text.replace("đ", "d").replace("Đ", "D").replace("–", "-").replace("“", '"')
    text = text.replace("”", '"')
    return unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode("ascii")


def lines_of(document: dict) -> list[str]:
    lines = [NOTICE, NOTICE_EN, ""]
    if document.get("number"):
        lines.append(f"So, ky hieu: {document['number']}")
    lines += [f"Trich yeu: {document['title']}", f"Co quan ban hanh: {document['issuer']}",
              f"Ngay ban hanh: {document['signed']}"]
    if document.get("effective"):
        lines.append(f"Ngay co hieu luc: {document['effective']}")
    return [ascii_text(str(line)) for line in lines]


def wrap(line: str, width: int = 80) -> list[str]:
    words, out, current = line.split(" "), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return out + [current]


def pdf(lines: list[str]) -> bytes:
    """A one-page PDF 1.4 with the lines in Helvetica, cross-reference table and all."""
    shown = [part for line in lines for part in (wrap(line) if line else [""])]
    text = " ".join("(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                    + ") '" for line in shown)
    content = f"BT /F1 11 Tf 56 790 Td 16 TL {text} ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, start)
    return bytes(out)


def docx(lines: list[str], title: str) -> bytes:
    """A minimal Word document (Office Open XML): one paragraph a line, Vietnamese kept."""
    paragraphs = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(line)}</w:t></w:r></w:p>"
                         for line in [title, *lines])
    parts = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{paragraphs}</w:body></w:document>",
    }
    from io import BytesIO
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def main(data_dir: Path) -> int:
    folder = data_dir / "documents"
    written = 0
    for path in sorted(folder.rglob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        target = (path.parent / str(document.get("file", ""))).resolve()
        if not target.is_relative_to((folder / "files").resolve()):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.suffix == ".pdf":
            target.write_bytes(pdf(lines_of(document)))
        elif target.suffix == ".docx":
            lines = [NOTICE, NOTICE_EN, f"Cơ quan ban hành: {document['issuer']}"]
            target.write_bytes(docx(lines, document["title"]))
        else:
            continue
        written += 1
        print(target.relative_to(data_dir.parent))
    print(f"{written} tệp mẫu.")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data"))
