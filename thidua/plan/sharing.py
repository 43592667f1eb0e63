"""What a page shows when its link is shared on Facebook or Zalo, and what search engines read
of it (SPEC §15), as plain data made from the page's plan: the Open Graph and Twitter card
values, and its schema.org data (NewsArticle on posts, DigitalDocument on a document's page,
BreadcrumbList on pages with breadcrumbs, the office as a GovernmentOrganization on the home
page). render/ makes it for
each page it renders, on every core, and writes it into the page's head (frames.py); the
MkDocs glue does the same for the standalone pages of content/.

Zalo, like Facebook, reads Open Graph: nothing else is needed for its link previews.
"""
from __future__ import annotations

import mimetypes
from dataclasses import dataclass, replace
from typing import Any

from .. import urls
from ..config.settings import Settings
from ..core.dates import day_start
from ..core.text import shorten
from ..model.post import Post
from .documents import DocumentView
from .icons import LOGO_SIZE, SHARE_CARD_SIZE, icons_of
from .pages import PagePlan

DESCRIPTION_LENGTH = 300  # what link previews show of a description, and more
SCHEMA = "https://schema.org"


@dataclass(frozen=True)
class SharedPicture:
    url: str  # absolute
    width: int
    height: int
    mime: str
    alt: str


@dataclass(frozen=True)
class Sharing:
    """A page's sharing and search-engine data (plain values; JSON-LD objects as dicts)."""

    title: str
    description: str
    url: str  # absolute, the canonical address
    kind: str  # Open Graph type: "article" for posts, "website" elsewhere
    picture: SharedPicture
    published: str = ""  # ISO 8601 with the +07:00 offset (posts)
    modified: str = ""
    section: str = ""  # the post's category
    tags: tuple[str, ...] = ()
    structured: tuple[dict[str, Any], ...] = ()


def share_picture(post: Post, site_url: str) -> SharedPicture | None:
    """The picture a post is shared with: its lead picture's 1200-px variant (or the widest
    under it) in a type every reader takes, from the picture pipeline; none for a drawing or
    a picture that could not be published."""
    picture = post.picture
    variant = picture.share if picture is not None and picture.ok else None
    if variant is None:
        return None
    return SharedPicture(urls.absolute(site_url, picture.site_path(variant)), variant.width,
                         variant.height, variant.mime, post.meta.image_alt or post.title)


