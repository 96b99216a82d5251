"""Whatever a citizen can create, sending it many times at once stores one.

A double click, a reloaded POST or several tabs: the same form arrives in parallel
requests. Each is sent here from real threads, each with its own database
connection, through the public pages. Every public function of the apps' services
modules is found from the code and must be in one of the two tables below: a new
way for citizens to create something gets its double-submission test by
construction.

The mechanisms differ (core.resubmission): a unique constraint where the database
can say "one per person", a lock on the person's row for free contributions. The
tests run on both engines; the one that watches PostgreSQL's lock wait is marked
`postgres`.
"""

import importlib
import inspect
import pkgutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.factories import SuperuserFactory
from accounts.models import User
from budget.models import Ballot, BallotChoice
from consultations import services
from consultations.models import (
    Comment,
    Proposal,
    QuestionnaireSubmission,
    Report,
    StatusChange,
    Support,
)
from notifications.models import Follow
from tests.concurrency import (
    name_this_session,
    raised,
    run_in_parallel,
    signed_in_clients,
    wait_until_blocked_on_a_lock,
)

from .conftest import CAPTCHA_OK, HOST, sub

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PARALLEL = 20
PROJECT_APPS = ("core", "home", "accounts", "notifications", "consultations", "budget")
PROJECT_APPS += ("search", "projects", "accountability", "demo")
PASSWORD = "Velo-cargo-sous-la-pluie-42"
NEW_EMAIL = "double@example.org"


def service_functions() -> set[str]:
    """Every public function of the apps' services modules (services.py, a services
    package, or *_services.py)."""
    found = set()
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            parts = info.name.split(".")
            if not ("services" in parts[1:] or parts[-1].endswith("_services")):
                continue
            module = importlib.import_module(info.name)
            found |= {
                f"{info.name}.{name}"
                for name, function in inspect.getmembers(module, inspect.isfunction)
                if function.__module__ == info.name and not name.startswith("_")
            }
    return found


@dataclass(frozen=True)
class Creation:
    """What a citizen sends (`url`, `data`), and how many rows they then own (`stored`)."""

    url: Callable
    data: Callable
    stored: Callable
    signed_in: bool = True


def _questionnaire_answers(scene):
    names = {field.label: field.clean_name for field in scene.questionnaire.form_fields.all()}
    return {names["Venez-vous au marché ?"]: "Parfois", names["Une remarque ?"]: "Plus d'ombre."}


CITIZEN_CREATIONS = {
    "accounts.services.register_citizen": Creation(
        url=lambda s: "/fr/accounts/signup/",
        data=lambda s: {
            "email": NEW_EMAIL,
            "display_name": "Double clic",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "residence": str(s.belval.site.pk),
            "birth_year": "1985",
            "accept_terms": "on",
            "website": "",
            **CAPTCHA_OK,
        },
        stored=lambda s, person: User.objects.filter(email__iexact=NEW_EMAIL).count(),
        signed_in=False,
    ),
    "consultations.services.submit_proposal": Creation(
        url=lambda s: sub(s.consultation, "proposal_new"),
        data=lambda s: {
            "title": "Un abri vélo couvert",
            "body": "Près de la gare.",
            "distinct": "1",
            **CAPTCHA_OK,
        },
        stored=lambda s, person: Proposal.objects.filter(author=person).count(),
    ),
    "consultations.services.add_comment": Creation(
        url=lambda s: sub(s.consultation, "proposal_comments", s.proposal.pk),
        data=lambda s: {"body": "Oui, et des fontaines aussi.", **CAPTCHA_OK},
        stored=lambda s, person: Comment.objects.filter(author=person).count(),
    ),
    "consultations.services.toggle_support": Creation(
        url=lambda s: sub(s.consultation, "proposal_support", s.proposal.pk),
        data=lambda s: {"action": "support"},
        stored=lambda s, person: Support.objects.filter(user=person).count(),
    ),
    "consultations.services.report": Creation(
        url=lambda s: sub(s.consultation, "comment_report", s.comment.pk),
        data=lambda s: {"reason": "off_topic", "details": "Hors sujet."},
        stored=lambda s, person: Report.objects.filter(reporter=person).count(),
    ),
    "consultations.questionnaire_services.submit_questionnaire": Creation(
        url=lambda s: s.questionnaire.url,
        data=_questionnaire_answers,
        stored=lambda s, person: QuestionnaireSubmission.objects.filter(user=person).count(),
    ),
    "budget.services.ballots.cast_ballot": Creation(
        url=lambda s: sub(s.vote, "vote"),
        data=lambda s: {"projects": [s.projects[0].pk]},
        stored=lambda s, person: Ballot.objects.filter(voter=person).count(),
    ),
    "notifications.services.follow_page": Creation(
        url=lambda s: sub(s.consultation, "follow"),
        data=lambda s: {},
        stored=lambda s, person: Follow.objects.filter(user=person).count(),
    ),
}

