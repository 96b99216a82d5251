"""Text people write for others to read must show something: a title, a name, a comment,
a report or an answer made only of zero-width characters, joiners or fillers is
refused with a clear message, and nothing is stored.

Every form of the project is found from the code: each of its text fields must be a
`core.text.CitizenCharField` (or be named below with the reason it is not), so that a
new form cannot forget the rule.
"""

import importlib
import pkgutil

import pytest
from django import forms
from django.contrib.auth.forms import UsernameField
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.factories import SuperuserFactory
from accounts.models import User
from consultations.models import Comment, Proposal, QuestionnaireSubmission, Report
from core.text import CitizenCharField, has_visible_text

from .conftest import CAPTCHA_OK, HOST, sub

pytestmark = pytest.mark.django_db

INVISIBLE = [
    "\u200b\u200d",  # zero-width space, zero-width joiner
    "\u200b \u2060\ufeff",  # with a space, a word joiner and a byte-order mark
    "\u3164\u115f",  # Hangul fillers, drawn as blanks
    "\u2800\u00ad",  # the empty Braille pattern, a soft hyphen
    "\u0301\u034f",  # a combining accent with nothing to sit on
    "\u202e\u200b",  # a bidirectional override (dropped) and a zero-width space
]
FRENCH_MESSAGE = "Ce texte ne contient aucun caractère visible"

PROJECT_APPS = ("core", "home", "accounts", "notifications", "consultations", "budget")
PROJECT_APPS += ("search", "projects", "accountability", "demo")

# Text fields that are not text for others to read, and why.
NOT_CITIZEN_TEXT = {
    ("SignupForm", "website"): "the honeypot, which people never see",
    ("PaperBallotForm", "voter_reference"): "an identity reference, stored as a keyed hash",
}


def _import_project_modules() -> None:
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in module.name or ".management" in module.name:
                continue
            importlib.import_module(module.name)


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def _text_fields():
    """(form, field name, field) for every text field declared by a project form."""
    _import_project_modules()
    found = []
    forms_seen = {
        form
        for form in _subclasses(forms.BaseForm)
        if form.__module__.split(".")[0] in PROJECT_APPS
    }
    for form in sorted(forms_seen, key=lambda form: (form.__module__, form.__qualname__)):
        for name, field in form.base_fields.items():
            if not isinstance(field, forms.CharField):
                continue
            if isinstance(field, forms.EmailField | forms.URLField | UsernameField):
                continue  # their own validation; addresses are never shown
            if isinstance(field.widget, forms.PasswordInput):
                continue  # secrets are taken as typed
            found.append((form, name, field))
    return found


TEXT_FIELDS = _text_fields()


def test_the_forms_are_found():
    names = {(form.__name__, name) for form, name, _field in TEXT_FIELDS}
    assert {
        ("ProposalForm", "title"),
        ("CommentForm", "body"),
        ("ReportForm", "details"),
        ("SignupForm", "display_name"),
        ("ProfileForm", "display_name"),
        ("AdminUserEditForm", "display_name"),
    } <= names
    assert set(NOT_CITIZEN_TEXT) <= names, "an exemption names a field that no longer exists"


@pytest.mark.parametrize(
    ("form", "name", "field"),
    [
        # Ids name the form and the field: the same in every parallel process.
        pytest.param(*case, id=f"{case[0].__module__}.{case[0].__qualname__}.{case[1]}")
        for case in TEXT_FIELDS
        if (case[0].__name__, case[1]) not in NOT_CITIZEN_TEXT
    ],
)
@pytest.mark.parametrize("text", INVISIBLE, ids=ascii)
def test_every_text_field_refuses_text_with_nothing_visible(form, name, field, text):
    assert isinstance(field, CitizenCharField), (
        f"{form.__module__}.{form.__name__}.{name} is a {type(field).__name__}: make it a "
        "CitizenCharField, or say in NOT_CITIZEN_TEXT why it is not text for others to read"
    )
    with pytest.raises(ValidationError) as refused:
        field.clean(text)
    assert FRENCH_MESSAGE in " ".join(refused.value.messages)


def test_the_questionnaires_free_text_questions_refuse_it_too(scene):
    form = scene.questionnaire.get_form(page=scene.questionnaire, user=scene.citizen)
    free_text = [field for field in form.fields.values() if isinstance(field, forms.CharField)]
    assert free_text
    for field in free_text:
        assert isinstance(field, CitizenCharField)
        with pytest.raises(ValidationError):
            field.clean("\u200b\u200d")


