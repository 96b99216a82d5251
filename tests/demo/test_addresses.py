"""The demo works on whatever address the visitor used.

The demo's Sites are stored with port 8000; here every request comes to another port,
as with `make run PORT=8101` before the Sites follow it, or behind a proxy that
rewrites the port. Every link, form action and redirect a response carries must stay
on the address of the request: an absolute URL built from a Site's hostname and port
sends the browser to another origin, where the CSP's `form-action 'self'` refuses the
redirect after a POST and the session cookie does not follow. Only the addresses given
to search engines (canonical, language alternates) are absolute, on the Site's own
address; those in e-mails, feeds, sharing metadata and posters are not in pages' links.

Pages are found by crawling from each language's home page, as a visitor and as a
signed-in citizen, so a new page or link cannot escape the check; every POST form met
on the way is submitted as it stands, and its redirect checked the same way.
"""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import transaction
from wagtail.models import Site

from accounts.models import User
from tests.demo_data import load_demo

pytestmark = pytest.mark.django_db

STORED_PORT = 8000  # the demo's Sites, as seed_demo stores them
PORT = 8101
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data"}
# Crawl: each URL shape (digits folded) is visited a few times, enough to meet every
# template and its links without visiting every proposal of the demo.
VISITS_PER_SHAPE = 1
MAX_PAGES = 200
# Not followed: the admin (a separate surface), and links that would end the session
# or answer with files rather than pages.
SKIPPED = re.compile(
    r"^/(admin|django-admin|documents|media|static)/|/logout/|\.(csv|json|pb|xlsx|ics)$"
)
# POST forms not submitted as they stand: they end the session or the account.
SKIPPED_FORMS = re.compile(r"/logout/|/profile/delete/")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        assert set(Site.objects.values_list("port", flat=True)) == {STORED_PORT}
        yield
        transaction.set_rollback(True)


def search_engine_address(attributes: dict) -> bool:
    """`<link rel="canonical">` and the `hreflang` alternates name the page's address
    for search engines, which ask for it absolute and on the commune's own Site: they
    are not followed by the browser, so they may name another origin."""
    rel = (attributes.get("rel") or "").lower().split()
    return "canonical" in rel or ("alternate" in rel and "hreflang" in attributes)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.forms: list[tuple[str, dict]] = []
        self._form: tuple[str, dict] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and search_engine_address(attributes):
            return
        for name, value in attrs:
            if name in URL_ATTRIBUTES and value:
                self.urls.append(value)
            if name == "srcset" and value:
                self.urls.extend(part.split()[0] for part in value.split(",") if part.strip())
        if tag == "form" and (attributes.get("method") or "").lower() == "post":
            self._form = (attributes.get("action") or "", {})
            self.forms.append(self._form)
        elif tag in ("input", "button") and self._form is not None:
            name = attributes.get("name")
            if name and attributes.get("type") not in ("checkbox", "radio", "file"):
                self._form[1].setdefault(name, attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def own_hosts() -> set[str]:
    return {
        "localhost",
        "testserver",
        "127.0.0.1",
        *Site.objects.values_list("hostname", flat=True),
    }


def foreign_origin(url: str, host: str, hosts: set[str]) -> bool:
    """An absolute URL to one of our own hosts, but not the request's host and port."""
    parts = urlsplit(url)
    if not parts.netloc:
        return False
    return parts.hostname in hosts and parts.netloc != host


def shape(path: str) -> str:
    return re.sub(r"\d+", "N", path.split("?")[0])


def crawl(client, host: str):
    """Visit the site from every language's home; return the offences, the POST forms
    met (action URL, fields) and the number of pages read."""
    hosts = own_hosts()
    offences, forms, seen, per_shape = [], {}, set(), {}
    queue = deque(["/fr/", "/en/", "/de/", "/nl/"])
    pages = 0
    while queue and pages < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path, HTTP_HOST=host)
        pages += 1
        location = response.headers.get("Location")
        if location:
            if foreign_origin(location, host, hosts):
                offences.append(f"GET {path} redirects to {location}")
            target = urljoin(path, location)
            if not urlsplit(target).netloc and target not in seen:
                seen.add(target)
                queue.append(target)
            continue
        if "html" not in response.headers.get("Content-Type", ""):
            continue
        reader = _Links()
        reader.feed(response.content.decode())
        for url in reader.urls:
            if foreign_origin(url, host, hosts):
                offences.append(f"{path} links to {url}")
        for action, fields in reader.forms:
            target = urljoin(path, action or path)
            if not urlsplit(target).netloc and not SKIPPED_FORMS.search(target):
                forms.setdefault((shape(target), tuple(sorted(fields))), (target, fields))
        for url in reader.urls:
            parts = urlsplit(urljoin(path, url))
            if parts.netloc and parts.netloc != host:
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            key = shape(target)
            if (
                target in seen
                or SKIPPED.search(parts.path)
                or per_shape.get(key, 0) >= VISITS_PER_SHAPE
            ):
                continue
            seen.add(target)
            per_shape[key] = per_shape.get(key, 0) + 1
            queue.append(target)
    return offences, list(forms.values()), pages


def submit_forms(client, host: str, forms) -> list[str]:
    hosts = own_hosts()
    offences = []
    for action, fields in forms:
        response = client.post(action, fields, HTTP_HOST=host)
        location = response.headers.get("Location", "")
        if foreign_origin(location, host, hosts):
            offences.append(f"POST {action} redirects to {location}")
    return offences


@pytest.mark.parametrize("host", [f"localhost:{PORT}", f"montclair.localhost:{PORT}"])
def test_a_visitor_stays_on_the_address_they_used(demo, client, no_rate_limits, host):
    offences, forms, pages = crawl(client, host)
    offences += submit_forms(client, host, forms)
    assert pages > 40
    assert not offences, "\n".join(sorted({re.sub(r"\d+", "N", o) for o in offences}))


def test_a_citizen_stays_on_the_address_they_used(demo, client, no_rate_limits):
    host = f"belval.localhost:{PORT}"
    client.force_login(User.objects.get(email="citoyen20@demo.localhost"))
    offences, forms, pages = crawl(client, host)
    offences += submit_forms(client, host, forms)
    assert pages > 40
    assert len(forms) > 5  # support, follow, comment, ballot… were met
    assert not offences, "\n".join(sorted({re.sub(r"\d+", "N", o) for o in offences}))
