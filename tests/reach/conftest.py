"""Belval with a page of every kind people share or print, some of them translated,
and Montclair beside it with a consultation of its own."""

import html
import re
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from budget.factories import make_budget
from consultations.factories import ProposalFactory, make_consultation
from home.factories import StandardPageFactory
from home.services import translate_page
from projects.factories import make_project, make_project_index, milestones
from projects.models import ProjectImage

BELVAL = {"HTTP_HOST": "belval.localhost"}
MONTCLAIR = {"HTTP_HOST": "montclair.localhost"}
BELVAL_ROOT = "http://belval.localhost"


def path_of(page) -> str:
    """The page's path (`page.url` is absolute once there are several communes)."""
    return urlsplit(page.url).path


def sub(page, name, *args) -> str:
    return path_of(page) + page.reverse_subpage(name, args=args or None)


def head_of(response) -> str:
    return response.text.split("</head>")[0]


def meta(response, name: str) -> list[str]:
    """The values of `<meta property|name="name">` in the page's head, unescaped."""
    pattern = rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)">'
    return [html.unescape(value) for value in re.findall(pattern, head_of(response))]


def make_image(title="Photo", **fields):
    return get_image_model().objects.create(
        title=title, file=get_test_image_file(size=(1600, 900)), **fields
    )


@pytest.fixture
def place(belval, montclair):
    consultation = make_consultation(
        parent=belval.home,
        title="Aménagement de la place du marché",
        slug="place-du-marche",
        intro="La place du marché sera réaménagée en 2027. Proposez vos idées.",
    )
    consultation_en = translate_page(
        page=consultation,
        language="en",
        strings={
            consultation.title: "Market square",
            consultation.slug: "market-square",
            consultation.intro: "The market square is redesigned in 2027. Share your ideas.",
        },
    ).specific
    proposal = ProposalFactory(
        page=consultation, title="Des arbres & des bancs ?", body="De l'ombre pour l'été."
    )
    budget = make_budget(parent=belval.home, title="Budget participatif 2027", slug="budget-2027")
    index = make_project_index(parent=belval.home, title="Projets")
    project = make_project(
        index=index,
        title="La place refaite",
        slug="place-refaite",
        summary="Les travaux de la place, étape par étape.",
        milestones=milestones(
            (-30, "Études", True), (40, "Début des travaux", False), (120, "Inauguration", False)
        ),
    )
    ProjectImage.objects.create(
        page=project,
        locale=project.locale,
        image=make_image("Chantier"),
        alt_text="La place pendant les travaux",
    )
    standard = StandardPageFactory(
        parent=belval.home, title="Mentions légales", slug="mentions", intro="Qui publie ce site."
    )
    standard.save_revision().publish()
    draft = make_consultation(parent=belval.home, title="Brouillon", slug="brouillon")
    draft.unpublish()
    elsewhere = make_consultation(
        parent=montclair.home, title="Des bancs à Montclair", slug="bancs"
    )
    return SimpleNamespace(
        belval=belval,
        montclair=montclair,
        consultation=consultation,
        consultation_en=consultation_en,
        proposal=proposal,
        budget=budget,
        index=index,
        project=project,
        standard=standard,
        draft=draft,
        elsewhere=elsewhere,
    )
