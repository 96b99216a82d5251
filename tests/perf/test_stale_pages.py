"""Stored pages and shared fragments never outlive what they show.

A citizen takes part everywhere; every public page that can show it is read (and
stored) by an anonymous visitor and by a signed-in citizen (who gets the shared
fragments); then the person's data changes — their account is erased, with or
without their contributions, their display name changes, a moderator hides what
they wrote — and the same pages, read again at once, must no longer show it.

The pages are found from the code: every sub-route of each participation page
type (with each proposal and comment as argument), the commune's pages, search
and the project pages that cite proposals. The rows pages show are found from the
code too: every model pointing to a page or to a proposal must be watched by the
page cache (core.page_rows) or say why its rows are never shown.
"""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client
from django.urls import reverse
from modelcluster.fields import ParentalKey
from wagtail.models import Page

from consultations.models import Comment, Proposal
from core import page_rows
from core.pagecache import HEADER
from projects.factories import make_project, make_project_index
from tests.accounts.participation import NAME, build_world, take_part
from tests.consultations.helpers import HOST, sub

ROOT = Path(__file__).resolve().parents[2]
PROJECT_APPS = ("core", "home", "accounts", "notifications", "consultations", "budget")
PROJECT_APPS += ("search", "projects", "accountability", "demo")
NEW_NAME = "Capucine Renommée"
# The person's name as pages write it (HTML-escaped or not), in any letter case.
TRACES = ("quatrevents", "zébulon", "z&#233;bulon")


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.AGORA_PAGE_CACHE = True


# The pages, from the code -------------------------------------------------------------


def _route_urls(page, proposals, comments) -> list[str]:
    """Every GET-able sub-route of `page`, once per proposal or comment it takes."""
    urls = []
    for pattern in page.specific_class.get_subpage_urls():
        arguments = re.findall(r"<(?:\w+:)?(\w+)>", str(pattern.pattern))
        if not arguments:
            urls.append(page.url + page.reverse_subpage(pattern.name))
        elif arguments == ["proposal_id"]:
            urls += [page.url + page.reverse_subpage(pattern.name, args=[p]) for p in proposals]
        elif arguments == ["comment_id"]:
            urls += [page.url + page.reverse_subpage(pattern.name, args=[c]) for c in comments]
        else:
            raise AssertionError(f"{pattern.name}: arguments {arguments} not known here")
    return urls


def public_urls(world) -> list[str]:
    urls = ["/fr/", world.project_index.url, world.project.url, world.questionnaire.url]
    urls += ["/fr/search/?q=fontaine", "/fr/search/?q=marché", "/fr/search/?q=composteur"]
    for page in (world.consultation, world.budget):
        proposals = Proposal.objects.filter(page=page).values_list("pk", flat=True)
        comments = Comment.objects.filter(page=page).values_list("pk", flat=True)
        urls += _route_urls(page, proposals, comments)
    return urls


def crawl(client, urls) -> dict[str, tuple[int, list[str]]]:
    """Each URL's status, and the person's traces in it when it answers 200."""
    found = {}
    for url in urls:
        response = client.get(url, **HOST)
        text = ""
        if response.status_code == 200:
            text = response.content.decode("utf-8", "replace").lower()
        found[url] = (response.status_code, [trace for trace in TRACES if trace in text])
    return found


def shown(found) -> dict[str, list[str]]:
    return {url: traces for url, (_status, traces) in found.items() if traces}


@pytest.fixture
def world(belval, client):
    world = build_world(belval)
    made = take_part(client, world)
    world.project_index = make_project_index(parent=belval.home, title="Projets")
    world.project = make_project(
        index=world.project_index, title="Projet de la place", proposals=[made.open_proposal]
    )
    world.made = made
    world.visitor = Client()
    world.reader = Client()
    world.reader.force_login(world.marc)
    world.urls = public_urls(world)
    return world


def read_everything(world) -> SimpleNamespace:
    """Every page, as a visitor (whose pages are stored) and as a signed-in reader
    (who gets the shared fragments)."""
    seen = SimpleNamespace(visitor=crawl(world.visitor, world.urls))
    seen.reader = crawl(world.reader, world.urls)
    detail = sub(world.consultation, "proposal", world.made.open_proposal.pk)
    assert world.visitor.get(detail, **HOST)[HEADER] == "hit"
    return seen


# Erasure --------------------------------------------------------------------------------


