"""A guard in front of every admin view: another commune's objects are not found.

Wagtail's admin loads many objects straight from the ids in its URLs (explorer,
choosers, move and workflow screens, the admin API, wagtail-localize's views,
bulk actions…) and checks Wagtail permissions, which know nothing of communes:
a commune with several languages has its editors' "explorable root" at the top
of the tree, above every other commune. `tenant_guard` wraps every admin view
(`core.admin_urls`) and refuses, as Wagtail refuses (its dashboard with an error),
a staff member whose URL parameters name an object outside the communes they cover
(`core.admin_scope`). A bulk action or a multiple choice sees only the user's own
ids ("select all" included): the others are dropped. Install-wide reports (workflows, page
types, site history), search terms and their promoted results, and the task chooser are
for install-wide staff.

Views with their own commune checks (moderation, budgets, themes) keep them;
the guard is the net under Wagtail's and wagtail-localize's screens.
"""

from functools import wraps

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site, TaskState, WorkflowState
from wagtail_localize.models import Translation, TranslationSource

from .admin_scope import POLICY_MODELS, in_scope, may_administer_workflows, scope_queryset
from .tenancy import covers_every_commune

# URL parameters naming an object, in every admin view.
PARAMETERS = {
    "page_id": Page,
    "parent_page_id": Page,
    "page_to_move_id": Page,
    "destination_id": Page,
    "page_pk": Page,
    "image_id": get_image_model,
    "document_id": get_document_model,
    "doc_id": get_document_model,
    "translation_id": Translation,
    "translation_source_id": TranslationSource,
    "task_state_id": TaskState,
    "workflow_state_id": WorkflowState,
}
# Parameters whose meaning depends on the view.
VIEW_PARAMETERS = {
    "wagtailadmin_api:pages:detail": {"pk": Page},
    "wagtailadmin_api:pages:action": {"pk": Page},
    "wagtailadmin_api:images:detail": {"pk": get_image_model},
    "wagtailadmin_api:documents:detail": {"pk": get_document_model},
    "wagtailadmin_pages:revisions_compare": {"pk": Page},
    "wagtailimages_chooser:chosen": {"pk": get_image_model},
    "wagtaildocs_chooser:chosen": {"pk": get_document_model},
    "wagtailsettings:edit": {"pk": Site},
    "wagtailsettings:preview_on_edit": {"pk": Site},
}
# Views naming a model by (app_label, model_name) and one of its objects.
MODEL_OBJECT_VIEWS = {
    "wagtail_localize:submit_snippet_translation": "pk",
    "wagtail_localize:snippets_api_detail": "pk",
    "wagtailadmin_editing_sessions:ping": "object_id",
}
# Views taking a list of ids in the query string (?id=1&id=2).
ID_LIST_VIEWS = {
    "wagtailadmin_choose_page_chosen_multiple": Page,
    "wagtailimages_chooser:chosen_multiple": get_image_model,
    "wagtaildocs_chooser:chosen_multiple": get_document_model,
}
BULK_ACTION_VIEW = "wagtail_bulk_action"


def _self_scoped_select_all() -> set:
    """Models whose bulk actions compute "select all" within the user's scope themselves:
    images and documents (a collection permission policy) and the registered policy
    models (their listings are scoped by their policy)."""
    return {get_image_model(), get_document_model()} | {
        apps.get_model(label) for label in POLICY_MODELS
    }


# Reports about the whole install (every site's history, page types and workflows):
# for install-wide staff only.
INSTALL_WIDE_VIEWS = {
    "wagtailadmin_reports:site_history",
    "wagtailadmin_reports:site_history_results",
    "wagtailadmin_reports:page_types_usage",
    "wagtailadmin_reports:page_types_usage_results",
    "wagtailadmin_reports:workflow",
    "wagtailadmin_reports:workflow_results",
    "wagtailadmin_reports:workflow_tasks",
    "wagtailadmin_reports:workflow_tasks_results",
}
# Whole admin areas for install-wide staff only. Search terms and their promoted
# results (wagtail.contrib.search_promotions): Wagtail records the terms searched on
# every commune's site in one table, with no commune (a term such as "marché belval"
# tells which), so no commune's staff may list them or pick from them (its query
# chooser checks no permission at all).
INSTALL_WIDE_NAMESPACES = {"wagtailsearchpromotions"}


