from django.http import Http404
from wagtail import hooks
from wagtail.models import Site

from .queries import site_for_collection


@hooks.register("before_serve_document")
def serve_documents_on_their_own_site(document, request):
    """A commune's document (in its media collection) is served on its own site only."""
    owner = site_for_collection(document.collection)
    if owner is not None and owner.pk != getattr(Site.find_for_request(request), "pk", None):
        raise Http404
    return None