# What else the services do, and why it is not a citizen's creation.
NOT_CITIZEN_CREATIONS = {
    "accounts.services.send_email_confirmation": "sends an e-mail (rate-limited), stores nothing",
    "accounts.services.tell_owner_of_signup_attempt": "sends an e-mail (limited), stores nothing",
    "accounts.services.confirm_email": "changes the account; following the link twice is harmless",
    "accounts.services.update_profile": "changes the account",
    "accounts.services.change_email": "changes the account",
    "accounts.services.personal_data_providers": "reads",
    "accounts.services.export_personal_data": "reads",
    "accounts.services.erase_account": "deletes",
    "accounts.services.delete_account": "deletes",
    "budget.services.ballots.validate_ballot": "checks",
    "budget.services.ballots.lock_budget_for_ballot": "reads under a lock",
    "budget.services.paper.can_enter_paper_ballots": "checks",
    "budget.services.paper.enter_paper_ballot": "staff; one ballot per voter hash (constraint)",
    "budget.services.paper.withdraw_paper_ballot": "staff; deletes",
    "budget.services.results.freeze_refusal": "checks",
    "budget.services.results.freeze_results": "staff; freezing twice is refused",
    "budget.services.review.can_review": "checks",
    "budget.services.review.vote_has_opened": "checks",
    "budget.services.review.review_project": "staff; one review per project (replaced)",
    "consultations.services.needs_captcha": "reads",
    "consultations.services.edit_proposal": "changes a proposal",
    "consultations.services.delete_comment": "blanks a comment",
    "consultations.services.hide": "staff; changes",
    "consultations.services.unhide": "staff; changes",
    "consultations.services.change_status": "staff; a copy sent at once is stored once (below)",
    "consultations.services.merge_proposals": "staff; merging twice is refused",
    "consultations.services.hide_many": "staff; changes",
    "consultations.services.unhide_many": "staff; changes",
    "consultations.questionnaire_services.results_published": "reads",
    "consultations.questionnaire_services.can_answer": "checks",
    "consultations.questionnaire_services.answer_of": "reads",
    "consultations.questionnaire_services.questionnaire_results": "reads",
    "consultations.questionnaire_services.consultation_questionnaires": "reads",
    "home.services.register_group_permissions": "configuration at start-up",
    "home.services.editors_group_name": "a name",
    "home.services.moderators_group_name": "a name",
    "home.services.workflow_name": "a name",
    "home.services.validation_task_name": "a name",
    "home.services.create_publication_workflow": "inside create_commune",
    "home.services.home_page_added": "one workflow link per page (primary key)",
    "home.services.create_commune": "administrators; one site per hostname (constraint)",
    "home.services.translate_page": "editors; one translation per page and language",
    "home.services.translate_page_into": "the demo; one translation per page and language",
    "home.services.commune_changed": "invalidates cached pages",
    "home.services.page_changed": "invalidates cached pages",
    "notifications.services.unfollow_page": "deletes",
    "notifications.services.unsubscribe_target": "reads a token",
    "notifications.services.unsubscribe": "deletes",
    "projects.services.notifications.event_key": "a key",
    "projects.services.notifications.record_publication": "editors; one event per key",
    "projects.services.notifications.deliver_notifications": "background task",
    "projects.services.winners.project_index_for": "reads",
    "projects.services.winners.winners_of": "reads",
    "projects.services.winners.projects_of_proposals": "reads",
    "projects.services.winners.winners_refusal": "checks",
    "projects.services.winners.can_create_projects": "checks",
    "projects.services.winners.create_projects_from_winners": "staff; skips existing projects",
    "search.services.record_search": "counts a search",
    "search.services.record_visitor_search": "counts a search",
}


def test_every_service_function_is_in_a_table():
    found = service_functions()
    tables = set(CITIZEN_CREATIONS) | set(NOT_CITIZEN_CREATIONS)
    assert not set(CITIZEN_CREATIONS) & set(NOT_CITIZEN_CREATIONS)
    assert found - tables == set(), "new service functions: say whether citizens create with them"
    assert tables - found == set(), "the tables name functions that no longer exist"


def clients_of(person, count: int) -> list[Client]:
    """`count` clients sharing one session of `person` (one browser, many tabs), or
    `count` anonymous visitors."""
    if person is None:
        return [Client() for _ in range(count)]
    return signed_in_clients(person, count)


