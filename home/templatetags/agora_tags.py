"""Template tags for the site chrome: home link, menu, language switcher."""

from urllib.parse import quote

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, gettext
from django.utils.translation import override as translation_override
from wagtail.models import Page, Site

register = template.Library()


def _site(context) -> Site | None:
    request = context.get("request")
    return Site.find_for_request(request) if request is not None else None


def _current_page(context) -> Page | None:
    page = context.get("page")
    return page if isinstance(page, Page) and page.pk else None


@register.simple_tag(takes_context=True)
def site_home(context):
    """The commune's home page in the current language (or its source language)."""
    if "_agora_site_home" not in context.render_context:
        site = _site(context)
        context.render_context["_agora_site_home"] = site.root_page.localized if site else None
    return context.render_context["_agora_site_home"]


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Live, public pages just under the home page that editors marked 'show in menus'."""
    home = site_home(context)
    if home is None:
        return []
    return list(home.get_children().live().public().in_menu().only("id", "title", "url_path"))


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language of the commune: the same page when it is translated.
    When it is not, the link stays on this page and content (with `?lang=<code>`, so
    that the page tells the visitor, in their language, that it is shown in another
    one: `untranslated_notice`); never a silent jump to that language's home page.
    Outside Wagtail pages the URL is translated as a route.
    """
    request = context.get("request")
    site = _site(context)
    if request is None or site is None:
        return []
    current = get_language()
    page = _current_page(context)

    roots = {
        root.locale.language_code: root
        for root in site.root_page.get_translations(inclusive=True).live().select_related("locale")
    }
    translations = {}
    if page is not None:
        translations = {
            translation.locale.language_code: translation
            for translation in page.get_translations(inclusive=True).live().select_related("locale")
        }

    # A routable sub-page (…/proposals/12/, …/results/) keeps its sub-path and query in
    # the other languages: the routes are the same in every language.
    subpath = ""
    if page is not None:
        page_url = page.get_url(request=request) or ""
        if page_url and request.path.startswith(page_url) and request.path != page_url:
            subpath = request.get_full_path()[len(page_url) :]

    links = []
    for code, _name in settings.LANGUAGES:
        if code not in roots:
            continue
        translated = True
        if page is not None:
            translation = translations.get(code)
            if translation is not None:
                url = translation.get_url(request=request)
                if url:
                    url += subpath
            else:
                translated = False
                url = _untranslated_url(request, code)
        else:
            url = translate_url(request.get_full_path(), code)
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "is_current": code == current,
                "translated": translated,
            }
        )
    return links


def _untranslated_url(request, code: str) -> str:
    """This very address, asking for `code`: the page says it is not translated."""
    query = request.GET.copy()
    query["lang"] = code
    return f"{request.path}?{query.urlencode()}"


@register.inclusion_tag("components/untranslated_notice.html", takes_context=True)
def untranslated_notice(context):
    """ "Not translated into <language> yet", in that language, when the visitor chose a
    language this page does not exist in (`?lang=<code>` from the language links)."""
    request = context.get("request")
    wanted = request.GET.get("lang", "") if request is not None else ""
    current = get_language()
    if wanted == current or wanted not in dict(settings.LANGUAGES):
        return {"wanted": None}
    shown_in = get_language_info(current)
    with translation_override(wanted):
        shown_in_name = gettext(shown_in["name"])  # the page's language, named in `wanted`
        message = gettext(
            "This page is not available in your language yet: it is shown in %(language)s."
        ) % {"language": shown_in_name}
    return {"wanted": wanted, "message": message}


@register.filter
def get_item(mapping, key):
    """`{{ mapping|get_item:key }}`: a dictionary lookup with a variable key."""
    return mapping.get(key, "") if mapping else ""


@register.simple_tag(takes_context=True)
def decision_reason(context, decision):
    """Why an action is refused (a `core.decisions.Decision`). A refusal that logging in
    would lift is one sentence whose words are the links: log in (coming back to this
    page) or create an account."""
    if decision.action != "login" or not decision.linked_reason:
        return conditional_escape(decision.reason)
    login_url = reverse("accounts:login")
    request = context.get("request")
    if request is not None:
        login_url += "?next=" + quote(request.get_full_path(), safe="/")
    links = {"login_url": escape(login_url), "signup_url": escape(reverse("accounts:signup"))}
    # The sentence comes from our catalogues; only the addresses are inserted.
    return mark_safe(str(decision.linked_reason) % links)  # noqa: S308
