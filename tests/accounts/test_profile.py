import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.factories import DEMO_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
PROFILE = "/fr/accounts/profile/"


def _profile_data(site, **overrides):
    data = {
        "display_name": "Anne B.",
        "residence": str(site.pk),
        "birth_year": "1970",
        "language": "de",
    }
    data.update(overrides)
    return data


def test_profile_requires_login(client, belval):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_profile_shows_the_current_values_and_the_email_status(client, belval):
    user = UserFactory(display_name="Anne", residence=belval.site, birth_year=1980)
    client.force_login(user)
    response = client.get(PROFILE)
    html = response.text
    assert user.email in html
    assert 'value="Anne"' in html
    assert f'<option value="{belval.site.pk}" selected>' in html
    assert 'value="1980"' in html
    assert 'class="status status--pending"' in html
    assert reverse("accounts:resend_confirmation") in html
    assert reverse("accounts:data_export") in html
    assert reverse("accounts:account_delete") in html


def test_confirmed_profile_has_no_resend_button(client, belval):
    client.force_login(UserFactory(confirmed=True))
    html = client.get(PROFILE).text
    assert 'class="status status--ok"' in html
    assert reverse("accounts:resend_confirmation") not in html


def test_profile_edit_saves(client, belval, montclair):
    user = UserFactory(display_name="Anne", residence=belval.site, birth_year=1980)
    client.force_login(user)

    response = client.post(PROFILE, _profile_data(montclair.site))

    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")
    user.refresh_from_db()
    assert user.display_name == "Anne B."
    assert user.residence == montclair.site
    assert user.birth_year == 1970
    assert user.language == "de"


def test_profile_can_say_other_residence_and_no_birth_year(client, belval):
    user = UserFactory(residence=belval.site, birth_year=1980)
    client.force_login(user)
    client.post(PROFILE, _profile_data(belval.site, residence="other", birth_year=""))
    user.refresh_from_db()
    assert user.residence is None
    assert user.birth_year is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"display_name": ""}, "display_name"),
        ({"display_name": "y" * 61}, "display_name"),
        ({"birth_year": "1800"}, "birth_year"),
        ({"birth_year": str(timezone.localdate().year + 1)}, "birth_year"),
        ({"residence": "424242"}, "residence"),
        ({"language": "xx"}, "language"),
    ],
)
def test_profile_edit_validates(client, belval, overrides, field):
    user = UserFactory(display_name="Anne", birth_year=1980, language="fr")
    client.force_login(user)
    response = client.post(PROFILE, _profile_data(belval.site, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.text
    user.refresh_from_db()
    assert (user.display_name, user.birth_year, user.language) == ("Anne", 1980, "fr")
    # The header still shows the saved name, not the refused one.
    assert "Anne</li>" in response.text


def test_email_change_needs_the_password_and_reconfirmation(client, belval):
    user = UserFactory(email="anne@example.org", confirmed=True)
    client.force_login(user)
    url = reverse("accounts:email_change")

    refused = client.post(url, {"new_email": "anne@new.example", "current_password": "wrong"})
    assert "current_password" in refused.context["form"].errors
    assert not mail.outbox

    response = client.post(
        url, {"new_email": "anne@new.example", "current_password": DEMO_PASSWORD}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "anne@new.example"
    assert not user.has_confirmed_email
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["anne@example.org", "anne@new.example"]
    confirmation = next(m for m in mail.outbox if m.to == ["anne@new.example"])
    assert "/fr/accounts/confirm/" in confirmation.body


def test_email_change_refuses_an_address_in_use(client, belval):
    UserFactory(email="paul@example.org")
    user = UserFactory(email="anne@example.org")
    client.force_login(user)
    response = client.post(
        reverse("accounts:email_change"),
        {"new_email": "PAUL@example.org", "current_password": DEMO_PASSWORD},
    )
    assert "new_email" in response.context["form"].errors
    user.refresh_from_db()
    assert user.email == "anne@example.org"
    assert not mail.outbox


def test_password_change(client, belval):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": DEMO_PASSWORD,
            "new_password1": "Encore-un-autre-secret-31",
            "new_password2": "Encore-un-autre-secret-31",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Encore-un-autre-secret-31")
    assert "_auth_user_id" in client.session  # still logged in
