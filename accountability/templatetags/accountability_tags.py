"""The public "our commitments" figures, for the block that home's pages put in their body.

    {% load accountability_tags %}
    {% commune_commitments page as figures %}

`home` offers the block and its template; the figures come from here, so that the
base content app needs no import of the apps it counts.
"""

from django import template

from core.tenancy import site_for_page

from ..figures import ACTIVE_DAYS, figures_for_site

register = template.Library()


@register.simple_tag
def commune_commitments(page):
    """The figures of the commune that owns `page` (None for a page not in a tree yet)."""
    site = site_for_page(page) if page and getattr(page, "path", None) else None
    return figures_for_site(site) if site is not None else None


@register.simple_tag
def accountability_active_days():
    """How many days back a participant counts as active."""
    return ACTIVE_DAYS
