"""What a build writes besides pages: feeds (feeds.py), the search index (search.py), the
sitemap (sitemap.py), the counter's list of pages (manifest.py), content/'s own files
(media.py)."""
