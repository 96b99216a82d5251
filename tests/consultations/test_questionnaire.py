"""A consultation's questionnaire: one answer per citizen, the consultation's rules,
published aggregated results, staff access scoped to their commune."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from wagtail_localize.fields import SynchronizedField, TranslatableField, get_translatable_fields

from accounts.factories import UserFactory
from consultations import factories
from consultations.factories import CitizenFactory, make_consultation
from consultations.models import (
    ConsultationPhase,
    PhaseKind,
    QuestionnaireField,
    QuestionnairePage,
    QuestionnaireSubmission,
)
from consultations.questionnaire_services import (
    AlreadyAnswered,
    questionnaire_results,
    submit_questionnaire,
)
from consultations.services import ParticipationRefused

from .helpers import HOST

pytestmark = pytest.mark.django_db

VISITS = "Venez-vous au marché ?"
WISHES = "Que souhaitez-vous sur la place ?"
DISTRICT = "Votre quartier"
REMARK = "Une remarque ?"
THANKS = "Merci, vos réponses comptent pour la commune."
FORM = '<form method="post" novalidate>'  # the questionnaire's form (not the log-out form)


def fr(message: str, **params) -> str:
    """A UI string as the French page shows it (escaped as in HTML)."""
    with translation.override("fr"):
        text = translation.gettext(message)
    return escape(text % params if params else text)


def make_questionnaire(consultation, **fields) -> QuestionnairePage:
    defaults = {
        "title": "Questionnaire sur la place",
        "slug": "questionnaire",
        "intro": "Quelques questions avant les travaux.",
        "thank_you_text": THANKS,
    }
    return factories.make_questionnaire(
        consultation,
        questions=[
            (VISITS, "radio", "Chaque semaine\nParfois\nJamais", True),
            (WISHES, "checkboxes", "Des arbres\nDes bancs\nUne fontaine", False),
            (DISTRICT, "dropdown", "Centre, Nord, Sud", False),
            (REMARK, "multiline", "", False),
        ],
        **(defaults | fields),
    )


@pytest.fixture
def questionnaire(consultation):
    return make_questionnaire(consultation)


def names(page) -> dict[str, str]:
    return {field.label: field.clean_name for field in page.form_fields.all()}


def answers(page, visits="Chaque semaine", wishes=("Des arbres",), district="", remark=""):
    keys = names(page)
    return {
        keys[VISITS]: visits,
        keys[WISHES]: list(wishes),
        keys[DISTRICT]: district,
        keys[REMARK]: remark,
    }


def post_answers(client, page, **kwargs):
    return client.post(page.url, answers(page, **kwargs), **HOST)


def reach_results_phase(consultation):
    ConsultationPhase.objects.filter(page=consultation, kind=PhaseKind.RESULTS).update(
        start=timezone.localdate()
    )


RESULT_ROW = re.compile(
    r'<th scope="row">(?P<label>[^<]*)</th>\s*'
    r'<td class="questionnaire-results__count">(?P<count>\d+)</td>\s*'
    r'<td class="questionnaire-results__share">\s*'
    r'<span class="questionnaire-results__percent">(?P<percent>[^<]*)</span>'
)


def result_rows(html: str) -> list[tuple[str, int, str]]:
    return [
        (match["label"], int(match["count"]), match["percent"])
        for match in RESULT_ROW.finditer(html)
    ]


def percent(value: int) -> str:
    return fr("%(percent)s%%", percent=value)


# Answering -------------------------------------------------------------------


def test_a_citizen_answers_once_and_sees_the_thank_you_text(client, questionnaire, citizen):
    client.force_login(citizen)
    page = client.get(questionnaire.url, **HOST)
    assert page.status_code == 200
    assert FORM in page.text
    assert escape(VISITS) in page.text
    assert "<legend>" in page.text  # radio buttons and checkboxes are grouped in a fieldset

    response = post_answers(
        client, questionnaire, wishes=["Des arbres", "Des bancs"], remark="Ombre"
    )
    assert response.status_code == 302
    assert response["Location"] == questionnaire.url

    submission = QuestionnaireSubmission.objects.get()
    assert submission.page_id == questionnaire.pk
    assert submission.user == citizen
    keys = names(questionnaire)
    assert submission.form_data[keys[VISITS]] == "Chaque semaine"
    assert submission.form_data[keys[WISHES]] == ["Des arbres", "Des bancs"]
    assert submission.form_data[keys[REMARK]] == "Ombre"

    landing = client.get(response["Location"], **HOST)
    assert escape(THANKS) in landing.text
    assert "<form" not in landing.text.split('id="main"')[1]


def test_a_second_answer_is_refused_with_a_message_and_nothing_is_stored(
    client, questionnaire, citizen
):
    client.force_login(citizen)
    post_answers(client, questionnaire, visits="Parfois")
    response = post_answers(client, questionnaire, visits="Jamais")
    assert response.status_code == 302
    assert QuestionnaireSubmission.objects.count() == 1
    assert (
        QuestionnaireSubmission.objects.get().form_data[names(questionnaire)[VISITS]] == "Parfois"
    )
    followed = client.get(response["Location"], **HOST)
    assert fr("You have already answered — thank you.") in followed.text


def test_a_double_submit_stores_one_answer(questionnaire, citizen):
    data = answers(questionnaire)
    submit_questionnaire(page=questionnaire, user=citizen, data=data)
    with pytest.raises(AlreadyAnswered) as refusal:
        submit_questionnaire(page=questionnaire, user=citizen, data=data)
    assert "déjà répondu" in refusal.value.decision.reason
    assert QuestionnaireSubmission.objects.count() == 1


def test_anonymous_visitors_are_asked_to_log_in(client, questionnaire):
    page = client.get(questionnaire.url, **HOST)
    assert page.status_code == 200
    assert (
        '">Connectez-vous</a> ou <a href="/fr/accounts/signup/">créez un compte</a> '
        "pour participer."
    ) in page.text
    assert FORM not in page.text

    response = post_answers(client, questionnaire)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=" in response["Location"]
    assert not QuestionnaireSubmission.objects.exists()


@pytest.mark.parametrize(
    ("person", "reason"),
    [
        (lambda: UserFactory(birth_year=1980), fr("Confirm your e-mail address to take part.")),
        (
            lambda: CitizenFactory(birth_year=timezone.localdate().year - 12),
            fr("Taking part here is open from the age of %(age)s.", age=16),
        ),
    ],
    ids=["unconfirmed", "under-age"],
)
def test_citizens_the_consultation_does_not_allow_are_refused_with_the_reason(
    client, questionnaire, person, reason
):
    client.force_login(person())
    page = client.get(questionnaire.url, **HOST)
    assert reason in page.text
    assert FORM not in page.text
    response = post_answers(client, questionnaire)
    assert response.status_code == 403
    assert reason in response.text
    assert not QuestionnaireSubmission.objects.exists()


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"visits": ""}, "Champ requis"),
        ({"visits": "Tous les jours"}, "Sélectionnez un choix valide"),
        ({"wishes": ["Un parking"]}, "Sélectionnez un choix valide"),
        ({"district": "Ouest"}, "Sélectionnez un choix valide"),
    ],
)
def test_bad_input_shows_errors_next_to_the_fields_and_stores_nothing(
    client, questionnaire, citizen, change, error
):
    client.force_login(citizen)
    response = post_answers(client, questionnaire, **change)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert len(errors) == 1
    (field,) = errors
    assert error in " ".join(errors[field])
    # The error list is tied to the input (or to the fieldset of a group of choices).
    error_list = re.search(rf'<ul class="[^"]*errors?" id="(id_{field}[^"]*)"', response.text)
    assert error_list, response.text
    assert re.search(rf'aria-describedby="[^"]*\b{error_list[1]}\b', response.text)
    assert 'role="alert"' in response.text
    assert not QuestionnaireSubmission.objects.exists()


def test_the_service_validates_its_data_too(questionnaire, citizen):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        submit_questionnaire(
            page=questionnaire, user=citizen, data=answers(questionnaire, visits="Tous les jours")
        )
    assert not QuestionnaireSubmission.objects.exists()


def test_answering_is_not_open_before_the_consultation(client, belval, citizen):
    future = make_consultation(
        parent=belval.home,
        slug="bientot",
        phases=((PhaseKind.INFORMATION, 5, 10), (PhaseKind.PROPOSALS, 11, 20)),
    )
    page = make_questionnaire(future)
    client.force_login(citizen)
    assert FORM not in client.get(page.url, **HOST).text
    with pytest.raises(ParticipationRefused):
        submit_questionnaire(page=page, user=citizen, data=answers(page))


# Results ---------------------------------------------------------------------


def test_results_phase_closes_answers_and_publishes_aggregated_results(
    client, consultation, questionnaire, citizen
):
    submit_questionnaire(
        page=questionnaire,
        user=citizen,
        data=answers(questionnaire, wishes=["Des arbres", "Des bancs"], remark="Plus d'ombre SVP"),
    )
    submit_questionnaire(
        page=questionnaire, user=CitizenFactory(), data=answers(questionnaire, district="Nord")
    )
    submit_questionnaire(
        page=questionnaire,
        user=CitizenFactory(),
        data=answers(questionnaire, visits="Parfois", wishes=[]),
    )
    assert "questionnaire-results" not in client.get(questionnaire.url, **HOST).text

    reach_results_phase(consultation)
    late = CitizenFactory()
    client.force_login(late)
    page = client.get(questionnaire.url, **HOST)
    assert FORM not in page.text
    assert (
        fr("This questionnaire is closed: the consultation has published its results.") in page.text
    )
    rows = result_rows(page.text)
    assert rows == [
        # Radio: 3 answers.
        ("Chaque semaine", 2, percent(67)),
        ("Parfois", 1, percent(33)),
        ("Jamais", 0, percent(0)),
        # Checkboxes: 2 people ticked something; shares are of them.
        ("Des arbres", 2, percent(100)),
        ("Des bancs", 1, percent(50)),
        ("Une fontaine", 0, percent(0)),
        # Drop-down: 1 answer.
        ("Centre", 0, percent(0)),
        ("Nord", 1, percent(100)),
        ("Sud", 0, percent(0)),
    ]
    assert page.text.count("<caption>") == 3
    assert 'aria-hidden="true" focusable="false"><rect width="66.7%"' in page.text
    assert escape("Plus d'ombre SVP") not in page.text  # free text is never published
    assert escape(REMARK) not in page.text.split("questionnaire-results")[1]

    response = post_answers(client, questionnaire)
    assert response.status_code == 403
    assert QuestionnaireSubmission.objects.count() == 3

    consultation_page = client.get(consultation.url, **HOST)
    assert consultation_page.status_code == 200
    assert result_rows(consultation_page.text) == rows
    assert escape(questionnaire.title) in consultation_page.text


def test_citizens_who_answered_see_the_results_with_their_thanks(
    client, consultation, questionnaire, citizen
):
    submit_questionnaire(page=questionnaire, user=citizen, data=answers(questionnaire))
    reach_results_phase(consultation)
    client.force_login(citizen)
    page = client.get(questionnaire.url, **HOST)
    assert escape(THANKS) in page.text
    assert ("Chaque semaine", 1, percent(100)) in result_rows(page.text)


def test_the_open_consultation_links_to_its_questionnaire(client, consultation, questionnaire):
    page = client.get(consultation.url, **HOST)
    assert f'href="{questionnaire.url}"' in page.text
    assert "questionnaire-results" not in page.text


def test_results_take_two_queries(questionnaire, citizen, django_assert_max_num_queries):
    submit_questionnaire(page=questionnaire, user=citizen, data=answers(questionnaire))
    page = QuestionnairePage.objects.get(pk=questionnaire.pk)
    page.source_page  # noqa: B018 - resolved once per request
    with django_assert_max_num_queries(2):
        results = questionnaire_results(page)
    assert results.answers == 1
    assert [question.label for question in results.questions] == [VISITS, WISHES, DISTRICT]


# Translations ----------------------------------------------------------------


def test_questions_are_translatable_and_their_keys_synchronised():
    fields = {field.field_name: field for field in get_translatable_fields(QuestionnaireField)}
    for name in ("label", "help_text", "choices", "default_value"):
        assert isinstance(fields[name], TranslatableField)
    assert isinstance(fields["clean_name"], SynchronizedField)
    page_fields = {field.field_name: field for field in get_translatable_fields(QuestionnairePage)}
    assert isinstance(page_fields["form_fields"], TranslatableField)


def test_translations_share_one_set_of_answers_in_the_source_values(
    client, consultation, questionnaire, citizen
):
    from home.services import translate_page

    translate_page(
        page=consultation,
        language="en",
        strings={
            consultation.title: "Market square",
            consultation.slug: "market-square",
            consultation.intro: "Have your say.",
        },
    )
    english = translate_page(
        page=questionnaire,
        language="en",
        strings={
            questionnaire.title: "Market square survey",
            questionnaire.slug: "survey",
            questionnaire.intro: "A few questions.",
            THANKS: "Thank you.",
            VISITS: "Do you come to the market?",
            WISHES: "What would you like on the square?",
            DISTRICT: "Your district",
            REMARK: "A remark?",
            "Chaque semaine<br/>Parfois<br/>Jamais": "Every week<br/>Sometimes<br/>Never",
            "Des arbres<br/>Des bancs<br/>Une fontaine": "Trees<br/>Benches<br/>A fountain",
            "Centre, Nord, Sud": "Centre, North, South",
        },
    ).specific
    assert english.source_page.pk == questionnaire.pk

    client.force_login(citizen)
    form_page = client.get(english.url, **HOST)
    assert "Do you come to the market?" in form_page.text
    assert "Sometimes" in form_page.text
    keys = names(english)
    assert keys == {
        "Do you come to the market?": names(questionnaire)[VISITS],
        "What would you like on the square?": names(questionnaire)[WISHES],
        "Your district": names(questionnaire)[DISTRICT],
        "A remark?": names(questionnaire)[REMARK],
    }
    # Options submit their source-language values; the labels are translated.
    response = client.post(
        english.url,
        {
            keys["Do you come to the market?"]: "Parfois",
            keys["What would you like on the square?"]: ["Des bancs"],
        },
        **HOST,
    )
    assert response.status_code == 302
    submission = QuestionnaireSubmission.objects.get()
    assert submission.page_id == questionnaire.pk
    assert submission.form_data[keys["Do you come to the market?"]] == "Parfois"

    # Answered in one language means answered in all.
    assert escape(THANKS) in client.get(questionnaire.url, **HOST).text
    post_answers(client, questionnaire)
    assert QuestionnaireSubmission.objects.count() == 1

    results = questionnaire_results(english)
    assert [(option.label, option.count) for option in results.questions[0].options] == [
        ("Every week", 0),
        ("Sometimes", 1),
        ("Never", 0),
    ]


def test_an_answer_to_a_translation_behind_its_source_is_refused_and_not_stored(
    client, consultation, citizen
):
    """The source page gained a required question its translation lacks yet: the
    answer given on the translation is refused on the page, not half stored."""
    from home.services import translate_page

    source = factories.make_questionnaire(
        consultation, title="Sondage", slug="sondage", questions=[(VISITS, "singleline", "", True)]
    )
    translate_page(
        page=consultation,
        language="en",
        strings={
            consultation.title: "Market square",
            consultation.slug: "market-square",
            consultation.intro: "Have your say.",
        },
    )
    english = translate_page(
        page=source,
        language="en",
        strings={"Sondage": "Survey", "sondage": "survey", VISITS: "Do you come?"},
    ).specific
    QuestionnaireField.objects.create(
        page=source, locale=source.locale, label=REMARK, field_type="singleline", required=True
    )

    client.force_login(citizen)
    response = client.post(english.url, {names(english)["Do you come?"]: "Oui"}, **HOST)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'role="alert"' in response.text
    assert not QuestionnaireSubmission.objects.exists()


# Staff -------------------------------------------------------------------------


@pytest.fixture
def answered(questionnaire, citizen):
    submit_questionnaire(
        page=questionnaire, user=citizen, data=answers(questionnaire, remark="Une réponse libre")
    )
    return questionnaire


def submissions_url(page, **query):
    url = reverse("wagtailforms:list_submissions", args=[page.pk])
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def test_an_editor_of_the_commune_lists_and_exports_the_answers_without_personal_data(
    client, answered, belval_editor, citizen
):
    client.force_login(belval_editor)
    forms_index = client.get(reverse("wagtailforms:index"))
    assert forms_index.status_code == 200
    assert escape(answered.title) in forms_index.text

    listing = client.get(submissions_url(answered))
    assert listing.status_code == 200
    assert "Une réponse libre" in listing.text
    assert citizen.email not in listing.text

    assert citizen.display_name not in listing.text

    xlsx = client.get(submissions_url(answered, export="xlsx"))
    assert xlsx.status_code == 200
    assert ".xlsx" in xlsx["Content-Disposition"]
    workbook = b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content
    assert workbook.startswith(b"PK")  # a zip archive, written without error
    csv = b"".join(client.get(submissions_url(answered, export="csv")).streaming_content).decode()
    assert "Une réponse libre" in csv
    assert "Chaque semaine" in csv
    assert "@" not in csv
    assert citizen.display_name not in csv


def refused(response) -> bool:
    """Wagtail's admin answers a permission error with a redirect to its dashboard."""
    if response.status_code == 302:
        return response["Location"] == reverse("wagtailadmin_home")
    return response.status_code in (403, 404)


