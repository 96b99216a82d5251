"""Comments written by a commune's staff on its behalf: marked as the commune's
answer; only the staff of that commune may mark them so."""

import re

import pytest

from consultations import services
from consultations.factories import CitizenFactory, CommentFactory, ProposalFactory
from consultations.models import Comment

from .helpers import CAPTCHA_OK, HOST, sub

pytestmark = pytest.mark.django_db

CHECKBOX = 'name="as_commune"'


def detail(page, proposal) -> str:
    return sub(page, "proposal", proposal.pk)


def get(client, url):
    return client.get(url, **HOST)


def past_the_captcha(person, page):
    """Past their first contributions, people comment from the page itself (no captcha)."""
    ProposalFactory.create_batch(3, page=page, author=person)
    return person


@pytest.fixture
def belval_staff(belval, consultation):
    staff = CitizenFactory(email="agent@belval.localhost", groups=[belval.moderators])
    return past_the_captcha(staff, consultation)


def post_comment(client, page, proposal, **data):
    return client.post(
        sub(page, "proposal_comments", proposal.pk),
        {"body": "Nous allons étudier cette idée.", **CAPTCHA_OK, **data},
        **HOST,
    )


@pytest.mark.parametrize("role", ["moderators", "editors"])
def test_the_communes_staff_answer_on_its_behalf(client, consultation, proposal, belval, role):
    staff = CitizenFactory(email=f"{role}@belval.localhost", groups=[getattr(belval, role)])
    past_the_captcha(staff, consultation)
    CommentFactory(page=consultation, proposal=proposal, body="Une question ?")
    client.force_login(staff)
    html = get(client, detail(consultation, proposal)).text
    assert html.count(CHECKBOX) == 2  # the new comment's form and the reply's
    assert "Publier au nom de la commune" in html

    assert post_comment(client, consultation, proposal, as_commune="on").status_code == 302
    answer = Comment.objects.get(body="Nous allons étudier cette idée.")
    assert answer.is_commune_answer
    post_comment(client, consultation, proposal, body="Un avis personnel.")
    assert not Comment.objects.get(body="Un avis personnel.").is_commune_answer

    client.logout()
    html = get(client, detail(consultation, proposal)).text
    article = re.search(
        rf'<article class="([^"]*)" id="comment-{answer.pk}">(.*?)</article>', html, re.S
    )
    assert "comment--commune" in article.group(1)
    # Said in words (read by screen readers too), not by a colour or an icon alone.
    assert "Réponse de la commune" in article.group(2)
    assert html.count("Réponse de la commune") == 1


def test_a_citizen_cannot_answer_for_the_commune(client, consultation, proposal, citizen):
    past_the_captcha(citizen, consultation)
    client.force_login(citizen)
    assert CHECKBOX not in get(client, detail(consultation, proposal)).text
    assert post_comment(client, consultation, proposal, as_commune="on").status_code == 302
    comment = Comment.objects.get()
    assert not comment.is_commune_answer  # the field is ignored
    assert "Réponse de la commune" not in get(client, detail(consultation, proposal)).text

    # The service refuses it too, and stores nothing.
    with pytest.raises(services.ParticipationRefused):
        services.add_comment(
            page=consultation, author=citizen, body="Au nom de la mairie", as_commune=True
        )
    assert Comment.objects.count() == 1


def test_another_communes_staff_cannot_answer_for_this_one(
    client, consultation, proposal, montclair
):
    other = CitizenFactory(email="agent@montclair.localhost", groups=[montclair.moderators])
    past_the_captcha(other, consultation)
    client.force_login(other)
    assert CHECKBOX not in get(client, detail(consultation, proposal)).text
    post_comment(client, consultation, proposal, as_commune="on")
    assert not Comment.objects.get().is_commune_answer
    with pytest.raises(services.ParticipationRefused):
        services.add_comment(
            page=consultation, author=other, body="Au nom de Montclair", as_commune=True
        )
    assert Comment.objects.count() == 1


def test_the_comment_page_offers_the_choice_to_staff_only(
    client, consultation, proposal, belval_staff, citizen
):
    """The form on its own page (after an error, or with a captcha) asks the same."""
    url = sub(consultation, "proposal_comments", proposal.pk)
    client.force_login(belval_staff)
    assert CHECKBOX in get(client, url).text
    response = client.post(url, {"body": "", "as_commune": "on", **CAPTCHA_OK}, **HOST)
    assert response.status_code == 400
    assert CHECKBOX in response.text
    client.force_login(citizen)
    assert CHECKBOX not in get(client, url).text


def test_the_choice_is_never_shared_through_the_cached_thread(
    client, consultation, proposal, belval_staff, citizen, settings
):
    """The thread's reply forms are a fragment shared by its readers: the staff's
    (with the choice) and the citizens' (without) are kept apart."""
    settings.AGORA_PAGE_CACHE = True
    past_the_captcha(citizen, consultation)
    CommentFactory(page=consultation, proposal=proposal, body="Une question ?")
    url = detail(consultation, proposal)
    for person, offered in ((citizen, False), (belval_staff, True), (citizen, False)):
        client.force_login(person)
        assert (CHECKBOX in get(client, url).text) is offered


def test_the_mark_is_shown_on_the_pages_own_comments_too(client, consultation, belval_staff):
    client.force_login(belval_staff)
    response = client.post(
        sub(consultation, "comments"),
        {"body": "La réunion publique aura lieu le 12 mars.", "as_commune": "on", **CAPTCHA_OK},
        **HOST,
    )
    assert response.status_code == 302
    assert Comment.objects.get().is_commune_answer
    client.logout()
    assert "Réponse de la commune" in get(client, consultation.url).text
