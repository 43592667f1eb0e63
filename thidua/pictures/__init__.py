"""The picture pipeline: what a page, a feed or a sharing tag shows of a picture an editor
committed is never the file itself but its variants, resized, re-encoded and stripped of every
metadata (EXIF, GPS, XMP, IPTC, ICC profile, comments), orientation applied.

    store = PictureStore(root / ".cache")                          # from .store
    pictures = store.pictures([Source("posts/images/a.jpg", content / "posts/images/a.jpg")])
    picture = pictures["posts/images/a.jpg"]
    picture.report(problems, post.file, "images/a.jpg", line=12)   # errors and warnings
    store.publish(picture, site / "posts/images")                  # hard links into the site
    picture_html(picture, url, alt, sizes, lazy=False)             # <picture> for a page
    picture.share                                                  # feeds and Open Graph

picture.py is what a processed picture is (variants, their names and places); variants.py
makes the bytes with Pillow; svg.py cleans SVG drawings; store.py caches them by content and
runs the work on every core; html.py writes the markup. Stage-neutral: it knows nothing of
posts, pages or MkDocs.
"""
# Nothing is imported here: the model needs only picture.py, and Pillow (variants.py) is
# loaded by the store when a picture must be made, not by every build that starts.
