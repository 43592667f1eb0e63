"""The portal's icons, its web app manifest and its share card (SPEC §15): the favicon, the
phone's home-screen icons, the publisher's logo that search engines show, the header's logo,
and the picture a page without one of its own shows when shared.

They are made of mkdocs.yml's `theme.favicon`, `theme.logo` and `extra.share_image` when set,
otherwise of the portal's emblem, drawn here (a gold star on a red disc, as on Vietnamese state
portals): as SVG for browsers and the header, with Pillow as PNG, ICO and JPEG for phones and
sharing sites, which do not take SVG. An editor's picture is never published as committed:
pictures are drawn anew (no EXIF, no GPS), drawings cleaned by the picture pipeline. Pillow's
writers carry no date: the same input gives the same bytes.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

from .. import urls
from ..config.settings import Settings
from ..core.cache import BuildCache, digest, fingerprint
from ..core.files import replace_file
from ..core.problems import Problems, SiteError
from ..plan.icons import (APPLE_SIZE, HEADER_LOGO_HEIGHT, ICO_SIZES, MANIFEST_SIZES,
                          PAGE_ICON_SIZE, SHARE_CARD_SIZE, Icons, icons_of, is_drawing)

RED, GOLD, PAPER = "#c8102e", "#f2c200", "#fff8e6"
THEME_COLOR = "#a50e0e"  # the header's red (thidua.css --thidua-red): the phone's title bar
# The emblem on a 48-unit square: a disc with a ring, and a five-pointed star.
DISC = (24, 24, 23)  # centre x, centre y, radius
RING = 2
STAR = ((24, 9), (28.1, 21.6), (41.3, 21.6), (30.6, 29.4), (34.7, 42), (24, 34.2), (13.3, 42),
        (17.4, 29.4), (6.7, 21.6), (19.9, 21.6))
# mkdocs.yml's pictures: where they are set, for messages.
FIELDS = {"favicon": ("theme", "theme.favicon"), "logo": ("theme", "theme.logo"),
          "share_image": ("extra", "extra.share_image")}


def emblem_svg(attributes: str = "") -> str:
    """The emblem as SVG markup; `attributes` go on the <svg> element (class, aria-hidden…)."""
    x, y, r = DISC
    star = "M" + "L".join(f"{px:g} {py:g}" for px, py in STAR) + "Z"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"{attributes}>'
            f'<circle cx="{x}" cy="{y}" r="{r - RING / 2:g}" fill="{RED}" stroke="{GOLD}" '
            f'stroke-width="{RING}"/><path fill="{GOLD}" d="{star}"/></svg>')


def draw_emblem(size: int):
    """The emblem as a square RGBA picture, drawn four times larger and reduced (smooth edges)."""
    from PIL import Image, ImageDraw

    scale = size * 4 / 48
    big = Image.new("RGBA", (size * 4, size * 4), (0, 0, 0, 0))
    draw = ImageDraw.Draw(big)
    x, y, r = DISC
    draw.ellipse([(x - r) * scale, (y - r) * scale, (x + r) * scale, (y + r) * scale], fill=GOLD)
    inner = r - RING
    draw.ellipse([(x - inner) * scale, (y - inner) * scale, (x + inner) * scale,
                  (y + inner) * scale], fill=RED)
    draw.polygon([(px * scale, py * scale) for px, py in STAR], fill=GOLD)
    return big.resize((size, size), Image.LANCZOS)


def make_icons(settings: Settings, cache: BuildCache) -> dict[str, bytes]:
    """Every icon file by its site path. Drawing them takes most of a second: they are kept in
    the cache while what they are made of is unchanged. A picture of mkdocs.yml that cannot be
    read stops the build (SiteError), before anything is written."""
    sources = {key: settings.theme_file(value) for key, value in _pictures(settings).items()}
    key = fingerprint(settings.site_name, settings.extra.get("short_name"),
                      sorted((name, str(path), digest(path.read_bytes()) if path else None)
                             for name, path in sources.items()))
    kept = cache.load("icons")
    if kept is not None and kept[0] == key:
        return kept[1]
    files = _icon_bytes(settings, sources, icons_of(settings))
    cache.save("icons", (key, files))
    return files


def write_icons(files: dict[str, bytes], out_dir: Path, taken: set[str]) -> None:
    """Write what make_icons made; a file of content/ at the same place (`taken`:
    content/favicon.ico, …) is the editor's and wins."""
    for path, data in files.items():
        if path in taken:
            continue
        target = out_dir / path
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        replace_file(target, data)


