"""Test helpers of the projects app."""

import xml.etree.ElementTree as ET

from wagtail_localize.models import StringSegment, TranslationSource

from home.services import translate_page

HOST = {"HTTP_HOST": "belval.localhost"}
MONTCLAIR = {"HTTP_HOST": "montclair.localhost"}
ATOM = "{http://www.w3.org/2005/Atom}"


def sub(page, name, *args):
    """URL of a page's sub-route."""
    return page.url + page.reverse_subpage(name, args=args or None)


def translate(page, language="en"):
    """Translate every string of a page (marked with the language) and publish it."""
    source, created = TranslationSource.get_or_create_from_instance(page.specific)
    if not created:
        source.update_from_db()
    strings = {}
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        text = segment.string.data
        strings[text] = (
            f"{text}-{language}" if segment.context.path == "slug" else f"{text} [{language}]"
        )
    return translate_page(page=page, language=language, strings=strings).specific


def parse_atom(response):
    """The feed's root element, after checking it is an Atom document."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed, under test
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    for entry in root.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{required}") is not None, required
    return root


def entry_titles(root):
    return [entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")]


def publish(page):
    """Publish the page's current state as a new revision."""
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)
