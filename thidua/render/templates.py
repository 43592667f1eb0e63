"""Jinja for page bodies: plain Jinja (no MkDocs), autoescaped, Vietnamese filters.

A page body (the article, a news list, a bloc page) is rendered here from its plan; the theme
(Material, through the MkDocs glue) wraps it in the header, navigation and footer.
"""
from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup

from ..markdown.media import BODY_SIZES
from ..pictures.html import picture_html
from ..pictures.picture import Picture

from .. import urls
from ..core import dates
from ..core.text import shorten
from ..model.post import tag_id
from ..model.site import Site
from ..plan.pages import PagePlan


class _CompactLoader(FileSystemLoader):
    """Templates without their indentation: it would be written into every one of thousands
    of pages, and page bodies have no <pre> where spaces matter (post bodies are not templates)."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        return _INDENT.sub("\n", source), filename, uptodate


_INDENT = re.compile(r"\n[ \t]+")


def make_environment(template_dirs: tuple[Path, ...]) -> Environment:
    # No auto_reload: each build (and each rebuild of `serve`) makes its own environment, and
    # checking the template files' times costs a stat per page and macro.
    env = Environment(loader=_CompactLoader([str(d) for d in template_dirs]), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      auto_reload=False)
    env.filters.update(
        vi_date=dates.vi_date,
        vi_datetime=dates.vi_datetime,
        short_date=dates.short_date,
        iso=dates.iso,
        vi_number=dates.vi_number,
        vi_size=dates.vi_size,
        shorten=shorten,
        tag_id=tag_id,
    )
    return env


# The `sizes` of the layouts' pictures: the text column (posts, the home page's lead), and the
# list thumbnails (8rem wide, 5.5rem on phones; see thidua.css).
SIZES = {"column": BODY_SIZES, "thumbnail": "(max-width: 30em) 5.5rem, 8rem"}


class BodyRenderer:
    """Renders the body of each planned page.

    The site, its data and the `url` filter are environment globals rather than render
    context, so that templates import their macros without `with context` and Jinja keeps the
    imported macro modules instead of rebuilding them for every page.
    """

    def __init__(self, site: Site):
        self.site = site
        self.page_url = ""
        self.to_root: str | None = None  # set while rendering a card: links go via the root
        self.memo: dict[tuple, str] = {}  # rendered macros, see _memo
        self.env = make_environment(site.settings.template_dirs)
        counter = site.settings.extra.get("counter")
        self.env.globals.update(site=site, data=site.data, settings=site.settings, urls=urls,
                                card=self.card,
                                sidebar=self.sidebar, unit_link=self.unit_link,
                                bloc_link=self.bloc_link, recipient=self.recipient,
                                picture=self.picture, sizes=SIZES,
                                counter_on=isinstance(counter, dict) and bool(counter.get("endpoint")))
        # Marked as needing the context so that Jinja never folds `'assets/x.js' | url` into
        # the compiled template: the link depends on the page being rendered.
        self.env.filters["url"] = pass_context(lambda _, target: self.url(target))

    def url(self, target: str) -> str:
        """The `url` filter: a site path as a link from the page being rendered."""
        if self.to_root is not None:
            return self.to_root + target
        return urls.relative(target, self.page_url)

    @property
    def macros(self):
        return self.env.get_template("thidua/macros.html").module

    def render(self, plan: PagePlan) -> str:
        self.page_url = plan.url  # what the `url` filter links from
        return self.env.get_template(plan.template).render(page=plan, **plan.data)

    def picture(self, picture: Picture, alt: str, sizes: str, lazy: bool = True) -> Markup:
        """A picture of the pipeline as <picture> (pictures/html.py), linked from this page."""
        return picture_html(picture, self.url, alt, sizes, lazy=lazy)

    def card(self, post, image: bool = True, summary: bool = True, heading: str = "h3") -> Markup:
        """A post's card in a list. A post shows in several lists (all news, its year, its
        category, its blocs and units): each card is rendered once and reused."""
        return self._memo(("card", post.url, image, summary, heading),
                          lambda macros: macros.post_card(post, image, summary, heading))

    def sidebar(self, feeds, year, category_id, archive) -> Markup:
        """The side column of news lists, rendered once per variant. The year archive comes
        from the page's plan, so that page fingerprints count it."""
        key = ("sidebar", tuple(map(tuple, feeds)), year, category_id,
               tuple(archive) if archive else None)
        return self._memo(key, lambda macros: macros.news_sidebar(feeds, year, category_id,
                                                                  archive))

    def unit_link(self, ident: str) -> Markup:
        """A link to a unit by its name; award tables repeat them by the thousand."""
        return self._memo(("unit", ident), lambda macros: macros.unit_anchor(ident))

    def bloc_link(self, ident: str) -> Markup:
        return self._memo(("bloc", ident), lambda macros: macros.bloc_anchor(ident))

    def recipient(self, record) -> Markup:
        """Who received an award record: the same in the tables of its title, year, bloc
        and unit. (Its award is part of the site's data, which outlives the renderer: its id
        is a stable key.)"""
        return self._memo(("recipient", id(record.award)),
                          lambda macros: macros.recipient_html(record))

    def _memo(self, key: tuple, render) -> Markup:
        """Render a macro once per key, its links going up to the site root (a mark) and down
        again: on a page, the mark becomes the way up from the page's folder, so the same
        HTML serves every page. (A memoized macro called inside another keeps the mark.)"""
        html = self.memo.get(key)
        if html is None:
            outer, self.to_root = self.to_root, _ROOT
            try:
                html = str(render(self.macros))
            finally:
                self.to_root = outer
            self.memo[key] = html
        if self.to_root is None:
            html = html.replace(_ROOT, "../" * self.page_url.count("/"))
        return Markup(html)


_ROOT = "\x00root\x00"  # where the links of a memoized macro go up to the site root
