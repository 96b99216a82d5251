"""Staff moderation of proposals in the Wagtail admin, scoped to the communes staff cover."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import GroupPagePermission, Site

from accounts.factories import SuperuserFactory, UserFactory
from consultations import services
from consultations.factories import CitizenFactory, ProposalFactory, make_consultation
from consultations.models import Proposal, ProposalStatus, StatusChange, Support
from consultations.permissions import scope_for
from core.tenancy import communes_for_user
from home.models import CommuneSettings

from .helpers import HOST, sub

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"participation_proposals:{name}", args=args or None)


def bulk_url(action, *ids, **params):
    # Wagtail's bulk-action buttons always send `next`, the listing to go back to.
    params = {**params, "next": url("index")}
    query = "&".join([*(f"id={pk}" for pk in ids), *(f"{k}={v}" for k, v in params.items())])
    return reverse("wagtail_bulk_action", args=["consultations", "proposal", action]) + "?" + query


def listed(response) -> set[int]:
    assert response.status_code == 200
    return {proposal.pk for proposal in response.context["object_list"]}


@pytest.fixture
def montclair_consultation(montclair):
    return make_consultation(parent=montclair.home, title="Le parc", slug="parc")


@pytest.fixture
def foreign(montclair_consultation):
    """A Montclair proposal, that Belval's staff must never see or touch."""
    return ProposalFactory(
        page=montclair_consultation,
        title="Un kiosque à musique",
        author=CitizenFactory(email="paul@example.org", display_name="Paul"),
    )


@pytest.fixture
def montclair_moderator(montclair):
    return UserFactory(email="moderateur@montclair.localhost", groups=[montclair.moderators])


@pytest.fixture
def superuser(db):
    return SuperuserFactory(email="admin@agora.localhost")


@pytest.fixture
def staff(client, belval_moderator):
    client.force_login(belval_moderator)
    return client


# Admin 404s are plain 404s (core/i18n.py); `follow=True` follows Wagtail's own
# redirects.


# Scope ---------------------------------------------------------------------


def test_communes_for_user(belval, montclair, belval_moderator, belval_editor, superuser):
    assert list(communes_for_user(belval_moderator)) == [belval.site]
    assert list(communes_for_user(belval_editor)) == [belval.site]
    assert set(communes_for_user(superuser)) == set(Site.objects.all())
    assert not communes_for_user(CitizenFactory()).exists()
    belval_moderator.is_active = False
    assert not communes_for_user(belval_moderator).exists()


def test_a_proposal_on_a_translated_page_is_in_its_commune(belval, belval_moderator):
    # Contributions belong to the source page; a commune whose source page lives
    # under a non-French root is still covered, through its localized roots.
    english_page = make_consultation(parent=belval.home_pages["en"], slug="english-only")
    proposal = ProposalFactory(page=english_page, title="Bicycle lanes")
    assert list(scope_for(belval_moderator).filter(Proposal.objects.all())) == [proposal]


def test_each_moderator_lists_only_their_communes_proposals(
    client, proposal, foreign, belval_moderator, montclair_moderator, superuser
):
    client.force_login(belval_moderator)
    response = client.get(url("index"))
    assert listed(response) == {proposal.pk}
    assert "Des bancs à l&#x27;ombre" in response.text
    assert "Un kiosque à musique" not in response.text
    assert "Le parc" not in response.text  # not even as a page filter choice

    client.force_login(montclair_moderator)
    assert listed(client.get(url("index"))) == {foreign.pk}

    client.force_login(superuser)
    response = client.get(url("index"))
    assert listed(response) == {proposal.pk, foreign.pk}
    assert "Montclair" in response.text  # the commune column


@pytest.mark.parametrize("view", ["inspect", "status", "publish", "merge", "hide", "unhide"])
def test_another_communes_proposal_is_not_found(staff, foreign, view):
    foreign.status = ProposalStatus.PENDING
    foreign.is_hidden = True
    foreign.save()
    assert staff.get(url(view, foreign.pk), follow=True).status_code == 404
    data = {"status": "answered", "answer": "Piraté", "public": "on", "reason": "Piraté"}
    assert staff.post(url(view, foreign.pk), data, follow=True).status_code == 404
    assert not StatusChange.objects.exists()
    foreign.refresh_from_db()
    assert (foreign.status, foreign.is_hidden, foreign.hidden_reason) == ("pending", True, "")


