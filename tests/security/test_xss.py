"""Stored and reflected XSS: citizen text, submitted through the public forms, is
shown as text on every page, file and e-mail where it appears."""

import csv
import io
import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from budget.pabulib import parse_pabulib
from consultations.models import Comment, Proposal, QuestionnaireSubmission, Report
from core.text import strip_controls
from search.query import parse as parse_search
from tests.strategies import MARKER, XSS_PAYLOADS

from .conftest import CAPTCHA_OK, HOST, sub
from .html import offences

pytestmark = pytest.mark.django_db

SPECIAL = set("<>\"'&")
# As stored: bidirectional overrides and control characters are dropped on input.
STORED = [strip_controls(payload).strip() for payload in XSS_PAYLOADS]


def assert_inert(html: str, payloads=XSS_PAYLOADS, *, shown=True, where=""):
    """None of `payloads` is active in `html`: no script, handler or script URL of
    theirs, never their raw text; and, if `shown`, each appears escaped as text."""
    found = offences(html)
    for kind in ("inline_scripts", "handlers", "script_urls", "style_attributes"):
        active = [item for item in getattr(found, kind) if MARKER in item.lower()]
        assert active == [], (where, kind, active)
    for payload in payloads:
        if SPECIAL & set(payload):
            assert payload not in html, (where, payload)
        if shown:
            assert escape(payload) in html or escape(payload).replace("&#x27;", "&#39;") in html, (
                where,
                payload,
            )


@pytest.fixture
def no_rate_limits(settings):
    from core.ratelimit import DEFAULT_RATES

    settings.AGORA_RATE_LIMITS = dict.fromkeys(DEFAULT_RATES, "100000/h")


def submit_proposals(client, scene, payloads=XSS_PAYLOADS):
    """One proposal per payload, its title, description and place all hostile."""
    client.force_login(scene.citizen)
    for payload in payloads:
        response = client.post(
            sub(scene.consultation, "proposal_new"),
            {
                "title": payload,
                "body": f"{payload}\n\n{payload}",
                "location_label": payload,
                # Payloads look alike: confirm past the "did you mean…?" step.
                "distinct": "1",
                **CAPTCHA_OK,
            },
            **HOST,
        )
        assert response.status_code == 302, response.content[:500]
    return list(Proposal.objects.filter(title__in=[strip_controls(p).strip() for p in payloads]))


def test_proposal_text_is_inert_everywhere_it_is_shown(
    client, scene, other_citizen, no_rate_limits
):
    proposals = submit_proposals(client, scene)
    assert len(proposals) == len(XSS_PAYLOADS)
    assert_inert(client.get(scene.consultation.url, **HOST).text, STORED[-6:], where="page")
    listing = sub(scene.consultation, "proposals")
    assert_inert(client.get(listing, **HOST).text, STORED, where="list")
    for proposal in proposals:
        detail = sub(scene.consultation, "proposal", proposal.pk)
        assert_inert(client.get(detail, **HOST).text, [proposal.title], where="detail")
        edit = sub(scene.consultation, "proposal_edit", proposal.pk)
        assert_inert(client.get(edit, **HOST).text, [proposal.title], where="edit form")
    # Another citizen reports one: the report form quotes it.
    reported = proposals[0]
    report = sub(scene.consultation, "proposal_report", reported.pk)
    client.force_login(other_citizen)
    assert_inert(client.get(report, **HOST).text, [reported.title], where="report")


def test_comment_text_is_inert(client, scene, other_citizen, no_rate_limits):
    client.force_login(other_citizen)
    target = sub(scene.consultation, "proposal_comments", scene.proposal.pk)
    for payload in XSS_PAYLOADS:
        response = client.post(target, {"body": payload, **CAPTCHA_OK}, **HOST)
        assert response.status_code == 302
    # Page comments too.
    client.post(sub(scene.consultation, "comments"), {"body": XSS_PAYLOADS[0]}, **HOST)
    assert Comment.objects.filter(body__in=STORED).count() == len(XSS_PAYLOADS) + 1
    detail = sub(scene.consultation, "proposal", scene.proposal.pk)
    assert_inert(client.get(detail, **HOST).text, STORED, where="detail")
    assert_inert(client.get(scene.consultation.url, **HOST).text, STORED[:1], where="page")
    # Replying quotes the parent; reporting quotes the comment.
    for comment in Comment.objects.filter(body__in=STORED)[:5]:
        reply = f"{target}?parent={comment.pk}"
        assert_inert(client.get(reply, **HOST).text, [comment.body], where="reply")
        client.force_login(scene.citizen)
        report = sub(scene.consultation, "comment_report", comment.pk)
        assert_inert(client.get(report, **HOST).text, [comment.body], where="report")
        client.force_login(other_citizen)


