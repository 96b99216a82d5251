import itertools

import factory
import wagtail_factories

from .models import HomePage, StandardPage
from .services import Commune, create_commune

_commune_numbers = itertools.count(1)


def make_commune(*, name: str | None = None, hostname: str | None = None, **kwargs) -> Commune:
    """A commune set up exactly as `create_commune` does in production."""
    number = next(_commune_numbers)
    name = name or f"Commune {number}"
    hostname = hostname or f"commune{number}.localhost"
    kwargs.setdefault("languages", ["fr", "en"])
    return create_commune(name=name, hostname=hostname, **kwargs)


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Faker("sentence", nb_words=3, locale="fr_FR")
    intro = factory.Faker("paragraph", locale="fr_FR")
    live = True


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = factory.Faker("city", locale="fr_FR")
    hero_title = factory.SelfAttribute("title")
    live = True
