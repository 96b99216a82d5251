"""Staff moderation of proposals and comments in the Wagtail admin.

Every listing, object view, bulk action, filter choice and export takes its
queryset from the contributions' permission policy (`consultations.permissions`),
so another commune's contribution is simply not found (404). Views parse input and
call `services`; they hold no business rules.
"""

from datetime import datetime

from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db.models import (
    F,
    OuterRef,
    Subquery,
)
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.generic import (
    BaseObjectMixin,
    IndexView,
    InspectView,
    PermissionCheckedMixin,
    WagtailAdminTemplateMixin,
)
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.models import Page
from wagtail.permissions import policy_registry

from core.tenancy import CommuneScope

from . import duplicates, services
from .admin_filters import CommentFilterSet, ProposalFilterSet
from .admin_forms import ConfirmForm, HideForm, MergeForm, StatusChangeForm
from .hooks import PROPOSAL_ACTIONS_HOOK
from .models import Comment, Proposal, ProposalStatus, StatusChange
from .permissions import scope_for, visible_to
from .queries import answer_overdue


def url_finder_for(url_namespace: str) -> type[ModelAdminURLFinder]:
    """Contributions are inspected and moderated, never edited as forms: link to inspect."""
    return type(
        "ContributionURLFinder",
        (ModelAdminURLFinder,),
        {"edit_url_name": f"{url_namespace}:inspect"},
    )


# What can be done on a contribution -------------------------------------------


def moderation_links(instance) -> list[tuple[str, str, str]]:
    """(label, view name, icon) of the actions open on a contribution in its current state."""
    links = []
    if isinstance(instance, Proposal) and instance.status != ProposalStatus.MERGED:
        links.append((_("Answer or change status"), "status", "edit"))
        if instance.status == ProposalStatus.PENDING:
            links.append((_("Publish"), "publish", "check"))
        links.append((_("Merge into another proposal"), "merge", "resubmit"))
    if not instance.is_hidden:
        links.append((_("Hide"), "hide", "no-view"))
    else:
        links.append((_("Show again"), "unhide", "view"))
        if instance.hidden_automatically:
            links.append((_("Keep hidden"), "hide", "no-view"))
    return links


class ModerationLinksMixin:
    url_namespace = None

    def moderation_buttons(self, instance, button_class=Button):
        if not self.user_has_permission("change"):
            return []
        return [
            button_class(
                label,
                url=reverse(f"{self.url_namespace}:{name}", args=[quote(instance.pk)]),
                icon_name=icon,
                priority=30 + number,
            )
            for number, (label, name, icon) in enumerate(moderation_links(instance))
        ]


# Listings ----------------------------------------------------------------------


class ContributionIndexView(ModerationLinksMixin, IndexView):
    """A scoped listing with bulk actions and spreadsheet export (every cell guarded
    against formulas, as in every admin export: core.spreadsheets)."""

    template_name = "consultations/admin/index.html"
    is_searchable = True

    @cached_property
    def scope(self) -> CommuneScope:
        return scope_for(self.request.user)

    def get_base_queryset(self):
        return self.annotate(
            visible_to(self.request.user, self.model).annotate(
                commune_name=self.scope.commune_name()
            )
        )

    def annotate(self, queryset):
        return queryset

    @cached_property
    def bulk_type(self) -> str:
        return self.model._meta.model_name

    @cached_property
    def columns(self):
        columns = super().columns
        if self.user_has_permission("change"):
            columns = [BulkActionsCheckboxColumn("bulk_actions", obj_type=self.bulk_type), *columns]
        return columns

    def _get_title_column(self, *args, **kwargs):
        return super()._get_title_column(
            *args, **kwargs, get_title_id=lambda obj: f"{self.bulk_type}_{quote(obj.pk)}_title"
        )

    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            *self.moderation_buttons(instance, MenuItem),
        ]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["bulk_type"] = self.bulk_type
        context["can_moderate"] = self.user_has_permission("change")
        return context


