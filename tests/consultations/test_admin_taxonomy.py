"""Themes and districts: each commune's editors manage their own, and only those."""

import pytest
from django.urls import reverse

from consultations.factories import CategoryFactory, DistrictFactory
from consultations.models import Category, District

pytestmark = pytest.mark.django_db


@pytest.fixture
def taxonomy(belval, montclair):
    return {
        "ours": CategoryFactory(site=belval.site, name="Mobilité", locale=belval.home.locale),
        "theirs": CategoryFactory(
            site=montclair.site, name="Patrimoine", locale=montclair.home.locale
        ),
        "our_district": DistrictFactory(site=belval.site, name="Centre-ville"),
        "their_district": DistrictFactory(site=montclair.site, name="Le Plateau"),
    }


def url(model, action, *args):
    return reverse(f"wagtailsnippets_consultations_{model}:{action}", args=args)


def test_editor_lists_only_their_communes_themes_and_districts(client, belval_editor, taxonomy):
    client.force_login(belval_editor)
    categories = client.get(url("category", "list")).text
    assert "Mobilité" in categories
    assert "Patrimoine" not in categories
    districts = client.get(url("district", "list")).text
    assert "Centre-ville" in districts
    assert "Le Plateau" not in districts


@pytest.mark.parametrize("action", ["edit", "delete", "usage", "history"])
def test_another_communes_theme_is_out_of_reach(client, belval_editor, taxonomy, action):
    client.force_login(belval_editor)
    response = client.get(url("category", action, taxonomy["theirs"].pk), follow=True)
    assert response.status_code == 404
    assert client.get(url("category", action, taxonomy["ours"].pk)).status_code == 200


def test_editor_cannot_move_a_theme_to_another_commune(
    client, belval, montclair, belval_editor, taxonomy
):
    client.force_login(belval_editor)
    response = client.post(
        url("category", "add"), {"site": montclair.site.pk, "name": "Intrus", "description": ""}
    )
    assert response.status_code == 200
    assert "site" in response.context["form"].errors
    assert not Category.objects.filter(name="Intrus").exists()

    response = client.post(url("district", "add"), {"site": belval.site.pk, "name": "Les Prés"})
    assert response.status_code == 302
    assert District.objects.filter(site=belval.site, name="Les Prés").exists()


def test_editor_cannot_delete_another_communes_district(client, belval_editor, taxonomy):
    client.force_login(belval_editor)
    client.post(url("district", "delete", taxonomy["their_district"].pk))
    assert District.objects.filter(pk=taxonomy["their_district"].pk).exists()


def test_moderators_do_not_manage_themes(client, belval_moderator, taxonomy):
    client.force_login(belval_moderator)
    response = client.get(url("category", "list"))
    assert response.status_code in (302, 403)
