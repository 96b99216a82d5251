"""What a refusal looks like, and proof that a request changed nothing."""

import hashlib
import json
from urllib.parse import urlsplit

from django.db import connection
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from .world import MARKERS

MONTCLAIR_HOST = "montclair.localhost"
BELVAL_HOST = "belval.localhost"

# Written by requests whatever they ask for: sessions, the admin's user profile, the
# captcha of a public form, and the rate-limit counters (a reset link tried counts as
# an attempt on the address, whoever's it is).
IGNORED_TABLES = {
    "django_session",
    "wagtailusers_userprofile",
    "captcha_captchastore",
    "core_ratelimitcounter",
}


def db_fingerprint() -> dict[str, str]:
    """A digest of every table's rows (small test database: cheap enough per request)."""
    digest = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in IGNORED_TABLES:
                continue
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from introspection
            rows = sorted(repr(row) for row in cursor.fetchall())
            digest[table] = hashlib.sha1("\n".join(rows).encode(), usedforsecurity=False).digest()
    return digest


def changed_tables(before, after) -> list[str]:
    return sorted(
        table for table in before.keys() | after.keys() if before.get(table) != after.get(table)
    )


def body_of(response) -> str:
    """The response's text (JSON with its escapes resolved, so "é" reads as "é")."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
        response.streaming_content = [content]
    else:
        content = response.content
    text = content.decode("utf-8", "replace")
    if "json" in response.get("Content-Type", ""):
        try:
            return json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    return text


def shows_belval(response) -> bool:
    """Belval in the body, or in the path a redirect leads to (its query string may just
    repeat the search the request made)."""
    texts = (body_of(response), urlsplit(response.get("Location", "")).path)
    return any(marker in text for marker in MARKERS for text in texts)


def refusal(response) -> str | None:
    """How the admin refused (None: it did not).

    403/404; 405 for a method the view does not take; Wagtail's permission-denied
    redirect to the dashboard (or the log-in page). An admin 404 stays a 404 (never
    a redirect to the same path under a language prefix: core/i18n.py).
    """
    if response.status_code in (403, 404, 405):
        return str(response.status_code)
    if response.status_code == 302:
        path = urlsplit(response["Location"]).path
        if path in (reverse("wagtailadmin_home"), reverse("wagtailadmin_login")):
            return f"302 {path}"
    return None


def send(client, method, url, data=None, host=MONTCLAIR_HOST):
    data = data or {}
    if method == "GET":
        return client.get(url, HTTP_HOST=host)
    if method == "POST":
        return client.post(url, data, HTTP_HOST=host)
    if method in ("PUT", "PATCH"):
        return client.generic(
            method,
            url,
            encode_multipart(BOUNDARY, data),
            content_type=MULTIPART_CONTENT,
            HTTP_HOST=host,
        )
    return client.generic(method, url, HTTP_HOST=host)