class ProposalIndexView(ContributionIndexView):
    model = Proposal
    filterset_class = ProposalFilterSet
    search_fields = ["title"]
    # Proposals are in the site search index, but the staff listing filters on
    # their page's path (the staff's communes): search it in SQL, as before.
    search_backend_name = None

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.user_has_permission("change"):
            buttons.append(
                HeaderButton(
                    _("Likely duplicates"),
                    url=reverse(f"{self.url_namespace}:duplicates"),
                    icon_name="resubmit",
                )
            )
        return buttons

    def annotate(self, queryset):
        queryset = queryset.select_related("page").annotate(
            is_overdue=answer_overdue(self.scope, timezone.now())
        )
        if self.is_export:
            answers = StatusChange.objects.filter(proposal=OuterRef("pk"), is_public=True).exclude(
                answer=""
            )
            queryset = queryset.select_related("author").annotate(
                official_answer=Subquery(
                    answers.order_by("-created_at", "-pk").values("answer")[:1]
                )
            )
        return queryset


class CommentIndexView(ContributionIndexView):
    model = Comment
    filterset_class = CommentFilterSet
    search_fields = ["body"]

    def annotate(self, queryset):
        return queryset.select_related("page", "proposal", "author").annotate(
            proposal_title=F("proposal__title")
        )


# Inspecting --------------------------------------------------------------------


class ContributionInspectView(ModerationLinksMixin, InspectView):
    template_name = "consultations/admin/inspect.html"
    # Labels of fields without a translated verbose name of their own.
    labels = {}

    def get_object(self, queryset=None):
        return get_object_or_404(
            visible_to(self.request.user, self.model).select_related("page", "author", "hidden_by"),
            pk=unquote(str(self.pk)),
        )

    def get_field_label(self, field_name, field):
        if field_name in self.labels:
            return capfirst(self.labels[field_name])
        return super().get_field_label(field_name, field)

    # Staff see display names, never e-mail addresses.
    def get_author_display_value(self):
        return self.object.author_name

    def get_hidden_by_display_value(self):
        hidden_by = self.object.hidden_by
        return hidden_by.display_name if hidden_by else ""

    def get_field_display_value(self, field_name, field):
        if getattr(self.object, field_name, None) in (None, ""):
            return "—"
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, datetime):
            return timezone.localtime(value)
        return value

    @cached_property
    def header_more_buttons(self):
        return self.moderation_buttons(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["body_label"] = capfirst(self.model._meta.get_field("body").verbose_name)
        # Reporters stay anonymous to staff: reason, details and dates only.
        context["reports"] = self.object.reports.only(
            "reason", "details", "created_at", "resolved_at"
        ).order_by("-created_at")
        return context


class ProposalInspectView(ContributionInspectView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        for action in hooks.get_hooks(PROPOSAL_ACTIONS_HOOK):
            found = action(self.object, self.request.user)
            if found:
                label, url, icon = found
                buttons.append(Button(label, url=url, icon_name=icon, priority=20))
        return buttons

    def likely_duplicates(self) -> list[tuple[Proposal, str, str]]:
        """(proposal, inspect URL, URL merging this one into it) of close proposals."""
        if self.object.status == ProposalStatus.MERGED:
            return []
        found = duplicates.likely_duplicates_of(
            self.object, queryset=visible_to(self.request.user, Proposal)
        )
        can_merge = self.permission_policy.user_has_permission(self.request.user, "change")
        merge_url = reverse(f"{self.url_namespace}:merge", args=[quote(self.object.pk)])
        return [
            (
                other,
                reverse(f"{self.url_namespace}:inspect", args=[quote(other.pk)]),
                f"{merge_url}?original={other.pk}" if can_merge else "",
            )
            for other in found
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["likely_duplicates"] = self.likely_duplicates()
        context["show_status_history"] = True
        context["status_changes"] = self.object.status_changes.select_related("author")
        if self.object.is_visible:
            page = self.object.page.specific
            context["public_url"] = page.get_url(self.request) + page.reverse_subpage(
                "proposal", args=[self.object.pk]
            )
        return context


class CommentInspectView(ContributionInspectView):
    labels = {
        "author": _("author"),
        "created_at": _("date"),
        "page": _("participation page"),
        "proposal": _("proposal"),
    }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        comment = self.object
        if comment.proposal_id is None or comment.proposal.is_visible:
            # Its permalink: the page of threads that holds it, however long the discussion.
            page = comment.page.specific
            url = page.get_url(self.request)
            if url:
                context["public_url"] = url + page.reverse_subpage("comment", args=[comment.pk])
        return context


# Actions on one contribution -----------------------------------------------------


class ModerationActionView(
    PermissionCheckedMixin, BaseObjectMixin, WagtailAdminTemplateMixin, FormView
):
    """A confirmation or a small form, then one service call on one contribution."""

    model = None
    url_namespace = None
    index_url_name = None
    inspect_url_name = None
    header_icon = ""
    permission_required = "change"
    template_name = "consultations/admin/action.html"
    form_class = ConfirmForm
    page_title = ""
    submit_label = ""
    success_message = ""
    help_text = ""

    def get_base_object_queryset(self):
        return visible_to(self.request.user, self.model, ["change"])

    def perform(self, data: dict) -> None:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.perform(form.cleaned_data)
        except ValueError as error:  # a service's refusal, explained to the moderator
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message(form.cleaned_data))
        return redirect(self.get_success_url())

    def get_success_message(self, data: dict) -> str:
        return self.success_message % {"object": self.object}

    def get_success_url(self):
        return reverse(self.inspect_url_name, args=[quote(self.object.pk)])

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.index_url_name),
                "label": capfirst(self.model._meta.verbose_name_plural),
            },
            {"url": self.get_success_url(), "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            submit_label=self.submit_label,
            cancel_url=self.get_success_url(),
            help_text=self.help_text,
        )
        return context


