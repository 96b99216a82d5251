"""Following projects, consultations and budgets."""

import pytest

from budget.factories import make_budget
from consultations.factories import CitizenFactory, make_consultation
from notifications import services
from notifications.models import Follow
from tests.projects.helpers import HOST, sub, translate

pytestmark = pytest.mark.django_db


def test_a_citizen_follows_and_unfollows_a_project(client, citizen, orchard):
    client.force_login(citizen)
    response = client.post(sub(orchard, "follow"), {"action": "follow"}, **HOST)
    assert response.status_code == 302
    assert response["Location"] == orchard.url
    assert Follow.objects.filter(user=citizen, page=orchard).exists()
    page = client.get(orchard.url, **HOST).text
    assert "Vous suivez ce projet" in page
    assert "Ne plus suivre" in page

    response = client.post(sub(orchard, "follow"), {"action": "unfollow"}, follow=True, **HOST)
    assert "Vous ne suivez plus cette page." in response.text
    assert not Follow.objects.exists()


def test_following_twice_keeps_one_follow(client, citizen, orchard):
    client.force_login(citizen)
    client.post(sub(orchard, "follow"), **HOST)
    client.post(sub(orchard, "follow"), **HOST)
    assert Follow.objects.filter(user=citizen).count() == 1


def test_visitors_are_sent_to_log_in_and_nothing_is_saved(client, orchard):
    response = client.post(sub(orchard, "follow"), **HOST)
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/login/?next=")
    assert not Follow.objects.exists()
    assert "Suivre ce projet" in client.get(orchard.url, **HOST).text


def test_following_needs_a_post(client, citizen, orchard):
    client.force_login(citizen)
    assert client.get(sub(orchard, "follow"), **HOST).status_code == 405
    assert not Follow.objects.exists()


def test_an_unconfirmed_address_cannot_follow(client, orchard):
    unconfirmed = CitizenFactory(email_confirmed_at=None)
    client.force_login(unconfirmed)
    response = client.post(sub(orchard, "follow"), follow=True, **HOST)
    assert (
        "Confirmez votre adresse e-mail pour recevoir les nouvelles de cette page." in response.text
    )
    assert not Follow.objects.exists()


def test_a_draft_cannot_be_followed(citizen, belval_index):
    from projects.factories import make_project

    draft = make_project(index=belval_index, publish=False)
    with pytest.raises(services.FollowRefused):
        services.follow_page(page=draft, user=citizen)
    assert not Follow.objects.exists()


def test_a_page_without_follow_routes_cannot_be_followed(citizen, belval):
    with pytest.raises(services.FollowRefused):
        services.follow_page(page=belval.home, user=citizen)
    assert not Follow.objects.exists()


def test_consultations_and_budgets_can_be_followed(client, citizen, belval):
    consultation = make_consultation(parent=belval.home, title="Place du marché", slug="marche")
    budget = make_budget(parent=belval.home, title="Budget 2026", slug="budget-2026")
    client.force_login(citizen)
    for page, invitation in (
        (consultation, "Suivre cette consultation"),
        (budget, "Suivre ce budget participatif"),
    ):
        assert invitation in client.get(page.url, **HOST).text
        response = client.post(sub(page, "follow"), **HOST)
        assert response["Location"] == page.url
    assert set(Follow.objects.values_list("page_id", flat=True)) == {consultation.pk, budget.pk}


def test_a_follow_belongs_to_the_source_page_shared_by_translations(
    client, citizen, belval_index, orchard
):
    translate(belval_index)
    english = translate(orchard)
    client.force_login(citizen)
    client.post(sub(english, "follow"), **HOST)
    assert Follow.objects.get(user=citizen).page_id == orchard.pk
    assert "You follow this project" in client.get(english.url, **HOST).text
    assert "Vous suivez ce projet" in client.get(orchard.url, **HOST).text


def test_only_safe_next_urls_are_followed(client, citizen, orchard):
    client.force_login(citizen)
    response = client.post(sub(orchard, "follow"), {"next": "https://evil.example/"}, **HOST)
    assert response["Location"] == orchard.url
