import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.factories import UserFactory

STRONG_PASSWORD = "Velo-cargo-sous-la-pluie-42"  # the one in the signup_data fixture

pytestmark = pytest.mark.django_db
User = get_user_model()
SIGNUP = "/fr/accounts/signup/"


def test_signup_page_has_every_field_labelled(client, belval, montclair):
    response = client.get(SIGNUP)
    assert response.status_code == 200
    html = response.text
    for field in ("email", "display_name", "password1", "password2", "residence", "birth_year"):
        assert f'<label for="id_{field}">' in html
        assert f'id="id_{field}"' in html
    assert '<label for="id_captcha_1">' in html  # the answer box, not the hidden key
    assert 'name="csrfmiddlewaretoken"' in html
    # The communes of the install, by official name, plus "other".
    assert "Ville de Belval" in html
    assert "Commune de Montclair" in html
    assert 'value="other"' in html
    # The honeypot is out of sight and out of the tab order.
    assert 'class="form-honeypot" aria-hidden="true"' in html
    assert 'tabindex="-1"' in html
    assert 'autocomplete="off"' in html


def test_signup_stores_the_citizen_and_sends_one_confirmation(client, belval, signup_data):
    response = client.post(SIGNUP, signup_data())

    assert response.status_code == 302
    assert response.url == reverse("accounts:signup_done")
    user = User.objects.get(email="anne@example.org")
    assert user.display_name == "Anne du quartier"
    assert user.residence == belval.site
    assert user.birth_year == 1985
    assert user.language == "fr"
    assert user.is_active
    assert not user.has_confirmed_email
    assert user.terms_accepted_at is not None
    assert user.password != STRONG_PASSWORD
    assert user.check_password(STRONG_PASSWORD)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anne@example.org"]
    assert "/fr/accounts/confirm/" in message.body
    assert message.alternatives  # HTML version too
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_signup_email_is_in_the_language_of_the_page(client, belval, signup_data):
    client.post("/de/accounts/signup/", signup_data())

    user = User.objects.get(email="anne@example.org")
    assert user.language == "de"
    (message,) = mail.outbox
    with translation.override("de"):
        assert message.subject == gettext("Confirm your e-mail address")
    assert "http://testserver/de/accounts/confirm/" in message.body


def test_signup_with_other_residence_stores_none(client, belval, signup_data):
    client.post(SIGNUP, signup_data(residence="other"))
    assert User.objects.get(email="anne@example.org").residence is None


def test_signup_done_page_asks_to_check_the_mailbox(client, belval, signup_data):
    response = client.post(SIGNUP, signup_data(), follow=True)
    assert response.status_code == 200
    assert response.templates[0].name == "accounts/signup_done.html"


def _refused(client, data, field, message=None, url=SIGNUP):
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    if message:
        assert message in " ".join(str(error) for error in form.errors[field])
    # The message is next to its field and tied to the input.
    html = response.text
    assert f'id="id_{field}_error"' in html
    assert re.search(rf'<(input|select)[^>]*aria-describedby="[^"]*id_{field}_error', html)
    assert re.search(r'<(input|select)[^>]*aria-invalid="true"', html)
    assert not mail.outbox
    return response


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", None),
        ({"email": ""}, "email", None),
        ({"password2": "something-else-entirely-9"}, "password2", "do not match"),
        ({"password1": "12345678", "password2": "12345678"}, "password1", None),
        ({"password1": "short", "password2": "short"}, "password1", None),
        ({"password1": "anne@example.org", "password2": "anne@example.org"}, "password1", None),
        ({"display_name": ""}, "display_name", None),
        ({"display_name": "   "}, "display_name", None),
        ({"display_name": "x" * 61}, "display_name", None),
        ({"birth_year": "1899"}, "birth_year", "between 1900 and"),
        ({"birth_year": str(timezone.localdate().year + 1)}, "birth_year", "between 1900 and"),
        ({"birth_year": "abcd"}, "birth_year", "four digits"),
        ({"birth_year": ""}, "birth_year", None),
        ({"residence": "999999"}, "residence", "from the list"),
        ({"residence": ""}, "residence", None),
        ({"accept_terms": ""}, "accept_terms", "Accept the terms"),
        ({"captcha_1": "WRONG"}, "captcha", "do not match the image"),
    ],
)
def test_bad_input_is_refused_next_to_its_field(
    client, belval, signup_data, overrides, field, message
):
    # The English form, so that messages read as in the code.
    _refused(client, signup_data(**overrides), field, message, url="/en/accounts/signup/")
    assert not User.objects.exists()