class ChangeStatusView(ModerationActionView):
    model = Proposal
    form_class = StatusChangeForm
    page_title = _("Answer or change status")
    submit_label = _("Save")

    def get_base_object_queryset(self):
        return super().get_base_object_queryset().exclude(status=ProposalStatus.MERGED)

    def get_initial(self):
        return {"status": self.object.status, "public": True}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "current_status": self.object.status}

    def perform(self, data):
        services.change_status(
            proposal=self.object,
            staff=self.request.user,
            status=data["status"],
            answer=data["answer"],
            public=data["public"],
        )

    def get_success_message(self, data):
        return _("'%(object)s' is now “%(status)s”.") % {
            "object": self.object,
            "status": ProposalStatus(data["status"]).label,
        }


class PublishView(ModerationActionView):
    model = Proposal
    page_title = _("Publish")
    submit_label = _("Publish")
    help_text = _("The proposal appears on the site, in the page's list of proposals.")
    success_message = _("'%(object)s' is published.")

    def get_base_object_queryset(self):
        return super().get_base_object_queryset().filter(status=ProposalStatus.PENDING)

    def perform(self, data):
        services.change_status(
            proposal=self.object, staff=self.request.user, status=ProposalStatus.PUBLISHED
        )


class MergeView(ModerationActionView):
    model = Proposal
    form_class = MergeForm
    page_title = _("Merge into another proposal")
    submit_label = _("Merge")
    help_text = _(
        "This proposal becomes a duplicate pointing to the original; "
        "its supports move there, each citizen counted once."
    )
    success_message = _("'%(object)s' is merged.")

    def get_base_object_queryset(self):
        return super().get_base_object_queryset().exclude(status=ProposalStatus.MERGED)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "duplicate": self.object}

    def get_initial(self):
        # "Merge into this one", from the likely duplicates: the form still checks
        # that the original is another proposal of the same page.
        original = self.request.GET.get("original", "")
        return {"original": int(original)} if original.isdigit() else {}

    def perform(self, data):
        services.merge_proposals(
            duplicate=self.object,
            original=data["original"],
            staff=self.request.user,
            answer=data["answer"],
        )


class HideView(ModerationActionView):
    form_class = HideForm
    page_title = _("Hide")
    submit_label = _("Hide")
    help_text = _("Hidden content disappears from the site; it can be shown again later.")
    success_message = _("'%(object)s' is hidden.")

    def perform(self, data):
        services.hide(target=self.object, moderator=self.request.user, reason=data["reason"])


