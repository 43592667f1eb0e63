"""The portal's icons, planned (SPEC §15): which files there are and where, decided by
mkdocs.yml's `theme.favicon` (an editor's picture, or else the portal's emblem). Every page's
head links them, sharing data names the logo and the default picture; outputs/icons.py draws
and writes them."""
from __future__ import annotations

from dataclasses import dataclass

from .. import urls
from ..config.settings import Settings

MANIFEST_SIZES = (192, 512)  # what browsers ask of a site a phone can install
APPLE_SIZE = 180
ICO_SIZES = (16, 32, 48)
LOGO_SIZE = 512  # the publisher's logo in schema.org data: the largest manifest icon
SHARE_CARD_SIZE = (1200, 630)  # the large link preview of Facebook and Zalo


@dataclass(frozen=True)
class Icons:
    favicon: str  # the site path of the page icon: the editor's, or the emblem's SVG
    raster: bool  # PNG and ICO icons are made (of the editor's picture, or of the emblem)
    logo: str  # the publisher's logo: a raster icon where there is one

    @property
    def files(self) -> list[str]:
        """The site paths outputs/icons.py writes."""
        files = [urls.WEB_MANIFEST, urls.SHARE_CARD]
        if self.favicon == urls.EMBLEM:
            files.append(urls.EMBLEM)
        if self.raster:
            files += [urls.FAVICON_ICO, urls.APPLE_TOUCH_ICON,
                      *(urls.icon(size) for size in MANIFEST_SIZES)]
        return files

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
    if settings.favicon is None:  # the emblem is drawn at every size
        return Icons(urls.EMBLEM, True, urls.icon(LOGO_SIZE))
    favicon = settings.favicon.lstrip("/")
    # An editor's SVG is linked as it is: rasterising it would need an SVG renderer.
    raster = not favicon.lower().endswith(".svg")
    return Icons(favicon, raster, urls.icon(LOGO_SIZE) if raster else favicon)