@pytest.mark.parametrize("delete_contributions", [False, True], ids=["keep", "delete"])
def test_an_erased_person_is_gone_from_every_stored_page_at_once(
    world, client, delete_contributions, django_capture_on_commit_callbacks
):
    before = read_everything(world)
    assert shown(before.visitor), "the person should show before"
    assert shown(before.reader)

    client.force_login(world.person)
    data = {"password": "agora-demo"}
    if delete_contributions:
        data["delete_contributions"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/fr/accounts/profile/delete/", data).status_code == 302

    after = SimpleNamespace(visitor=crawl(world.visitor, world.urls))
    after.reader = crawl(world.reader, world.urls)
    assert shown(after.visitor) == {}
    assert shown(after.reader) == {}
    if delete_contributions:
        gone = sub(world.consultation, "proposal", world.made.open_proposal.pk)
        assert after.visitor[gone][0] == 404
        assert after.reader[gone][0] == 404
        assert "eau potable" not in world.visitor.get(world.project.url, **HOST).text


def test_an_account_deleted_by_an_administrator_is_gone_too(
    world, client, django_capture_on_commit_callbacks
):
    before = read_everything(world)
    assert shown(before.visitor)
    client.force_login(world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailusers_users:delete", args=[world.person.pk]))
    assert response.status_code == 302
    assert shown(crawl(world.visitor, world.urls)) == {}
    assert shown(crawl(world.reader, world.urls)) == {}


# Other changes to what pages show --------------------------------------------------------


def _new_name_in_profile(world, client):
    client.force_login(world.person)
    data = {
        "display_name": NEW_NAME,
        "residence": str(world.belval.site.pk),
        "birth_year": "1980",
        "language": "fr",
    }
    assert client.post("/fr/accounts/profile/", data).status_code == 302


def _new_name_in_admin(world, client):
    client.force_login(world.staff)
    url = reverse("wagtailusers_users:edit", args=[world.person.pk])
    data = {
        "email": world.person.email,
        "display_name": NEW_NAME,
        "first_name": "",
        "last_name": "",
        "is_active": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:500]


def _hide_their_proposal(world, client):
    client.force_login(world.staff)
    url = reverse("participation_proposals:hide", args=[world.made.open_proposal.pk])
    assert client.post(url, {"reason": "Données personnelles"}).status_code == 302


def _hide_their_comments(world, client):
    client.force_login(world.staff)
    for comment in (world.made.comment, world.made.reply, world.made.page_comment):
        url = reverse("participation_comments:hide", args=[comment.pk])
        assert client.post(url, {"reason": "Hors sujet"}).status_code == 302


def _they_delete_their_comments(world, client):
    client.force_login(world.person)
    for comment in (world.made.comment, world.made.reply, world.made.page_comment):
        url = sub(world.consultation, "comment_delete", comment.pk)
        assert client.post(url, **HOST).status_code == 302


def _detail(world):
    return sub(world.consultation, "proposal", world.made.open_proposal.pk)


def _commented(world):
    return sub(world.consultation, "proposal", world.marc_proposal.pk)


# Each change, the text that must disappear from every page (lower case, as written in
# HTML and in the CSV files), and pages that show it before (besides others).
CHANGES = {
    "display name, profile": (
        _new_name_in_profile,
        "quatrevents",
        [_detail, _commented, lambda w: w.consultation.url + "proposals/export.csv"],
    ),
    "display name, admin": (_new_name_in_admin, "quatrevents", [_detail, _commented]),
    "moderator hides a proposal": (
        _hide_their_proposal,
        "eau potable",
        [_detail, lambda w: w.project.url, lambda w: "/fr/search/?q=fontaine"],
    ),
    "moderator hides comments": (_hide_their_comments, "ombre surtout", [_commented]),
    "author deletes comments": (_they_delete_their_comments, "ombre surtout", [_commented]),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_change_reaches_every_stored_page_at_once(
    world, client, change, django_capture_on_commit_callbacks
):
    make_change, text, pages = CHANGES[change]

    def showing(reader) -> set[str]:
        found = set()
        for url in world.urls:
            response = reader.get(url, **HOST)
            # Some sub-routes answer images (a poster's QR code): read as in `crawl`.
            content = response.content.decode("utf-8", "replace").lower()
            if response.status_code == 200 and text in content:
                found.add(url)
        return found

    before = showing(world.visitor)
    assert {page(world) for page in pages} <= before
    assert showing(world.reader)
    with django_capture_on_commit_callbacks(execute=True):
        make_change(world, client)
    assert showing(world.visitor) == set()
    assert showing(world.reader) == set()


def test_a_new_display_name_shows_at_once(world, client, django_capture_on_commit_callbacks):
    detail = sub(world.consultation, "proposal", world.made.open_proposal.pk)
    world.visitor.get(detail, **HOST)
    assert world.visitor.get(detail, **HOST)[HEADER] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        _new_name_in_profile(world, client)
    assert NEW_NAME in world.visitor.get(detail, **HOST).text
    assert NAME not in world.visitor.get(detail, **HOST).text


def test_a_login_leaves_the_stored_pages_alone(world, client, django_capture_on_commit_callbacks):
    detail = sub(world.consultation, "proposal", world.made.open_proposal.pk)
    world.visitor.get(detail, **HOST)
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(world.person)  # saves the time of the last log-in
    assert world.visitor.get(detail, **HOST)[HEADER] == "hit"


# The rows pages show, and the fragments they are cached in, from the code --------------

# Models pointing to a page or a proposal whose rows are not watched as a page's rows,
# and why.
NOT_SHOWN = {
    "home.CommuneSettings": "the commune's settings: its site generation (home.signal_handlers)",
    "consultations.Report": "moderators only; hiding after reports saves the proposal",
    "budget.Ballot": "counted in live results, under the ballots generation; never named",
    "budget.BallotChoice": "counted in live results, under the ballots generation",
    "notifications.Follow": "a person's own: pages show only their own follow button",
    "projects.ProjectEvent": "the news e-mailed to followers",
    "projects.ProjectOrigin": (
        "the project's own content, published with it; the project page depends on "
        "the pages of the proposals it cites (projects.views)"
    ),
}
# Person fields of watched rows that pages never show next to them, and why.
PEOPLE_NOT_SHOWN = {
    "consultations.Proposal.hidden_by": "the moderator, shown to moderators only",
    "consultations.Comment.hidden_by": "the moderator, shown to moderators only",
    "consultations.StatusChange.author": "the staff member, shown to staff only",
    "consultations.Support.user": "supports are shown as a count",
    "consultations.QuestionnaireSubmission.user": "answers are shown as counts, never by whom",
    "budget.ProjectReview.reviewed_by": "the staff member, shown to staff only",
}


def _points_to_contributions(field) -> bool:
    if not isinstance(field, models.ForeignKey) or isinstance(field, ParentalKey):
        return False  # a page's own content (published with it) is the site's generation
    target = field.related_model
    return issubclass(target, Page) or target is Proposal


def project_models():
    return [
        model
        for model in apps.get_models()
        if model.__module__.split(".")[0] in PROJECT_APPS and not issubclass(model, Page)
    ]


def test_every_row_pointing_to_a_page_or_a_proposal_is_watched_or_said_why_not():
    watched = page_rows.watched_models()
    pointing = {
        model._meta.label
        for model in project_models()
        if any(_points_to_contributions(field) for field in model._meta.get_fields())
    }
    labels = {model._meta.label for model in watched}
    assert pointing - labels - set(NOT_SHOWN) == set()
    assert set(NOT_SHOWN) <= pointing, "NOT_SHOWN names a model that no longer points there"
    assert not labels & set(NOT_SHOWN)


def test_every_person_of_a_watched_row_is_watched_or_said_why_not():
    user_model = get_user_model()
    missing = []
    for model, watched in page_rows.watched_models().items():
        for field in model._meta.get_fields():
            if getattr(field, "related_model", None) is not user_model or not field.concrete:
                continue
            name = f"{model._meta.label}.{field.name}"
            if field.name not in watched.people and name not in PEOPLE_NOT_SHOWN:
                missing.append(name)
    assert missing == []


def test_fragments_are_cached_only_under_the_pages_generations():
    """`{% shared_fragment %}` takes the version of the page (its generations); Django's
    `{% cache %}` knows no generation and is not used."""
    versions = set()
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        assert not re.search(r"{%\s*cache\s", text), template
        assert not re.search(r"{%\s*load\s[^%]*\bcache\b", text), template
        versions.update(re.findall(r"{%\s*shared_fragment\s+(\S+)", text))
    assert versions == {"cache_version", "thread_version"}
    assert settings.AGORA_PAGE_CACHE
