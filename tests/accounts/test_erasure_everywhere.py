"""End to end: a citizen takes part in everything, deletes their account, and then no
public page, open-data file, results file, search result, admin screen or admin export
carries their name or e-mail address — while every count stays right."""

import io
import json
import zipfile
from urllib.parse import parse_qs, quote_plus, urlsplit

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from budget.models import Ballot
from consultations.models import Comment, Proposal, QuestionnaireSubmission
from tests.consultations.helpers import HOST, sub

from .participation import EMAIL, TRACES, build_world, take_part

pytestmark = pytest.mark.django_db
MODERATION_SCREENS = ("/admin/participation/", "/admin/budget/review/")


def body_text(response) -> str:
    """The response as text; spreadsheets are read cell by cell."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if content[:2] == b"PK":  # XLSX
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        cells = [
            str(cell)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        ]
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            cells += [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
        return "\n".join(cells)
    text = content.decode("utf-8", "replace")
    if response.get("Content-Type", "").startswith("application/json"):
        text += json.dumps(json.loads(text), ensure_ascii=False)
    return text


def traces_in(text: str) -> list[str]:
    lowered = text.lower()
    return [trace for trace in TRACES if trace.lower() in lowered]


def public_urls(world) -> list[str]:
    consultation, budget = world.consultation, world.budget
    urls = [
        "/fr/",
        consultation.url,
        sub(consultation, "proposals"),
        sub(consultation, "proposals") + "?sort=supports",
        consultation.url + "proposals/export.csv",
        world.questionnaire.url,
        budget.url,
        sub(budget, "proposals"),
        budget.url + "proposals/export.csv",
        sub(budget, "vote"),
        sub(budget, "results"),
        budget.url + "results.json",
        budget.url + "ballots.pb",
        "/fr/search/?q=Quatrevents",
        "/fr/search/?q=zebulon",
        f"/fr/search/?q={EMAIL}",
    ]
    for proposal in Proposal.objects.select_related("page"):
        page = consultation if proposal.page_id == consultation.pk else budget
        urls.append(sub(page, "proposal", proposal.pk))
    return urls


def admin_urls(world) -> list[str]:
    proposals = reverse("participation_proposals:index")
    comments = reverse("participation_comments:index")
    submissions = reverse("wagtailforms:list_submissions", args=[world.questionnaire.pk])
    urls = [
        reverse("wagtailadmin_home"),
        proposals,
        proposals + "?export=csv",
        proposals + "?export=xlsx",
        proposals + "?q=Quatrevents",
        comments,
        comments + "?export=csv",
        comments + "?export=xlsx",
        submissions,
        submissions + "?export=csv",
        submissions + "?export=xlsx",
        reverse("budget_paper:list", args=[world.budget.pk]),
        reverse("budget_review:index"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailimages:index"),
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_users:index") + "?q=Quatrevents",
    ]
    urls += [
        reverse("participation_proposals:inspect", args=[pk])
        for pk in Proposal.objects.values_list("pk", flat=True)
    ]
    urls += [
        reverse("participation_comments:inspect", args=[pk])
        for pk in Comment.objects.values_list("pk", flat=True)
    ]
    urls += [
        reverse("budget_review:review", args=[pk])
        for pk in Proposal.objects.filter(page=world.budget).values_list("pk", flat=True)
    ]
    return urls


def moderation_urls(world) -> list[str]:
    """The moderation screens and exports a commune's moderators work with."""
    return [url for url in admin_urls(world) if url.startswith(MODERATION_SCREENS)]


def crawl(client, urls, **extra) -> dict[str, list[str]]:
    """The traces found at each URL (every URL must answer 200).

    A search page repeats what was searched for: that echo is not a trace.
    """
    found = {}
    for url in urls:
        response = client.get(url, **extra)
        assert response.status_code == 200, (url, response.status_code)
        text = body_text(response)
        searched = parse_qs(urlsplit(url).query).get("q")
        if searched:
            text = text.replace(searched[0], "").replace(quote_plus(searched[0]), "")
        found[url] = traces_in(text)
    return found


def counts(client, world) -> dict:
    results = json.loads(client.get(world.budget.url + "results.json", **HOST).content)
    return {
        "ballots": results["ballots"],
        "scores": {project["id"]: project["score"] for project in results["projects"]},
        "answers": QuestionnaireSubmission.objects.count(),
    }


def assert_stored_counts_match_rows():
    for proposal in Proposal.objects.all():
        assert proposal.support_count == proposal.supports.count(), proposal
        visible = proposal.comments.filter(is_hidden=False, is_deleted=False).count()
        assert proposal.comment_count == visible, proposal


@pytest.fixture
def world(belval):
    return build_world(belval)


@pytest.fixture
def staff_clients(world, belval_moderator):
    superuser = Client()
    superuser.force_login(world.staff)
    moderator = Client()
    moderator.force_login(belval_moderator)
    return {"superuser": superuser, "moderator": moderator}


@pytest.mark.parametrize("delete_contributions", [False, True])
def test_no_trace_of_the_person_anywhere_after_deletion(
    client, world, staff_clients, delete_contributions
):
    take_part(client, world)
    visitor = Client()
    before = counts(visitor, world)

    # The crawl would see them: before deletion, their name is on pages and exports.
    seen = crawl(visitor, public_urls(world), **HOST)
    assert seen[world.consultation.url + "proposals/export.csv"]  # they chose open data
    assert any(seen.values())
    seen_by_staff = crawl(staff_clients["superuser"], admin_urls(world))
    assert seen_by_staff[reverse("participation_comments:index") + "?export=xlsx"]
    assert seen_by_staff[reverse("wagtailusers_users:index")]
    seen_by_moderator = crawl(staff_clients["moderator"], moderation_urls(world))
    assert seen_by_moderator[reverse("participation_proposals:index") + "?export=csv"]

    client.force_login(world.person)
    data = {"password": "agora-demo"}
    if delete_contributions:
        data["delete_contributions"] = "on"
    assert client.post("/fr/accounts/profile/delete/", data).status_code == 302

    marc = Client()
    marc.force_login(world.marc)
    for reader in (visitor, marc):
        found = crawl(reader, public_urls(world), **HOST)
        assert {url: traces for url, traces in found.items() if traces} == {}
    leaks = {
        url: found
        for url, found in crawl(staff_clients["superuser"], admin_urls(world)).items()
        if found
    }
    assert leaks == {}
    # The commune's moderators: the moderation screens and exports they work with.
    leaks = {
        url: found
        for url, found in crawl(staff_clients["moderator"], moderation_urls(world)).items()
        if found
    }
    assert leaks == {}

    # Ballots are still counted, and every stored count equals its rows.
    after = counts(visitor, world)
    assert after["ballots"] == before["ballots"] == {"online": 1, "paper": 0, "total": 1}
    assert after["scores"] == before["scores"]
    assert after["answers"] == before["answers"] - (1 if delete_contributions else 0)
    assert Ballot.objects.count() == 1
    assert_stored_counts_match_rows()
