from django.shortcuts import redirect
from django.utils.translation import get_language
from wagtail import hooks


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


from . import admin_accountability  # noqa: E402, F401  (registers its hooks)
