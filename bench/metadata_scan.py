#!/usr/bin/env python3
"""Every picture and video of a built site read back: what metadata is left in it.

    python bench/metadata_scan.py SITE

Pictures are opened with Pillow (EXIF and its GPS part, XMP, ICC, comments, IPTC); every file
is also searched for what a phone writes (make, GPS tags, Adobe's XMP namespace, an MP4's
location box). Prints the count of files read and each file that holds any; exit 1 if one does.
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import ExifTags, Image

PICTURES = (".jpg", ".jpeg", ".png", ".gif", ".webp")
VIDEOS = (".mp4", ".mov", ".m4v")
MARKS = (b"Exif\x00\x00", b"ns.adobe.com/xap", b"Photoshop 3.0", b"\xa9xyz", b"ISO6709")


def leftovers(path: Path) -> list[str]:
    data = path.read_bytes()
    found = [mark.decode("latin-1") for mark in MARKS if mark in data]
    if path.suffix.lower() in PICTURES:
        image = Image.open(io.BytesIO(data))
        exif = image.getexif()
        if exif:
            found.append("EXIF")
        if exif.get_ifd(ExifTags.IFD.GPSInfo):
            found.append("GPS")
        found += [key for key in ("xmp", "XML:com.adobe.xmp", "comment", "icc_profile",
                                  "photoshop") if key in image.info]
    return found


def main() -> int:
    site = Path(sys.argv[1])
    files = [p for p in site.rglob("*") if p.suffix.lower() in PICTURES + VIDEOS]
    bad = {path: found for path in files if (found := leftovers(path))}
    for path, found in sorted(bad.items()):
        print(f"{path.relative_to(site)}: {', '.join(found)}")
    print(f"{len(files)} pictures and videos read, {len(bad)} with metadata")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
