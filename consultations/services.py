"""Every write of the participation core: one keyword-only function, one transaction each.

Rules come from `rules.py` and are enforced here, whatever the caller; a refusal
raises `ParticipationRefused` with the reason for the citizen.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Collection

from accounts.emails import send_templated_email
from core.resubmission import DOUBLE_SUBMIT_WINDOW, already_sent
from core.tenancy import site_for_page
from home.models import CommuneSettings

from . import rules
from .models import (
    Comment,
    Proposal,
    ProposalStatus,
    Report,
    StatusChange,
    Support,
)


class ParticipationRefused(PermissionDenied):
    """The action is not allowed now; `str(exc)` says why, for the citizen."""

    def __init__(self, decision: rules.Decision):
        super().__init__(decision.reason)
        self.decision = decision


def _ensure(decision: rules.Decision) -> None:
    if not decision:
        raise ParticipationRefused(decision)


def _commune_collection(page) -> Collection:
    """Citizens' images go to their commune's collection, where its staff moderate them."""
    site = site_for_page(page)
    collection = CommuneSettings.for_site(site).collection if site else None
    return collection or Collection.get_first_root_node()


CAPTCHA_CONTRIBUTIONS = 3


def needs_captcha(user) -> bool:
    """A citizen's first few contributions carry a captcha."""
    made = Proposal.objects.filter(author=user).count()
    if made >= CAPTCHA_CONTRIBUTIONS:
        return False
    return made + Comment.objects.filter(author=user).count() < CAPTCHA_CONTRIBUTIONS


# Proposals -------------------------------------------------------------------


@dataclass
class ProposalImage:
    """An uploaded image already validated by the form."""

    file: object
    description: str


def _store_image(*, page, title: str, upload: ProposalImage, owner):
    image = get_image_model()(
        title=title[:255],
        file=upload.file,
        collection=_commune_collection(page),
        uploaded_by_user=owner,
    )
    image._set_image_file_metadata()
    image.save()
    return image


@transaction.atomic
def submit_proposal(
    *,
    page,
    author,
    title: str,
    body: str,
    category=None,
    district=None,
    image: ProposalImage | None = None,
    location_label: str = "",
    estimated_cost=None,
    show_author_name: bool = False,
) -> Proposal:
    """A citizen submits a proposal; it is published at once unless the page moderates first."""
    source = page.source_page
    _ensure(rules.can_propose(source, author))
    # A double click sends the same proposal twice: keep the first (core.resubmission),
    # before its image is stored or its author told again.
    resent = already_sent(
        Proposal.objects.filter(page=source, author=author, title=title, body=body),
        author=author,
    )
    if resent is not None:
        return resent
    proposal = Proposal(
        page=source,
        author=author,
        title=title,
        body=body,
        category=category,
        district=district,
        location_label=location_label,
        estimated_cost=estimated_cost if source.asks_for_cost else None,
        show_author_name=show_author_name,
        status=ProposalStatus.PENDING
        if source.moderate_new_proposals
        else ProposalStatus.PUBLISHED,
    )
    if image is not None:
        proposal.image_description = image.description
    # Validate before the image file is written, so that a refusal stores nothing.
    proposal.full_clean(exclude=["page", "author", "image"])
    if image is not None:
        proposal.image = _store_image(page=source, title=title, upload=image, owner=author)
    proposal.save()
    _acknowledge_proposal(proposal=proposal, page=page)
    return proposal


def _acknowledge_proposal(*, proposal: Proposal, page) -> None:
    """Tell the author their proposal has arrived, in their language.

    The e-mail is enqueued when the transaction commits (see accounts.emails): the
    proposal is saved first, and a mail server failure never undoes it.
    """
    site = site_for_page(page)
    commune = CommuneSettings.for_site(site) if site else None
    page_url = page.get_full_url() or ""
    send_templated_email(
        to=proposal.author.email,
        subject_template="consultations/emails/proposal_received_subject.txt",
        text_template="consultations/emails/proposal_received.txt",
        context={
            "author": proposal.author,
            "proposal": proposal,
            "page_title": page.title,
            "url": page_url + page.reverse_subpage("proposal", args=[proposal.pk]),
            "published": proposal.is_visible,
            "commune_name": commune.official_name if commune else "",
            "answer_days": commune.answer_commitment_days if commune else None,
        },
        language=proposal.author.language,
    )


