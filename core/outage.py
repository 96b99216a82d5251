"""What the site answers while its database is unusable: 503 and a readable page.

A database outage (server down, network cut, too many connections, a file that
cannot be opened) surfaces in Django as `OperationalError` or `InterfaceError`,
wherever a query runs: in a view, while rendering, in a middleware. A damaged
database answers with a plain `DatabaseError` whose driver error says so: SQLite's
"file is not a database", "database disk image is malformed", I/O errors, a full
disk; PostgreSQL's corrupted data or index (`is_database_down` reads the driver's
error code, never the message). Each place turns it into a 503 with Retry-After:

* `DatabaseUnavailableMiddleware.process_exception`, for errors raised by views
  and while rendering their templates (most of them);
* `DatabaseUnavailableMiddleware.__call__`, for errors raised by the middlewares
  below it (the sites table, the session), which Django has already made into a
  500 page (a traceback when DEBUG is on);
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
import sys

from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template import loader
from django.utils import translation

logger = logging.getLogger(__name__)

DATABASE_DOWN_ERRORS = (OperationalError, InterfaceError)
# Driver errors meaning the database itself is unusable (by their code's prefix for
# SQLite, whose extended codes add a suffix: SQLITE_IOERR_READ, SQLITE_CORRUPT_INDEX…).
SQLITE_UNUSABLE = (
    "SQLITE_NOTADB",  # file is not a database
    "SQLITE_CORRUPT",  # database disk image is malformed
    "SQLITE_CANTOPEN",  # unable to open database file
    "SQLITE_IOERR",  # disk I/O error
    "SQLITE_FULL",  # database or disk is full
    "SQLITE_PROTOCOL",  # locking protocol error
)
POSTGRES_UNUSABLE = {"XX001", "XX002"}  # data_corrupted, index_corrupted

# Seconds a client (or a crawler) is asked to wait before trying again.
RETRY_AFTER = 30


def is_database_down(error: BaseException | None) -> bool:
    """Does `error` mean the database cannot be used at all (not that a query is wrong)?"""
    if isinstance(error, DATABASE_DOWN_ERRORS):
        return True
    if not isinstance(error, DatabaseError):
        return False
    cause = error.__cause__
    sqlite_code = getattr(cause, "sqlite_errorname", None) or ""
    if sqlite_code.startswith(SQLITE_UNUSABLE):
        return True
    postgres_code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    return postgres_code in POSTGRES_UNUSABLE


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


def _note_database_down(sender, request=None, **kwargs) -> None:
    """Keep on the request the outage Django is turning into a 500 page (its
    `got_request_exception` is sent while the error is being handled)."""
    error = sys.exc_info()[1]
    if request is not None and is_database_down(error):
        request.agora_database_down = error


class DatabaseUnavailableMiddleware:
    """Answer 503 with a readable page when a view or a middleware below meets a
    database outage."""

    def __init__(self, get_response):
        self.get_response = get_response
        got_request_exception.connect(_note_database_down, dispatch_uid="agora-database-down")

    def __call__(self, request):
        response = self.get_response(request)
        error = getattr(request, "agora_database_down", None)
        if error is not None and response.status_code >= 500 and response.status_code != 503:
            return handle_database_down(request, error)
        return response

    def process_exception(self, request, exception):
        if is_database_down(exception):
            return handle_database_down(request, exception)
        return None