def test_an_editor_of_another_commune_cannot_see_the_answers(client, answered, montclair):
    editor = UserFactory(email="editeur@montclair.localhost", groups=[montclair.editors])
    client.force_login(editor)
    forms_index = client.get(reverse("wagtailforms:index"))
    assert forms_index.status_code == 200
    assert escape(answered.title) not in forms_index.text
    for url in (
        submissions_url(answered),
        submissions_url(answered, export="csv"),
        submissions_url(answered, export="xlsx"),
    ):
        response = client.get(url)
        assert refused(response), (url, response.status_code)
        assert "Une réponse libre".encode() not in getattr(response, "content", b"")
    delete = client.post(
        reverse("wagtailforms:delete_submissions", args=[answered.pk])
        + f"?selected-submissions={QuestionnaireSubmission.objects.get().pk}"
    )
    assert refused(delete)
    assert QuestionnaireSubmission.objects.count() == 1


def test_a_questionnaire_belongs_under_a_consultation():
    from home.models import HomePage, StandardPage

    assert QuestionnairePage.can_exist_under(
        __import__("consultations.models", fromlist=["ConsultationPage"]).ConsultationPage()
    )
    assert not QuestionnairePage.can_exist_under(HomePage())
    assert not QuestionnairePage.can_exist_under(StandardPage())


