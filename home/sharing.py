"""What a page says of itself when it is shared or found: its canonical address, its
Open Graph and Twitter card metadata, and the share links shown under it.

Everything is computed from what the page's templates load anyway (the page, the
commune's settings, the language links, the Site's root paths), so that a page costs
no extra query; only an image's rendition is looked up, and Wagtail keeps renditions
in the cache once made.

A page type says more of itself with optional attributes:
    `sharing_title`        the title when it is not the page's own (the home page's hero)
    `sharing_description`  the text under the title when there is no search description
    `sharing_image`        (image, alternative text) of the page, or None (the
                           commune's logo is shown then)
and a view may override any of them for one response with a `sharing` context
variable (a `SharingOverrides`): a proposal is shared with its own title and image.

Addresses are the Site's own (its hostname and port), never the Host header of the
request: a link shared, a QR code printed or a canonical address indexed leads to the
commune's site, whatever address the page was read at.
"""

from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from core.images import SHARING_RENDITION

from .models import CommuneSettings, HomePage

__all__ = [
    "ShareLink",
    "SharedImage",
    "Sharing",
    "SharingOverrides",
    "absolute",
    "canonical_url",
    "open_graph_locale",
    "share_links",
    "sharing_for",
]

# Open Graph names a locale with its territory. Communes are in France, Belgium and
# Luxembourg; a deployment elsewhere can say which territory its languages mean.
OPEN_GRAPH_LOCALES = {"fr": "fr_FR", "en": "en_GB", "de": "de_DE", "nl": "nl_NL"}
# A page's picture in the proportions networks show in full (views that prefetch the
# picture's renditions prefetch this one too); a logo is shown whole, in a small card.
PAGE_IMAGE_RENDITION = SHARING_RENDITION
LOGO_RENDITION = "max-600x600"
DESCRIPTION_MAX = 300


@dataclass(frozen=True)
class SharingOverrides:
    """What one response shares instead of its page's own words or image."""

    title: str = ""
    description: str = ""
    image: object = None  # a Wagtail image
    image_alt: str = ""


@dataclass(frozen=True)
class SharedImage:
    url: str
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class Sharing:
    url: str
    title: str
    description: str
    site_name: str
    type: str
    locale: str
    alternate_locales: list[str] = field(default_factory=list)
    image: SharedImage | None = None
    large_image: bool = False  # a picture of the page, not the commune's logo


@dataclass(frozen=True)
class ShareLink:
    name: str  # what the link shows
    label: str  # its accessible name
    url: str
    new_window: bool


def open_graph_locale(language_code: str) -> str:
    code = (language_code or settings.LANGUAGE_CODE).split("-")[0]
    locales = getattr(settings, "AGORA_OPEN_GRAPH_LOCALES", OPEN_GRAPH_LOCALES)
    return locales.get(code, f"{code}_{code.upper()}")


def _site(request) -> Site | None:
    return Site.find_for_request(request) if request is not None else None


def absolute(request, url: str) -> str:
    """`url` on the request's commune's own Site ('' stays '')."""
    if not url or not url.startswith("/") or url.startswith("//"):
        return url
    site = _site(request)
    root = site.root_url if site is not None else request.build_absolute_uri("/").rstrip("/")
    return root + url


def canonical_url(request, page: Page | None) -> str:
    """The address of what the request shows, on the Site's own host: the page's full
    URL followed by the sub-route asked for (…/proposals/12/), without the query."""
    if page is None:
        return absolute(request, request.path)
    local = page.get_url(request=request) or ""
    subpath = request.path[len(local) :] if local and request.path.startswith(local) else ""
    # An alias shows another page's content: that page is the one to index.
    original = page.alias_of if page.alias_of_id else page
    full = original.get_full_url(request=request)
    return full + subpath if full else ""


def _plain(text: str, limit: int = DESCRIPTION_MAX) -> str:
    return Truncator(" ".join(str(text or "").split())).chars(limit)


def _image(request, image, alt: str, spec: str) -> SharedImage | None:
    if image is None:
        return None
    try:
        rendition = image.get_rendition(spec)
    except (OSError, ValueError):  # SourceImageIOError, an unreadable file
        return None  # a missing or unreadable file costs the page its picture only
    return SharedImage(
        url=absolute(request, rendition.url),
        width=rendition.width,
        height=rendition.height,
        alt=_plain(alt or image.default_alt_text, 420),
    )


def _page_image(page, overrides: SharingOverrides):
    if overrides.image is not None:
        return overrides.image, overrides.image_alt
    found = getattr(page, "sharing_image", None) if page is not None else None
    return found if found is not None else (None, "")


def sharing_for(context, language_links=()) -> Sharing | None:
    """The sharing metadata of the response being rendered (None outside a request, and
    for previews, which have no address to share)."""
    request = context.get("request")
    if request is None or getattr(request, "is_preview", False):
        return None
    page = context.get("page")
    page = page if isinstance(page, Page) and page.pk else None
    overrides = context.get("sharing")
    if not isinstance(overrides, SharingOverrides):
        overrides = SharingOverrides()
    url = canonical_url(request, page)
    if not url:
        return None
    site = _site(request)
    commune = CommuneSettings.for_request(request) if site is not None else None
    site_name = (commune.official_name if commune else "") or "Agora"

    title = overrides.title
    description = overrides.description
    if page is not None:
        title = title or page.seo_title or getattr(page, "sharing_title", "") or page.title
        description = description or page.search_description
        description = description or getattr(page, "sharing_description", "")
    image, alt = _page_image(page, overrides)
    shared = _image(request, image, alt, PAGE_IMAGE_RENDITION)
    large = shared is not None
    if shared is None and commune is not None and commune.logo_id:
        shared = _image(request, commune.logo, "", LOGO_RENDITION)

    current = get_language()
    return Sharing(
        url=url,
        title=_plain(title or site_name, 200),
        description=_plain(description),
        site_name=site_name,
        type="website" if page is None or isinstance(page, HomePage) else "article",
        locale=open_graph_locale(current),
        alternate_locales=[
            open_graph_locale(link["code"])
            for link in language_links
            if link.get("translated") and link.get("url") and link["code"] != current
        ],
        image=shared,
        large_image=large,
    )


def _query(**params: str) -> str:
    # RFC 3986 escapes (spaces as %20, never "+"): mail clients read them as written.
    return "&".join(f"{name}={quote(value, safe='')}" for name, value in params.items())


def share_links(*, url: str, title: str) -> list[ShareLink]:
    """Plain links to share `url`: an e-mail, then the networks' own share pages (no
    script, no frame, nothing loaded from them until the visitor follows a link)."""
    networks = [
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + _query(u=url)),
        ("X", "https://x.com/intent/tweet?" + _query(text=title, url=url)),
        ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + _query(url=url)),
        ("WhatsApp", "https://wa.me/?" + _query(text=f"{title} {url}")),
    ]
    return [
        ShareLink(
            name=_("E-mail"),
            label=_("Share by e-mail"),
            url="mailto:?" + _query(subject=title, body=f"{title}\n{url}"),
            new_window=False,
        ),
        *(
            ShareLink(
                name=name,
                label=_("Share on %(network)s (new window)") % {"network": name},
                url=link,
                new_window=True,
            )
            for name, link in networks
        ),
    ]
