import functools

import factory
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from factory.django import DjangoModelFactory

from .models import User

DEMO_PASSWORD = "agora-demo"  # noqa: S105 - documented demo/test password


def demo_password_hash() -> str:
    """DEMO_PASSWORD hashed with the hasher in force, once per process: hashing is slow
    by design (PBKDF2: a third of a second), and the demo creates dozens of accounts
    that share this documented password."""
    return _hash_for(settings.PASSWORD_HASHERS[0])


@functools.cache
def _hash_for(hasher: str) -> str:
    return make_password(DEMO_PASSWORD)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"citizen{n}@example.org")
    display_name = factory.Faker("name", locale="fr_FR")
    language = "fr"

    class Params:
        # UserFactory(confirmed=True): the person has followed the e-mail link,
        # so they may take part (`user.has_confirmed_email`).
        confirmed = factory.Trait(email_confirmed_at=factory.LazyFunction(timezone.now))

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        """UserFactory(password="…") sets that password; without one, the demo's."""
        if extracted is None:
            self.password = demo_password_hash()
        else:
            self.set_password(extracted)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*extracted)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class SuperuserFactory(UserFactory):
    is_staff = True
    is_superuser = True
