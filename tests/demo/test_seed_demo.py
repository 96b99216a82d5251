import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from accounts.models import User
from home.models import StandardPage

pytestmark = pytest.mark.django_db


def test_demo_loads_two_translated_communes_and_is_rerunnable(client):
    call_command("seed_demo", verbosity=0)
    counts = (Page.objects.count(), Site.objects.count(), User.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (Page.objects.count(), Site.objects.count(), User.objects.count()) == counts

    assert set(Site.objects.values_list("hostname", flat=True)) == {
        "belval.localhost",
        "montclair.localhost",
    }
    assert Site.objects.get(is_default_site=True).hostname == "belval.localhost"

    french = StandardPage.objects.get(slug="participer")
    english = french.get_translation(
        french.get_translations().get(locale__language_code="en").locale
    )
    assert english.title == "How to take part"
    assert english.live
    # "Trois façons de donner votre avis": the page then gives three.
    assert french.intro.startswith("Trois façons")
    assert len([block for block in french.body if block.block_type == "heading"]) == 3

    belval = client.get("/en/", HTTP_HOST="belval.localhost")
    montclair = client.get("/en/", HTTP_HOST="montclair.localhost")
    assert "Belval is built with you" in belval.text
    assert "Montclair, together for tomorrow" in montclair.text
    assert "--accent: #1d4e89" in belval.text
    assert "--accent: #7a2e5c" in montclair.text

    for email in (
        "admin@agora.localhost",
        "editeur@belval.localhost",
        "moderateur@montclair.localhost",
    ):
        assert client.login(username=email, password="agora-demo"), email


def test_if_empty_skips_when_a_commune_exists(montclair):
    call_command("seed_demo", "--if-empty", verbosity=0)
    assert not Site.objects.filter(hostname="belval.localhost").exists()