def is_install_wide_view(view_name: str) -> bool:
    """Is this admin view for install-wide staff only?"""
    return view_name in INSTALL_WIDE_VIEWS or view_name.partition(":")[0] in INSTALL_WIDE_NAMESPACES


# The task chooser of the workflow editor lists every task, with no permission check
# of its own: for those who may edit workflows.
WORKFLOW_ADMIN_VIEWS = {
    "wagtailadmin_workflows:task_chooser",
    "wagtailadmin_workflows:task_chooser_results",
    "wagtailadmin_workflows:task_chooser_create",
    "wagtailadmin_workflows:task_chosen",
}


def _model(model):
    return model if isinstance(model, type) else model()


def _named_model(kwargs, model_name_key="model_name"):
    try:
        return apps.get_model(kwargs["app_label"], kwargs[model_name_key])
    except (KeyError, LookupError) as error:
        raise Http404 from error


def _check(user, model, pk) -> None:
    """Refuse (PermissionDenied) an object of another commune; leave a missing one to the view."""
    if pk in (None, ""):
        return
    try:
        instance = model._default_manager.filter(pk=pk).first()
    except (TypeError, ValueError) as error:
        raise Http404 from error
    if instance is not None and not in_scope(user, instance):
        raise PermissionDenied


def _own_ids(user, model, ids) -> list[str]:
    """The ids among `ids` that name objects of the user's communes (others are dropped)."""
    try:
        found = model._default_manager.filter(pk__in=ids)
        return [str(pk) for pk in scope_queryset(user, found).values_list("pk", flat=True)]
    except (TypeError, ValueError) as error:
        raise Http404 from error


def _keep_own_ids(request, model, ids) -> None:
    """Let the view see only the user's own ids ("?id=…"): it answers as for no ids
    (404, or a refusal when the user may not use it at all) when none is left."""
    query = request.GET.copy()
    query.setlist("id", _own_ids(request.user, model, ids))
    request.GET = query


def _scope_bulk_action(request, kwargs) -> None:
    """A bulk action acts on (and lists) the user's objects only, "select all" included.

    Ids of other communes are dropped, as the moderation bulk actions always did.
    """
    action_class = bulk_action_registry.get_bulk_action_class(
        kwargs.get("app_label"), kwargs.get("model_name"), kwargs.get("action")
    )
    if action_class is None:
        return  # Wagtail answers 404
    model = _named_model(kwargs)
    parent = request.GET.get("childOf")
    if parent:
        _check(request.user, Page, parent)
    ids = request.GET.getlist("id")
    if "all" in ids:
        if model in _self_scoped_select_all():
            return
        ids = list(action_class(request, model).get_all_objects_in_listing_query(parent))
    _keep_own_ids(request, model, ids)


def check_request(request, view_name: str, kwargs: dict) -> None:
    """Raise PermissionDenied when the request names another commune's objects; narrow
    the ids of bulk actions and multiple choices to the user's own."""
    user = request.user
    if is_install_wide_view(view_name):
        raise PermissionDenied
    if view_name in WORKFLOW_ADMIN_VIEWS and not may_administer_workflows(user):
        raise PermissionDenied
    parameters = {**PARAMETERS, **VIEW_PARAMETERS.get(view_name, {})}
    for name, value in kwargs.items():
        if name in parameters:
            _check(user, _model(parameters[name]), value)
    if view_name in MODEL_OBJECT_VIEWS:
        _check(user, _named_model(kwargs), kwargs.get(MODEL_OBJECT_VIEWS[view_name]))
    if view_name in ID_LIST_VIEWS:
        _keep_own_ids(request, _model(ID_LIST_VIEWS[view_name]), request.GET.getlist("id"))
    if view_name == BULK_ACTION_VIEW:
        _scope_bulk_action(request, kwargs)


def tenant_guard(view):
    """Decorate an admin view with `check_request`, for the admin users who cover only
    some communes. A refusal is Wagtail's own: the dashboard with an error message
    (403 to scripts)."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        user = request.user
        if (
            user.is_authenticated
            and user.has_perm("wagtailadmin.access_admin")
            and not covers_every_commune(user)
        ):
            match = request.resolver_match
            try:
                check_request(request, match.view_name if match else "", kwargs)
            except PermissionDenied:
                return permission_denied(request)
        return view(request, *args, **kwargs)

    return guarded
