"""Property-based tests: random and hostile data posted to every public form and
route never causes a server error, and a refused submission stores nothing.

The Django test client raises any exception a view lets escape, so "never a 500"
is checked by every request; refusals (anything but a redirect after a POST) must
leave the database as it was.
"""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import User
from budget.factories import make_budget
from budget.models import Ballot
from consultations.factories import ProposalFactory
from consultations.models import Comment, Proposal, ProposalStatus, Support
from tests.strategies import XSS_PAYLOADS, form_data, hostile_text, number_text

from .conftest import HOST, rows, sub

pytestmark = pytest.mark.django_db

captcha = st.sampled_from(["PASSED", "", "wrong", "passed "])
boolean = st.sampled_from(["on", "", "true", "0", "yes", "\x00"])
files = st.builds(
    lambda name, content: SimpleUploadedFile(name, content),
    st.sampled_from(["a.png", "a.jpg", "a.svg", "a", "..\\..\\a.webp", "a" * 300 + ".png"]),
    st.binary(max_size=2_000),
)


@pytest.fixture(autouse=True)
def _generous_limits(settings):
    """The properties are about input, not about rate limits (tested apart)."""
    from core.ratelimit import DEFAULT_RATES

    settings.AGORA_RATE_LIMITS = dict.fromkeys(DEFAULT_RATES, "1000000/h")


def submit(client, url, data, *, files_ok=False):
    """POST `data`; on anything but a redirect, nothing may have been stored."""
    cache.clear()
    before = rows()
    response = client.post(url, data, **HOST)
    assert response.status_code < 500
    if response.status_code != 302:
        assert rows() == before, (url, data, response.status_code)
    return response


# Accounts -------------------------------------------------------------------------


@given(
    data=form_data(
        {
            "email": st.one_of(hostile_text, st.emails().map(str)),
            "display_name": hostile_text,
            "password1": hostile_text,
            "password2": hostile_text,
            "residence": st.one_of(number_text, st.just("other")),
            "birth_year": number_text,
            "accept_terms": boolean,
            "website": hostile_text,
            "captcha_0": hostile_text,
            "captcha_1": captcha,
        }
    )
)
def test_signup(client, belval, data):
    submit(client, reverse("accounts:signup"), data)


@given(data=form_data({"username": hostile_text, "password": hostile_text, "next": hostile_text}))
def test_login(client, belval, citizen, data):
    response = submit(client, reverse("accounts:login"), data)
    if response.status_code == 302:
        assert not response.url.startswith(("//", "http", "javascript"))
    client.logout()


@given(data=form_data({"email": st.one_of(hostile_text, st.emails().map(str))}))
def test_password_reset(client, belval, citizen, data):
    submit(client, reverse("accounts:password_reset"), data)


@given(
    data=form_data(
        {
            "display_name": hostile_text,
            "residence": st.one_of(number_text, st.just("other")),
            "birth_year": number_text,
            "language": st.one_of(hostile_text, st.sampled_from(["fr", "en", "xx"])),
        }
    )
)
def test_profile(client, belval, citizen, data):
    client.force_login(citizen)
    before = User.objects.values().get(pk=citizen.pk)
    response = submit(client, reverse("accounts:profile"), data)
    if response.status_code != 302:
        assert User.objects.values().get(pk=citizen.pk) == before


@given(data=form_data({"new_email": hostile_text, "current_password": hostile_text}))
def test_email_change(client, belval, citizen, data):
    client.force_login(citizen)
    email = User.objects.get(pk=citizen.pk).email
    response = submit(client, reverse("accounts:email_change"), data)
    if response.status_code != 302:
        assert User.objects.get(pk=citizen.pk).email == email


# Proposals ------------------------------------------------------------------------

PROPOSAL_FIELDS = {
    "title": hostile_text,
    "body": hostile_text,
    "category": number_text,
    "district": number_text,
    "location_label": hostile_text,
    "estimated_cost": number_text,
    "image_description": hostile_text,
    "show_author_name": boolean,
    "remove_image": boolean,
    "captcha_0": hostile_text,
    "captcha_1": captcha,
}