class SiteSharing:
    """What every page shares: the site's name, its default picture, the office publishing it."""

    def __init__(self, settings: Settings, categories: dict | None = None):
        self.settings = settings
        self.categories = categories or {}  # id → Category, for a post's section
        self.site_url = settings.site_url or ""
        self.site_name = settings.site_name
        self.default_picture = self._default_picture()
        office = settings.extra.get("office")
        self.office = office if isinstance(office, dict) else {}
        icons = icons_of(settings)
        logo: dict[str, Any] = {"@type": "ImageObject", "url": self.absolute(icons.logo)}
        if icons.raster:
            logo.update(width=LOGO_SIZE, height=LOGO_SIZE)
        self.publisher = {"@type": "GovernmentOrganization", "@id": self.absolute("#to-chuc"),
                          "name": str(self.office.get("name") or self.site_name),
                          "url": self.site_url, "logo": logo}

    def absolute(self, path: str) -> str:
        return urls.absolute(self.site_url, path)

    def _default_picture(self) -> SharedPicture:
        """The share card (outputs/icons.py): made of extra.share_image, or of the emblem."""
        settings = self.settings
        alt = str(settings.extra.get("share_image_alt") or settings.site_name)
        return SharedPicture(self.absolute(urls.SHARE_CARD), *SHARE_CARD_SIZE, "image/jpeg", alt)

    def picture_of(self, post: Post) -> SharedPicture:
        return share_picture(post, self.site_url) or self.default_picture

    def of_plan(self, plan: PagePlan) -> Sharing:
        post = plan.post
        crumbs = self.breadcrumbs(plan.crumbs + [(plan.title, plan.url)]) if plan.crumbs else None
        if post is None:
            structured = [self.organization(), self.website()] if plan.url == urls.HOME else []
            if isinstance(plan.data.get("view"), DocumentView):
                structured.append(self.document(plan.data["view"], plan.title))
            return self.page(plan.url, plan.title, plan.description,
                             structured + ([crumbs] if crumbs else []))
        category = self.categories.get(post.meta.category)
        share = Sharing(
            title=post.title, description=self.description(plan.description),
            url=self.absolute(post.url), kind="article", picture=self.picture_of(post),
            published=post.date.moment.isoformat(),
            modified=(post.meta.updated or post.meta.date).moment.isoformat(),
            section=category.name if category else "", tags=tuple(post.meta.tags))
        # The schema.org data repeats the values above: made from them.
        return replace(share, structured=(self.article(share, post), crumbs))

    def page(self, url: str, title: str, description: str,
             structured: list[dict[str, Any]] | None = None) -> Sharing:
        """Any page but a post: generated ones, and the standalone pages of content/."""
        return Sharing(title=title, description=self.description(description),
                       url=self.absolute(url), kind="website", picture=self.default_picture,
                       structured=tuple(structured or ()))

    def description(self, text: str) -> str:
        return shorten(text or self.site_name, DESCRIPTION_LENGTH)

    # ---- schema.org ------------------------------------------------------------------------

    def article(self, sharing: Sharing, post: Post) -> dict[str, Any]:
        picture = sharing.picture
        article: dict[str, Any] = {
            "@context": SCHEMA, "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": sharing.url},
            "url": sharing.url, "headline": sharing.title, "description": sharing.description,
            "inLanguage": "vi", "datePublished": sharing.published,
            "dateModified": sharing.modified,
            "image": [{"@type": "ImageObject", "url": picture.url, "width": picture.width,
                       "height": picture.height}],
            # The byline as printed ("Tin, ảnh: Lam Hồng"); without one, the office wrote it.
            "author": [{"@type": "Person", "name": post.meta.author}] if post.meta.author
            else [{"@type": "GovernmentOrganization", "name": self.publisher["name"],
                   "url": self.site_url}],
            "publisher": self.publisher,
        }
        if sharing.section:
            article["articleSection"] = sharing.section
        if sharing.tags:
            article["keywords"] = list(sharing.tags)
        return article

    def document(self, view: DocumentView, name: str) -> dict[str, Any]:
        """A document of the library: its number, who issued it and when, its file."""
        document = view.document
        found: dict[str, Any] = {
            "@context": SCHEMA, "@type": "DigitalDocument", "url": self.absolute(view.url),
            "name": name, "description": document.title, "genre": view.type.name,
            "inLanguage": "vi", "datePublished": day_start(document.signed).isoformat(),
            "author": {"@type": "GovernmentOrganization", "name": document.issuer},
            "publisher": self.publisher}
        if document.number:
            found["identifier"] = document.number
        if document.expires:
            found["expires"] = day_start(document.expires).isoformat()
        if document.topics:
            found["keywords"] = list(document.topics)
        if view.file is not None:
            found["encoding"] = {
                "@type": "MediaObject", "contentUrl": self.absolute(view.file_url),
                "encodingFormat": mimetypes.guess_type(view.file.name)[0]
                or "application/octet-stream",
                "contentSize": f"{view.file.size} B"}
        return found

    def breadcrumbs(self, crumbs: list[tuple[str, str]]) -> dict[str, Any]:
        return {"@context": SCHEMA, "@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": index, "name": title, "item": self.absolute(url)}
            for index, (title, url) in enumerate(crumbs, start=1)]}

    def organization(self) -> dict[str, Any]:
        """The office publishing the portal (extra.office: name, address, phone, email)."""
        office = self.office
        organization: dict[str, Any] = {"@context": SCHEMA, **self.publisher}
        if office.get("address"):
            organization["address"] = {"@type": "PostalAddress",
                                       "streetAddress": str(office["address"]),
                                       "addressCountry": "VN"}
        if office.get("phone"):
            organization["telephone"] = str(office["phone"])
        if office.get("email"):
            organization["email"] = str(office["email"])
        return organization

    def website(self) -> dict[str, Any]:
        """The portal itself, with its search (search engines may offer it in their results)."""
        return {"@context": SCHEMA, "@type": "WebSite", "name": self.site_name,
                "url": self.site_url, "inLanguage": "vi",
                "publisher": {"@id": self.publisher["@id"]},
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": self.absolute(urls.SEARCH) + "?q={search_term_string}",
                    "query-input": "required name=search_term_string"}}
