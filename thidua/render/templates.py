"""Jinja for page bodies: plain Jinja (no MkDocs), autoescaped, Vietnamese filters.

A page body (the article, a news list, a bloc page) is rendered here from its plan; the theme
(Material, through the MkDocs glue) wraps it in the header, navigation and footer.
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

from jinja2 import (Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined,
                    TemplateSyntaxError, nodes, pass_context)
from markupsafe import Markup

from ..markdown.media import BODY_SIZES
from ..pictures.html import picture_html
from ..pictures.picture import Picture

from .. import urls
from ..core import dates
from ..core.text import shorten
from ..model.base import Record
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


def make_environment(template_dirs: tuple[Path, ...], compiled: Path | None = None) -> Environment:
    """`compiled`: a folder where compiled templates are kept between builds (Jinja finds a
    template's by the digest of its source)."""
    # No auto_reload: each build (and each rebuild of `serve`) makes its own environment, and
    # checking the template files' times costs a stat per page and macro.
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
    env = Environment(loader=_CompactLoader([str(d) for d in template_dirs]), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      auto_reload=False,
                      bytecode_cache=FileSystemBytecodeCache(str(compiled)) if compiled else None)
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

    What a page reads of the data files through `data` (a unit's name, the list of categories)
    is noted as it renders (`deps`, see DataUsed): the page is written again when one of those
    records changes, and not for any other change to the data files.
    """

    def __init__(self, site: Site, compiled: Path | None = None):
        self.site = site
        self.page_url = ""
        self.to_root: str | None = None  # set while rendering a card: links go via the root
        self.memo: dict[tuple, tuple[str, frozenset]] = {}  # rendered macros, see _memo
        self.deps: set[tuple[str, str]] = set()  # records the page being rendered read
        self.env = make_environment(site.settings.template_dirs, compiled)
        counter = site.settings.extra.get("counter")
        self.env.globals.update(site=site, data=DataUsed(site.data, self.deps),
                                settings=site.settings, urls=urls,
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
        """The page's body; `deps` then holds the data records it read."""
        self.page_url = plan.url  # what the `url` filter links from
        self.deps.clear()
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
        kept = self.memo.get(key)
        if kept is None:
            outer, self.to_root = self.to_root, _ROOT
            outer_deps = set(self.deps)  # what the macro reads is noted apart, kept with it
            self.deps.clear()
            try:
                html = str(render(self.macros))
            finally:
                self.to_root = outer
                kept = self.memo[key] = (html, frozenset(self.deps))
                self.deps |= outer_deps
        html, deps = kept
        self.deps |= deps
        if self.to_root is None:
            html = html.replace(_ROOT, "../" * self.page_url.count("/"))
        return Markup(html)


_ROOT = "\x00root\x00"  # where the links of a memoized macro go up to the site root


class DataUsed:
    """The site's data as templates see it (`data.units.get(id)`, `data.categories.values()`),
    noting into `deps` which records are read: (kind, id), or (kind, "*") for a whole list."""

    def __init__(self, data, deps: set):
        self._data = data
        self._deps = deps

    def __getattr__(self, kind: str):
        value = getattr(self._data, kind)
        if isinstance(value, dict):
            return _RecordsUsed(kind, value, self._deps)
        if kind in _LOOKUPS:  # a method: what it looks in
            self._deps.add((_LOOKUPS[kind], "*"))
            return value
        self._deps.add((kind, "*"))
        return value


_LOOKUPS = {"find_title": "titles"}  # SiteData's methods templates call → the list they read


class _RecordsUsed:
    def __init__(self, kind: str, records: dict, deps: set):
        self._kind, self._records, self._deps = kind, records, deps

    def get(self, ident, default=None):
        self._deps.add((self._kind, str(ident)))
        return self._records.get(ident, default)

    def __getitem__(self, ident):
        self._deps.add((self._kind, str(ident)))
        return self._records[ident]

    def __contains__(self, ident) -> bool:
        self._deps.add((self._kind, str(ident)))
        return ident in self._records

    def _all(self):
        self._deps.add((self._kind, "*"))
        return self._records

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def keys(self):
        return self._all().keys()

    def values(self):
        return self._all().values()

    def items(self):
        return self._all().items()


def data_digest(data, dep: tuple[str, str]) -> str:
    """The digest of what a page noted reading (DataUsed): a record, or a whole list."""
    kind, ident = dep
    value = getattr(data, kind, None)
    if ident != "*":
        return _value_digest(value.get(ident) if isinstance(value, dict) else None)
    return _value_digest(value)


def _value_digest(value) -> str:
    """Records by their digest; lists and dicts of them item by item; anything else (the
    working calendar) by its values."""
    if isinstance(value, Record):
        return value.digest
    if isinstance(value, dict):
        return "|".join(f"{key}:{_value_digest(item)}" for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return "|".join(map(_value_digest, value))
    if hasattr(value, "__dict__"):
        return repr(sorted(vars(value).items()))
    return repr(value)


def template_digests(template_dirs: tuple[Path, ...]) -> dict[str, str]:
    """For each body template, a digest of its source and of every template it uses
    (imports, includes, extends), as the loader finds them (the site's overrides first). A
    template that names another by a variable counts on all of them."""
    sources: dict[str, str] = {}
    for folder in reversed(template_dirs):  # the first folder wins
        for path in folder.rglob("*.html"):
            sources[path.relative_to(folder).as_posix()] = path.read_text(encoding="utf-8")
    uses = template_uses(sources)
    digests = {}
    for name in sources:
        closure = sorted(reachable(uses, name))
        digests[name] = hashlib.blake2b(repr([(other, sources[other]) for other in closure])
                                        .encode("utf-8", "surrogatepass"),
                                        digest_size=12).hexdigest()
    return digests


def template_uses(sources: dict[str, str]) -> dict[str, set[str]]:
    """Which templates each template names: a name built from a constant beginning and a
    variable ("partials/languages/" ~ lang ~ ".html") stands for every template under that
    beginning, a name known only when it renders for all of them."""
    uses = {}
    for name, source in sources.items():
        named = _names_used(source)
        if None in named:
            uses[name] = set(sources)
            continue
        uses[name] = {n for n in named if n in sources}
        for prefix in (n[:-1] for n in named if n.endswith("*")):
            uses[name] |= {other for other in sources if other.startswith(prefix)}
    return uses


@lru_cache(maxsize=256)
def _names_used(source: str) -> frozenset:
    """The templates a template's source names ('partials/languages/*' for a name begun by a
    constant); parsed once per source (serve builds often)."""
    try:
        tree = Environment().parse(source)
    except TemplateSyntaxError:
        return frozenset([None])  # Jinja reports it when the page is rendered
    names = set()
    for node in tree.find_all((nodes.Extends, nodes.FromImport, nodes.Import, nodes.Include)):
        names |= _template_names(node.template)
    return frozenset(names)


def _template_names(expr) -> set:
    if isinstance(expr, nodes.Const) and isinstance(expr.value, str):
        return {expr.value}
    if isinstance(expr, (nodes.Tuple, nodes.List)):
        return set().union(*map(_template_names, expr.items)) if expr.items else set()
    first = expr
    while isinstance(first, (nodes.Concat, nodes.Add)):  # "a/" ~ x ~ ".html": its first part
        first = first.nodes[0] if isinstance(first, nodes.Concat) else first.left
    if first is not expr and isinstance(first, nodes.Const) and isinstance(first.value, str) \
            and first.value:
        return {first.value + "*"}
    return {None}


def reachable(uses: dict[str, set[str]], start: str) -> set[str]:
    found, todo = {start}, [start]
    while todo:
        for other in uses.get(todo.pop(), ()):
            if other not in found:
                found.add(other)
                todo.append(other)
    return found
