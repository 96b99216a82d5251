"""What the site answers while its database is unreachable: 503 and a readable page.

A database outage (server down, network cut, too many connections) surfaces in
Django as `OperationalError` or `InterfaceError`, wherever a query runs: in a
view, while rendering, in a middleware. Three places turn it into a 503:

* `DatabaseUnavailableMiddleware.process_exception`, for errors raised by views
  and while rendering their templates (most of them);
* `core.views.server_error` (the `handler500` of `config.urls`), for errors raised
  elsewhere, e.g. in a middleware's `process_response`;
* `core.views.healthz`, which asks the database itself.

The page (`templates/503.html`) is rendered without a request context: no context
processor, no site settings, no user, nothing that would query the database again.
Sessions are not saved on 5xx responses, so the response phase of the middleware
stack does not touch the database either.

Recovery needs nothing: after an error Django closes a connection that is no
longer usable when the request finishes, and the next request connects afresh.
"""

import logging

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template import loader
from django.utils import translation

logger = logging.getLogger(__name__)

DATABASE_DOWN_ERRORS = (OperationalError, InterfaceError)

# Seconds a client (or a crawler) is asked to wait before trying again.
RETRY_AFTER = 30


def is_database_down(error: BaseException | None) -> bool:
    return isinstance(error, DATABASE_DOWN_ERRORS)


def database_unavailable_response() -> HttpResponse:
    """The 503 page in the active language, built without touching the database."""
    html = loader.get_template("503.html").render(
        {"LANGUAGE_CODE": translation.get_language() or "fr"}
    )
    response = HttpResponse(html, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def close_broken_connections() -> None:
    """Drop connections the error left unusable, unless a transaction holds them."""
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            continue
        try:
            connection.close_if_unusable_or_obsolete()
        except DATABASE_DOWN_ERRORS:
            connection.connection = None


def handle_database_down(request, error: BaseException) -> HttpResponse:
    # Logged as an error with its traceback: on SQLite, OperationalError also means
    # "no such table" (a forgotten migration), which must not pass unnoticed.
    logger.error(
        "Database unavailable while serving %s %s: %s",
        request.method,
        request.path,
        error,
        exc_info=error,
    )
    close_broken_connections()
    return database_unavailable_response()


class DatabaseUnavailableMiddleware:
    """Answer 503 with a readable page when a view meets a database outage."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_down(exception):
            return handle_database_down(request, exception)
        return None
