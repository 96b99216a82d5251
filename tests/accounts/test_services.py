import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError

from accounts import services
from accounts.factories import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def _register(**overrides):
    kwargs = {
        "email": "anne@example.org",
        "password": "Velo-cargo-sous-la-pluie-42",
        "display_name": "Anne",
        "residence": None,
        "birth_year": 1990,
        "language": "fr",
    }
    kwargs.update(overrides)
    return services.register_citizen(**kwargs)


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"email": "nope"}, "email"),
        ({"display_name": " "}, "display_name"),
        ({"display_name": "z" * 61}, "display_name"),
        ({"birth_year": 1899}, "birth_year"),
        ({"birth_year": 3000}, "birth_year"),
        ({"password": "123"}, "password"),
        ({"residence": "belval"}, "residence"),
        ({"language": "xx"}, "language"),
    ],
)
def test_register_citizen_validates_its_input(db, overrides, key):
    with pytest.raises(ValidationError) as error:
        _register(**overrides)
    assert key in error.value.message_dict
    assert not User.objects.exists()
    assert not mail.outbox


def test_register_citizen_stores_nothing_for_a_taken_address_and_tells_its_owner(db):
    owner = UserFactory(email="anne@example.org", language="nl")
    assert _register(email="Anne@EXAMPLE.org") is None
    assert list(User.objects.all()) == [owner]
    (message,) = mail.outbox
    assert message.to == ["anne@example.org"]
    assert "/nl/accounts/login/" in message.body


def test_register_citizen_tells_the_owner_when_it_loses_a_race(db, monkeypatch):
    """Another sign-up with the address commits between the check and the insert."""
    real_filter = User.objects.filter
    calls = []

    def filter_missing_the_first_time(*args, **kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            UserFactory(email="anne@example.org")
            return User.objects.none()
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(User.objects, "filter", filter_missing_the_first_time)
    assert _register(email="anne@example.org") is None
    monkeypatch.undo()
    assert User.objects.filter(email__iexact="anne@example.org").count() == 1
    assert len(mail.outbox) == 1


def test_update_profile_leaves_the_instance_untouched_when_refused(db):
    user = UserFactory(display_name="Anne", birth_year=1980)
    with pytest.raises(ValidationError):
        services.update_profile(
            user=user, display_name="", residence=None, birth_year=1980, language="fr"
        )
    assert user.display_name == "Anne"
