"""What the projects app keeps about a person, exported and erased on request."""

import pytest

from consultations.factories import CitizenFactory
from notifications.services import follow_page
from projects import personal_data
from projects.models import FollowNotification, ProjectEvent

pytestmark = pytest.mark.django_db


def test_notifications_are_exported_and_erased(orchard, citizen):
    other = CitizenFactory()
    follow_page(page=orchard, user=citizen)
    follow_page(page=orchard, user=other)
    event = ProjectEvent.objects.get(project=orchard, kind="started")
    FollowNotification.objects.create(user=citizen, event=event)
    FollowNotification.objects.create(user=other, event=event)

    data = personal_data.export_personal_data(citizen)
    assert data["notifications"][0]["project"] == "Un verger partagé"

    personal_data.erase_personal_data(citizen)
    assert personal_data.export_personal_data(citizen) == {"notifications": []}
    assert FollowNotification.objects.filter(user=other).exists()
