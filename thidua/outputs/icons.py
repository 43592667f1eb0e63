"""The portal's icons and web app manifest (SPEC §15): the favicon, the phone's home-screen
icons, the publisher's logo that search engines show, and the picture a page without one of
its own shows when shared.

They come from mkdocs.yml's `theme.favicon` when it names a picture; otherwise from the
portal's emblem, drawn here (a gold star on a red disc, as on Vietnamese state portals): as
SVG for browsers and the header, and with Pillow as PNG for phones and sharing sites, which do
not take SVG. Pillow's PNG and ICO writers carry no date: the same input gives the same bytes.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

from .. import urls
from ..config.settings import Settings
from ..core.cache import BuildCache, digest, fingerprint
from ..core.files import replace_file
from ..plan.icons import (APPLE_SIZE, ICO_SIZES, MANIFEST_SIZES, SHARE_CARD_SIZE, Icons,
                          icons_of)

RED, GOLD, PAPER = "#c8102e", "#f2c200", "#fff8e6"
THEME_COLOR = "#a50e0e"  # the header's red (thidua.css --thidua-red): the phone's title bar
# The emblem on a 48-unit square: a disc with a ring, and a five-pointed star.
DISC = (24, 24, 23)  # centre x, centre y, radius
RING = 2
STAR = ((24, 9), (28.1, 21.6), (41.3, 21.6), (30.6, 29.4), (34.7, 42), (24, 34.2), (13.3, 42),
        (17.4, 29.4), (6.7, 21.6), (19.9, 21.6))


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


def write_icons(settings: Settings, out_dir: Path, taken: set[str], cache: BuildCache) -> None:
    """Write the icons, the share card and the manifest; a file of content/ at the same place
    (`taken`: content/favicon.ico, …) is the editor's and wins. Drawing them takes most of a
    second: they are kept in the cache for as long as what they are made of is unchanged."""
    source = settings.theme_file(settings.favicon) if settings.favicon else None
    key = fingerprint(settings.site_name, settings.extra.get("short_name"), settings.favicon,
                      digest(source.read_bytes()) if source else None)
    kept = cache.load("icons")
    if kept is not None and kept[0] == key:
        files = kept[1]
    else:
        files = _icon_bytes(settings)
        cache.save("icons", (key, files))
    for path, data in files.items():
        if path in taken:
            continue
        target = out_dir / path
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        replace_file(target, data)


def _icon_bytes(settings: Settings) -> dict[str, bytes]:
    icons = icons_of(settings)
    files = {urls.WEB_MANIFEST: web_manifest(settings, icons),
             urls.SHARE_CARD: _png(_share_card())}
    if icons.favicon == urls.EMBLEM:
        files[urls.EMBLEM] = emblem_svg().encode("utf-8")
    if icons.raster:
        source = _source_picture(settings)
        for size in MANIFEST_SIZES:
            files[urls.icon(size)] = _png(_square(source, size))
        files[urls.APPLE_TOUCH_ICON] = _png(_square(source, APPLE_SIZE, background=True))
        buffer = io.BytesIO()
        _square(source, max(ICO_SIZES)).save(buffer, format="ICO",
                                              sizes=[(s, s) for s in ICO_SIZES])
        files[urls.FAVICON_ICO] = buffer.getvalue()
    return files


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


def _source_picture(settings: Settings):
    """What raster icons are made of: the editor's favicon, or the emblem."""
    from PIL import Image

    path = settings.theme_file(settings.favicon) if settings.favicon else None
    if path is None:
        return draw_emblem(max(MANIFEST_SIZES))
    with Image.open(path) as picture:
        if picture.format == "ICO":  # the largest of its sizes
            picture.size = max(picture.info.get("sizes", [picture.size]))
        return picture.convert("RGBA")


def _square(picture, size: int, background: bool = False):
    """`picture` reduced into a `size` square, centred; transparent around it, or white for
    the iPhone, which shows transparency as black."""
    from PIL import Image

    fitted = picture.copy()
    fitted.thumbnail((size, size), Image.LANCZOS)
    square = Image.new("RGBA", (size, size), (255, 255, 255, 255 if background else 0))
    square.alpha_composite(fitted, ((size - fitted.width) // 2, (size - fitted.height) // 2))
    return square


def _share_card():
    """1200 × 630: the emblem on the portal's paper colour, between two red bands."""
    from PIL import Image, ImageDraw

    width, height = SHARE_CARD_SIZE
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
