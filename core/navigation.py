"""Where a response sends the visitor: sub-page URLs and safe `next` targets."""

from django.utils.http import url_has_allowed_host_and_scheme


def subpage_url(page, name: str, *args) -> str:
    """The URL of a routable page's sub-route ('' for a page without a URL, such as a
    new page's preview)."""
    url = page.url
    return url + page.reverse_subpage(name, args=args or None) if url else ""


def safe_next(request, default: str) -> str:
    """The `next` target sent with the request (form field first, then query string)
    when it stays on this host, else `default`: never an open redirect."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return default
