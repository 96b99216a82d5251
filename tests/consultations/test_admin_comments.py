"""Staff moderation of comments in the Wagtail admin, scoped to the communes staff cover."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from consultations import services
from consultations.factories import CitizenFactory, ProposalFactory, make_consultation
from consultations.models import Comment

from .helpers import HOST, sub

pytestmark = pytest.mark.django_db

# Admin 404s are plain 404s (core/i18n.py); `follow=True` follows Wagtail's own
# redirects.


def url(name, *args):
    return reverse(f"participation_comments:{name}", args=args or None)


def bulk_url(action, *ids):
    # Wagtail's bulk-action buttons always send `next`, the listing to go back to.
    query = "&".join([*(f"id={pk}" for pk in ids), f"next={url('index')}"])
    return reverse("wagtail_bulk_action", args=["consultations", "comment", action]) + "?" + query


def listed(response) -> set[int]:
    assert response.status_code == 200
    return {comment.pk for comment in response.context["object_list"]}


@pytest.fixture
def staff(client, belval_moderator):
    client.force_login(belval_moderator)
    return client


@pytest.fixture
def comment(consultation, proposal, citizen):
    return services.add_comment(
        page=consultation, proposal=proposal, author=citizen, body="Oui, près de la fontaine !"
    )


@pytest.fixture
def page_comment(consultation):
    author = CitizenFactory(email="marc@example.org", display_name="Marc")
    return services.add_comment(page=consultation, author=author, body="Quel calendrier ?")


@pytest.fixture
def foreign(montclair):
    page = make_consultation(parent=montclair.home, title="Le parc", slug="parc")
    author = CitizenFactory(email="paul@example.org", display_name="Paul")
    return services.add_comment(page=page, author=author, body="Un kiosque, vite.")


def test_moderator_lists_only_their_communes_comments(staff, comment, page_comment, foreign):
    response = staff.get(url("index"))
    assert listed(response) == {comment.pk, page_comment.pk}
    assert "Léa" in response.text  # author's display name
    assert "Des bancs à l&#x27;ombre" in response.text  # the proposal commented on
    assert "Aménagement de la place du marché" in response.text  # or the page
    assert "lea@example.org" not in response.text
    assert "marc@example.org" not in response.text
    assert "Un kiosque" not in response.text


@pytest.mark.parametrize("view", ["inspect", "hide", "unhide"])
def test_another_communes_comment_is_not_found(staff, foreign, view):
    Comment.objects.filter(pk=foreign.pk).update(is_hidden=True)
    assert staff.get(url(view, foreign.pk), follow=True).status_code == 404
    assert staff.post(url(view, foreign.pk), {"reason": "x"}, follow=True).status_code == 404
    foreign.refresh_from_db()
    assert (foreign.is_hidden, foreign.hidden_reason) == (True, "")


def test_filters(staff, consultation, comment, page_comment):
    reporter = CitizenFactory()
    services.report(reporter=reporter, reason="spam", comment=page_comment)
    services.hide(target=comment, moderator=None, reason="Hors sujet")
    other_page = make_consultation(parent=consultation.get_parent(), slug="autre")
    elsewhere = services.add_comment(page=other_page, author=CitizenFactory(), body="Ailleurs")

    assert listed(staff.get(url("index"), {"reported": "true"})) == {page_comment.pk}
    assert listed(staff.get(url("index"), {"is_hidden": "true"})) == {comment.pk}
    assert listed(staff.get(url("index"), {"is_hidden": "false"})) == {
        page_comment.pk,
        elsewhere.pk,
    }
    assert listed(staff.get(url("index"), {"page": other_page.pk})) == {elsewhere.pk}


def test_inspect_shows_reports_without_the_reporters_identity(staff, comment):
    reporter = CitizenFactory(email="zoe@example.org", display_name="Zoé")
    services.report(reporter=reporter, reason="abuse", details="Agressif", comment=comment)
    response = staff.get(url("inspect", comment.pk))
    assert response.status_code == 200
    assert "Oui, près de la fontaine !" in response.text
    assert "Agressif" in response.text
    assert "zoe@example.org" not in response.text
    assert "Zoé" not in response.text
    assert "lea@example.org" not in response.text


def test_hide_one_comment_with_a_reason(staff, comment, proposal):
    response = staff.post(url("hide", comment.pk), {"reason": "Propos injurieux"}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    comment.refresh_from_db()
    assert (comment.is_hidden, comment.hidden_reason) == (True, "Propos injurieux")
    proposal.refresh_from_db()
    assert proposal.comment_count == 0


def test_bulk_hide_and_unhide(staff, consultation, proposal, comment, page_comment):
    detail = sub(consultation, "proposal", proposal.pk)
    assert "Oui, près de la fontaine !" in staff.get(detail, **HOST).text

    ids = [comment.pk, page_comment.pk]
    assert staff.get(bulk_url("hide", *ids)).status_code == 200
    response = staff.post(bulk_url("hide", *ids), {"reason": "Insultes"}, follow=True)
    assert response.status_code == 200
    assert set(Comment.objects.filter(is_hidden=True).values_list("pk", flat=True)) == set(ids)
    proposal.refresh_from_db()
    assert proposal.comment_count == 0
    assert "Oui, près de la fontaine !" not in staff.get(detail, **HOST).text

    staff.post(bulk_url("unhide", *ids), follow=True)
    assert not Comment.objects.filter(is_hidden=True).exists()
    proposal.refresh_from_db()
    assert proposal.comment_count == 1


def test_bulk_hide_needs_a_reason_and_ignores_other_communes(staff, comment, foreign):
    response = staff.post(bulk_url("hide", comment.pk, foreign.pk), {"reason": ""})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert not Comment.objects.filter(is_hidden=True).exists()

    staff.post(bulk_url("hide", comment.pk, foreign.pk), {"reason": "Spam"}, follow=True)
    assert list(Comment.objects.filter(is_hidden=True)) == [comment]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_holds_the_communes_comments_and_no_e_mail_address(
    staff, comment, page_comment, foreign, fmt
):
    response = staff.get(url("index"), {"export": fmt})
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(content.decode())))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    _header, *data = rows
    assert {str(row[0]) for row in data} == {str(comment.pk), str(page_comment.pk)}
    by_id = {str(row[0]): row for row in data}
    assert "Léa" in by_id[str(comment.pk)]
    assert "Des bancs à l'ombre" in by_id[str(comment.pk)]
    assert "Marc" in by_id[str(page_comment.pk)]
    flat = " ".join(str(cell) for row in rows for cell in row)
    assert "@" not in flat
    assert "kiosque" not in flat


def test_a_comment_on_a_proposal_of_another_page_is_listed_under_its_page(
    staff, consultation, citizen
):
    other = make_consultation(parent=consultation.get_parent(), slug="autre")
    proposal = ProposalFactory(page=other, title="Ailleurs")
    comment = services.add_comment(page=other, proposal=proposal, author=citizen, body="Bien")
    assert listed(staff.get(url("index"), {"page": other.pk})) == {comment.pk}
