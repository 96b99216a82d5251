"""Filters of the staff moderation listings.

Choices that name pages come from the contributions the user may see, through
the model's registered permission policy, so no other commune's page is listed.
"""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.models import Page
from wagtail.permissions import policy_registry

from .models import Comment, Proposal, StatusChange


def _pages_with(model):
    def pages(request):
        if request is None:
            return Page.objects.none()
        visible = policy_registry.get_by_type(model).instances_user_has_any_permission_for(
            request.user, ["view", "change"]
        )
        return Page.objects.filter(pk__in=visible.values("page_id")).order_by("title", "pk")

    return pages


class ContributionFilterSet(WagtailFilterSet):
    reported = django_filters.BooleanFilter(
        label=_("Reported"), method="filter_reported", widget=BooleanRadioSelect
    )

    def filter_reported(self, queryset, name, value):
        return queryset.filter(report_count__gt=0) if value else queryset.filter(report_count=0)


class ProposalFilterSet(ContributionFilterSet):
    page = django_filters.ModelChoiceFilter(
        label=_("participation page"), queryset=_pages_with(Proposal)
    )
    awaiting_review = django_filters.BooleanFilter(
        label=_("Awaiting review"),
        method="filter_awaiting_review",
        widget=BooleanRadioSelect,
        help_text=_("Reached the support threshold, no status change since."),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue"),
        field_name="is_overdue",  # annotated by the listing's queryset
        widget=BooleanRadioSelect,
        help_text=_("No public answer within the commune's answer-time commitment."),
    )

    class Meta:
        model = Proposal
        fields = ["page", "status", "is_hidden"]

    def filter_awaiting_review(self, queryset, name, value):
        reviewed = StatusChange.objects.filter(
            proposal=OuterRef("pk"), created_at__gte=OuterRef("threshold_reached_at")
        )
        awaiting = queryset.filter(threshold_reached_at__isnull=False).exclude(Exists(reviewed))
        return awaiting if value else queryset.exclude(pk__in=awaiting.values("pk"))


class CommentFilterSet(ContributionFilterSet):
    page = django_filters.ModelChoiceFilter(
        label=_("participation page"), queryset=_pages_with(Comment)
    )

    class Meta:
        model = Comment
        fields = ["page", "is_hidden"]