@pytest.mark.parametrize("name", sorted(CITIZEN_CREATIONS))
def test_many_identical_requests_at_once_store_one(name, scene, other_citizen, no_rate_limits):
    creation = CITIZEN_CREATIONS[name]
    person = other_citizen if creation.signed_in else None
    url, data = creation.url(scene), creation.data(scene)

    responses, errors = run_in_parallel(
        lambda client: client.post(url, data, **HOST), clients_of(person, PARALLEL)
    )

    assert raised(errors) == []
    statuses = {response.status_code for response in responses}
    assert statuses <= {200, 302}, statuses
    assert 302 in statuses  # at least one was stored, and answered with a redirect
    assert creation.stored(scene, person) == 1


def test_the_copies_of_a_proposal_all_lead_to_the_one_stored(scene, other_citizen, no_rate_limits):
    creation = CITIZEN_CREATIONS["consultations.services.submit_proposal"]
    url, data = creation.url(scene), creation.data(scene)

    responses, errors = run_in_parallel(
        lambda client: client.post(url, data, **HOST), clients_of(other_citizen, PARALLEL)
    )

    assert raised(errors) == []
    proposal = Proposal.objects.get(author=other_citizen)
    assert {response["Location"] for response in responses} == {
        sub(scene.consultation, "proposal", proposal.pk)
    }


def test_the_same_text_sent_again_later_is_a_new_proposal(scene, other_citizen, no_rate_limits):
    client = clients_of(other_citizen, 1)[0]
    creation = CITIZEN_CREATIONS["consultations.services.submit_proposal"]
    client.post(creation.url(scene), creation.data(scene), **HOST)
    Proposal.objects.filter(author=other_citizen).update(
        created_at=timezone.now() - timedelta(minutes=5)
    )
    client.post(creation.url(scene), creation.data(scene), **HOST)
    assert Proposal.objects.filter(author=other_citizen).count() == 2


@pytest.mark.postgres
def test_on_postgresql_a_copy_waits_for_the_first_to_commit_and_gets_it(
    scene, other_citizen, monkeypatch
):
    """The copy queues on the lock of its author's row, taken before looking for it."""
    inside, release = threading.Event(), threading.Event()
    real_acknowledge = services._acknowledge_proposal

    def acknowledge_then_pause(*, proposal, page):
        real_acknowledge(proposal=proposal, page=page)
        if threading.current_thread().name == "first":
            inside.set()  # stored, not yet committed: the author's row is locked
            assert release.wait(60)

    monkeypatch.setattr(services, "_acknowledge_proposal", acknowledge_then_pause)
    sent = {"page": scene.consultation, "author": other_citizen, "title": "Un abri", "body": "Ici."}
    outcome = {}

    def submit(name):
        try:
            if name == "copy":
                name_this_session("agora-copy")
            outcome[name] = services.submit_proposal(**sent)
        except Exception as error:  # reported to the test
            outcome[name] = error
        finally:
            connections.close_all()

    first = threading.Thread(target=submit, args=("first",), name="first")
    first.start()
    assert inside.wait(60)
    copy = threading.Thread(target=submit, args=("copy",), name="copy")
    copy.start()
    wait_until_blocked_on_a_lock("agora-copy")
    assert copy.is_alive()
    release.set()
    first.join()
    copy.join()

    assert isinstance(outcome["first"], Proposal), outcome["first"]
    assert outcome["copy"] == outcome["first"]
    assert Proposal.objects.filter(author=other_citizen).count() == 1


def test_ballot_copies_keep_one_set_of_choices(scene, other_citizen, no_rate_limits):
    creation = CITIZEN_CREATIONS["budget.services.ballots.cast_ballot"]
    url, data = creation.url(scene), creation.data(scene)
    run_in_parallel(
        lambda client: client.post(url, data, **HOST), clients_of(other_citizen, PARALLEL)
    )
    assert BallotChoice.objects.filter(ballot__voter=other_citizen).count() == 1


def test_a_staff_answer_sent_many_times_at_once_is_stored_once(scene, no_rate_limits):
    staff = SuperuserFactory(email="admin@belval.localhost")
    url = reverse("participation_proposals:status", args=[scene.proposal.pk])
    data = {"status": "answered", "answer": "Nous installerons six bancs.", "public": "on"}

    responses, errors = run_in_parallel(
        lambda client: client.post(url, data), clients_of(staff, 10)
    )

    assert raised(errors) == []
    assert {response.status_code for response in responses} == {302}
    assert StatusChange.objects.filter(proposal=scene.proposal).count() == 1
    # A different change right after is a change, not a copy.
    services.change_status(proposal=scene.proposal, staff=staff, status="under_review")
    services.change_status(
        proposal=scene.proposal, staff=staff, status="answered", answer=data["answer"]
    )
    assert StatusChange.objects.filter(proposal=scene.proposal).count() == 3
    scene.proposal.refresh_from_db()
    assert scene.proposal.status == "answered"
