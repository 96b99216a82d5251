"""What the participation core stores about a person: export and erasure.

The contract is in accounts/__init__.py. Here: proposals, comments, supports,
reports, questionnaire answers, and the images uploaded with proposals.

Erasure, in every case:

- **supports** are withdrawn and each supported proposal's count goes down by one
  in the same transaction (a support is a standing opinion of a living account,
  which the person could withdraw themselves; keeping it anonymously would need a
  support without a supporter, and the count must equal the rows). A proposal that
  had reached its support threshold keeps the date it did: staff acted on it then;
- **reports** the person filed stay for the moderators' record, without reporter;
- staff-side references (who hid a contribution, who changed a status) are cleared.

Without ``delete_contributions``, proposals, comments and questionnaire answers stay,
unlinked: the site shows them by "Deleted participant", answers stay counted.

With ``delete_contributions``:

- **comments** read "This comment was deleted by its author" (as when the author
  deletes one): the text goes, the thread and the replies of others stay, and the
  proposal's comment count drops for each one that was visible;
- **proposals** still open to their author's edits (awaiting moderation or
  published, and not the target of a merge) are deleted, with their image and what
  hangs on them (others' supports and comments); proposals already in the commune's
  hands — under review, eligible or not, selected, voted on, answered, in progress,
  merged — stay without their author, since official answers, reviews, ballots and
  results refer to them;
- **questionnaire answers** are deleted (they may hold free text the person wrote).
"""

from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from wagtail.images import get_image_model

from .models import (
    EDITABLE_STATUSES,
    Comment,
    Proposal,
    QuestionnaireField,
    QuestionnaireSubmission,
    Report,
    StatusChange,
    Support,
)


class _PageUrls:
    """Full URLs of participation pages, each computed once."""

    def __init__(self):
        self._urls = {}

    def __call__(self, page) -> str:
        if page.pk not in self._urls:
            self._urls[page.pk] = page.get_full_url() or ""
        return self._urls[page.pk]

    def page(self, page) -> dict:
        return {"title": page.title, "url": self(page)}

    def proposal(self, proposal) -> str:
        base = self(proposal.page)
        return f"{base}proposals/{proposal.pk}/" if base else ""


def _image(proposal) -> dict | None:
    image = proposal.image
    if image is None:
        return None
    return {
        "title": image.title,
        "description": proposal.image_description,
        "file": image.file.name,
        "url": image.file.url,
    }


def _proposals(user, urls: _PageUrls) -> list[dict]:
    proposals = (
        Proposal.objects.filter(author=user)
        .select_related("page__locale", "category", "district", "image")
        .order_by("created_at", "pk")
    )
    return [
        {
            "id": proposal.pk,
            "url": urls.proposal(proposal),
            "page": urls.page(proposal.page),
            "title": proposal.title,
            "description": proposal.body,
            "category": proposal.category.name if proposal.category else None,
            "district": proposal.district.name if proposal.district else None,
            "place": proposal.location_label,
            "estimated_cost": proposal.estimated_cost,
            "image": _image(proposal),
            "show_author_name_in_open_data": proposal.show_author_name,
            "status": proposal.status,
            "status_label": proposal.get_status_display(),
            "supports": proposal.support_count,
            "comments": proposal.comment_count,
            "hidden_by_moderators": proposal.is_hidden,
            "hidden_reason": proposal.hidden_reason,
            "submitted_at": proposal.created_at,
            "updated_at": proposal.updated_at,
        }
        for proposal in proposals
    ]


def _comments(user, urls: _PageUrls) -> list[dict]:
    comments = (
        Comment.objects.filter(author=user)
        .select_related("page__locale", "proposal__page__locale")
        .order_by("created_at", "pk")
    )
    return [
        {
            "id": comment.pk,
            "page": urls.page(comment.page),
            "proposal": (
                {
                    "id": comment.proposal_id,
                    "title": comment.proposal.title,
                    "url": urls.proposal(comment.proposal),
                }
                if comment.proposal_id
                else None
            ),
            "in_reply_to_comment": comment.parent_id,
            "text": comment.body,
            "deleted_by_you": comment.is_deleted,
            "hidden_by_moderators": comment.is_hidden,
            "hidden_reason": comment.hidden_reason,
            "written_at": comment.created_at,
        }
        for comment in comments
    ]