class UnhideView(ModerationActionView):
    page_title = _("Show again")
    submit_label = _("Show again")
    help_text = _("The content is back on the site and its reports are marked as resolved.")
    success_message = _("'%(object)s' is visible again.")

    def get_base_object_queryset(self):
        return super().get_base_object_queryset().filter(is_hidden=True)

    def perform(self, data):
        services.unhide(target=self.object, moderator=self.request.user)


class DuplicatesView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Likely duplicates among one participation page's proposals, to merge.

    Pages and proposals come from the user's scope (the communes they cover);
    similarity is computed in Python by `consultations.duplicates`.
    """

    model = Proposal
    url_namespace = None
    index_url_name = None
    permission_required = "change"
    template_name = "consultations/admin/duplicates.html"
    page_title = _("Likely duplicates")
    header_icon = "resubmit"

    @cached_property
    def scoped(self):
        return visible_to(self.request.user, Proposal, ["change"])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.index_url_name),
                "label": capfirst(Proposal._meta.verbose_name_plural),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pages = list(
            Page.objects.filter(pk__in=self.scoped.values("page_id")).order_by("title", "pk")
        )
        chosen_id = self.request.GET.get("page", "")
        chosen = next((page for page in pages if str(page.pk) == chosen_id), None)
        if chosen is None and len(pages) == 1:
            chosen = pages[0]
        rows = []
        if chosen is not None:
            for first, second, score in duplicates.duplicate_pairs(
                page_id=chosen.pk, queryset=self.scoped
            ):
                rows.append(
                    {
                        "first": first,
                        "second": second,
                        "score": round(score * 100),
                        "first_url": reverse(f"{self.url_namespace}:inspect", args=[first.pk]),
                        "second_url": reverse(f"{self.url_namespace}:inspect", args=[second.pk]),
                        "merge_first_url": reverse(f"{self.url_namespace}:merge", args=[first.pk])
                        + f"?original={second.pk}",
                        "merge_second_url": reverse(f"{self.url_namespace}:merge", args=[second.pk])
                        + f"?original={first.pk}",
                    }
                )
        context.update(
            pages=pages,
            chosen=chosen,
            rows=rows,
            max_compared=duplicates.MAX_PAIRED_PROPOSALS,
        )
        return context


# Bulk actions ----------------------------------------------------------------


class ModerationBulkAction(BulkAction):
    """Bulk actions on the contributions the user may change; other ids are ignored."""

    models = [Proposal, Comment]
    template_name = "consultations/admin/bulk_action.html"
    form_class = ConfirmForm
    listings = {Proposal: ProposalIndexView, Comment: CommentIndexView}

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(self.model)

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_actionable_objects(self):
        ids = self.request.GET.getlist("id")
        if "all" in ids:
            # "Select all in listing": the listing's own scoped, filtered queryset.
            listing = self.listings[self.model]()
            listing.setup(self.request)
            queryset = listing.get_queryset()
        else:
            queryset = visible_to(self.request.user, self.model, ["change"]).filter(
                pk__in=[pk for pk in ids if pk.isdigit()]
            )
        objects = list(queryset)
        if not objects:
            raise Http404
        return objects, {"items_with_no_access": []}

    def get_execution_context(self):
        return {"moderator": self.request.user}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "page_title": self.display_name,
            "submit_label": self.display_name,
        }


class HideBulkAction(ModerationBulkAction):
    display_name = _("Hide")
    action_type = "hide"
    aria_label = _("Hide the selected items")
    form_class = HideForm
    action_priority = 20

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "reason": self.cleaned_form.cleaned_data["reason"],
        }

    @classmethod
    def execute_action(cls, objects, moderator=None, reason="", **kwargs):
        return services.hide_many(targets=objects, moderator=moderator, reason=reason), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(count)d item hidden.", "%(count)d items hidden.", num_parent_objects) % {
            "count": num_parent_objects
        }


class UnhideBulkAction(ModerationBulkAction):
    display_name = _("Show again")
    action_type = "unhide"
    aria_label = _("Show the selected items again")
    action_priority = 30

    @classmethod
    def execute_action(cls, objects, moderator=None, **kwargs):
        return services.unhide_many(targets=objects, moderator=moderator), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d item shown again.", "%(count)d items shown again.", num_parent_objects
        ) % {"count": num_parent_objects}
