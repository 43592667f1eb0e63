"""Post bodies: Markdown rendered to HTML (render.py), raw HTML sanitised (sanitise.py),
links pointed at the built pages (links.py)."""