def test_the_removed_generic_views_do_not_exist(staff, proposal):
    for path in ("edit", "delete", "copy", "history"):
        response = staff.get(f"/admin/participation/proposals/{path}/{proposal.pk}/", follow=True)
        assert response.status_code == 404
    assert staff.get("/admin/participation/proposals/new/", follow=True).status_code == 404


def test_a_citizen_is_sent_to_the_login_page(client, proposal):
    client.force_login(CitizenFactory())
    response = client.get(url("index"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_staff_without_the_model_permission_get_403(client, belval, proposal):
    # Admin access and page permissions on Belval, but no permission on proposals.
    group = Group.objects.create(name="Belval — communication")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=belval.home, permission=Permission.objects.get(codename="change_page")
    )
    client.force_login(UserFactory(groups=[group]))
    # Wagtail answers a permission denied with its dashboard and an error message,
    # and with a plain 403 to scripts.
    response = client.get(url("index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert client.get(url("index"), HTTP_X_REQUESTED_WITH="XMLHttpRequest").status_code == 403
    assert client.get(url("inspect", proposal.pk), follow=True).status_code in (403, 404)
    response = client.post(bulk_url("hide", proposal.pk), {"reason": "x"})
    assert response["Location"] == reverse("wagtailadmin_home")
    proposal.refresh_from_db()
    assert not proposal.is_hidden


def test_admin_links_to_a_proposal_point_to_its_inspect_view_within_scope(
    proposal, foreign, belval_moderator
):
    index = url("index")  # loads the admin URLs, hence the viewsets' registrations
    finder = AdminURLFinder(belval_moderator)
    assert finder.get_edit_url(proposal) == url("inspect", proposal.pk)
    assert finder.get_edit_url(foreign) is None
    assert index


def test_moderators_see_the_participation_menu(staff, belval):
    response = staff.get(reverse("wagtailadmin_home"))
    assert url("index") in response.text


# Listing and filters ---------------------------------------------------------


def test_filters(staff, consultation, proposal):
    reviewed = ProposalFactory(page=consultation, status=ProposalStatus.UNDER_REVIEW)
    reported = ProposalFactory(page=consultation, report_count=2)
    hidden = ProposalFactory(page=consultation, is_hidden=True, hidden_reason="Spam")
    other_page = make_consultation(parent=consultation.get_parent(), slug="autre")
    elsewhere = ProposalFactory(page=other_page)

    assert listed(staff.get(url("index"), {"status": "under_review"})) == {reviewed.pk}
    assert listed(staff.get(url("index"), {"reported": "true"})) == {reported.pk}
    assert reported.pk not in listed(staff.get(url("index"), {"reported": "false"}))
    assert listed(staff.get(url("index"), {"is_hidden": "true"})) == {hidden.pk}
    assert listed(staff.get(url("index"), {"page": other_page.pk})) == {elsewhere.pk}
    assert listed(staff.get(url("index"), {"q": "bancs"})) == {proposal.pk}


def test_a_page_of_another_commune_is_no_filter_choice(staff, proposal, foreign):
    response = staff.get(url("index"), {"page": foreign.page_id})
    assert listed(response) == {proposal.pk}  # the invalid choice is ignored
    assert foreign.page_id not in {
        page.pk for page in response.context["filters"].form.fields["page"].queryset
    }


def test_awaiting_review_until_staff_change_the_status(staff, belval_moderator, proposal):
    Proposal.objects.filter(pk=proposal.pk).update(threshold_reached_at=timezone.now())
    assert listed(staff.get(url("index"), {"awaiting_review": "true"})) == {proposal.pk}

    services.change_status(
        proposal=proposal, staff=belval_moderator, status=ProposalStatus.UNDER_REVIEW
    )
    assert listed(staff.get(url("index"), {"awaiting_review": "true"})) == set()
    assert proposal.pk in listed(staff.get(url("index"), {"awaiting_review": "false"}))


def test_overdue_is_measured_against_the_communes_commitment(
    staff, belval, consultation, proposal, belval_moderator
):
    settings = CommuneSettings.for_site(belval.site)
    assert settings.answer_commitment_days == 60
    late = ProposalFactory(page=consultation, title="En retard")
    almost = ProposalFactory(page=consultation, title="Bientôt en retard")
    answered = ProposalFactory(page=consultation, title="Répondue à temps")
    Proposal.objects.filter(pk__in=[late.pk, answered.pk]).update(
        created_at=timezone.now() - timedelta(days=61)
    )
    Proposal.objects.filter(pk=almost.pk).update(created_at=timezone.now() - timedelta(days=45))
    services.change_status(
        proposal=answered, staff=belval_moderator, status="answered", answer="Oui."
    )

    assert listed(staff.get(url("index"), {"overdue": "true"})) == {late.pk}
    assert listed(staff.get(url("index"), {"overdue": "false"})) == {
        proposal.pk,
        almost.pk,
        answered.pk,
    }

    settings.answer_commitment_days = 30
    settings.save()
    assert listed(staff.get(url("index"), {"overdue": "true"})) == {late.pk, almost.pk}


def test_overdue_uses_each_communes_own_commitment(
    client, superuser, belval, montclair, proposal, foreign
):
    Proposal.objects.update(created_at=timezone.now() - timedelta(days=20))
    montclair_settings = CommuneSettings.for_site(montclair.site)
    montclair_settings.answer_commitment_days = 15
    montclair_settings.save()
    client.force_login(superuser)
    assert listed(client.get(url("index"), {"overdue": "true"})) == {foreign.pk}


def test_listing_queries_do_not_grow_with_the_number_of_proposals(staff, consultation):
    ProposalFactory.create_batch(10, page=consultation)
    staff.get(url("index"))  # warm caches shared by every request (content types, sites)
    with CaptureQueriesContext(connection) as few:
        assert staff.get(url("index")).status_code == 200
    ProposalFactory.create_batch(50, page=consultation, report_count=1, is_hidden=True)
    with CaptureQueriesContext(connection) as many:
        response = staff.get(url("index"))
    assert len(response.context["object_list"]) == 50
    assert len(many) <= len(few)


# Inspecting ----------------------------------------------------------------------


def test_inspect_shows_body_image_reports_and_history_without_e_mail_addresses(
    staff, belval, proposal, belval_moderator
):
    reporter = CitizenFactory(email="delatrice@example.org", display_name="Zoé")
    services.report(
        reporter=reporter, reason="abuse", details="Propos blessants", proposal=proposal
    )
    services.change_status(
        proposal=proposal, staff=belval_moderator, status="under_review", answer="À l'étude."
    )
    proposal.image = Image.objects.create(
        title="Bancs", file=get_test_image_file(), collection=belval.collection
    )
    proposal.save()
    response = staff.get(url("inspect", proposal.pk))
    assert response.status_code == 200
    assert "<img" in response.text.split("<main", 1)[1]  # the image's thumbnail
    assert proposal.body[:40] in response.text.replace("&#x27;", "'")
    assert "Propos blessants" in response.text
    assert "À l&#x27;étude." in response.text
    assert "delatrice@example.org" not in response.text
    assert "Zoé" not in response.text
    assert proposal.author.email not in response.text


# Status changes and answers -----------------------------------------------------


def test_status_change_with_a_public_answer_is_shown_on_the_proposal_page(
    staff, proposal, belval_moderator
):
    form = staff.get(url("status", proposal.pk)).context["form"]
    assert "merged" not in dict(form.fields["status"].choices)
    assert "pending" not in dict(form.fields["status"].choices)
    response = staff.post(
        url("status", proposal.pk),
        {"status": "answered", "answer": "Trois bancs seront posés en mai.", "public": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("inspect", proposal.pk)

    change = StatusChange.objects.get(proposal=proposal)
    assert (change.old_status, change.new_status) == ("published", "answered")
    assert change.author == belval_moderator
    assert change.is_public
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ANSWERED
    assert proposal.first_answered_at == change.created_at

    success = staff.get(response["Location"])
    assert [m.level_tag for m in success.context["messages"]] == ["success"]

    public = staff.get(sub(proposal.page.specific, "proposal", proposal.pk), **HOST)
    assert "Trois bancs seront posés en mai." in public.text


def test_an_internal_answer_stays_internal(staff, proposal):
    staff.post(url("status", proposal.pk), {"status": "under_review", "answer": "Note interne."})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.UNDER_REVIEW
    assert proposal.first_answered_at is None
    public = staff.get(sub(proposal.page.specific, "proposal", proposal.pk), **HOST)
    assert "Note interne." not in public.text


@pytest.mark.parametrize(
    "data",
    [
        {"status": "merged", "answer": "x"},
        {"status": "pending"},
        {"status": ""},
        {"status": "answered", "answer": "x" * 5001},
        {"status": "published", "answer": "  "},  # nothing would change
    ],
)
def test_invalid_status_change_is_shown_again_with_errors(staff, proposal, data):
    response = staff.post(url("status", proposal.pk), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not StatusChange.objects.exists()


def test_publish_a_pending_proposal(staff, consultation):
    pending = ProposalFactory(page=consultation, status=ProposalStatus.PENDING)
    assert staff.get(url("publish", pending.pk)).status_code == 200
    assert staff.post(url("publish", pending.pk)).status_code == 302
    pending.refresh_from_db()
    assert pending.status == ProposalStatus.PUBLISHED
    assert StatusChange.objects.get(proposal=pending).new_status == "published"
    # Already published: nothing left to publish.
    assert staff.post(url("publish", pending.pk), follow=True).status_code == 404


# Hiding ------------------------------------------------------------------------


def test_hiding_with_a_reason_removes_it_from_the_public_list(staff, proposal, belval_moderator):
    public_list = sub(proposal.page.specific, "proposals")
    assert "Des bancs à l&#x27;ombre" in staff.get(public_list, **HOST).text

    response = staff.post(url("hide", proposal.pk), {"reason": "Hors sujet"}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    proposal.refresh_from_db()
    assert (proposal.is_hidden, proposal.hidden_reason) == (True, "Hors sujet")
    assert proposal.hidden_by == belval_moderator
    assert "Des bancs à l&#x27;ombre" not in staff.get(public_list, **HOST).text

    staff.post(url("unhide", proposal.pk), follow=True)
    proposal.refresh_from_db()
    assert not proposal.is_hidden
    assert "Des bancs à l&#x27;ombre" in staff.get(public_list, **HOST).text


def test_hiding_needs_a_reason(staff, proposal):
    response = staff.post(url("hide", proposal.pk), {"reason": "   "})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    proposal.refresh_from_db()
    assert not proposal.is_hidden


def test_bulk_hide_of_three_proposals(staff, consultation, proposal):
    others = ProposalFactory.create_batch(2, page=consultation)
    ids = [proposal.pk, *(other.pk for other in others)]

    confirm = staff.get(bulk_url("hide", *ids))
    assert confirm.status_code == 200
    assert "Des bancs à l&#x27;ombre" in confirm.text

    response = staff.post(bulk_url("hide", *ids), {"reason": "Doublons publicitaires"})
    assert response["Location"] == url("index")
    messages = [m.message for m in staff.get(url("index")).context["messages"]]
    assert len(messages) == 1
    assert "3" in messages[0]
    hidden = Proposal.objects.filter(pk__in=ids, is_hidden=True)
    assert hidden.count() == 3
    assert set(hidden.values_list("hidden_reason", flat=True)) == {"Doublons publicitaires"}

    staff.post(bulk_url("unhide", *ids))
    assert not Proposal.objects.filter(is_hidden=True).exists()


def test_bulk_hide_needs_a_reason(staff, proposal):
    response = staff.post(bulk_url("hide", proposal.pk), {"reason": ""})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    proposal.refresh_from_db()
    assert not proposal.is_hidden


def test_bulk_hide_ignores_another_communes_ids(staff, proposal, foreign):
    confirm = staff.get(bulk_url("hide", proposal.pk, foreign.pk))
    assert "Un kiosque à musique" not in confirm.text

    staff.post(bulk_url("hide", proposal.pk, foreign.pk), {"reason": "Spam"})
    proposal.refresh_from_db()
    foreign.refresh_from_db()
    assert proposal.is_hidden
    assert not foreign.is_hidden

    response = staff.post(bulk_url("hide", foreign.pk), {"reason": "Spam"}, follow=True)
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert not foreign.is_hidden


def test_bulk_hide_of_all_in_listing_keeps_the_scope_and_the_filters(
    staff, consultation, proposal, foreign
):
    reviewed = ProposalFactory(page=consultation, status=ProposalStatus.UNDER_REVIEW)
    staff.post(bulk_url("hide", "all", status="under_review"), {"reason": "Revu"})
    assert set(Proposal.objects.filter(is_hidden=True).values_list("pk", flat=True)) == {
        reviewed.pk
    }
    staff.post(bulk_url("hide", "all"), {"reason": "Tout"})
    assert set(Proposal.objects.filter(is_hidden=True).values_list("pk", flat=True)) == {
        reviewed.pk,
        proposal.pk,
    }


# Merging -----------------------------------------------------------------------


def test_merge_moves_supports_without_double_counting(staff, consultation, proposal):
    duplicate = ProposalFactory(page=consultation, title="Des bancs, vite")
    both, only_duplicate, only_original = CitizenFactory.create_batch(3)
    for user, targets in (
        (both, [proposal, duplicate]),
        (only_duplicate, [duplicate]),
        (only_original, [proposal]),
    ):
        for target in targets:
            services.toggle_support(proposal=target, user=user, support=True)

    form = staff.get(url("merge", duplicate.pk)).context["form"]
    assert list(form.fields["original"].queryset) == [proposal]

    response = staff.post(url("merge", duplicate.pk), {"original": proposal.pk, "answer": ""})
    assert response.status_code == 302

    proposal.refresh_from_db()
    duplicate.refresh_from_db()
    assert proposal.support_count == 3 == Support.objects.filter(proposal=proposal).count()
    assert Support.objects.filter(proposal=proposal, user=both).count() == 1
    assert not Support.objects.filter(proposal=duplicate).exists()
    assert (duplicate.status, duplicate.merged_into) == (ProposalStatus.MERGED, proposal)
    # A merged proposal is out of the moderation actions.
    assert staff.get(url("merge", duplicate.pk), follow=True).status_code == 404
    assert staff.get(url("status", duplicate.pk), follow=True).status_code == 404


def test_only_a_proposal_of_the_same_page_can_be_the_original(staff, consultation, proposal):
    other_page = make_consultation(parent=consultation.get_parent(), slug="autre")
    elsewhere = ProposalFactory(page=other_page)
    response = staff.post(url("merge", proposal.pk), {"original": elsewhere.pk})
    assert response.status_code == 200
    assert "original" in response.context["form"].errors
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PUBLISHED


# Exports -----------------------------------------------------------------------


@pytest.fixture
def answered(proposal, belval_moderator, citizen):
    proposal.author = citizen
    proposal.body = "Autour de la fontaine, côté ombre."
    proposal.save()
    services.change_status(
        proposal=proposal, staff=belval_moderator, status="answered", answer="Posés en mai."
    )
    return proposal


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(content)))


def read_xlsx(response) -> list[list]:
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


@pytest.mark.parametrize("reader", [read_csv, read_xlsx])
def test_export_holds_the_communes_rows_and_no_e_mail_address(staff, answered, foreign, reader):
    fmt = "csv" if reader is read_csv else "xlsx"
    rows = reader(staff.get(url("index"), {"export": fmt}))
    header, *data = rows
    assert len(header) == 14
    assert [str(row[0]) for row in data] == [str(answered.pk)]
    (row,) = data
    assert "Des bancs à l'ombre" in row
    assert "Autour de la fontaine, côté ombre." in row
    assert "Posés en mai." in row
    assert "Léa" in row
    assert "Belval" in row
    flat = " ".join(str(cell) for line in rows for cell in line)
    assert "@" not in flat
    assert "Un kiosque" not in flat


def test_export_follows_the_filters(staff, answered, consultation):
    ProposalFactory(page=consultation, title="Pas encore répondue")
    rows = read_csv(staff.get(url("index"), {"export": "csv", "status": "answered"}))
    assert [row[1] for row in rows[1:]] == ["Des bancs à l'ombre"]


def test_csv_export_neutralises_formulas(staff, consultation):
    ProposalFactory(page=consultation, title='=HYPERLINK("http://evil")', body="+1")
    (_header, row) = read_csv(staff.get(url("index"), {"export": "csv"}))
    assert row[1].startswith("'=")
    assert row[2] == "'+1"
