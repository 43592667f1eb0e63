"""Building the site: the four ways and the choice between them (run.py), writing pages,
feeds, search and sitemap around the theme (site.py), what a build read (inputs.py), quick
patches of post bodies (quick.py), the site folder's lock, staging and swap (target.py), the
live preview (serve.py)."""