@transaction.atomic
def edit_proposal(
    *,
    proposal: Proposal,
    editor,
    title: str,
    body: str,
    category=None,
    district=None,
    image: ProposalImage | None = None,
    remove_image: bool = False,
    location_label: str = "",
    estimated_cost=None,
    show_author_name: bool = False,
) -> Proposal:
    """The author edits their proposal while it is not yet under review."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _ensure(rules.can_edit_proposal(proposal, editor))
    proposal.title = title
    proposal.body = body
    proposal.category = category
    proposal.district = district
    proposal.location_label = location_label
    proposal.show_author_name = show_author_name
    if proposal.page.specific.asks_for_cost:
        proposal.estimated_cost = estimated_cost
    if remove_image:
        proposal.image = None
        proposal.image_description = ""
    if image is not None:
        proposal.image_description = image.description
    proposal.full_clean(exclude=["page", "author", "image"])
    if image is not None:
        proposal.image = _store_image(page=proposal.page, title=title, upload=image, owner=editor)
    proposal.save()
    return proposal


# Supports --------------------------------------------------------------------


@transaction.atomic
def toggle_support(*, proposal: Proposal, user, support: bool | None = None) -> tuple[bool, int]:
    """Support or withdraw support; returns (supported, count).

    `support=True/False` makes the call idempotent (a double click stays one
    support); `None` toggles. The unique constraint, not a prior check, decides
    whether a support exists, so parallel requests never double-count.
    """
    proposal = Proposal.objects.select_related("page").get(pk=proposal.pk)
    exists = Support.objects.filter(proposal=proposal, user=user).exists()
    wanted = (not exists) if support is None else support
    if wanted:
        _ensure(rules.can_support(proposal, user))
        try:
            with transaction.atomic():
                Support.objects.create(proposal=proposal, user=user)
        except IntegrityError:
            pass  # Already supported (double click or parallel request): nothing changes.
        else:
            Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") + 1)
            _mark_threshold(proposal)
    else:
        deleted, _detail = Support.objects.filter(proposal=proposal, user=user).delete()
        if deleted:
            Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") - 1)
    proposal.refresh_from_db(fields=["support_count", "threshold_reached_at"])
    return wanted, proposal.support_count


def _mark_threshold(proposal: Proposal) -> None:
    threshold = proposal.page.specific.support_threshold
    if threshold:
        Proposal.objects.filter(
            pk=proposal.pk, support_count__gte=threshold, threshold_reached_at__isnull=True
        ).update(threshold_reached_at=timezone.now())


# Comments --------------------------------------------------------------------


def _count_comment(proposal_id: int | None, delta: int) -> None:
    """Keep a proposal's count of visible comments in step (never below zero)."""
    if proposal_id is None:
        return
    proposals = Proposal.objects.filter(pk=proposal_id)
    if delta < 0:
        proposals = proposals.filter(comment_count__gte=-delta)
    proposals.update(comment_count=F("comment_count") + delta)