def web_manifest(settings: Settings, icons: Icons) -> bytes:
    """manifest.webmanifest: a phone can add the portal to its home screen. Paths are
    relative to the manifest, so a site under a sub-folder works as well."""
    if icons.raster:
        entries = [{"src": urls.icon(size), "sizes": f"{size}x{size}", "type": "image/png"}
                   for size in MANIFEST_SIZES]
    else:
        entries = [{"src": icons.favicon, "sizes": "any", "type": "image/svg+xml"}]
    short_name = str(settings.extra.get("short_name") or settings.site_name)
    manifest = {"name": settings.site_name, "short_name": short_name, "lang": "vi",
                "dir": "ltr", "start_url": "./", "scope": "./", "display": "standalone",
                "background_color": "#ffffff", "theme_color": THEME_COLOR, "icons": entries}
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _pictures(settings: Settings) -> dict[str, str]:
    return {key: value for key, value in (("favicon", settings.favicon), ("logo", settings.logo),
                                          ("share_image", settings.share_image)) if value}


def _icon_bytes(settings: Settings, sources: dict[str, Path | None],
                icons: Icons) -> dict[str, bytes]:
    problems = Problems()
    opened = {key: _open(settings, key, path, problems) for key, path in sources.items()}
    if problems:
        raise SiteError(problems)
    files = {urls.WEB_MANIFEST: web_manifest(settings, icons),
             urls.SHARE_CARD: _jpeg(_share_card(opened.get("share_image")))}
    favicon = opened.get("favicon")
    if favicon is None:
        files[urls.EMBLEM] = emblem_svg().encode("utf-8")
    elif isinstance(favicon, bytes):
        files[icons.favicon] = favicon
    if icons.raster:
        source = favicon if favicon is not None else draw_emblem(max(MANIFEST_SIZES))
        for size in {*MANIFEST_SIZES, PAGE_ICON_SIZE}:
            files[urls.icon(size)] = _png(_square(source, size))
        files[urls.APPLE_TOUCH_ICON] = _png(_square(source, APPLE_SIZE, background=True))
        buffer = io.BytesIO()
        _square(source, max(ICO_SIZES)).save(buffer, format="ICO",
                                              sizes=[(s, s) for s in ICO_SIZES])
        files[urls.FAVICON_ICO] = buffer.getvalue()
    logo = opened.get("logo")
    if icons.header is not None and logo is not None:
        files[icons.header] = logo if isinstance(logo, bytes) else _png(_header_logo(logo))
    return files


def _open(settings: Settings, key: str, path: Path | None, problems: Problems):
    """An editor's picture: a drawing cleaned by the picture pipeline (bytes), or a picture
    (Pillow, RGBA). What cannot be read is the editor's error, on mkdocs.yml's line."""
    section, label = FIELDS[key]
    mapping = settings.raw.get(section)
    line = mapping.line_of(key) if hasattr(mapping, "line_of") else None
    if path is None:  # config/settings.py has reported it already
        return None
    if is_drawing(path.name):
        from ..pictures.variants import make_variants

        made = make_variants(path.read_bytes(), path.name)
        for note in made.notes:
            if note.error:
                problems.error(settings.config_file, f"{label}: {note.message}", note.fix,
                               line=line, field=label)
        return made.files[0][1] if made.files else None
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as picture:
            if picture.format == "ICO":  # the largest of its sizes
                picture.size = max(picture.info.get("sizes", [picture.size]))
            return picture.convert("RGBA")
    except (OSError, UnidentifiedImageError, ValueError) as error:
        problems.error(settings.config_file, f"{label}: không đọc được ảnh {path.name} ({error})",
                       "lưu lại ảnh dạng PNG hoặc JPEG rồi dựng lại", line=line, field=label)
        return None


def _square(picture, size: int, background: bool = False):
    """`picture` reduced into a `size` square, centred; transparent around it, or white for
    the iPhone, which shows transparency as black."""
    from PIL import Image

    fitted = picture.copy()
    fitted.thumbnail((size, size), Image.LANCZOS)
    square = Image.new("RGBA", (size, size), (255, 255, 255, 255 if background else 0))
    square.alpha_composite(fitted, ((size - fitted.width) // 2, (size - fitted.height) // 2))
    return square


def _header_logo(picture):
    from PIL import Image

    fitted = picture.copy()
    fitted.thumbnail((HEADER_LOGO_HEIGHT * 4, HEADER_LOGO_HEIGHT), Image.LANCZOS)
    return fitted


def _share_card(picture=None):
    """1200 × 630: the editor's picture, cut to that shape around its centre; or the emblem
    on the portal's paper colour, between two red bands."""
    from PIL import Image, ImageDraw, ImageOps

    width, height = SHARE_CARD_SIZE
    if picture is not None:
        flat = Image.new("RGB", picture.size, "white")  # a transparent PNG on white
        flat.paste(picture, mask=picture.getchannel("A"))
        return ImageOps.fit(flat, SHARE_CARD_SIZE, Image.LANCZOS)
    card = Image.new("RGBA", (width, height), PAPER)
    draw = ImageDraw.Draw(card)
    draw.rectangle([0, 0, width, 24], fill=RED)
    draw.rectangle([0, height - 24, width, height], fill=RED)
    emblem = draw_emblem(400)
    card.alpha_composite(emblem, ((width - 400) // 2, (height - 400) // 2))
    return card.convert("RGB")


def _png(picture) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _jpeg(picture) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=88, optimize=True)
    return buffer.getvalue()
