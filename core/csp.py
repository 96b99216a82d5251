"""Content-Security-Policy, driven by settings.

Django 5.2 has no CSP support of its own; Django 6.0 brings one whose settings have
the shape used here (``SECURE_CSP``, ``SECURE_CSP_REPORT_ONLY``, a ``CSP`` class of
source keywords, a lazily generated nonce in ``request.csp_nonce`` and the
``csp_nonce`` template variable). Moving to Django 6 should mean replacing this
module's middleware and context processor with Django's and keeping the settings.

Settings
    ``SECURE_CSP``: ``{"directive": [sources...]}``, sent as
    ``Content-Security-Policy``; a value ``True`` writes the directive alone
    (``upgrade-insecure-requests``); an empty dict sends nothing.
    ``SECURE_CSP_REPORT_ONLY``: the same, sent as ``...-Report-Only`` (to try a
    stricter policy on live traffic before enforcing it).
    ``AGORA_CSP_PATH_POLICIES``: ``{"/path-prefix/": policy}``; requests whose path
    starts with a prefix get that policy instead of ``SECURE_CSP`` (the Wagtail
    admin needs inline scripts, so it gets a policy of its own).

Nonce
    ``CSP.NONCE`` in a directive becomes ``'nonce-…'`` when a template used
    ``{{ csp_nonce }}`` while rendering the response, and is left out otherwise;
    a page without an inline ``<style>`` keeps a policy without any nonce.

A view that sets its own ``Content-Security-Policy`` header (Wagtail's document
serving does) keeps it.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.utils.functional import SimpleLazyObject, empty

__all__ = ["CSP", "ContentSecurityPolicyMiddleware", "LazyNonce", "build_policy", "nonce"]

HEADER = "Content-Security-Policy"
REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only"


class CSP:
    """Source keywords, quoted as the header needs them."""

    NONE = "'none'"
    SELF = "'self'"
    STRICT_DYNAMIC = "'strict-dynamic'"
    UNSAFE_INLINE = "'unsafe-inline'"
    UNSAFE_EVAL = "'unsafe-eval'"
    NONCE = "<CSP_NONCE_SENTINEL>"


class LazyNonce(SimpleLazyObject):
    """A nonce generated on first use; false until then, so that the middleware only
    names a nonce in the header when the page actually carries one."""

    def __init__(self):
        super().__init__(lambda: secrets.token_urlsafe(18))

    def __bool__(self):
        return self._wrapped is not empty


def build_policy(policy: dict, nonce: str | None = None) -> str:
    """The header value for `policy`; `nonce` replaces CSP.NONCE (dropped when None)."""
    directives = []
    for directive, value in policy.items():
        if value is None or value is False:
            continue
        if value is True:
            directives.append(directive)
            continue
        sources = [value] if isinstance(value, str) else list(value)
        rendered = []
        for source in sources:
            if source == CSP.NONCE:
                if nonce:
                    rendered.append(f"'nonce-{nonce}'")
            elif source not in rendered:
                rendered.append(source)
        directives.append(" ".join([directive, *rendered]))
    return "; ".join(directives)


def _policies_for(path: str) -> tuple[dict, dict]:
    for prefix, policy in getattr(settings, "AGORA_CSP_PATH_POLICIES", {}).items():
        if path.startswith(prefix):
            return policy or {}, {}
    return (
        getattr(settings, "SECURE_CSP", {}) or {},
        getattr(settings, "SECURE_CSP_REPORT_ONLY", {}) or {},
    )


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = LazyNonce()
        response = self.get_response(request)
        enforced, report_only = _policies_for(request.path_info)
        nonce = str(request.csp_nonce) if request.csp_nonce else None
        if enforced and HEADER not in response:
            response[HEADER] = build_policy(enforced, nonce)
        if report_only and REPORT_ONLY_HEADER not in response:
            response[REPORT_ONLY_HEADER] = build_policy(report_only, nonce)
        return response


def nonce(request) -> dict:
    """Context processor: ``{{ csp_nonce }}`` for the rare inline ``<style>``."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
