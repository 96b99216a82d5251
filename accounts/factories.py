import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from .models import User

DEMO_PASSWORD = "agora-demo"  # noqa: S105 - documented demo/test password


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"citizen{n}@example.org")
    display_name = factory.Faker("name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", DEMO_PASSWORD)
    language = "fr"

    class Params:
        # UserFactory(confirmed=True): the person has followed the e-mail link,
        # so they may take part (`user.has_confirmed_email`).
        confirmed = factory.Trait(email_confirmed_at=factory.LazyFunction(timezone.now))

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
