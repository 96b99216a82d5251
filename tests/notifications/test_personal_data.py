"""What the notifications app keeps about a person, exported and erased on request."""

import pytest

from consultations.factories import CitizenFactory
from notifications import personal_data, services
from notifications.models import Follow

pytestmark = pytest.mark.django_db


def test_follows_are_exported_and_erased(orchard, citizen):
    other = CitizenFactory()
    services.follow_page(page=orchard, user=citizen)
    services.follow_page(page=orchard, user=other)

    data = personal_data.export_personal_data(citizen)
    assert [follow["page"] for follow in data["follows"]] == ["Un verger partagé"]
    assert data["follows"][0]["url"] == "http://belval.localhost/fr/projets/verger/"

    personal_data.erase_personal_data(citizen)
    assert personal_data.export_personal_data(citizen) == {"follows": []}
    assert Follow.objects.filter(user=other).exists()
