"""Editors and moderators work on their own commune only."""

import pytest
from django.urls import reverse

from accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def market_page_form(title: str, action: str) -> dict:
    return {"title": title, "slug": "marche", "intro": "", "body-count": "0", action: "1"}


def test_an_editors_change_goes_live_once_a_moderator_of_the_commune_approves_it(
    client, belval, montclair, belval_editor, belval_moderator
):
    page = belval.market_page
    client.force_login(belval_editor)
    assert client.get(edit_url(page)).status_code == 200

    # The editor cannot publish: "publish" only saves a draft.
    client.post(edit_url(page), market_page_form("Le marché couvert", "action-publish"))
    page.refresh_from_db()
    assert page.title != "Le marché couvert"
    assert page.has_unpublished_changes

    # The editor submits it to the commune's workflow: still not live.
    response = client.post(edit_url(page), market_page_form("Le marché couvert", "action-submit"))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title != "Le marché couvert"
    state = page.current_workflow_state
    assert state.workflow == belval.workflow
    task_state = state.current_task_state

    # Another commune's moderators, and the editor, cannot approve it.
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]
    )
    for intruder in (belval_editor, UserFactory(groups=[montclair.moderators])):
        client.force_login(intruder)
        assert client.post(approve, {"comment": ""}).status_code in (302, 403)
        page.refresh_from_db()
        assert page.title != "Le marché couvert"

    # One of Belval's moderators approves it: it is published.
    client.force_login(belval_moderator)
    assert client.post(approve, {"comment": ""}).status_code == 302
    page.refresh_from_db()
    assert page.title == "Le marché couvert"
    assert page.live
    assert not page.has_unpublished_changes


def test_belval_editor_can_edit_the_english_translation_tree(client, belval, belval_editor):
    client.force_login(belval_editor)
    english_home = belval.home_pages["en"]
    assert client.get(reverse("wagtailadmin_explore", args=[english_home.pk])).status_code == 200


def test_belval_editor_cannot_edit_a_montclair_page(client, belval, montclair, belval_editor):
    client.force_login(belval_editor)
    for page in montclair.home_pages.values():
        response = client.get(edit_url(page))
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"] != edit_url(page)

    response = client.post(
        edit_url(montclair.home),
        {"title": "Piraté", "slug": "montclair", "hero_title": "Piraté", "body-count": "0"},
    )
    assert response.status_code in (302, 403)
    montclair.home.refresh_from_db()
    assert montclair.home.title == "Montclair"


def test_belval_editor_cannot_add_pages_under_montclair(client, belval, montclair, belval_editor):
    client.force_login(belval_editor)
    url = reverse("wagtailadmin_pages:add", args=["home", "standardpage", montclair.home.pk])
    assert client.get(url).status_code in (302, 403)


def test_moderator_cannot_create_pages(client, belval, belval_moderator):
    client.force_login(belval_moderator)
    url = reverse("wagtailadmin_pages:add", args=["home", "standardpage", belval.home.pk])
    assert client.get(url).status_code in (302, 403)


def test_citizen_without_group_has_no_admin_access(client, belval):
    client.force_login(UserFactory())
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_editor_sees_and_edits_only_their_communes_images(client, belval, montclair, belval_editor):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    ours = Image.objects.create(
        title="Fontaine de Belval", file=get_test_image_file(), collection=belval.collection
    )
    theirs = Image.objects.create(
        title="Kiosque de Montclair", file=get_test_image_file(), collection=montclair.collection
    )
    client.force_login(belval_editor)

    index = client.get(reverse("wagtailimages:index"))
    assert "Fontaine de Belval" in index.text
    assert "Kiosque de Montclair" not in index.text
    assert client.get(reverse("wagtailimages:edit", args=[ours.pk])).status_code == 200
    assert client.get(reverse("wagtailimages:edit", args=[theirs.pk])).status_code in (302, 403)
