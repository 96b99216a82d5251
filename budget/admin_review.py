"""Staff review of budget projects in the Wagtail admin.

Scope as in `budget.admin_base`: another commune's project is simply not found
(404). Views parse input and call `budget.services.review`.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.viewsets.base import ViewSet

from consultations.models import PROJECT_STATUS_LABELS, ProposalStatus, StatusChange
from consultations.permissions import scope_for
from core.money import format_money
from core.text import CitizenCharField

from .admin_base import (
    BudgetAdminView,
    budget_content_type,
    paginate,
    proposal_policy,
    reviewable_proposals,
    scoped_budget_pages,
    source_pk,
)
from .models import BudgetCriterion, BudgetPage
from .services.review import (
    REVIEWABLE_STATUSES,
    ReviewRefused,
    review_project,
    vote_has_opened,
)

REVIEW_NAMESPACE = "budget_review"


# Review listing ----------------------------------------------------------------------


class ReviewFilterForm(forms.Form):
    page = forms.ModelChoiceField(
        label=_("Participatory budget"),
        queryset=BudgetPage.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, pages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page"].queryset = pages
        self.fields["status"].choices = [
            ("", _("All")),
            ("to_review", _("To review")),
            *(
                (value, PROJECT_STATUS_LABELS.get(value, label))
                for value, label in ProposalStatus.choices
                if value != ProposalStatus.MERGED
            ),
        ]


class ReviewIndexView(BudgetAdminView, TemplateView):
    template_name = "budget/admin/review_index.html"
    page_title = _("Project review")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not proposal_policy().user_has_permission(request.user, "change"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def pages(self):
        return scoped_budget_pages(self.request.user).order_by("title", "pk")

    def get_queryset(self, filters):
        user = self.request.user
        criteria = BudgetCriterion.objects.filter(page_id=OuterRef("page_id"))
        proposals = (
            reviewable_proposals(user)
            .exclude(status=ProposalStatus.MERGED)
            .select_related("page", "budget_review")
            .annotate(
                commune_name=scope_for(user).commune_name(),
                criteria_met_count=Count("budget_review__criteria_met", distinct=True),
                final_cost=F("budget_review__final_cost"),
                has_criteria=Exists(criteria),
            )
            .order_by("page__title", "created_at", "pk")
        )
        if filters.is_valid():
            page = filters.cleaned_data.get("page")
            status = filters.cleaned_data.get("status")
            if page is not None:
                proposals = proposals.filter(page_id=page.pk)
            if status == "to_review":
                proposals = proposals.filter(
                    status__in=[ProposalStatus.PUBLISHED, ProposalStatus.UNDER_REVIEW]
                )
            elif status:
                proposals = proposals.filter(status=status)
        return proposals

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = ReviewFilterForm(self.request.GET or None, pages=self.pages)
        page_obj = paginate(self.request, self.get_queryset(filters))
        criteria_counts = dict(
            BudgetCriterion.objects.filter(page_id__in={p.page_id for p in page_obj})
            .values_list("page_id")
            .annotate(total=Count("pk"))
        )
        for proposal in page_obj:
            proposal.criteria_total = criteria_counts.get(proposal.page_id, 0)
            proposal.reviewable = proposal.status in REVIEWABLE_STATUSES
        context.update(
            filters=filters,
            page_obj=page_obj,
            proposals=page_obj.object_list,
            query_string=self.request.GET.urlencode(),
        )
        return context


# Reviewing one project --------------------------------------------------------------


class CriteriaField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.text


class ReviewForm(forms.Form):
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"

    criteria_met = CriteriaField(
        label=_("Criteria met"),
        queryset=BudgetCriterion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick each eligibility criterion of the budget that the project meets."),
    )
    final_cost = forms.DecimalField(
        label=_("Final cost estimate"),
        required=False,
        max_digits=12,
        decimal_places=2,
        help_text=_(
            "The commune's estimate, used on the ballot instead of the proposer's. "
            "Required for an eligible project."
        ),
    )
    eligible = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ELIGIBLE, _("Eligible: the project goes to the vote")),
            (INELIGIBLE, _("Ineligible: the project stays on the site with the reason below")),
        ],
        widget=forms.RadioSelect,
    )
    public_reason = CitizenCharField(
        multiline=True,
        label=_("Public reason"),
        required=False,
        max_length=StatusChange._meta.get_field("answer").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Shown on the project's page with its new status and today's date. "
            "Required when the project is ineligible."
        ),
    )

    def __init__(self, *args, page: BudgetPage, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria_met"].queryset = BudgetCriterion.objects.filter(page=page).order_by(
            "sort_order", "pk"
        )
        if page.max_project_cost:
            self.fields["final_cost"].help_text = _(
                "The commune's estimate, used on the ballot instead of the proposer's. "
                "Required for an eligible project; at most %(maximum)s."
            ) % {"maximum": format_money(page.max_project_cost, page.currency)}


class ReviewView(BudgetAdminView, FormView):
    template_name = "budget/admin/review_form.html"
    form_class = ReviewForm
    page_title = _("Review the project")
    header_icon = "tasks"
    index_url_name = f"{REVIEW_NAMESPACE}:index"
    index_label = _("Project review")

    def dispatch(self, request, *args, **kwargs):
        if not proposal_policy().user_has_permission(request.user, "change"):
            raise PermissionDenied
        self.object = get_object_or_404(
            reviewable_proposals(request.user).select_related("page", "category"),
            pk=kwargs["proposal_id"],
        )
        if self.object.status == ProposalStatus.MERGED:
            raise Http404
        self.budget = self.object.page.specific
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.object.title

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "page": self.budget}

    def get_initial(self):
        review = getattr(self.object, "budget_review", None)
        initial = {"final_cost": self.object.estimated_cost, "public_reason": ""}
        if review is not None:
            initial["criteria_met"] = list(review.criteria_met.all())
            if review.final_cost is not None:
                initial["final_cost"] = review.final_cost
        if self.object.status == ProposalStatus.ELIGIBLE:
            initial["eligible"] = ReviewForm.ELIGIBLE
        elif self.object.status == ProposalStatus.INELIGIBLE:
            initial["eligible"] = ReviewForm.INELIGIBLE
            initial["public_reason"] = self.latest_public_answer or ""
        return initial

    @cached_property
    def latest_public_answer(self) -> str | None:
        return (
            StatusChange.objects.filter(proposal=self.object, is_public=True)
            .exclude(answer="")
            .order_by("-created_at", "-pk")
            .values_list("answer", flat=True)
            .first()
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            review_project(
                proposal=self.object,
                staff=self.request.user,
                criteria_met=list(data["criteria_met"]),
                final_cost=data["final_cost"],
                eligible=data["eligible"] == ReviewForm.ELIGIBLE,
                public_reason=data["public_reason"],
            )
        except ReviewRefused as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        status = _("eligible") if data["eligible"] == ReviewForm.ELIGIBLE else _("ineligible")
        messages.success(
            self.request,
            _("'%(project)s' is reviewed: %(status)s.")
            % {"project": self.object.title, "status": status},
        )
        return redirect(reverse(self.index_url_name) + f"?page={self.object.page_id}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        public_url = None
        if self.object.is_visible:
            public_url = self.budget.get_url(self.request) + self.budget.reverse_subpage(
                "proposal", args=[self.object.pk]
            )
        context.update(
            proposal=self.object,
            budget=self.budget,
            public_url=public_url,
            inspect_url=reverse("participation_proposals:inspect", args=[self.object.pk]),
            cancel_url=reverse(self.index_url_name) + f"?page={self.object.page_id}",
            vote_opened=bool(self.budget.results_frozen_at) or vote_has_opened(self.budget),
            reviewable=self.object.status in REVIEWABLE_STATUSES,
            cost_estimate=self.object.estimated_cost,
            max_cost=self.budget.max_project_cost,
            envelope=self.budget.envelope,
        )
        return context


# Registration ----------------------------------------------------------------------


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return proposal_policy().user_has_permission(request.user, "change")


class ProjectReviewViewSet(ViewSet):
    name = REVIEW_NAMESPACE
    url_prefix = "budget/review"
    icon = "tasks"
    menu_label = _("Project review")
    menu_item_class = ReviewMenuItem

    def get_urlpatterns(self):
        return [
            path("", ReviewIndexView.as_view(), name="index"),
            path("<int:proposal_id>/", ReviewView.as_view(), name="review"),
        ]


class ReviewPageButton(PageMenuItem):
    """The "Review projects" button of a budget page in the page explorer."""

    label = _("Review projects")
    icon_name = "tasks"
    priority = 80

    @cached_property
    def url(self):
        return reverse(f"{REVIEW_NAMESPACE}:index") + f"?page={source_pk(self.page)}"

    def is_shown(self, user):
        return proposal_policy().user_has_permission(user, "change") and (
            scoped_budget_pages(user).filter(pk=source_pk(self.page)).exists()
        )


def review_action(proposal, user):
    """The "review" action on a budget project's moderation screen, for whoever may
    review it (the same rule as the review screen)."""
    if proposal.status == ProposalStatus.MERGED:
        return None
    if not proposal_policy().user_has_permission(user, "change"):
        return None
    if proposal.page.content_type_id != budget_content_type().pk:
        return None
    url = reverse(f"{REVIEW_NAMESPACE}:review", args=[proposal.pk])
    return _("Review the project (eligibility, cost)"), url, "tasks"