@given(data=form_data(PROPOSAL_FIELDS), image=st.none() | files)
def test_proposal_new(client, scene, data, image):
    client.force_login(scene.citizen)
    if image is not None:
        data = {**data, "image": image}
    response = submit(client, sub(scene.consultation, "proposal_new"), data)
    if response.status_code == 302:
        proposal = Proposal.objects.latest("pk")
        assert 0 < len(proposal.title) <= 140
        assert "\x00" not in proposal.title + proposal.body


@given(data=form_data(PROPOSAL_FIELDS), image=st.none() | files)
def test_proposal_edit(client, scene, data, image):
    client.force_login(scene.citizen)
    if image is not None:
        data = {**data, "image": image}
    before = Proposal.objects.values().get(pk=scene.proposal.pk)
    response = submit(client, sub(scene.consultation, "proposal_edit", scene.proposal.pk), data)
    if response.status_code != 302:
        assert Proposal.objects.values().get(pk=scene.proposal.pk) == before


@given(data=form_data({"action": hostile_text, "next": hostile_text}))
def test_support(client, scene, other_citizen, data):
    client.force_login(other_citizen)
    response = submit(client, sub(scene.consultation, "proposal_support", scene.proposal.pk), data)
    if response.status_code == 302:
        assert not response.url.startswith(("//", "http", "javascript"))
    scene.proposal.refresh_from_db()
    assert scene.proposal.support_count == Support.objects.filter(proposal=scene.proposal).count()


# Comments and reports ---------------------------------------------------------------


@given(
    data=form_data(
        {
            "body": hostile_text,
            "parent": number_text,
            "as_commune": boolean,
            "captcha_0": hostile_text,
            "captcha_1": captcha,
        }
    ),
    on_page=st.booleans(),
)
def test_comment(client, scene, other_citizen, data, on_page):
    client.force_login(other_citizen)
    url = (
        sub(scene.consultation, "comments")
        if on_page
        else sub(scene.consultation, "proposal_comments", scene.proposal.pk)
    )
    cache.clear()
    before = rows()
    response = client.post(url, data, **HOST)
    assert response.status_code in (302, 400, 403, 404)
    if response.status_code != 302:
        assert rows() == before
    # A citizen never speaks for the commune, whatever they send.
    assert not Comment.objects.filter(is_commune_answer=True).exists()
    # A GET with a hostile parent is a form or a 404, never an error.
    assert client.get(url, {"parent": data.get("parent", "")}, **HOST).status_code in (200, 404)


@given(
    data=form_data({"reason": st.one_of(hostile_text, st.just("spam")), "details": hostile_text})
)
def test_report(client, scene, other_citizen, data):
    client.force_login(other_citizen)
    submit(client, sub(scene.consultation, "proposal_report", scene.proposal.pk), data)
    submit(client, sub(scene.consultation, "comment_report", scene.comment.pk), data)


# Questionnaire ----------------------------------------------------------------------


@given(values=st.data())
def test_questionnaire(client, scene, values):
    from consultations.factories import CitizenFactory

    names = [field.clean_name for field in scene.questionnaire.form_fields.all()]
    fields = dict.fromkeys(names, st.one_of(hostile_text, number_text))
    fields[names[0]] = st.one_of(st.sampled_from(["Parfois", "Jamais"]), hostile_text)
    fields[names[1]] = st.one_of(st.sampled_from(["Des arbres", "Des bancs"]), hostile_text)
    data = values.draw(form_data({**fields, "extra": hostile_text}))
    client.force_login(CitizenFactory())
    submit(client, scene.questionnaire.url, data)


# Ballots ----------------------------------------------------------------------------


@given(projects=st.lists(number_text | st.sampled_from(["1", "2", "3"]), max_size=6))
def test_approval_ballot(client, scene, projects):
    client.force_login(scene.citizen)
    known = [str(project.pk) for project in scene.projects]
    data = {"projects": [known[int(p) - 1] if p in ("1", "2", "3") else p for p in projects]}
    submit(client, sub(scene.vote, "vote"), data)