def _supports(user, urls: _PageUrls) -> list[dict]:
    supports = (
        Support.objects.filter(user=user)
        .select_related("proposal__page__locale")
        .order_by("created_at", "pk")
    )
    return [
        {
            "proposal": {
                "id": support.proposal_id,
                "title": support.proposal.title,
                "url": urls.proposal(support.proposal),
            },
            "page": urls.page(support.proposal.page),
            "supported_at": support.created_at,
        }
        for support in supports
    ]


def _reports(user) -> list[dict]:
    reports = (
        Report.objects.filter(reporter=user)
        .select_related("proposal", "comment")
        .order_by("created_at", "pk")
    )
    return [
        {
            "about": (
                {"proposal": report.proposal_id, "title": report.proposal.title}
                if report.proposal_id
                else {"comment": report.comment_id, "text": report.comment.body}
            ),
            "reason": report.reason,
            "reason_label": report.get_reason_display(),
            "details": report.details,
            "reported_at": report.created_at,
            "resolved_at": report.resolved_at,
        }
        for report in reports
    ]


def _questionnaire_answers(user, urls: _PageUrls) -> list[dict]:
    submissions = list(
        QuestionnaireSubmission.objects.filter(user=user)
        .select_related("page__locale")
        .order_by("submit_time", "pk")
    )
    labels = {}
    for field in QuestionnaireField.objects.filter(
        page_id__in={submission.page_id for submission in submissions}
    ).order_by("sort_order", "pk"):
        labels.setdefault(field.page_id, {})[field.clean_name] = field.label
    answers = []
    for submission in submissions:
        questions = labels.get(submission.page_id, {})
        answers.append(
            {
                "questionnaire": urls.page(submission.page),
                "answered_at": submission.submit_time,
                "answers": [
                    {"question": questions.get(name, name), "answer": value}
                    for name, value in submission.form_data.items()
                ],
            }
        )
    return answers


def export_personal_data(user) -> dict:
    urls = _PageUrls()
    return {
        "proposals": _proposals(user, urls),
        "comments": _comments(user, urls),
        "supports": _supports(user, urls),
        "reports": _reports(user),
        "questionnaire_answers": _questionnaire_answers(user, urls),
    }


# Erasure ---------------------------------------------------------------------


def _withdraw_supports(user) -> None:
    supported = list(Support.objects.filter(user=user).values_list("proposal_id", flat=True))
    if not supported:
        return
    Support.objects.filter(user=user).delete()
    Proposal.objects.filter(pk__in=supported, support_count__gt=0).update(
        support_count=F("support_count") - 1
    )


def _delete_comments(user) -> None:
    """Blank the person's comments as `services.delete_comment` does, in two queries."""
    visible = (
        Comment.objects.filter(
            author=user, proposal_id=OuterRef("pk"), is_deleted=False, is_hidden=False
        )
        .order_by()
        .values("proposal_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    Proposal.objects.filter(
        pk__in=Comment.objects.filter(
            author=user, is_deleted=False, is_hidden=False, proposal__isnull=False
        ).values("proposal_id")
    ).update(comment_count=Greatest(F("comment_count") - Coalesce(Subquery(visible), Value(0)), 0))
    Comment.objects.filter(author=user).update(is_deleted=True, body="", author=None)


def _delete_open_proposals(user) -> None:
    removable = Proposal.objects.filter(author=user, status__in=EDITABLE_STATUSES).exclude(
        merged_proposals__isnull=False
    )
    rows = list(removable.values_list("pk", "image_id"))
    if not rows:
        return
    Proposal.objects.filter(pk__in=[pk for pk, _image in rows]).delete()
    images = [image for _pk, image in rows if image is not None]
    if images:
        still_used = Proposal.objects.filter(image_id__in=images).values("image_id")
        get_image_model().objects.filter(pk__in=images).exclude(pk__in=still_used).delete()


def erase_personal_data(user, *, delete_contributions: bool) -> None:
    _withdraw_supports(user)
    if delete_contributions:
        _delete_comments(user)
        _delete_open_proposals(user)
        QuestionnaireSubmission.objects.filter(user=user).delete()
    Comment.objects.filter(author=user).update(author=None)
    Proposal.objects.filter(author=user).update(author=None)
    QuestionnaireSubmission.objects.filter(user=user).update(user=None)
    Report.objects.filter(reporter=user).update(reporter=None)
    get_image_model().objects.filter(uploaded_by_user=user).update(uploaded_by_user=None)
    # Staff-side references (an administrator deleting a staff account in the admin).
    Proposal.objects.filter(hidden_by=user).update(hidden_by=None)
    Comment.objects.filter(hidden_by=user).update(hidden_by=None)
    StatusChange.objects.filter(author=user).update(author=None)
