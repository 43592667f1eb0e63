"""Tag pages (SPEC §6): /the/ lists every tag with its number of posts, /the/ID/ a tag's posts,
newest first, paginated. A tag's id is its slug (model/post.py tag_id), so two spellings that
slug alike ("Giao ước thi đua", "giao ước thi đua") are one tag, shown as most posts write it.
These pages are the portal's own: Material's `tags` plugin plays no part in them."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .. import urls
from ..core.text import fold
from ..model.post import Post, tag_id
from ..model.site import Site
from .pages import HOME_CRUMB, PagePlan, list_pages

TAGS_TITLE = "Từ khóa"


@dataclass
class Tag:
    id: str
    posts: list[Post] = field(default_factory=list)  # newest first
    spellings: Counter = field(default_factory=Counter)

    @property
    def name(self) -> str:
        """The spelling most posts use (the newest post's, of two as common)."""
        return self.spellings.most_common(1)[0][0]


def site_tags(posts: list[Post]) -> list[Tag]:
    """The tags of the posts (newest first), in the order of the alphabet without marks."""
    tags: dict[str, Tag] = {}
    for post in posts:
        seen = set()
        for word in post.meta.tags:
            ident = tag_id(word)
            tag = tags.setdefault(ident, Tag(ident))
            tag.spellings[word] += 1
            if ident not in seen:  # a post writing one tag twice is listed once
                seen.add(ident)
                tag.posts.append(post)
    return sorted(tags.values(), key=lambda tag: (fold(tag.name), tag.id))


def plan_tags(site: Site) -> list[PagePlan]:
    tags = site_tags(site.posts)
    news_crumbs = HOME_CRUMB + [("Tin tức", urls.NEWS)]
    plans = [PagePlan(
        url=urls.TAGS, template="thidua/tags.html", title=TAGS_TITLE, section=urls.NEWS,
        crumbs=news_crumbs, description="Các từ khóa của tin bài, với số bài của mỗi từ khóa.",
        data={"tags": [(tag.id, tag.name, len(tag.posts)) for tag in tags]})]
    crumbs = news_crumbs + [(TAGS_TITLE, urls.TAGS)]
    for tag in tags:
        plans += list_pages(tag.posts, urls.tag(tag.id), f"{TAGS_TITLE}: {tag.name}", site,
                            crumbs=crumbs, description=f"Các bài viết có từ khóa “{tag.name}”, "
                                                       "mới nhất trước.",
                            extra={"tag": tag.name})
    return plans