@transaction.atomic
def add_comment(
    *,
    page,
    author,
    body: str,
    proposal: Proposal | None = None,
    parent: Comment | None = None,
    as_commune: bool = False,
) -> Comment:
    """Comment on the page or on one of its proposals; a reply to a reply joins its thread.

    `as_commune`: the commune's staff answer on its behalf (the comment is marked so).
    """
    source = page.source_page
    _ensure(rules.can_comment(source, author))
    if as_commune:
        _ensure(rules.can_speak_for_commune(source, author))
    if proposal is not None and (proposal.page_id != source.pk or not proposal.is_visible):
        raise ParticipationRefused(
            rules.Decision(False, _("This proposal cannot be commented on."))
        )
    if parent is not None:
        if parent.page_id != source.pk or parent.proposal_id != (proposal.pk if proposal else None):
            raise ParticipationRefused(
                rules.Decision(False, _("You cannot reply to this comment."))
            )
        if parent.is_hidden:
            raise ParticipationRefused(
                rules.Decision(False, _("You cannot reply to this comment."))
            )
        parent = parent.parent or parent  # one reply level
    # A double click sends the same comment twice: keep the first (core.resubmission).
    resent = already_sent(
        Comment.objects.filter(
            page=source,
            proposal=proposal,
            parent=parent,
            author=author,
            body=body,
            is_deleted=False,
        ),
        author=author,
    )
    if resent is not None:
        return resent
    comment = Comment(
        page=source,
        proposal=proposal,
        parent=parent,
        author=author,
        body=body,
        is_commune_answer=as_commune,
    )
    comment.full_clean(exclude=["page", "proposal", "parent", "author"])
    comment.save()
    _count_comment(proposal.pk if proposal else None, +1)
    return comment