def test_display_names_are_inert(client, scene, no_rate_limits):
    """A citizen renames themselves with each payload; their proposal and comment show it."""
    client.force_login(scene.citizen)
    scene.comment.author = scene.citizen
    scene.comment.save()
    detail = sub(scene.consultation, "proposal", scene.proposal.pk)
    for payload in XSS_PAYLOADS:
        response = client.post(
            reverse("accounts:profile"),
            {"display_name": payload, "residence": "other", "language": "fr"},
            **HOST,
        )
        assert response.status_code == 302, payload
        scene.citizen.refresh_from_db()
        assert scene.citizen.display_name == strip_controls(payload).strip()
        name = scene.citizen.display_name
        assert_inert(client.get(detail, **HOST).text, [name], where="detail")
        assert_inert(client.get(reverse("accounts:profile"), **HOST).text, [name], where="profile")
        listing = sub(scene.consultation, "proposals")
        assert_inert(client.get(listing, **HOST).text, [name], where="list")


def test_display_names_are_inert_in_the_confirmation_email(client, belval):
    for number, payload in enumerate(XSS_PAYLOADS):
        client.post(
            reverse("accounts:signup"),
            {
                "email": f"person{number}@example.org",
                "display_name": payload,
                "password1": "un mot de passe solide",
                "password2": "un mot de passe solide",
                "residence": "other",
                "birth_year": "1980",
                "accept_terms": "on",
                **CAPTCHA_OK,
            },
            **HOST,
        )
        client.logout()
    assert len(mail.outbox) == len(XSS_PAYLOADS)
    for message, payload in zip(mail.outbox, STORED, strict=True):
        (html, mimetype) = message.alternatives[0]
        assert mimetype == "text/html"
        assert_inert(html, [payload], where="e-mail")
        assert "\n" not in message.subject


def test_search_queries_are_reflected_as_text(client, scene):
    for payload in XSS_PAYLOADS:
        response = client.get("/fr/search/", {"q": payload}, **HOST)
        assert response.status_code == 200
        # The query is shown in the title and the search box, as text.
        assert_inert(response.text, [payload], shown=False, where="search")
        assert escape(parse_search(payload).text) in response.text


def test_query_string_values_are_escaped_in_filter_and_pagination_links(client, scene):
    from consultations.factories import ProposalFactory

    ProposalFactory.create_batch(21, page=scene.consultation)
    listing = sub(scene.consultation, "proposals")
    for payload in XSS_PAYLOADS:
        query = {"sort": payload, "status": payload, "category": payload, payload: payload}
        response = client.get(listing, {**query, "page": "2"}, **HOST)
        assert response.status_code == 200
        assert_inert(response.text, [payload], shown=False, where="filters")
        # The pagination link and the log-in link keep the value, URL-encoded.
        assert 'rel="prev"' in response.text


