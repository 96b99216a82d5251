"""The database goes away: the site answers 503 with a readable page, then recovers.

A simulated outage points the connection somewhere it cannot open (an SQLite file in
a directory that does not exist, a PostgreSQL port nobody listens on): the driver
fails as it does in a real outage. On PostgreSQL a real one stops the server.
"""

import os
import socket
import subprocess
from contextlib import contextmanager

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import RequestFactory

from core.outage import database_unavailable_response
from core.views import server_error
from tests.consultations.helpers import CAPTCHA_OK, HOST, sub

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OUTAGE_TITLE = "Service momentanément indisponible"


def dead_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def database_unreachable():
    """Until the block ends, every new connection fails as in an outage."""
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent/agora/outage.sqlite3"
    else:
        connection.settings_dict["HOST"] = "127.0.0.1"
        connection.settings_dict["PORT"] = dead_port()
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


def assert_outage_page(response, title=OUTAGE_TITLE):
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert response["Retry-After"]
    assert "no-store" in response["Cache-Control"]
    text = response.text
    assert title in text
    assert "Traceback" not in text
    assert 'href="/static/css/agora.css"' in text


def test_pages_answer_503_with_a_readable_page_then_recover(client, consultation, citizen):
    client.force_login(citizen)
    assert client.get("/fr/", **HOST).status_code == 200

    with database_unreachable():
        assert_outage_page(client.get("/fr/", **HOST))
        assert_outage_page(client.get(consultation.url, **HOST))
        assert_outage_page(client.get("/fr/search/?q=place", **HOST))
        assert_outage_page(client.get("/admin/", **HOST))
        # A write: nothing is half-done, the citizen is told to try again.
        response = client.post(
            sub(consultation, "proposal_new"),
            {"title": "Un abri", "body": "Couvert.", **CAPTCHA_OK},
            **HOST,
        )
        assert_outage_page(response)
        assert "envoyez-le à nouveau" in response.text
        # In the visitor's language (taken from the URL, not from the database).
        assert_outage_page(client.get("/en/", **HOST), title="Service temporarily unavailable")
        health = client.get("/healthz")
        assert health.status_code == 503
        assert health.text == "database unavailable\n"

    # The database is back: so is the site, without a restart.
    assert client.get("/healthz").status_code == 200
    assert client.get("/fr/", **HOST).status_code == 200
    assert client.get(consultation.url, **HOST).status_code == 200


def test_an_anonymous_visitor_gets_the_page_too(client, consultation):
    with database_unreachable():
        assert_outage_page(client.get(consultation.url, **HOST))
        assert_outage_page(client.get("/fr/accounts/login/", **HOST))


def test_an_outage_met_outside_a_view_answers_503_too():
    """`handler500` catches what no view's middleware sees (e.g. a middleware's own query)."""
    request = RequestFactory().get("/fr/")
    for error in (OperationalError("server closed the connection"), InterfaceError("closed")):
        try:
            raise error
        except type(error):
            assert_outage_page(server_error(request))
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.text


@pytest.fixture
def postgres_server():
    """Start and stop this run's PostgreSQL server (scripts/with_postgres.sh)."""
    control = os.environ.get("AGORA_PG_SERVER")
    if not control:
        if os.environ.get("AGORA_REQUIRE_POSTGRES"):
            pytest.fail("AGORA_PG_SERVER is missing: run through scripts/with_postgres.sh.")
        pytest.skip("needs the server started by scripts/with_postgres.sh")

    def run(action, check=True):
        subprocess.run([control, action], check=check, capture_output=True)  # noqa: S603

    yield run
    run("start", check=False)  # whatever happened, the next tests need it (no-op if running)


@pytest.mark.postgres
def test_a_real_outage_stopping_postgresql_answers_503_then_recovers(
    client, consultation, postgres_server
):
    assert client.get(consultation.url, **HOST).status_code == 200

    postgres_server("stop")
    try:
        assert_outage_page(client.get(consultation.url, **HOST))
        assert_outage_page(client.get("/fr/", **HOST))
        assert client.get("/healthz").status_code == 503
    finally:
        postgres_server("start")

    assert client.get("/healthz").status_code == 200
    assert client.get(consultation.url, **HOST).status_code == 200
    assert client.get("/fr/", **HOST).status_code == 200


def test_the_outage_page_needs_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = database_unavailable_response()
    assert_outage_page(response)
