""" "Delete my account": password, what stays and what goes, counts, failure paths."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.images import get_image_model

from accounts import services
from accounts.factories import DEMO_PASSWORD, UserFactory
from budget.models import Ballot
from consultations.factories import CitizenFactory
from consultations.models import (
    Comment,
    Proposal,
    QuestionnaireSubmission,
    Report,
    Support,
)
from tests.consultations.helpers import HOST, sub

from .participation import EMAIL, build_world, take_part

pytestmark = pytest.mark.django_db
User = get_user_model()
DELETE = "/fr/accounts/profile/delete/"
DONE = "/fr/accounts/profile/delete/done/"


@pytest.fixture
def world(belval):
    return build_world(belval)


@pytest.fixture
def made(client, world):
    return take_part(client, world)


def delete(client, password=DEMO_PASSWORD, **extra):
    return client.post(DELETE, {"password": password, **extra})


def visible_comments(proposal) -> int:
    return Comment.objects.filter(proposal=proposal, is_hidden=False, is_deleted=False).count()


def assert_counts_match_rows():
    for proposal in Proposal.objects.all():
        assert proposal.support_count == proposal.supports.count(), proposal
        assert proposal.comment_count == visible_comments(proposal), proposal


def snapshot():
    return {
        "users": User.objects.count(),
        "proposals": list(Proposal.objects.values_list("pk", "author_id", "support_count")),
        "comments": list(Comment.objects.values_list("pk", "author_id", "body", "is_deleted")),
        "supports": Support.objects.count(),
        "ballots": list(Ballot.objects.values_list("pk", "voter_id", "voter_hash")),
        "answers": list(QuestionnaireSubmission.objects.values_list("pk", "user_id")),
        "reports": list(Report.objects.values_list("pk", "reporter_id")),
    }


# The page and its failure paths -------------------------------------------------------


def test_get_explains_and_asks_for_the_password_and_deletes_nothing(client, world):
    client.force_login(world.person)
    response = client.get(DELETE)
    assert response.status_code == 200
    html = response.text
    assert "La suppression de votre compte est définitive" in html
    assert "Vos soutiens sont retirés" in html
    assert "Vos bulletins restent comptés dans les résultats" in html
    assert "signés « Participant supprimé »" in html
    assert 'name="password"' in html
    assert 'name="delete_contributions"' in html
    assert 'autocomplete="current-password"' in html
    assert 'href="/fr/accounts/profile/export/"' in html
    assert User.objects.filter(pk=world.person.pk).exists()


def test_anonymous_visitors_are_sent_to_log_in(client, belval):
    for response in (client.get(DELETE), client.post(DELETE, {"password": "x"})):
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_a_wrong_password_changes_nothing(client, world, made):
    before = snapshot()
    client.force_login(world.person)
    response = delete(client, password="not-my-password", delete_contributions="on")
    assert response.status_code == 200
    assert "Ce n&#x27;est pas votre mot de passe. Rien n&#x27;a été supprimé." in response.text
    assert snapshot() == before
    assert client.get("/fr/accounts/profile/").status_code == 200  # still logged in


def test_an_empty_password_is_required(client, world):
    client.force_login(world.person)
    response = delete(client, password="")
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert User.objects.filter(pk=world.person.pk).exists()


def test_csrf_is_enforced(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.person)
    response = delete(client)
    assert response.status_code == 403
    assert User.objects.filter(pk=world.person.pk).exists()


def test_wrong_passwords_are_rate_limited(client, world):
    client.force_login(world.person)
    for _ in range(10):
        delete(client, password="guess")
    response = delete(client)
    assert response.status_code == 429
    assert User.objects.filter(pk=world.person.pk).exists()


@pytest.mark.parametrize("kind", ["superuser", "editor", "moderator", "is_staff"])
def test_staff_accounts_cannot_delete_themselves(client, belval, kind):
    staff = {
        "superuser": lambda: UserFactory(is_superuser=True, is_staff=True),
        "editor": lambda: UserFactory(groups=[belval.editors]),
        "moderator": lambda: UserFactory(groups=[belval.moderators]),
        "is_staff": lambda: UserFactory(is_staff=True),
    }[kind]()
    client.force_login(staff)
    page = client.get(DELETE)
    assert page.status_code == 200
    assert "donne accès à l&#x27;administration d&#x27;une commune" in page.text
    assert 'name="password"' not in page.text
    response = delete(client)
    assert response.status_code == 403
    assert User.objects.filter(pk=staff.pk).exists()
    with pytest.raises(services.PermissionDenied):
        services.delete_account(user=staff, password=DEMO_PASSWORD)


# Deleting, keeping the contributions ------------------------------------------------------


def test_deletion_logs_out_and_confirms(client, world, made):
    client.force_login(world.person)
    response = delete(client)
    assert response.status_code == 302
    assert response.url == DONE
    done = client.get(DONE)
    assert "Votre compte est supprimé" in done.text
    assert "Vos propositions et commentaires restent sur le site" in done.text
    assert "Zébulon" not in done.text
    # Logged out: the profile asks to log in again, and the account is gone.
    assert client.get("/fr/accounts/profile/").status_code == 302
    assert not User.objects.filter(email__iexact=EMAIL).exists()
    # A second submission (another tab) finds no one to delete.
    assert delete(client).status_code == 302


def test_other_sessions_of_the_account_end_too(world):
    elsewhere = Client()
    elsewhere.force_login(world.person)
    here = Client()
    here.force_login(world.person)
    delete(here)
    assert elsewhere.get("/fr/accounts/profile/").status_code == 302


def test_contributions_stay_as_deleted_participant_and_counts_follow(client, world, made):
    ballots_before = list(Ballot.objects.values_list("pk", "voter_hash"))
    answers_before = QuestionnaireSubmission.objects.count()
    client.force_login(world.person)
    delete(client)

    for proposal in (made.open_proposal, made.answered, made.project):
        proposal.refresh_from_db()
        assert proposal.author_id is None
    for comment in (made.comment, made.reply, made.page_comment):
        comment.refresh_from_db()
        assert comment.author_id is None
        assert comment.body
        assert not comment.is_deleted
    # The support they gave is withdrawn; the one they received stays.
    world.marc_proposal.refresh_from_db()
    assert world.marc_proposal.support_count == 0
    assert made.open_proposal.support_count == 1
    assert_counts_match_rows()
    # Ballots: the same ones, counted, unlinked; the hash stays while the vote is open.
    assert list(Ballot.objects.values_list("pk", "voter_hash")) == ballots_before
    assert not Ballot.objects.filter(voter__isnull=False, voter__email=EMAIL).exists()
    assert Ballot.objects.filter(voter__isnull=True).count() == 1
    # Questionnaire answers stay counted, reports stay for the moderators, unlinked.
    assert QuestionnaireSubmission.objects.count() == answers_before
    assert (
        not QuestionnaireSubmission.objects.filter(user__isnull=False)
        .exclude(user=world.marc)
        .exists()
    )
    assert Report.objects.get().reporter_id is None
    # The proposal's image stays with the proposal.
    assert made.open_proposal.image is not None
    assert made.open_proposal.image.uploaded_by_user_id is None

    detail = client.get(sub(world.consultation, "proposal", made.open_proposal.pk), **HOST).text
    assert "Par Participant supprimé" in detail
    assert "Au centre de la place." in detail


# Deleting, with the contributions --------------------------------------------------------


def test_deleting_the_contributions_too(client, world, made):
    image_pk = made.open_proposal.image_id
    client.force_login(world.person)
    response = delete(client, delete_contributions="on")
    assert response.status_code == 302
    done = client.get(DONE).text
    assert "Vos commentaires et réponses aux questionnaires sont supprimés" in done

    # The published proposal goes, with its image, others' support and comment.
    assert not Proposal.objects.filter(pk=made.open_proposal.pk).exists()
    assert not get_image_model().objects.filter(pk=image_pk).exists()
    assert not Comment.objects.filter(body="Excellente idée de fontaine.").exists()
    # Proposals in the commune's hands stay, without author.
    made.answered.refresh_from_db()
    made.project.refresh_from_db()
    assert made.answered.author_id is None
    assert made.project.author_id is None
    # Comments are blanked as an author's deletion; the thread and others' replies stay.
    for comment in (made.comment, made.reply, made.page_comment):
        comment.refresh_from_db()
        assert comment.is_deleted
        assert comment.body == ""
        assert comment.author_id is None
    made.marc_reply.refresh_from_db()
    assert made.marc_reply.parent_id == made.comment.pk
    world.marc_proposal.refresh_from_db()
    # Marc's comment and his reply remain visible; theirs no longer count.
    assert world.marc_proposal.comment_count == 2
    assert_counts_match_rows()
    assert not QuestionnaireSubmission.objects.exclude(user=world.marc).exists()
    # Ballots are never taken back.
    assert Ballot.objects.count() == 1

    detail = client.get(sub(world.consultation, "proposal", world.marc_proposal.pk), **HOST).text
    assert "Ce commentaire a été supprimé par son auteur." in detail
    assert "Merci pour ton soutien." in detail
    assert "Je suis pour" not in detail


def test_a_proposal_others_were_merged_into_stays(world):
    from consultations import services as consultation_services

    original = Proposal.objects.create(
        page=world.consultation, author=world.person, title="Original", body="."
    )
    duplicate = Proposal.objects.create(
        page=world.consultation, author=world.marc, title="Doublon", body="."
    )
    consultation_services.merge_proposals(duplicate=duplicate, original=original, staff=world.staff)
    services.erase_account(user=world.person, delete_contributions=True)
    original.refresh_from_db()
    assert original.author_id is None
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == original.pk


def test_hidden_comments_do_not_count_twice(world):
    from consultations import services as consultation_services

    visible = Comment.objects.create(
        page=world.consultation, proposal=world.marc_proposal, author=world.person, body="a"
    )
    hidden = Comment.objects.create(
        page=world.consultation, proposal=world.marc_proposal, author=world.person, body="b"
    )
    Proposal.objects.filter(pk=world.marc_proposal.pk).update(comment_count=3)
    consultation_services.hide(target=hidden, moderator=world.staff, reason="Hors sujet")
    services.erase_account(user=world.person, delete_contributions=True)
    world.marc_proposal.refresh_from_db()
    assert world.marc_proposal.comment_count == 1  # Marc's own comment
    visible.refresh_from_db()
    assert visible.is_deleted


# Deleting in the admin -----------------------------------------------------------------------


def test_an_administrator_deleting_an_account_erases_it_the_same_way(client, world, made):
    client.force_login(world.staff)
    url = reverse("wagtailusers_users:delete", args=[world.person.pk])
    assert "Zébulon" in client.get(url).text  # the administrator sees whom they delete
    response = client.post(url, follow=True)
    assert "Compte supprimé ; ses données personnelles sont effacées." in response.text
    assert "Quatrevents" not in response.text
    assert not User.objects.filter(pk=world.person.pk).exists()
    world.marc_proposal.refresh_from_db()
    assert world.marc_proposal.support_count == 0
    assert_counts_match_rows()
    history = client.get(reverse("wagtailadmin_reports:site_history")).text
    assert "Quatrevents" not in history


def test_bulk_deletion_in_the_admin_erases_each_account(client, world, made):
    other = CitizenFactory()
    Support.objects.create(proposal=world.marc_proposal, user=other)
    Proposal.objects.filter(pk=world.marc_proposal.pk).update(support_count=2)
    client.force_login(world.staff)
    url = (
        reverse("wagtail_bulk_action", args=["accounts", "user", "delete"])
        + f"?id={world.person.pk}&id={other.pk}&next=/admin/users/"
    )
    response = client.post(url)
    assert response.status_code == 302
    assert not User.objects.filter(pk__in=[world.person.pk, other.pk]).exists()
    world.marc_proposal.refresh_from_db()
    assert world.marc_proposal.support_count == 0
    assert_counts_match_rows()


# The contract between apps -------------------------------------------------------------------


def test_every_app_storing_personal_data_is_a_provider():
    from django.core import checks

    assert checks.run_checks(tags=["personal_data"]) == []


def test_erasure_leaves_no_row_pointing_to_the_user(world, made):
    """Every provider unlinks before the row goes: the deletion cascades into nothing."""
    from django.db.models.deletion import Collector

    for _name, provider in reversed(services.personal_data_providers()[1:]):
        provider.erase_personal_data(world.person, delete_contributions=False)
    collector = Collector(using="default")
    collector.collect([User.objects.get(pk=world.person.pk)])
    kept = {
        model._meta.label: len(objects)
        for model, objects in collector.data.items()
        if model is not User and objects
    }
    assert kept == {}
    updated = [
        f"{field.model._meta.label}.{field.name}"
        for (field, _value), querysets in collector.field_updates.items()
        if any(queryset.exists() for queryset in querysets)
    ]
    assert updated == []


@pytest.mark.parametrize("delete_contributions", [False, True])
def test_erasure_runs_a_bounded_number_of_queries(belval, world, delete_contributions):
    """As many queries for someone who contributed a lot as for someone who did little."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from consultations.factories import CommentFactory, ProposalFactory

    def contributor(amount):
        person = CitizenFactory()
        for _ in range(amount):
            proposal = ProposalFactory(page=world.consultation, author=person)
            CommentFactory(page=world.consultation, proposal=proposal, author=person)
            Support.objects.create(proposal=world.marc_proposal, user=person)
            world.marc_proposal = ProposalFactory(page=world.consultation, author=world.marc)
        return person

    def queries(person) -> int:
        with CaptureQueriesContext(connection) as captured:
            services.erase_account(user=person, delete_contributions=delete_contributions)
        # A deleted proposal leaves the search index one statement at a time (Wagtail's
        # post_delete handler): the erasure's own queries are the ones bounded here.
        return sum(1 for query in captured if "wagtailsearch_" not in query["sql"])

    queries(contributor(1))  # warms Django's and Wagtail's caches
    assert queries(contributor(1)) == queries(contributor(6))
