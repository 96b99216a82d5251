"""What the projects app keeps about a person, exported and erased on request."""

import pytest

from consultations.factories import CitizenFactory
from projects import personal_data, services
from projects.models import Follow, FollowNotification, ProjectEvent

pytestmark = pytest.mark.django_db


def test_follows_and_notifications_are_exported_and_erased(orchard, citizen):
    other = CitizenFactory()
    services.follow_page(page=orchard, user=citizen)
    services.follow_page(page=orchard, user=other)
    event = ProjectEvent.objects.get(project=orchard, kind="started")
    FollowNotification.objects.create(user=citizen, event=event)

    data = personal_data.export_personal_data(citizen)
    assert [follow["page"] for follow in data["follows"]] == ["Un verger partagé"]
    assert data["follows"][0]["url"] == "http://belval.localhost/fr/projets/verger/"
    assert data["notifications"][0]["project"] == "Un verger partagé"

    personal_data.erase_personal_data(citizen)
    assert personal_data.export_personal_data(citizen) == {"follows": [], "notifications": []}
    assert Follow.objects.filter(user=other).exists()
