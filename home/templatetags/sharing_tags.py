"""Sharing a page (see home/sharing.py).

{% sharing_meta language_links %}    in <head>: canonical address, hreflang
                                     alternates, Open Graph and Twitter card
{% share_links %}                    "Share": e-mail, networks, copy the link
{% share_links with_poster=True %}   … and "Print a poster" (pages with posters)
"""

from django import template

from core.navigation import subpage_url

from .. import sharing

register = template.Library()


def _alternates(request, language_links) -> list[dict]:
    """The page in each language it is translated into, at absolute addresses (as
    search engines want hreflang links)."""
    return [
        {"code": link["code"], "url": sharing.absolute(request, link["url"])}
        for link in language_links
        if link.get("translated") and link.get("url")
    ]


@register.inclusion_tag("components/sharing_meta.html", takes_context=True)
def sharing_meta(context, language_links=()):
    request = context.get("request")
    meta = sharing.sharing_for(context, language_links)
    return {
        "meta": meta,
        "alternates": _alternates(request, language_links) if request is not None else [],
    }


@register.inclusion_tag("components/share_links.html", takes_context=True)
def share_links(context, with_poster=False):
    request = context.get("request")
    url = title = ""
    if request is not None and not getattr(request, "is_preview", False):
        page = context.get("page")
        overrides = context.get("sharing")
        url = sharing.canonical_url(request, page if getattr(page, "pk", None) else None)
        title = getattr(overrides, "title", "") or getattr(page, "title", "")
    poster_url = ""
    if with_poster and url:
        poster_url = subpage_url(context["page"], "poster", request=request)
    return {
        "share_url": url,
        "share_links": sharing.share_links(url=url, title=title) if url else [],
        "poster_url": poster_url,
    }