@pytest.fixture
def points_budget(belval):
    page = make_budget(
        parent=belval.home,
        title="Budget à points",
        slug="budget-points",
        ballot_method="cumulative",
        total_points=10,
        max_points_per_project=5,
    )
    projects = [
        ProposalFactory(
            page=page, title=f"P{n}", status=ProposalStatus.ELIGIBLE, estimated_cost=Decimal(cost)
        )
        for n, cost in enumerate(("1000", "2000", "3000"))
    ]
    return page, projects


@given(
    points=st.dictionaries(
        st.one_of(st.sampled_from(["0", "1", "2"]), number_text), number_text, max_size=6
    ),
    projects=st.lists(number_text, max_size=3),
)
def test_cumulative_ballot(client, citizen, points_budget, points, projects):
    page, known = points_budget
    client.force_login(citizen)
    data = {
        f"points-{known[int(key)].pk if key in ('0', '1', '2') else key}": value
        for key, value in points.items()
    }
    if projects:
        data["projects"] = projects
    response = submit(client, sub(page, "vote"), data)
    if response.status_code == 302:
        ballot = Ballot.objects.get(page=page)
        given_points = [choice.points for choice in ballot.choices.all()]
        assert sum(given_points) <= 10
        assert all(0 < value <= 5 for value in given_points)


# Lists, filters and search (GET) ----------------------------------------------------


@given(
    query=form_data(
        {
            "category": number_text,
            "district": number_text,
            "status": hostile_text,
            "sort": st.one_of(hostile_text, st.sampled_from(["random", "supports", "comments"])),
            "seed": number_text,
            "page": number_text,
        }
    )
)
def test_proposal_list_filters(client, scene, query):
    response = client.get(sub(scene.consultation, "proposals"), query, **HOST)
    assert response.status_code in (200, 302)


@given(
    query=form_data(
        {
            "comments": number_text,
            "order": st.one_of(hostile_text, st.sampled_from(["oldest", "newest", "commune"])),
            "thread": number_text,
        }
    ),
    permalink=st.booleans(),
)
def test_comment_threads(client, scene, query, permalink):
    """Pages of comment threads, and a comment's permalink, whatever the query string."""
    if permalink:
        response = client.get(sub(scene.consultation, "comment", scene.comment.pk), query, **HOST)
        assert response.status_code == 302
    else:
        url = sub(scene.consultation, "proposal", scene.proposal.pk)
        assert client.get(url, query, **HOST).status_code == 200


@given(
    query=form_data(
        {"q": st.one_of(hostile_text, st.sampled_from(XSS_PAYLOADS)), "page": number_text}
    )
)
def test_search(client, scene, query):
    response = client.get("/fr/search/", query, **HOST)
    assert response.status_code == 200


@given(
    body=st.binary(max_size=3_000),
    content_type=st.sampled_from(
        [
            "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=latin-1",
            "application/x-www-form-urlencoded; charset=utf-16",
            "application/x-www-form-urlencoded; charset=no-such-charset",
            "multipart/form-data; boundary=xyz",
            "multipart/form-data",
            "application/json",
            "text/plain",
        ]
    ),
)
def test_raw_bodies_in_odd_encodings(client, scene, body, content_type):
    """Bytes that are no valid form at all, to every form: a clear refusal, stored nothing."""
    client.force_login(scene.citizen)
    for url in (
        sub(scene.consultation, "proposal_new"),
        sub(scene.consultation, "proposal_comments", scene.proposal.pk),
        sub(scene.vote, "vote"),
        reverse("accounts:profile"),
        scene.questionnaire.url,
    ):
        cache.clear()
        before = rows()
        response = client.generic("POST", url, body, content_type=content_type, **HOST)
        assert response.status_code < 500, url
        if response.status_code != 302:
            assert rows() == before, url
