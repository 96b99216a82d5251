"""`make run PORT=…`: the demo's communes follow the port they are served on."""

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Site

from home.factories import make_commune

pytestmark = pytest.mark.django_db


def test_the_demo_communes_move_to_the_port_and_others_stay(belval):
    """Belval stands for a demo commune loaded on port 80 (as the fixture builds it);
    a commune that is not the demo's keeps its port."""
    other = make_commune(name="Autreville", hostname="autreville.example", port=8443)
    call_command("seed_demo", "--if-empty", "--port", "8101", verbosity=0)
    assert Site.objects.get(hostname="belval.localhost").port == 8101
    assert Site.objects.get(pk=other.site.pk).port == 8443
    # Nothing else was loaded: communes existed.
    assert not Site.objects.filter(hostname="montclair.localhost").exists()


def test_links_and_e_mails_use_the_new_port(belval, client):
    call_command("seed_demo", "--if-empty", "--port", "8101", verbosity=0)
    assert belval.home.get_full_url().startswith("http://belval.localhost:8101/")
    # The site is found on the new port, with the page links relative to it.
    response = client.get("/fr/", HTTP_HOST="belval.localhost:8101")
    assert response.status_code == 200
    assert "belval.localhost:80" not in response.text


@pytest.mark.parametrize("port", ["0", "70000"])
def test_a_port_out_of_range_is_refused(db, port):
    with pytest.raises(CommandError, match="between 1 and 65535"):
        call_command("seed_demo", "--port", port, verbosity=0)
    assert not Site.objects.exclude(hostname="localhost").exists()
