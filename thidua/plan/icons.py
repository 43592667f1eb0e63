"""The portal's icons, planned (SPEC §15): which files there are and where, decided by
mkdocs.yml's `theme.favicon` and `theme.logo` (an editor's pictures, or else the portal's
emblem) and `extra.share_image`. Every page's head links them, sharing data names the logo and
the default picture; outputs/icons.py makes and writes them. An editor's picture is never
published as committed (it may carry EXIF and GPS): what is published is made of it."""
from __future__ import annotations

from dataclasses import dataclass

from .. import urls
from ..config.settings import Settings

MANIFEST_SIZES = (192, 512)  # what browsers ask of a site a phone can install
APPLE_SIZE = 180
ICO_SIZES = (16, 32, 48)
LOGO_SIZE = 512  # the publisher's logo in schema.org data: the largest manifest icon
PAGE_ICON_SIZE = 192  # the page icon made of an editor's picture
SHARE_CARD_SIZE = (1200, 630)  # the large link preview of Facebook and Zalo
HEADER_LOGO_HEIGHT = 96  # twice the header's 48 px


def is_drawing(path: str | None) -> bool:
    return bool(path) and path.lower().endswith(".svg")


@dataclass(frozen=True)
class Icons:
    favicon: str  # the page icon: the emblem's SVG, an editor's drawing, or a PNG made of a picture
    raster: bool  # PNG and ICO icons are made (of the editor's picture, or of the emblem)
    logo: str  # the publisher's logo: a raster icon where there is one
    header: str | None  # theme.logo as published; None: the emblem, drawn in the page

    @property
    def files(self) -> list[str]:
        """The site paths outputs/icons.py writes."""
        files = [urls.WEB_MANIFEST, urls.SHARE_CARD, self.favicon]
        if self.header:
            files.append(self.header)
        if self.raster:
            files += [urls.FAVICON_ICO, urls.APPLE_TOUCH_ICON,
                      *(urls.icon(size) for size in MANIFEST_SIZES)]
        return list(dict.fromkeys(files))

    @property
    def head_links(self) -> list[tuple[str, str, str]]:
        """(rel, site path, more attributes) of the links in every page's head besides the
        favicon, which is Material's own <link rel="icon"> (theme.favicon)."""
        links = [("manifest", urls.WEB_MANIFEST, "")]
        if self.raster:
            links[:0] = [("icon", urls.FAVICON_ICO, ' sizes="48x48"'),
                         ("apple-touch-icon", urls.APPLE_TOUCH_ICON, "")]
        return links


def icons_of(settings: Settings) -> Icons:
    header = urls.header_logo(is_drawing(settings.logo)) if settings.logo else None
    if settings.favicon is None:  # the emblem is drawn at every size
        return Icons(urls.EMBLEM, True, urls.icon(LOGO_SIZE), header)
    if is_drawing(settings.favicon):  # rasterising a drawing would need an SVG renderer
        return Icons(urls.FAVICON_SVG, False, urls.FAVICON_SVG, header)
    return Icons(urls.icon(PAGE_ICON_SIZE), True, urls.icon(LOGO_SIZE), header)