def test_editors_cannot_ask_for_e_mail_addresses():
    choices = {value for value, _label in QuestionnaireField._meta.get_field("field_type").choices}
    assert "email" not in choices
    assert "hidden" not in choices
    assert {"radio", "checkboxes", "dropdown", "multiselect", "multiline"} <= choices


def test_an_answer_in_the_past_is_kept_when_its_author_deletes_their_account(answered, citizen):
    citizen.delete()
    submission = QuestionnaireSubmission.objects.get()
    assert submission.user is None
    assert timezone.now() - submission.submit_time < timedelta(minutes=5)


def test_editors_build_questionnaires_in_the_page_editor(client, answered, belval_editor):
    client.force_login(belval_editor)
    add = reverse(
        "wagtailadmin_pages:add",
        args=["consultations", "questionnairepage", answered.get_parent().pk],
    )
    assert client.get(add).status_code == 200
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[answered.pk]))
    assert edit.status_code == 200
    assert reverse("wagtailforms:list_submissions", args=[answered.pk]) in edit.text


@pytest.mark.parametrize("mode", ["form", "landing"])
def test_previews_render(answered, belval_editor, rf, mode):
    request = rf.get("/", HTTP_HOST="belval.localhost")
    request.user = belval_editor
    response = answered.make_preview_request(request, mode)
    assert response.status_code == 200
    if mode == "form":
        assert escape(VISITS) in response.content.decode()
    else:
        assert escape(THANKS) in response.content.decode()
