import pytest
from django.urls import reverse

from accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _account_menu(html: str) -> str:
    start = html.index('<nav class="account-menu"')
    return html[start : html.index("</nav>", start)]


def test_visitors_see_log_in_and_sign_up(client, belval):
    response = client.get("/fr/")
    assert response.status_code == 200
    menu = _account_menu(response.text)
    assert 'aria-label="' in menu
    assert f'href="{reverse("accounts:login")}?next=/fr/"' in menu
    assert f'href="{reverse("accounts:signup")}"' in menu
    assert reverse("accounts:logout") not in menu


def test_signed_in_people_see_their_name_profile_and_a_logout_button(client, belval):
    client.force_login(UserFactory(display_name="Anne du quartier"))
    menu = _account_menu(client.get("/fr/").text)
    assert "Anne du quartier" in menu
    assert f'href="{reverse("accounts:profile")}"' in menu
    assert f'<form method="post" action="{reverse("accounts:logout")}">' in menu
    assert 'name="csrfmiddlewaretoken"' in menu
    assert reverse("accounts:signup") not in menu


def test_account_menu_is_on_account_pages_too(client, belval):
    menu = _account_menu(client.get(reverse("accounts:login")).text)
    assert "?next=" not in menu  # no loop back to the log-in page
