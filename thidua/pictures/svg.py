"""SVG pictures (logos, diagrams, maps): published as SVG, never rasterised.

A drawing stays sharp at every width in one small file, so it gets no widths and no WebP. It
is cleaned first, like every published picture: comments, <metadata> (author, licence, the
drawing program's RDF), and the elements and attributes of drawing programs (Inkscape's
export paths name the author's folders, Illustrator's private data can weigh megabytes) are
dropped; a picture embedded as data: is re-encoded without its metadata. An SVG that could
run code or fetch something (scripts, event handlers, <foreignObject>, external links or
stylesheets, entity declarations) is refused: opened on its own, it would run on the site's
origin.
"""
from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET
from typing import Callable

from .picture import SVG, VECTOR, Variant

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

_KEPT_ATTRIBUTE_NAMESPACES = (f"{{{XLINK_NS}}}", f"{{{XML_NS}}}")
_ACTIVE = {"script", "foreignObject", "iframe", "embed", "object", "handler", "listener"}
_ANIMATIONS = {"animate", "set", "animateMotion", "animateTransform"}
_HREFS = ("href", f"{{{XLINK_NS}}}href")
_EMBEDDED = re.compile(r"^data:image/(png|jpeg|jpg|gif|webp);base64,(.*)$", re.S | re.I)
_EXTERNAL_CSS = re.compile(r"@import|url\(\s*['\"]?\s*(?!#)", re.I)
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:e[-+]?[0-9]+)?)\s*(px|pt|pc|mm|cm|in)?\s*$", re.I)
_PX_PER_UNIT = {"px": 1.0, "pt": 96 / 72, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}

REEXPORT_FIX = ("xuất lại hình dưới dạng SVG thường (Inkscape: Lưu thành → SVG tối ưu; "
                "Illustrator: Xuất → SVG), hoặc dùng ảnh PNG")


class BadSvg(Exception):
    def __init__(self, message: str, fix: str = REEXPORT_FIX):
        super().__init__(message)
        self.message, self.fix = message, fix


def looks_like_svg(data: bytes, name: str) -> bool:
    start = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    return name.lower().endswith(".svg") or start.startswith((b"<svg", b"<?xml")) and \
        b"<svg" in data[:4096]


def clean(data: bytes, restrip: Callable[[bytes, str], bytes]) -> tuple[str, int, int, list]:
    """(kind, width, height, [(variant, bytes)]) of the cleaned drawing. `restrip` re-encodes
    the bytes of an embedded raster picture (of the given subtype) without its metadata."""
    if b"<!ENTITY" in data:
        raise BadSvg("tệp SVG khai báo thực thể (<!ENTITY>), có thể dùng để tấn công trình dựng trang")
    try:
        root = ET.fromstring(data)  # comments and processing instructions are not kept
    except ET.ParseError as error:
        raise BadSvg(f"tệp SVG hỏng, không đọc được ({error})") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise BadSvg("tệp .svg không phải là hình SVG (thiếu thẻ <svg> với "
                     'xmlns="http://www.w3.org/2000/svg")')
    _clean_attributes(root, restrip)
    _clean_element(root, restrip)
    width, height = _size(root)
    text = ET.tostring(root, encoding="unicode").encode("utf-8")
    return VECTOR, width, height, [(Variant(width, height, SVG, len(text)), text)]


def _clean_element(element: ET.Element, restrip: Callable[[bytes, str], bytes]) -> None:
    for child in list(element):
        name = _local(child.tag)
        if not child.tag.startswith(f"{{{SVG_NS}}}") or name == "metadata":
            element.remove(child)  # a drawing program's data (sodipodi:namedview, i:pgf, RDF)
            continue
        if name in _ACTIVE:
            raise BadSvg(f"tệp SVG chứa thẻ <{name}>, có thể chạy mã khi mở")
        if name in _ANIMATIONS and child.get("attributeName", "").endswith("href"):
            raise BadSvg(f"tệp SVG có thẻ <{name}> đổi liên kết, có thể chạy mã khi mở")
        if name == "style" and _EXTERNAL_CSS.search(child.text or ""):
            raise BadSvg("tệp SVG nạp kiểu trình bày hoặc tệp từ bên ngoài (@import, url(…))")
        _clean_attributes(child, restrip)
        _clean_element(child, restrip)


def _clean_attributes(element: ET.Element, restrip: Callable[[bytes, str], bytes]) -> None:
    for attribute, value in list(element.attrib.items()):
        if attribute.startswith("{") and not attribute.startswith(_KEPT_ATTRIBUTE_NAMESPACES):
            del element.attrib[attribute]  # inkscape:export-filename and the like
        elif attribute.lower().startswith("on"):
            raise BadSvg(f"tệp SVG có thuộc tính {attribute}, chạy mã khi người đọc bấm hoặc di chuột")
        elif attribute in _HREFS:
            element.set(attribute, _clean_link(value, restrip))
        elif attribute == "style" and _EXTERNAL_CSS.search(value):
            raise BadSvg("tệp SVG nạp tệp từ bên ngoài (url(…) trong style)")


def _clean_link(link: str, restrip: Callable[[bytes, str], bytes]) -> str:
    if link.startswith("#"):
        return link
    embedded = _EMBEDDED.match(link.strip())
    if not embedded:
        shown = link if len(link) <= 60 else link[:57] + "..."
        raise BadSvg(f"tệp SVG trỏ tới tệp bên ngoài ({shown})",
                     "nhúng hình vào trong SVG khi xuất, hoặc dùng ảnh PNG/JPEG riêng")
    subtype = embedded.group(1).lower().replace("jpg", "jpeg")
    try:
        data = base64.b64decode(embedded.group(2), validate=False)
    except ValueError:
        raise BadSvg("tệp SVG có ảnh nhúng hỏng (base64 sai)") from None
    return f"data:image/{subtype};base64," + base64.b64encode(restrip(data, subtype)).decode()


def _size(root: ET.Element) -> tuple[int, int]:
    """The drawing's size in CSS pixels: width/height, else the viewBox's."""
    box = (root.get("viewBox") or "").replace(",", " ").split()
    view = (float(box[2]), float(box[3])) if len(box) == 4 and _is_number(box[2:]) else None
    width, height = _length(root.get("width")), _length(root.get("height"))
    if width and height:
        return round(width), round(height)
    if view and view[0] > 0 and view[1] > 0:
        if width:  # one side given: the other from the viewBox's proportions
            return round(width), round(width * view[1] / view[0])
        if height:
            return round(height * view[0] / view[1]), round(height)
        return round(view[0]), round(view[1])
    raise BadSvg("tệp SVG không cho biết kích thước (không có width/height hay viewBox)",
                 'thêm viewBox vào thẻ <svg>, ví dụ viewBox="0 0 800 600", hoặc xuất lại hình')


def _length(value: str | None) -> float | None:
    """'120', '120px', '30mm' in CSS pixels; None for percentages and the unreadable."""
    found = _LENGTH.match(value or "")
    if not found:
        return None
    number = float(found.group(1)) * _PX_PER_UNIT[(found.group(2) or "px").lower()]
    return number if number > 0 else None


def _is_number(values: list[str]) -> bool:
    try:
        return all(float(value) > 0 for value in values)
    except ValueError:
        return False


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
