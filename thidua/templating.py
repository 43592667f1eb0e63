"""Jinja for page bodies: plain Jinja (no MkDocs), autoescaped, Vietnamese filters.

A page body (the article, a news list, a bloc page) is rendered here from its plan; the theme
(Material, through the MkDocs glue) wraps it in the header, navigation and footer.
"""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context

from . import dates
from .model import Site
from .pages import PagePlan
from .text import relative_url, shorten


@pass_context
def _url(context, target: str) -> str:
    """Site path → link relative to the page being rendered (works under any base path)."""
    return relative_url(target, context["page"].url)


def make_environment(template_dirs: tuple[Path, ...]) -> Environment:
    env = Environment(loader=FileSystemLoader([str(d) for d in template_dirs]), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(
        url=_url,
        vi_date=dates.vi_date,
        vi_datetime=dates.vi_datetime,
        short_date=dates.short_date,
        iso=dates.iso,
        vi_number=dates.vi_number,
        shorten=shorten,
    )
    return env


class BodyRenderer:
    """Renders the body of each planned page."""

    def __init__(self, site: Site):
        self.site = site
        self.env = make_environment(site.settings.template_dirs)

    def render(self, plan: PagePlan) -> str:
        template = self.env.get_template(plan.template)
        return template.render(page=plan, site=self.site, data=self.site.data,
                               settings=self.site.settings, **plan.data)
