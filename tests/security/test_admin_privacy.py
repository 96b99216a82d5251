"""The admin answers its own 404s and calls no third party for avatars."""

import pytest

from accounts.factories import SuperuserFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/admin/no-such-screen/",
        "/admin/pages/0/edit/",
        "/admin/no-such-screen/deeper/",
        "/documents/999999/nothing.pdf",
        "/captcha/no-such-thing/",
    ],
)
def test_an_unknown_url_outside_the_language_prefix_answers_404(client, belval, path):
    client.force_login(SuperuserFactory())
    response = client.get(path)
    assert response.status_code == 404
    assert "Location" not in response


def test_visitors_are_asked_to_log_in_first(client, belval):
    response = client.get("/admin/no-such-screen/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_public_urls_without_a_language_still_get_one(client, belval):
    response = client.get("/accounts/login/")
    assert response.status_code == 302
    assert response["Location"] == "/fr/accounts/login/"


def test_the_admin_shows_no_gravatar(client, belval):
    admin = SuperuserFactory(email="maire@belval.example.org")
    UserFactory(email="agent@belval.example.org")
    client.force_login(admin)
    for path in ("/admin/", "/admin/users/", "/admin/account/"):
        html = client.get(path).text
        assert "gravatar" not in html, path
        assert "default-user-avatar" in html, path