def test_questionnaire_answers_are_inert_for_staff(client, scene, belval_editor, no_rate_limits):
    from consultations.factories import CitizenFactory

    fields = {field.label: field.clean_name for field in scene.questionnaire.form_fields.all()}
    for number, payload in enumerate(XSS_PAYLOADS):
        client.force_login(CitizenFactory(email=f"q{number}@example.org"))
        response = client.post(
            scene.questionnaire.url,
            {fields["Venez-vous au marché ?"]: "Parfois", fields["Une remarque ?"]: payload},
            **HOST,
        )
        assert response.status_code == 302, response.content[:300]
    assert QuestionnaireSubmission.objects.count() == len(XSS_PAYLOADS)
    client.force_login(belval_editor)
    listing = reverse("wagtailforms:list_submissions", args=[scene.questionnaire.pk])
    response = client.get(listing)
    assert response.status_code == 200
    assert_inert(response.text, shown=False, where="admin submissions")
    # The spreadsheet export opens without running anything either.
    export = client.get(listing + "?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]


def test_moderation_screens_show_contributions_as_text(
    client, scene, other_citizen, belval_moderator, no_rate_limits
):
    proposals = submit_proposals(client, scene, XSS_PAYLOADS[:6])
    client.force_login(other_citizen)
    for proposal in proposals:
        client.post(
            sub(scene.consultation, "proposal_report", proposal.pk),
            {"reason": "spam", "details": proposal.title},
            **HOST,
        )
        client.post(
            sub(scene.consultation, "proposal_comments", proposal.pk),
            {"body": proposal.title, **CAPTCHA_OK},
            **HOST,
        )
    assert Report.objects.count() == len(proposals)
    client.force_login(belval_moderator)
    payloads = XSS_PAYLOADS[:6]
    pages = {
        "admin proposals": reverse("participation_proposals:index"),
        "admin comments": reverse("participation_comments:index"),
        "admin proposal search": reverse("participation_proposals:index") + "?q=%3Cscript%3E",
    }
    for proposal in proposals:
        pages[f"admin inspect {proposal.pk}"] = reverse(
            "participation_proposals:inspect", args=[proposal.pk]
        )
    for comment in Comment.objects.filter(body__in=STORED[:6]):
        pages[f"admin comment {comment.pk}"] = reverse(
            "participation_comments:inspect", args=[comment.pk]
        )
    for where, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, where
        assert_inert(response.text, payloads, shown=False, where=where)


def test_budget_pages_and_files_keep_project_titles_as_text(client, scene, belval_moderator):
    from tests.budget.results_helpers import add_ballot, add_projects

    projects = add_projects(scene.results, dict.fromkeys(XSS_PAYLOADS, "1000"))
    add_ballot(scene.results, list(projects.values())[:5])
    for project in scene.projects:
        project.title = XSS_PAYLOADS[project.pk % len(XSS_PAYLOADS)]
        project.save()
    client.force_login(scene.citizen)
    assert_inert(client.get(sub(scene.results, "results"), **HOST).text, where="results")
    titles = [project.title for project in scene.projects]
    assert_inert(client.get(sub(scene.vote, "vote"), **HOST).text, titles, where="ballot")

    data = client.get(sub(scene.results, "results_json"), **HOST)
    assert data["Content-Type"].startswith("application/json")
    assert data["X-Content-Type-Options"] == "nosniff"
    published = {project["title"] for project in json.loads(data.content)["projects"]}
    assert set(XSS_PAYLOADS) <= published

    ballots = client.get(sub(scene.results, "ballots_pb"), **HOST)
    content = b"".join(ballots.streaming_content) if ballots.streaming else ballots.content
    parsed = parse_pabulib(content)
    assert set(XSS_PAYLOADS) <= {project.name for project in parsed.projects}
    assert len(parsed.votes) == 3  # a title cannot add or hide a ballot

    client.force_login(belval_moderator)
    review = reverse("budget_review:index") + f"?page={scene.vote.pk}"
    assert_inert(client.get(review).text, titles, shown=False, where="admin review")


def test_the_open_data_csv_neutralises_formulas(client, scene, no_rate_limits):
    formulas = ['=HYPERLINK("http://evil.example","clic")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]
    submit_proposals(client, scene, formulas)
    export = client.get(sub(scene.consultation, "proposals_export"), **HOST)
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    titles = [row[1] for row in rows[1:]]
    assert all(title[:1] not in "=+-@\t" for title in titles)
    assert '\'=HYPERLINK("http://evil.example","clic")' in titles


def test_direction_overrides_and_control_characters_are_dropped(client, scene, no_rate_limits):
    """ "Anne\u202eeniluoM" would read as "AnneMouline"-like spoofs and turn the
    text after it around; a bell or an escape sequence has no place in a name."""
    client.force_login(scene.citizen)
    response = client.post(
        reverse("accounts:profile"),
        {
            "display_name": "Anne\u202eeniluoM\x07\x1b[31m",
            "birth_year": scene.citizen.birth_year or "",
            "residence": "other",
            "language": "fr",
        },
        **HOST,
    )
    assert response.status_code == 302
    scene.citizen.refresh_from_db()
    assert scene.citizen.display_name == "AnneeniluoM[31m"
    submit_proposals(client, scene, ["Titre\u2066 isolé\u2069"])
    client.post(
        sub(scene.consultation, "proposal_new"),
        {"title": "Bancs", "body": "Ligne 1\r\nLigne 2\u202e\x00", "distinct": "1", **CAPTCHA_OK},
        **HOST,
    )
    assert Proposal.objects.filter(title="Titre isolé").exists()
    assert Proposal.objects.get(title="Bancs").body == "Ligne 1\nLigne 2"
    # Emoji keep their joiners.
    assert strip_controls("👩\u200d🔧") == "👩\u200d🔧"
