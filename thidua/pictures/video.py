"""Local videos (.mp4, .mov, .webm) are published as they are, less what a phone writes into
an MP4 about where and with what it was filmed.

A phone's MP4/MOV carries its GPS position (the '©xyz' atom, or Apple's
'com.apple.quicktime.location.ISO6709' key), its make and model, in 'udta' and 'meta' boxes
under 'moov' and its tracks. Those boxes are emptied and renamed 'free' (a box every player
skips): the file keeps its size and layout, no offset moves, nothing is re-encoded, and the
position is gone from every published copy. A WebM has no such boxes and is published unchanged.
"""
from __future__ import annotations

import struct

_CONTAINERS = {b"moov", b"trak"}  # boxes whose children may hold metadata
_METADATA = {b"udta", b"meta"}
_FREE = b"free"
VIDEO_TYPES = {"mp4": "video/mp4", "m4v": "video/mp4", "mov": "video/quicktime",
               "webm": "video/webm"}


def strip_metadata(data: bytes) -> bytes:
    """The MP4/MOV `data` with its metadata boxes blanked out; other data unchanged."""
    if data[4:8] != b"ftyp" and b"moov" not in data[:64]:
        return data
    buffer = bytearray(data)
    _blank(buffer, 0, len(buffer), top=True)
    return bytes(buffer)


def _blank(buffer: bytearray, start: int, end: int, *, top: bool = False) -> None:
    position = start
    while position + 8 <= end:
        size, kind = struct.unpack_from(">I4s", buffer, position)
        header = 8
        if size == 1 and position + 16 <= end:  # a 64-bit size follows
            size, header = struct.unpack_from(">Q", buffer, position + 8)[0], 16
        elif size == 0:  # to the end of the file
            size = end - position
        if size < header or position + size > end:
            return  # a damaged box: leave the rest as it is
        if kind in _METADATA and not top:  # emptied, not only skipped: no trace in the bytes
            buffer[position + 4:position + 8] = _FREE
            buffer[position + header:position + size] = bytes(size - header)
        elif kind in _CONTAINERS:
            _blank(buffer, position + header, position + size)
        position += size


def has_location(data: bytes) -> bool:
    """Whether the file still says where it was filmed (what the tests look for)."""
    return b"\xa9xyz" in data or b"location.ISO6709" in data