@pytest.mark.parametrize(
    "text",
    ["Des bancs", "👍", "👨\u200d👩\u200d👧", "?!", "42", "\u0627", "\u00e9", "e\u0301", "❤\ufe0f"],
    ids=ascii,
)
def test_short_visible_texts_are_welcome(text):
    assert has_visible_text(text)
    assert CitizenCharField().clean(text) == text


# Through the public pages: refused with the message, nothing stored ----------------------


def _proposal(scene, client, title):
    return client.post(
        sub(scene.consultation, "proposal_new"),
        {"title": title, "body": "Près de la gare.", "distinct": "1", **CAPTCHA_OK},
        **HOST,
    )


def _proposal_body(scene, client, body):
    return client.post(
        sub(scene.consultation, "proposal_new"),
        {"title": "Un abri vélo", "body": body, "distinct": "1", **CAPTCHA_OK},
        **HOST,
    )


def _comment(scene, client, body):
    return client.post(
        sub(scene.consultation, "proposal_comments", scene.proposal.pk),
        {"body": body, **CAPTCHA_OK},
        **HOST,
    )


def _report(scene, client, details):
    return client.post(
        sub(scene.consultation, "comment_report", scene.comment.pk),
        {"reason": "other", "details": details},
        **HOST,
    )


def _display_name(scene, client, name):
    return client.post(
        "/fr/accounts/profile/",
        {
            "display_name": name,
            "residence": str(scene.belval.site.pk),
            "birth_year": "1980",
            "language": "fr",
        },
    )


def _answer(scene, client, text):
    names = {field.label: field.clean_name for field in scene.questionnaire.form_fields.all()}
    return client.post(
        scene.questionnaire.url,
        {names["Venez-vous au marché ?"]: "Parfois", names["Une remarque ?"]: text},
        **HOST,
    )


def _stored(scene):
    return {
        "proposals": Proposal.objects.count(),
        "comments": Comment.objects.count(),
        "reports": Report.objects.count(),
        "answers": QuestionnaireSubmission.objects.count(),
        "names": sorted(User.objects.values_list("display_name", flat=True)),
    }


@pytest.mark.parametrize(
    "send", [_proposal, _proposal_body, _comment, _report, _display_name, _answer]
)
@pytest.mark.parametrize("text", INVISIBLE[:3], ids=ascii)
def test_invisible_text_is_refused_with_a_clear_message_and_nothing_stored(
    client, scene, other_citizen, send, text
):
    client.force_login(other_citizen)
    before = _stored(scene)
    response = send(scene, client, text)
    assert response.status_code in (200, 400), response.status_code
    assert FRENCH_MESSAGE in response.content.decode()
    assert _stored(scene) == before


def test_the_signup_refuses_an_invisible_display_name(client, belval):
    response = client.post(
        "/fr/accounts/signup/",
        {
            "email": "vide@example.org",
            "display_name": "\u200b\u200d",
            "password1": "Velo-cargo-sous-la-pluie-42",
            "password2": "Velo-cargo-sous-la-pluie-42",
            "residence": str(belval.site.pk),
            "birth_year": "1985",
            "accept_terms": "on",
            **CAPTCHA_OK,
            "website": "",
        },
    )
    assert response.status_code == 200
    assert FRENCH_MESSAGE in response.content.decode()
    assert not User.objects.filter(email="vide@example.org").exists()


def test_the_admin_refuses_an_invisible_display_name(client, belval, other_citizen):
    client.force_login(SuperuserFactory(email="admin@belval.localhost"))
    url = reverse("wagtailusers_users:edit", args=[other_citizen.pk])
    response = client.post(
        url,
        {
            "email": other_citizen.email,
            "display_name": "\u3164",
            "first_name": "",
            "last_name": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert FRENCH_MESSAGE in response.content.decode()
    other_citizen.refresh_from_db()
    assert other_citizen.display_name == "Paul"


def test_the_message_is_in_the_language_of_the_page(client, scene, other_citizen):
    client.force_login(other_citizen)
    response = client.post(
        "/de/accounts/profile/",
        {
            "display_name": "\u200b",
            "residence": str(scene.belval.site.pk),
            "birth_year": "1980",
            "language": "de",
        },
    )
    assert "Dieser Text enthält kein sichtbares Zeichen" in response.content.decode()
