"""The "Participation" admin menu: staff moderation of proposals and comments.

Contributions are never added, edited as forms, copied or deleted here: the
viewsets expose a listing (with filters, bulk actions and exports), an inspect
view and one view per moderation action. Querysets and permissions come from
`admin_views.ContributionPermissionPolicy`, scoped to the user's communes.
"""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import path
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, StatusFlagColumn
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from . import admin_views
from .models import Comment, Proposal


class ContributionViewSet(ModelViewSet):
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    list_per_page = 50
    # Views shared by proposals and comments.
    hide_view_class = admin_views.HideView
    unhide_view_class = admin_views.UnhideView
    # The names of these views, to build the URLs of the moderation actions.
    action_views = ("hide", "unhide")

    def get_common_view_kwargs(self, **kwargs):
        # No add, edit, delete, history or usage views: Wagtail's links to them disappear.
        return super().get_common_view_kwargs(
            add_url_name=None,
            edit_url_name=None,
            delete_url_name=None,
            history_url_name=None,
            usage_url_name=None,
            url_namespace=self.url_namespace,
            **kwargs,
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            *(
                path(f"{name}/<int:pk>/", self.action_view(name), name=name)
                for name in self.action_views
            ),
        ]

    def action_view(self, name):
        return self.construct_view(getattr(self, f"{name}_view_class"))

    @property
    def url_finder_class(self):
        return admin_views.url_finder_for(self.url_namespace)

    def get_permissions_to_register(self):
        return Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model),
            codename__in=[f"{action}_{self.model_name}" for action in ("view", "change")],
        )


class ProposalViewSet(ContributionViewSet):
    model = Proposal
    name = "participation_proposals"
    url_prefix = "participation/proposals"
    icon = "clipboard-list"
    index_view_class = admin_views.ProposalIndexView
    inspect_view_class = admin_views.ProposalInspectView
    status_view_class = admin_views.ChangeStatusView
    publish_view_class = admin_views.PublishView
    merge_view_class = admin_views.MergeView
    duplicates_view_class = admin_views.DuplicatesView
    action_views = ("status", "publish", "merge", "hide", "unhide")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("duplicates/", self.construct_view(self.duplicates_view_class), name="duplicates"),
        ]

    list_display = [
        "title",
        Column(
            "page",
            label=capfirst(_("participation page")),
            accessor="page.title",
            sort_key="page__title",
        ),
        Column("commune_name", label=capfirst(_("commune")), sort_key="commune_name"),
        Column(
            "status", label=capfirst(_("status")), accessor="get_status_display", sort_key="status"
        ),
        Column("support_count", label=capfirst(_("supports")), sort_key="support_count"),
        Column("comment_count", label=capfirst(_("comments")), sort_key="comment_count"),
        Column("report_count", label=capfirst(_("reports")), sort_key="report_count"),
        StatusFlagColumn(
            "is_hidden",
            label=capfirst(_("hidden")),
            true_label=capfirst(_("Hidden")),
            sort_key="is_hidden",
        ),
        DateColumn("created_at", label=capfirst(_("submitted")), sort_key="created_at"),
        DateColumn(
            "first_answered_at", label=capfirst(_("first answered")), sort_key="first_answered_at"
        ),
        StatusFlagColumn(
            "is_overdue",
            label=capfirst(_("Overdue")),
            true_label=capfirst(_("Overdue")),
            sort_key="is_overdue",
        ),
    ]
    inspect_view_fields = [
        "title",
        "page",
        "author",
        "status",
        "merged_into",
        "image",
        "image_description",
        "location_label",
        "category",
        "district",
        "estimated_cost",
        "support_count",
        "comment_count",
        "report_count",
        "is_hidden",
        "hidden_reason",
        "hidden_by",
        "created_at",
        "threshold_reached_at",
        "first_answered_at",
    ]
    # Open to staff, never with e-mail addresses: the author's display name only.
    list_export = [
        "id",
        "title",
        "body",
        "page.title",
        "commune_name",
        "get_status_display",
        "support_count",
        "comment_count",
        "report_count",
        "is_hidden",
        "created_at",
        "first_answered_at",
        "official_answer",
        "author_name",
    ]
    export_headings = {
        "page.title": _("participation page"),
        "commune_name": _("commune"),
        "get_status_display": _("status"),
        "official_answer": _("official answer"),
        "author_name": _("author"),
    }
    export_filename = "proposals"


class CommentViewSet(ContributionViewSet):
    model = Comment
    name = "participation_comments"
    url_prefix = "participation/comments"
    icon = "comment"
    index_view_class = admin_views.CommentIndexView
    inspect_view_class = admin_views.CommentInspectView

    list_display = [
        "__str__",
        Column(
            "subject",
            label=capfirst(_("proposal or page")),
            accessor=lambda comment: (
                comment.proposal.title if comment.proposal_id else comment.page.title
            ),
        ),
        Column("author_name", label=capfirst(_("author"))),
        Column("commune_name", label=capfirst(_("commune")), sort_key="commune_name"),
        DateColumn("created_at", label=capfirst(_("date")), sort_key="created_at"),
        Column("report_count", label=capfirst(_("reports")), sort_key="report_count"),
        StatusFlagColumn(
            "is_hidden",
            label=capfirst(_("hidden")),
            true_label=capfirst(_("Hidden")),
            sort_key="is_hidden",
        ),
    ]
    inspect_view_fields = [
        "page",
        "proposal",
        "author",
        "created_at",
        "is_commune_answer",
        "is_deleted",
        "report_count",
        "is_hidden",
        "hidden_reason",
        "hidden_by",
    ]
    list_export = [
        "id",
        "body",
        "page.title",
        "proposal_title",
        "commune_name",
        "author_name",
        "created_at",
        "report_count",
        "is_hidden",
        "hidden_reason",
    ]
    export_headings = {
        "page.title": _("participation page"),
        "proposal_title": _("proposal"),
        "commune_name": _("commune"),
        "author_name": _("author"),
        "created_at": _("date"),
    }
    export_filename = "comments"


class ParticipationViewSetGroup(ModelViewSetGroup):
    menu_label = _("Participation")
    menu_icon = "group"
    menu_order = 250
    items = (ProposalViewSet, CommentViewSet)
