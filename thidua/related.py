"""'Tin liên quan': posts that share blocs, units, tags or the category, nearest in time first.

Every key's posts are kept newest first; a post only looks at a small window around itself in
each of its keys, so the cost grows with the number of posts, never with its square.
"""
from __future__ import annotations

from collections import defaultdict

from .model import Post

WINDOW = 12  # neighbours looked at on each side, per key
WEIGHTS = {"bloc": 3, "unit": 3, "tag": 2, "category": 1}


def _keys(post: Post) -> list[tuple[str, str]]:
    return ([("bloc", b) for b in post.meta.blocs] + [("unit", u) for u in post.meta.units]
            + [("tag", t.lower()) for t in post.meta.tags] + [("category", post.meta.category)])


def related_posts(posts: list[Post], limit: int = 5) -> dict[str, list[Post]]:
    """For each post url, up to `limit` related posts. `posts` is newest first."""
    index: dict[tuple, list[Post]] = defaultdict(list)
    for post in posts:
        for key in _keys(post):
            index[key].append(post)
    position = {key: {id(p): i for i, p in enumerate(group)} for key, group in index.items()}
    related = {}
    for post in posts:
        scores: dict[int, int] = defaultdict(int)
        by_id: dict[int, Post] = {}
        for key in _keys(post):
            group = index[key]
            here = position[key][id(post)]
            for other in group[max(0, here - WINDOW): here + WINDOW + 1]:
                if other is not post:
                    scores[id(other)] += WEIGHTS[key[0]]
                    by_id[id(other)] = other
        moment = post.date.moment
        ranked = sorted(by_id.values(), key=lambda o: (-scores[id(o)],
                                                       abs((o.date.moment - moment).total_seconds()),
                                                       o.url))
        related[post.url] = ranked[:limit]
    return related
