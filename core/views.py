import logging
import sys

from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .outage import RETRY_AFTER, close_broken_connections, handle_database_down, is_database_down

logger = logging.getLogger(__name__)


def server_error(request):
    """`handler500`: Django's 500 view, plus the CSP nonce so that the page's own
    <style> applies; a database outage met outside a view answers 503 instead.

    Rendered without context processors, as Django does: nothing that might itself
    fail (the database, the session) is touched.
    """
    error = sys.exc_info()[1]
    if is_database_down(error):
        return handle_database_down(request, error)
    template = loader.get_template("500.html")
    nonce = getattr(request, "csp_nonce", "")
    return HttpResponseServerError(template.render({"csp_nonce": nonce}))


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers a query, 503 otherwise (for load balancers), with
    the same Retry-After as the pages."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.error("Health check: the database does not answer: %s", error)
        close_broken_connections()
        response = HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain; charset=utf-8"
        )
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
