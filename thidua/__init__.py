"""thidua: the static site generator of a provincial emulation and commendation portal.

Files → validated model → page plans → rendered pages, feeds, search: one folder per stage
(README.md, "Layout and data flow"). The command line is cli.py (build.py calls it)."""
