"""What a processed picture is, for the pages, feeds and sharing tags that show it.

A `Picture` is the outcome for one source file: its variants (width, height, type, bytes),
its file names on the site, and the problems found, if any. It holds no pixels: the variants'
bytes live in the picture cache (store.py) and are linked into the site from there.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..core.problems import Problems
from ..core.text import make_slug

# Widths of the theme's layouts, at 1x and 2x: list thumbnails (~200 px wide), the text column
# (~720 px) and wide screens. A picture is never made wider than it is.
WIDTHS = (400, 800, 1200, 1600)
# What feeds (enclosure) and sharing (Open Graph) use: Facebook and Zalo ask for 1200 px.
SHARE_WIDTH = 1200

WEBP, JPEG, PNG, GIF, SVG = "image/webp", "image/jpeg", "image/png", "image/gif", "image/svg+xml"
EXTENSIONS = {WEBP: "webp", JPEG: "jpg", PNG: "png", GIF: "gif", SVG: "svg"}

# kinds of picture
PHOTO = "photo"  # any still raster picture: WebP + JPEG (or PNG with transparency) at WIDTHS
ANIMATION = "animation"  # animated GIF/WebP/PNG: animated WebP + GIF, one width, never a still
VECTOR = "vector"  # SVG: cleaned, published as SVG (never rasterised), one "variant"


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    mime: str
    size: int  # bytes

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.mime]


@dataclass(frozen=True)
class Note:
    """A problem with the picture itself; the caller adds where it is used (file, line)."""

    error: bool  # False: a warning, the picture is still published
    message: str
    fix: str


@dataclass(frozen=True)
class Picture:
    source: str  # the source as the site knows it ("posts/images/hoi-nghi.jpg")
    key: str  # digest of the source's bytes and of the recipe: in the variants' names
    kind: str  # PHOTO, ANIMATION or VECTOR
    width: int  # of the source as shown (EXIF orientation applied)
    height: int
    size: int  # bytes of the source
    variants: tuple[Variant, ...]  # by type (modern first), then by width
    notes: tuple[Note, ...] = ()

    @property
    def ok(self) -> bool:
        return not any(note.error for note in self.notes)

    @property
    def stem(self) -> str:
        """The source's name as a slug ('Ảnh hội nghị 1.JPG' → 'anh-hoi-nghi-1')."""
        name = self.source.rsplit("/", 1)[-1]
        return make_slug(name.rsplit(".", 1)[0] if "." in name else name) or "anh"

    def file_name(self, variant: Variant) -> str:
        """Its name on the site, beside the source's place: 'hoi-nghi-800.3f9a1c2b7d.webp'.
        The key in the name changes with the content, so the files can be cached forever."""
        return f"{self.stem}-{variant.width}.{self.key[:10]}.{variant.extension}"

    def file_names(self) -> list[tuple[str, Variant]]:
        return [(self.file_name(variant), variant) for variant in self.variants]

    @property
    def types(self) -> tuple[str, ...]:
        """The types published, the one to offer first first ('image/webp', 'image/jpeg')."""
        return tuple(dict.fromkeys(variant.mime for variant in self.variants))

    @property
    def fallback_type(self) -> str:
        """The type every browser and feed reader shows: the <img>'s own src."""
        return self.types[-1]

    def of_type(self, mime: str) -> list[Variant]:
        return [variant for variant in self.variants if variant.mime == mime]

    def site_path(self, variant: Variant) -> str:
        """Where the variant is on the site: beside the source ('posts/images/a-800.k.webp')."""
        folder = self.source.rpartition("/")[0]
        return f"{folder}/{self.file_name(variant)}" if folder else self.file_name(variant)

    def at_least(self, width: int, mime: str | None = None) -> Variant:
        """The narrowest variant (of the fallback type unless told) at least `width` wide, or
        the widest there is."""
        variants = self.of_type(mime or self.fallback_type)
        return next((v for v in variants if v.width >= width), variants[-1])

    @property
    def share(self) -> Variant | None:
        """The 1200-px variant (or the widest below) in a type every reader takes: feeds'
        enclosures and Open Graph. An SVG has none (sharing sites do not show SVG)."""
        if self.kind == VECTOR:
            return None
        return self.at_least(SHARE_WIDTH)

    def report(self, problems: Problems, file: str, written: str, *, line: int | None = None,
               field: str | None = None, notes: bool = True) -> None:
        """The picture's notes as errors, and notes (what was done: a photo reduced), of the
        file that shows it, where the picture is `written` ('images/hoi-nghi.jpg') at `line`;
        without `notes`, errors only."""
        for note in self.notes:
            if not note.error and not notes:
                continue  # said once, where the picture is first shown
            add = problems.error if note.error else problems.note
            add(file, f"ảnh {written}: {note.message}", note.fix, line=line, field=field)
