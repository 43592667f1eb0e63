"""'Tin liên quan': posts that share blocs, units, tags or the category, nearest in time first.

Every key's posts are kept newest first; a post only looks at a small window around itself in
each of its keys, so the cost grows with the number of posts, never with its square.
"""
from __future__ import annotations

import heapq
from collections import defaultdict

from ..model.post import Post, tag_id

WINDOW = 8  # neighbours looked at on each side, per key
WEIGHTS = {"bloc": 3, "unit": 3, "tag": 2, "category": 1}


def _keys(post: Post) -> list[tuple[str, str]]:
    """Its keys, each once (two spellings of a tag are one tag)."""
    return list(dict.fromkeys(
        [("bloc", b) for b in post.meta.blocs] + [("unit", u) for u in post.meta.units]
        + [("tag", tag_id(t)) for t in post.meta.tags] + [("category", post.meta.category)]))


def related_posts(posts: list[Post], limit: int = 5) -> dict[str, list[Post]]:
    """For each post url, up to `limit` related posts. `posts` is newest first."""
    keys = [_keys(post) for post in posts]
    moments = [post.date.moment.timestamp() for post in posts]
    members: dict[tuple, list[int]] = defaultdict(list)  # key → indexes of its posts, in order
    place: list[dict[tuple, int]] = [{} for _ in posts]  # where each post sits in each key
    for index, post_keys in enumerate(keys):
        for key in post_keys:
            place[index][key] = len(members[key])
            members[key].append(index)
    related = {}
    for index, post in enumerate(posts):
        scores: dict[int, int] = defaultdict(int)
        for key, position in place[index].items():
            group, weight = members[key], WEIGHTS[key[0]]
            for other in group[max(0, position - WINDOW): position + WINDOW + 1]:
                scores[other] += weight
        scores.pop(index, None)
        moment = moments[index]
        best = heapq.nsmallest(limit, ((-score, abs(moments[other] - moment), other)
                                       for other, score in scores.items()))
        related[post.url] = [posts[other] for _, _, other in best]
    return related