def test_refused_form_keeps_what_was_typed_but_not_the_passwords(client, belval, signup_data):
    response = client.post(SIGNUP, signup_data(birth_year="1850"))
    html = response.text
    assert 'value="anne@example.org"' in html
    assert 'value="Anne du quartier"' in html
    assert STRONG_PASSWORD not in html
    assert 'role="alert"' in html


@pytest.mark.parametrize("email", ["paul@example.org", "PAUL@Example.ORG", "Paul@example.org"])
def test_an_address_already_used_in_any_case_gets_the_same_answer_as_a_new_one(
    client, belval, signup_data, email
):
    """The answer never tells whether an address has an account (log-in and reset
    do not either); the owner is told by e-mail, in their language."""
    UserFactory(email="paul@example.org", language="de", display_name="Paul")
    new = client.post(SIGNUP, signup_data(email="neu@example.org"), follow=True)
    mail.outbox.clear()
    taken = client.post(SIGNUP, signup_data(email=email), follow=True)

    assert taken.redirect_chain == new.redirect_chain == [(reverse("accounts:signup_done"), 302)]
    assert taken.templates[0].name == new.templates[0].name
    assert "existe déjà" not in taken.text
    assert User.objects.filter(email__iexact="paul@example.org").count() == 1
    (message,) = mail.outbox
    assert message.to == ["paul@example.org"]
    with translation.override("de"):
        assert message.subject == gettext(
            "Someone tried to create an account with your e-mail address"
        )
        assert gettext("Hello %(name)s,") % {"name": "Paul"} in message.body
    assert "http://testserver/de/accounts/login/" in message.body
    assert "http://testserver/de/accounts/password-reset/" in message.body
    assert "/accounts/confirm/" not in message.body


def test_a_taken_address_with_a_weak_password_gets_the_same_error_as_a_new_one(
    client, belval, signup_data
):
    UserFactory(email="paul@example.org")
    weak = {"password1": "azertyuiop", "password2": "azertyuiop"}
    new = client.post(SIGNUP, signup_data(email="neu@example.org", **weak))
    taken = client.post(SIGNUP, signup_data(email="paul@example.org", **weak))
    assert new.status_code == taken.status_code == 200
    assert dict(taken.context["form"].errors) == dict(new.context["form"].errors)
    assert list(taken.context["form"].errors) == ["password1"]
    assert not mail.outbox


def test_a_taken_address_is_told_at_most_three_times_an_hour(client, belval, signup_data):
    UserFactory(email="paul@example.org")
    for number in range(5):
        response = client.post(
            SIGNUP, signup_data(email="paul@example.org"), REMOTE_ADDR=f"192.0.2.{number}"
        )
        assert response.status_code == 302
        assert response.url == reverse("accounts:signup_done")
    assert len(mail.outbox) == 3


def test_a_deactivated_account_is_not_told(client, belval, signup_data):
    UserFactory(email="paul@example.org", is_active=False)
    response = client.post(SIGNUP, signup_data(email="paul@example.org"))
    assert response.url == reverse("accounts:signup_done")
    assert not mail.outbox


def test_wrong_captcha_stores_nothing(client, belval, signup_data):
    response = client.post("/en/accounts/signup/", signup_data(captcha_1="nope"))
    assert "The characters do not match the image" in response.text
    assert not User.objects.exists()


def test_filled_honeypot_looks_successful_but_stores_and_sends_nothing(client, belval, signup_data):
    response = client.post(SIGNUP, signup_data(website="http://cheap-pills.example"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:signup_done")
    assert not User.objects.exists()
    assert not mail.outbox


def test_a_signed_in_person_is_sent_to_their_profile(client, belval):
    client.force_login(UserFactory())
    response = client.get(SIGNUP)
    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")


def test_signups_are_rate_limited_per_ip(client, belval, signup_data, settings):
    for _attempt in range(20):
        client.post(SIGNUP, signup_data(email="", captcha_1="PASSED"))
    response = client.post(SIGNUP, signup_data())
    assert response.status_code == 429
    assert not User.objects.exists()
