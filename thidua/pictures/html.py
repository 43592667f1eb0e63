"""The markup of a picture, written once for templates (a global) and post bodies alike.

    <picture>
      <source type="image/webp" srcset="a-400.k.webp 400w, a-800.k.webp 800w, …" sizes="…">
      <img src="a-800.k.jpg" srcset="a-400.k.jpg 400w, …" sizes="…" width="800" height="600"
           alt="…" loading="lazy" decoding="async">
    </picture>

width and height are the picture's proportions (no layout shift; CSS scales it); the browser
takes from srcset the narrowest file that fills `sizes` at the screen's density. A lead
picture above the fold is not lazy and asks for priority; an SVG is a plain <img>.
"""
from __future__ import annotations

from typing import Callable

from markupsafe import Markup, escape

from .picture import VECTOR, Picture

FALLBACK_WIDTH = 800  # the <img src> of browsers that know no srcset


def picture_html(picture: Picture, url: Callable[[str], str], alt: str, sizes: str, *,
                 lazy: bool = True, css_class: str = "", size: tuple[str, str] | None = None) -> Markup:
    """`url` turns a site path ('posts/images/a-800.k.webp') into the page's link to it.
    `size`: the width and height an editor gave the picture, kept instead of its own."""
    shown = picture.at_least(FALLBACK_WIDTH)
    attributes = [f'src="{escape(url(picture.site_path(shown)))}"']
    if picture.kind != VECTOR and len(picture.of_type(shown.mime)) > 1:
        attributes.append(f'srcset="{escape(_srcset(picture, shown.mime, url))}" '
                          f'sizes="{escape(sizes)}"')
    width, height = size or (shown.width, shown.height)
    attributes.append(f'width="{escape(width)}" height="{escape(height)}" alt="{escape(alt)}"')
    if css_class:
        attributes.append(f'class="{escape(css_class)}"')
    attributes.append('loading="lazy" decoding="async"' if lazy else
                      'fetchpriority="high" decoding="async"')
    img = f"<img {' '.join(attributes)}>"
    sources = [f'<source type="{mime}" srcset="{escape(_srcset(picture, mime, url))}"'
               + (f' sizes="{escape(sizes)}"' if len(picture.of_type(mime)) > 1 else "") + ">"
               for mime in picture.types if mime != shown.mime]
    if not sources:
        return Markup(img)
    return Markup(f"<picture>{''.join(sources)}{img}</picture>")


def _srcset(picture: Picture, mime: str, url: Callable[[str], str]) -> str:
    return ", ".join(f"{url(picture.site_path(variant))} {variant.width}w"
                     for variant in picture.of_type(mime))
