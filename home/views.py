import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def server_error(request):
    """Django's 500 view, plus the CSP nonce so that the page's own <style> applies.

    Rendered without context processors, as Django does: nothing that might itself
    fail (the database, the session) is touched.
    """
    template = loader.get_template("500.html")
    nonce = getattr(request, "csp_nonce", "")
    return HttpResponseServerError(template.render({"csp_nonce": nonce}))


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers a query, 503 otherwise (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer.")
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
