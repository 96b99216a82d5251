"""Malformed admin requests get a form error or a 400, never a 500.

A page form sent without a StreamField's block count, with rich text that is not
the editor's JSON or an id that is not a number shows an error on the field and
saves nothing. Every other admin view that writes, sent an empty form or one whose
every value is nonsense, answers (a form error, a refusal, a 400), without failing.
"""

import pytest
from django.urls import reverse

from .admin_table import CASES, cases_of
from .helpers import BELVAL_HOST, send

DAMAGED = "Ce champ a été transmis incomplet ou altéré"


def market_edit(world, **data):
    market = world.belval.market
    return reverse("wagtailadmin_pages:edit", args=[market.pk]), {
        "title": market.title,
        "slug": market.slug,
        "intro": "",
        "body-count": "0",
        "action-publish": "action-publish",
        **data,
    }


BROKEN_BODIES = {
    "no block count": {"body-count": None},
    "a count that is no number": {"body-count": "deux"},
    "a block without its fields": {"body-count": "1"},
    "rich text that is not the editor's": {
        "body-count": "1",
        "body-0-type": "paragraph",
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-value": "{not json",
    },
    "an image id that is no number": {
        "body-count": "1",
        "body-0-type": "image",
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-value-image": "abc",
        "body-0-value-alt_text": "Une fontaine",
    },
}


@pytest.mark.parametrize("case", BROKEN_BODIES)
def test_a_page_sent_with_a_damaged_body_shows_an_error_and_saves_nothing(world, db, client, case):
    client.force_login(world.belval_editor)
    url, data = market_edit(world, **BROKEN_BODIES[case])
    data = {key: value for key, value in data.items() if value is not None}
    before = world.belval.market.get_latest_revision().pk
    response = client.post(url, data, HTTP_HOST=BELVAL_HOST)
    assert response.status_code == 200
    assert DAMAGED in " ".join(response.context["form"].errors["body"])
    assert world.belval.market.get_latest_revision().pk == before


def test_a_choice_that_is_no_id_shows_an_error(world, db, client):
    client.force_login(world.belval_editor)
    home = world.belval.home
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[home.pk]),
        {"title": home.title, "slug": home.slug, "hero_title": "Bienvenue", "hero_image": "abc"},
        HTTP_HOST=BELVAL_HOST,
    )
    assert response.status_code == 200
    assert response.context["form"].errors["hero_image"]


def test_a_damaged_inline_form_shows_an_error_too(world, db, client):
    """Inline forms (here a project's news, rich text) bear damaged data as well."""
    from projects.models import ProjectIndexPage

    index = ProjectIndexPage(title="Projets de Belval", slug="projets")
    world.belval.home.add_child(instance=index)
    client.force_login(world.belval_editor)
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["projects", "projectpage", index.pk]),
        {
            "title": "Un préau",
            "slug": "preau",
            "summary": "Un préau pour l'école.",
            "body-count": "0",
            "updates-TOTAL_FORMS": "1",
            "updates-INITIAL_FORMS": "0",
            "updates-MIN_NUM_FORMS": "0",
            "updates-MAX_NUM_FORMS": "1000",
            "updates-0-date": "2026-05-01",
            "updates-0-title": "Les travaux commencent",
            "updates-0-body": "{not json",
        },
        HTTP_HOST=BELVAL_HOST,
    )
    assert response.status_code == 200
    update = response.context["form"].formsets["updates"].forms[0]
    assert DAMAGED in " ".join(update.errors["body"])
    assert not index.get_children().exists()


def test_a_request_missing_a_parameter_is_a_bad_request(world, db, client):
    client.force_login(world.belval_editor)
    market = world.belval.market
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[market.pk]),
        {"new_title": "Copie", "new_slug": "copie"},
        HTTP_HOST=BELVAL_HOST,
    )
    assert response.status_code == 400
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"collection": world.belval_commune.collection.pk, "other": "x"},
        HTTP_HOST=BELVAL_HOST,
    )
    assert response.status_code == 400


def test_a_write_naming_nothing_usable_is_a_bad_request(world, db, client):
    """Wagtail's bulk move shows its form again with the destination sent ("abc"),
    which its page chooser cannot load."""
    client.force_login(world.superuser)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "move"])
    response = client.post(
        f"{url}?id={world.belval.untranslated.pk}", {"chooser": "abc"}, HTTP_HOST=BELVAL_HOST
    )
    assert response.status_code == 400
    assert world.belval.untranslated.get_parent().pk == world.belval.home.pk


# Every admin view that writes ------------------------------------------------------------


def _writes():
    params = []
    for key in sorted(CASES):
        for case in cases_of(key):
            if not case.control or case.post is None:
                continue
            for method in case.methods:
                if method == "GET":
                    continue
                label = key + (f"~{case.variant}" if case.variant else "")
                params.append(pytest.param(key, case, method, id=f"{label}-{method}"))
    return params


def _nonsense(data: dict) -> dict:
    return {key: ("abc" if not hasattr(value, "read") else value) for key, value in data.items()}


@pytest.mark.parametrize("variant", ["empty", "nonsense"])
@pytest.mark.parametrize(("key", "case", "method"), _writes())
def test_no_admin_write_fails_on_malformed_data(world, db, client, key, case, method, variant):
    from .test_admin_isolation import url_of

    client.force_login(getattr(world, case.control_user))
    data = {} if variant == "empty" else _nonsense(case.post(world))
    response = send(client, method, url_of(key, case, world), data, BELVAL_HOST)
    assert response.status_code < 500, (key, variant, response.status_code)
