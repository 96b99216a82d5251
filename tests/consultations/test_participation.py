"""Supports, comments, reports, answers, merges and open data — through HTTP and services."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations import services
from consultations.factories import (
    CitizenFactory,
    CommentFactory,
    ProposalFactory,
    make_consultation,
)
from consultations.models import Comment, PhaseKind, Proposal, ProposalStatus, Report, Support

from .helpers import CAPTCHA_OK, HOST, sub

pytestmark = pytest.mark.django_db


def support(client, page, proposal, action="support"):
    return client.post(sub(page, "proposal_support", proposal.pk), {"action": action}, **HOST)


# Supports ----------------------------------------------------------------------


def test_support_toggles_and_double_clicks_count_once(client, consultation, proposal, citizen):
    client.force_login(citizen)
    assert support(client, consultation, proposal).status_code == 302
    assert support(client, consultation, proposal).status_code == 302  # double click
    proposal.refresh_from_db()
    assert proposal.support_count == 1 == Support.objects.filter(proposal=proposal).count()

    detail = client.get(sub(consultation, "proposal", proposal.pk), **HOST).text
    assert "Vous soutenez cette proposition." in detail

    support(client, consultation, proposal, action="withdraw")
    support(client, consultation, proposal, action="withdraw")
    proposal.refresh_from_db()
    assert proposal.support_count == 0 == Support.objects.count()


def test_reaching_the_threshold_queues_the_proposal_for_review(consultation, proposal):
    # The consultation fixture's threshold is 3.
    for _ in range(2):
        services.toggle_support(proposal=proposal, user=CitizenFactory(), support=True)
    proposal.refresh_from_db()
    assert proposal.threshold_reached_at is None
    services.toggle_support(proposal=proposal, user=CitizenFactory(), support=True)
    proposal.refresh_from_db()
    assert proposal.threshold_reached_at is not None


def test_authors_cannot_support_their_own_proposal(client, consultation, proposal):
    client.force_login(proposal.author)
    response = support(client, consultation, proposal)
    assert response.status_code == 403
    assert "votre propre proposition" in response.text
    assert not Support.objects.exists()


def test_support_needs_login_and_post(client, consultation, proposal):
    assert support(client, consultation, proposal).status_code == 302
    assert client.get(sub(consultation, "proposal_support", proposal.pk), **HOST).status_code == 405
    assert not Support.objects.exists()


def test_supports_close_with_the_proposals_phase(client, belval, citizen):
    page = make_consultation(
        parent=belval.home, phases=((PhaseKind.PROPOSALS, -20, -2), (PhaseKind.REVIEW, -1, 20))
    )
    proposal = ProposalFactory(page=page)
    client.force_login(citizen)
    response = support(client, page, proposal)
    assert response.status_code == 403
    assert "Les soutiens sont clos depuis le" in response.text
    assert not Support.objects.exists()


def test_supporting_a_proposal_of_another_commune_is_impossible(
    client, consultation, citizen, montclair
):
    other = ProposalFactory(page=make_consultation(parent=montclair.home))
    client.force_login(citizen)
    assert support(client, consultation, other).status_code == 404
    assert not Support.objects.exists()


def test_hidden_proposals_cannot_be_supported(consultation, citizen):
    hidden = ProposalFactory(page=consultation, is_hidden=True)
    with pytest.raises(services.ParticipationRefused):
        services.toggle_support(proposal=hidden, user=citizen, support=True)


# Comments ----------------------------------------------------------------------


def comment(client, page, proposal=None, **data):
    url = sub(page, "proposal_comments", proposal.pk) if proposal else sub(page, "comments")
    return client.post(url, {"body": "Bonne idée !", **CAPTCHA_OK, **data}, **HOST)


def test_comments_and_one_level_of_replies(client, consultation, proposal, citizen):
    client.force_login(citizen)
    assert comment(client, consultation, proposal).status_code == 302
    first = Comment.objects.get()
    comment(client, consultation, proposal, body="Je réponds", parent=first.pk)
    reply = Comment.objects.get(body="Je réponds")
    comment(client, consultation, proposal, body="Réponse à la réponse", parent=reply.pk)
    nested = Comment.objects.get(body="Réponse à la réponse")
    assert reply.parent == first
    assert nested.parent == first  # replies stay one level deep
    proposal.refresh_from_db()
    assert proposal.comment_count == 3

    detail = client.get(sub(consultation, "proposal", proposal.pk), **HOST).text
    assert (
        detail.index("Bonne idée !")
        < detail.index("Je réponds")
        < detail.index("Réponse à la réponse")
    )


def test_a_double_click_publishes_one_comment(client, consultation, proposal, citizen):
    client.force_login(citizen)
    comment(client, consultation, proposal, body="Une seule fois")
    comment(client, consultation, proposal, body="Une seule fois")
    assert Comment.objects.filter(body="Une seule fois").count() == 1
    proposal.refresh_from_db()
    assert proposal.comment_count == 1


def test_page_level_comments(client, consultation, citizen):
    client.force_login(citizen)
    comment(client, consultation, body="Sur la consultation")
    assert Comment.objects.get().proposal is None
    assert "Sur la consultation" in client.get(consultation.url, **HOST).text


@pytest.mark.parametrize(
    ("body", "message"), [("", "Champ requis"), ("   ", "Champ requis"), ("z" * 2001, "2000")]
)
def test_bad_comments_are_refused(client, consultation, proposal, citizen, body, message):
    client.force_login(citizen)
    response = comment(client, consultation, proposal, body=body)
    assert response.status_code == 400
    assert message in response.text
    assert not Comment.objects.exists()


def test_forged_parent_is_refused(client, consultation, proposal, citizen, montclair):
    elsewhere = CommentFactory(page=make_consultation(parent=montclair.home))
    client.force_login(citizen)
    assert comment(client, consultation, proposal, parent=elsewhere.pk).status_code == 404
    assert comment(client, consultation, proposal, parent="abc").status_code == 404
    assert Comment.objects.count() == 1


def test_comments_close_in_the_results_phase(client, belval, citizen):
    page = make_consultation(
        parent=belval.home, phases=((PhaseKind.PROPOSALS, -20, -2), (PhaseKind.RESULTS, -1, 20))
    )
    client.force_login(citizen)
    response = comment(client, page)
    assert response.status_code == 403
    assert "Les commentaires sont clos." in response.text
    assert not Comment.objects.exists()


def test_author_deletes_a_comment_and_the_thread_stays(client, consultation, proposal, citizen):
    own = CommentFactory(page=consultation, proposal=proposal, author=citizen, body="À retirer")
    CommentFactory(page=consultation, proposal=proposal, parent=own, body="Réponse gardée")
    Proposal.objects.filter(pk=proposal.pk).update(comment_count=2)
    client.force_login(citizen)
    client.post(sub(consultation, "comment_delete", own.pk), **HOST)
    own.refresh_from_db()
    assert own.is_deleted
    assert own.body == ""
    detail = client.get(sub(consultation, "proposal", proposal.pk), **HOST).text
    assert "supprimé par son auteur" in detail
    assert "Réponse gardée" in detail
    proposal.refresh_from_db()
    assert proposal.comment_count == 1


def test_only_the_author_deletes(client, consultation, proposal, citizen):
    other = CommentFactory(page=consultation, proposal=proposal, body="Pas à toi")
    client.force_login(citizen)
    assert client.post(sub(consultation, "comment_delete", other.pk), **HOST).status_code == 403
    other.refresh_from_db()
    assert other.body == "Pas à toi"


# Reports and moderation ------------------------------------------------------------


def test_reports_hide_content_after_the_pages_limit(client, consultation, proposal):
    target = CommentFactory(page=consultation, proposal=proposal, body="Injurieux")
    url = sub(consultation, "comment_report", target.pk)
    for _ in range(3):  # the page default: hidden after 3 reports
        client.force_login(CitizenFactory())
        assert client.post(url, {"reason": "abuse", "details": ""}, **HOST).status_code == 302
    target.refresh_from_db()
    assert target.is_hidden
    assert target.hidden_automatically
    detail = client.get(sub(consultation, "proposal", proposal.pk), **HOST).text
    assert "Injurieux" not in detail
    assert "masqué par les modérateurs" in detail


def test_reporting_twice_counts_once_and_bad_reasons_are_refused(
    client, consultation, proposal, citizen
):
    client.force_login(citizen)
    url = sub(consultation, "proposal_report", proposal.pk)
    client.post(url, {"reason": "spam"}, **HOST)
    client.post(url, {"reason": "spam"}, **HOST)
    assert Report.objects.count() == 1
    proposal.refresh_from_db()
    assert proposal.report_count == 1
    response = client.post(url, {"reason": "<nope>"}, **HOST)
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors


def test_moderator_hides_and_restores(consultation, proposal, belval_moderator):
    services.hide(target=proposal, moderator=belval_moderator, reason="Hors sujet")
    assert not Proposal.objects.listed().filter(pk=proposal.pk).exists()
    with pytest.raises(ValueError, match="motif"):
        services.hide(target=proposal, moderator=belval_moderator, reason="  ")
    services.unhide(target=proposal, moderator=belval_moderator)
    assert Proposal.objects.listed().filter(pk=proposal.pk).exists()


# Official answers and merges -----------------------------------------------------------


def test_official_answer_is_public_with_its_date_and_measures_the_delay(
    client, consultation, proposal, belval_editor
):
    services.change_status(
        proposal=proposal, staff=belval_editor, status=ProposalStatus.UNDER_REVIEW
    )
    proposal.refresh_from_db()
    assert proposal.first_answered_at is None  # no answer text yet
    change = services.change_status(
        proposal=proposal,
        staff=belval_editor,
        status=ProposalStatus.ANSWERED,
        answer="Nous installerons six bancs.",
    )
    proposal.refresh_from_db()
    assert proposal.first_answered_at == change.created_at
    detail = client.get(sub(consultation, "proposal", proposal.pk), **HOST).text
    assert "La réponse de la commune" in detail
    assert "Nous installerons six bancs." in detail
    with pytest.raises(ValueError, match="Statut inconnu"):
        services.change_status(proposal=proposal, staff=belval_editor, status="bogus")


def test_merge_carries_supports_without_double_counting(client, consultation, belval_editor):
    original = ProposalFactory(page=consultation, title="Original")
    duplicate = ProposalFactory(page=consultation, title="Doublon")
    both, only_duplicate, only_original = CitizenFactory.create_batch(3)
    for user, target in (
        (both, original),
        (both, duplicate),
        (only_duplicate, duplicate),
        (only_original, original),
    ):
        services.toggle_support(proposal=target, user=user, support=True)
    # The original's author had supported the duplicate: they cannot support their own.
    services.toggle_support(proposal=duplicate, user=original.author, support=True)

    services.merge_proposals(duplicate=duplicate, original=original, staff=belval_editor)
    original.refresh_from_db()
    duplicate.refresh_from_db()
    assert original.support_count == 3 == Support.objects.filter(proposal=original).count()
    assert set(Support.objects.filter(proposal=original).values_list("user", flat=True)) == {
        both.pk,
        only_duplicate.pk,
        only_original.pk,
    }
    assert duplicate.status == ProposalStatus.MERGED
    assert duplicate.merged_into == original
    assert "Doublon" not in client.get(sub(consultation, "proposals"), **HOST).text
    detail = client.get(sub(consultation, "proposal", duplicate.pk), **HOST).text
    assert "fusionnée avec une proposition similaire" in detail
    with pytest.raises(ValueError, match="elle-même"):
        services.merge_proposals(duplicate=original, original=original, staff=belval_editor)


# Open data -------------------------------------------------------------------------


def test_public_export_has_no_personal_data(client, consultation):
    consenting = ProposalFactory(page=consultation, title="Avec nom", show_author_name=True)
    ProposalFactory(page=consultation, title='=HYPERLINK("http://evil")')
    ProposalFactory(page=consultation, title="Cachée", is_hidden=True)
    response = client.get(sub(consultation, "proposals_export"), **HOST)
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["title"] for row in rows} == {"Avec nom", '\'=HYPERLINK("http://evil")'}
    assert "@" not in text
    by_title = {row["title"]: row for row in rows}
    assert by_title["Avec nom"]["author"] == consenting.author.display_name
    assert by_title['\'=HYPERLINK("http://evil")']["author"] == ""


# Query counts ------------------------------------------------------------------------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **HOST).status_code == 200
    return len(queries)


def test_list_queries_do_not_grow_with_proposals(client, consultation, mobility, centre, citizen):
    client.force_login(citizen)
    ProposalFactory.create_batch(10, page=consultation, category=mobility, district=centre)
    few = count_queries(client, sub(consultation, "proposals"))
    ProposalFactory.create_batch(190, page=consultation, category=mobility, district=centre)
    many = count_queries(client, sub(consultation, "proposals"))
    assert few == many


def test_detail_queries_do_not_grow_with_comments(client, consultation, proposal, citizen):
    client.force_login(citizen)

    def thread(n):
        for _ in range(n):
            top = CommentFactory(page=consultation, proposal=proposal)
            CommentFactory(page=consultation, proposal=proposal, parent=top)

    thread(5)
    few = count_queries(client, sub(consultation, "proposal", proposal.pk))
    thread(50)
    many = count_queries(client, sub(consultation, "proposal", proposal.pk))
    assert few == many


def test_consultation_page_queries_do_not_grow(client, consultation):
    ProposalFactory.create_batch(3, page=consultation)
    CommentFactory.create_batch(3, page=consultation)
    few = count_queries(client, consultation.url)
    ProposalFactory.create_batch(30, page=consultation)
    CommentFactory.create_batch(30, page=consultation)
    assert count_queries(client, consultation.url) == few


# Abuse -------------------------------------------------------------------------------


def test_contributions_are_rate_limited_with_a_readable_page(client, consultation, citizen):
    from core.ratelimit import rate_for

    limit = rate_for("proposal").limit
    client.force_login(citizen)
    url = sub(consultation, "proposal_new")
    for number in range(limit):
        # "Idée 1" looks like "Idée 0": the citizen confirms it is another one.
        response = client.post(
            url,
            {"title": f"Idée {number}", "body": "Texte", "distinct": "1", **CAPTCHA_OK},
            **HOST,
        )
        assert response.status_code == 302
    response = client.post(url, {"title": "Une de trop", "body": "Texte", **CAPTCHA_OK}, **HOST)
    assert response.status_code == 429
    assert "Retry-After" in response
    assert '<html lang="fr"' in response.text
    assert Proposal.objects.count() == limit


def test_home_page_lists_the_communes_participations_in_constant_queries(client, belval, montclair):
    make_consultation(parent=belval.home, title="Place du marché")
    make_consultation(parent=montclair.home, title="Cour oasis")
    response = client.get("/fr/", **HOST)
    assert "Place du marché" in response.text
    assert "Cour oasis" not in response.text
    assert "Propositions" in response.text  # the current phase
    few = count_queries(client, "/fr/")
    for number in range(5):
        make_consultation(parent=belval.home, title=f"Consultation {number}")
    assert count_queries(client, "/fr/") == few
