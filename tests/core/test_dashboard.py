"""The admin dashboard counts the pages of the staff member's own commune."""

import re

import pytest
from wagtail.models import Page

from core.tenancy import commune_pages
from home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def page_count(response) -> int:
    match = re.search(r"([\d\s\u202f\xa0,.]+)\s*Pages?\b", response.text.replace("\n", " "))
    assert match, "no page count on the dashboard"
    return int(re.sub(r"\D", "", match.group(1)))


def test_an_editor_sees_the_count_of_their_communes_pages_only(
    client, belval, montclair, belval_editor
):
    for number in range(3):
        StandardPageFactory(parent=montclair.home, title=f"Page {number}", slug=f"page-{number}")
    StandardPageFactory(parent=belval.home, title="Infos", slug="infos")
    client.force_login(belval_editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    expected = commune_pages(belval.site).count()
    assert expected < Page.objects.exclude(depth=1).count()
    assert page_count(response) == expected


def test_a_superuser_still_sees_every_page(admin_client, belval, montclair):
    response = admin_client.get("/admin/")
    assert page_count(response) == Page.objects.exclude(depth=1).count()
