from django.shortcuts import redirect
from django.utils.translation import get_language
from wagtail import hooks

from . import pagecache


@hooks.register("before_serve_page")
def redirect_to_page_language(page, request, serve_args, serve_kwargs):
    """Keep the URL's language and the content's language the same.

    When a commune has no translation for the requested language, Wagtail falls
    back to the source page; send the visitor to that page's own URL so the
    interface, `<html lang>` and the content agree.
    """
    if page.locale.language_code != get_language():
        url = page.get_url(request=request)
        if url and url != request.path:
            return redirect(url)
    return None


@hooks.register("before_serve_page")
def cache_for_visitors(page, request, serve_args, serve_kwargs):
    """Public pages may be stored for anonymous visitors (`home.pagecache` decides);
    a participation page's contributions are read after its generation."""
    from consultations.models import ParticipationPage, QuestionnairePage

    if isinstance(page, QuestionnairePage):
        pagecache.not_cacheable(request)  # a form, with its CSRF token
        return None
    pagecache.cacheable(request)
    if isinstance(page, ParticipationPage):
        request.agora_page_version = pagecache.fragment_version(
            request, pagecache.page_key(page.source_page.pk)
        )
    return None