@transaction.atomic
def delete_comment(*, comment: Comment, user) -> Comment:
    """The author withdraws a comment: its text is blanked, the thread stays."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.author_id != user.pk:
        raise ParticipationRefused(
            rules.Decision(False, _("Only the author can delete this comment."))
        )
    if comment.is_deleted:
        return comment
    comment.is_deleted = True
    comment.body = ""
    comment.save(update_fields=["is_deleted", "body"])
    if not comment.is_hidden:
        _count_comment(comment.proposal_id, -1)
    return comment


# Reports and moderation ------------------------------------------------------


@transaction.atomic
def report(
    *,
    reporter,
    reason: str,
    details: str = "",
    proposal: Proposal | None = None,
    comment: Comment | None = None,
) -> bool:
    """Flag content. Returns False when this person had already reported it.

    When the page's report limit is reached, the content is hidden pending a
    moderator's review.
    """
    _ensure(rules.can_report(reporter))
    target = proposal or comment
    if target is None or (proposal is not None and comment is not None):
        raise ValueError("Report exactly one proposal or one comment.")
    try:
        with transaction.atomic():
            Report.objects.create(
                reporter=reporter,
                reason=reason,
                details=details,
                proposal=proposal,
                comment=comment,
            )
    except IntegrityError:
        return False
    model = type(target)
    model.objects.filter(pk=target.pk).update(report_count=F("report_count") + 1)
    target.refresh_from_db(fields=["report_count", "is_hidden"])
    limit = target.page.specific.reports_to_hide
    if not target.is_hidden and target.report_count >= limit:
        _hide(
            target,
            moderator=None,
            reason=_("Hidden after %(count)s reports, pending review.")
            % {"count": target.report_count},
            automatically=True,
        )
    return True


def _hide(target, *, moderator, reason: str, automatically: bool = False) -> None:
    was_visible = not target.is_hidden
    target.is_hidden = True
    target.hidden_reason = reason
    target.hidden_automatically = automatically
    target.hidden_at = timezone.now()
    target.hidden_by = moderator
    target.save(
        update_fields=[
            "is_hidden",
            "hidden_reason",
            "hidden_automatically",
            "hidden_at",
            "hidden_by",
        ]
    )
    if was_visible and isinstance(target, Comment) and not target.is_deleted:
        _count_comment(target.proposal_id, -1)


@transaction.atomic
def hide(*, target, moderator, reason: str) -> None:
    """A moderator hides a proposal or comment, with a reason kept for the record."""
    if not reason.strip():
        raise ValueError(_("Give a reason for hiding."))
    target = type(target).objects.select_for_update().get(pk=target.pk)
    _hide(target, moderator=moderator, reason=reason.strip())


@transaction.atomic
def unhide(*, target, moderator) -> None:
    """A moderator restores content; its reports are marked as resolved."""
    target = type(target).objects.select_for_update().get(pk=target.pk)
    if not target.is_hidden:
        return
    target.is_hidden = False
    target.hidden_automatically = False
    target.hidden_reason = ""
    target.hidden_at = None
    target.hidden_by = moderator
    target.save(
        update_fields=[
            "is_hidden",
            "hidden_automatically",
            "hidden_reason",
            "hidden_at",
            "hidden_by",
        ]
    )
    target.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
    if isinstance(target, Comment) and not target.is_deleted:
        _count_comment(target.proposal_id, +1)


@transaction.atomic
def change_status(
    *, proposal: Proposal, staff, status: str, answer: str = "", public: bool = True
) -> StatusChange:
    """Staff move a proposal to a new status, optionally with an official answer.

    The first public answer stamps `first_answered_at`, which the commune's
    answer-time commitment is measured against. The same change sent again at once
    (a double click) is stored once.
    """
    if status not in ProposalStatus.values or status == ProposalStatus.MERGED:
        raise ValueError(_("Unknown status."))
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    answer = answer.strip()
    # Copies queue on the proposal's lock; the one before was the same change just now.
    latest = proposal.status_changes.order_by("-created_at", "-pk").first()
    if (
        latest is not None
        and proposal.status == status
        and (latest.new_status, latest.answer, latest.is_public) == (status, answer, public)
        and latest.author_id == getattr(staff, "pk", None)
        and latest.created_at >= timezone.now() - DOUBLE_SUBMIT_WINDOW
    ):
        return latest
    change = StatusChange.objects.create(
        proposal=proposal,
        old_status=proposal.status,
        new_status=status,
        answer=answer,
        is_public=public,
        author=staff,
    )
    proposal.status = status
    fields = ["status", "updated_at"]
    if public and change.answer and proposal.first_answered_at is None:
        proposal.first_answered_at = change.created_at
        fields.append("first_answered_at")
    proposal.save(update_fields=fields)
    return change


@transaction.atomic
def merge_proposals(
    *, duplicate: Proposal, original: Proposal, staff, answer: str = ""
) -> Proposal:
    """Fold a duplicate into an original: supports move over without double counting.

    A citizen who supported both keeps one support on the original. The
    duplicate stays visible with a link to the original.
    """
    if duplicate.pk == original.pk:
        raise ValueError(_("A proposal cannot be merged into itself."))
    duplicate, original = (
        Proposal.objects.select_for_update().get(pk=duplicate.pk),
        Proposal.objects.select_for_update().get(pk=original.pk),
    )
    if duplicate.page_id != original.page_id:
        raise ValueError(_("Only proposals of the same page can be merged."))
    if original.merged_into_id:
        raise ValueError(_("The original has itself been merged; merge into its target."))

    already = Support.objects.filter(proposal=original).values("user_id")
    Support.objects.filter(proposal=duplicate).exclude(user_id__in=already).exclude(
        user_id=original.author_id
    ).update(proposal=original)
    Support.objects.filter(proposal=duplicate).delete()
    original.support_count = Support.objects.filter(proposal=original).count()
    original.save(update_fields=["support_count", "updated_at"])
    _mark_threshold(original)

    StatusChange.objects.create(
        proposal=duplicate,
        old_status=duplicate.status,
        new_status=ProposalStatus.MERGED,
        answer=answer.strip(),
        author=staff,
    )
    duplicate.status = ProposalStatus.MERGED
    duplicate.merged_into = original
    duplicate.support_count = 0
    duplicate.save(update_fields=["status", "merged_into", "support_count", "updated_at"])
    Proposal.objects.filter(merged_into=duplicate).update(merged_into=original)
    return original


# Staff bulk operations ---


@transaction.atomic
def hide_many(*, targets, moderator, reason: str) -> int:
    """Hide several proposals or comments with one reason: all of them or none."""
    if not reason.strip():
        raise ValueError(_("Give a reason for hiding."))
    count = 0
    for target in targets:
        hide(target=target, moderator=moderator, reason=reason)
        count += 1
    return count


@transaction.atomic
def unhide_many(*, targets, moderator) -> int:
    """Restore several proposals or comments; their reports are marked as resolved."""
    count = 0
    for target in targets:
        unhide(target=target, moderator=moderator)
        count += 1
    return count
