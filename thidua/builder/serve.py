"""`build.py serve`: the live preview. The theme engine's server rebuilds on every saved file;
before each rebuild the site is read and planned afresh here, with drafts and scheduled posts
shown and marked, and the generated pages are written once the engine has written its own.
Content errors do not stop the server: the preview shows their list until they are fixed."""
from __future__ import annotations

import logging
from pathlib import Path

from ..config.settings import PRODUCT_OVERRIDES, read_settings
from ..core.cache import BuildCache
from ..core.problems import SiteError
from ..engine.mkdocs import EngineJob, serve
from ..engine.theme import Theme
from ..load.site import load_site
from ..plan import plan_site
from .site import write_site

log = logging.getLogger("mkdocs.plugins.thidua")


def serve_site(config_file: str, dev_addr: str) -> None:
    settings = read_settings(config_file, preview=True)

    def prepare() -> EngineJob:
        fresh = read_settings(config_file, preview=True)  # mkdocs.yml may have changed
        try:
            site, problems = load_site(fresh, BuildCache(fresh.root))
        except SiteError as error:
            return EngineJob(fresh, None, problems=error.problems)
        for warning in problems.warnings + problems.notes:
            log.warning(str(warning))
        plans = plan_site(site)

        def write_generated(theme: Theme, out_dir: Path) -> None:
            write_site(site, plans, theme, out_dir, BuildCache(fresh.root), None,
                       remember=False, verify=False)

        return EngineJob(fresh, site, plans, after_theme=write_generated)

    serve(settings, dev_addr, [str(settings.data_dir), str(PRODUCT_OVERRIDES)], prepare)
