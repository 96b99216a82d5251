import pytest
from django.contrib.auth import authenticate, get_user_model
from django.db import IntegrityError
from django.urls import reverse

from accounts.factories import DEMO_PASSWORD, SuperuserFactory, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_email_is_the_login_and_display_name_is_public():
    user = User.objects.create_user(
        email="Anne@Example.org", password="s3cret-pass", display_name="Anne B."
    )
    assert user.email == "Anne@example.org"  # domain normalised
    assert str(user) == "Anne B."
    assert user.get_short_name() == "Anne B."
    assert authenticate(username="anne@example.org", password="s3cret-pass") == user


def test_email_is_unique_whatever_its_case():
    UserFactory(email="paul@example.org")
    with pytest.raises(IntegrityError):
        User.objects.create_user(email="PAUL@example.org", password="x", display_name="Paul")


def test_admin_can_create_a_user_with_a_display_name(client):
    client.force_login(SuperuserFactory(email="root@example.org"))
    add_url = reverse("wagtailusers_users:add")
    form = client.get(add_url)
    assert 'name="display_name"' in form.text

    response = client.post(
        add_url,
        {
            "email": "claire@example.org",
            "display_name": "Claire du quartier",
            "first_name": "",
            "last_name": "",
            "password1": "a-Long-pass-phrase-42",
            "password2": "a-Long-pass-phrase-42",
        },
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    user = User.objects.get(email="claire@example.org")
    assert user.display_name == "Claire du quartier"
    assert user.check_password("a-Long-pass-phrase-42")


def test_admin_user_form_requires_a_display_name(client):
    client.force_login(SuperuserFactory(email="root@example.org"))
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "x@example.org",
            "display_name": "",
            "password1": "a-Long-pass-phrase-42",
            "password2": "a-Long-pass-phrase-42",
        },
    )
    assert response.status_code == 200
    assert "display_name" in response.context["form"].errors
    assert not User.objects.filter(email="x@example.org").exists()


def test_factory_users_can_log_in_with_the_demo_password(client):
    user = UserFactory()
    assert client.login(username=user.email, password=DEMO_PASSWORD)
