"""Where a response sends the visitor: page and sub-page URLs, safe `next` targets.

Every link and redirect of a response is relative to the address the visitor used:
`page.get_url(request)` gives a path when the page belongs to the request's site.
Wagtail's `page.url` (no request) is an absolute URL built from the page's Site as
soon as there are several communes: on another host or port than the Site's (a
proxy, `make run PORT=…`, `localhost` for the default commune) it sends the browser
to another origin, where the CSP refuses the redirect after a form and the session
cookie does not follow. Absolute URLs, built for the page's own Site
(`page.get_full_url()`), go only where a page's address leaves the browser: e-mails,
feeds, the sitemap, the canonical and sharing metadata of a page's head (read by
search engines and networks, never followed by the browser), and posters' QR codes.
"""

from django.utils.http import url_has_allowed_host_and_scheme


def page_url(page, request) -> str:
    """The page's URL for this request ('' for a page without one, such as a preview)."""
    return page.get_url(request=request) or ""


def subpage_url(page, name: str, *args, request) -> str:
    """The URL of a routable page's sub-route, for this request ('' for a page without
    a URL, such as a new page's preview)."""
    url = page_url(page, request)
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
