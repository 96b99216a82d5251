"""Categories and districts in the admin, each commune's staff seeing only their own.

Wagtail's generic object views load objects by primary key from the model, so
the scope is applied everywhere they are loaded: listings (and their "commune"
filter) are filtered, every object view refuses (404) an object of a commune the
user does not cover, the chooser lists, returns and creates only the user's
communes' objects, and `CommunePermissionPolicy` (registered for both models)
answers Wagtail's own per-object checks, such as those of the bulk actions.
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views import chooser, snippets
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.admin_scope import in_scope, scope_queryset
from core.scoped_admin import ScopedFiltersMixin
from core.tenancy import communes_for_user

from .models import Category, District


class CommunePermissionPolicy(ModelPermissionPolicy):
    """Model permissions, on the objects of the communes the user covers only."""

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return scope_queryset(user, self.model._default_manager.all())

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and in_scope(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and in_scope(user, instance)


class CommuneIndexView(ScopedFiltersMixin, snippets.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().filter(site__in=communes_for_user(self.request.user))


class CommuneObjectMixin:
    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        if not communes_for_user(self.request.user).filter(pk=instance.site_id).exists():
            raise Http404
        return instance


class CommuneFormMixin:
    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        form.fields["site"].queryset = communes_for_user(self.request.user)
        return form


class CommuneCreateView(CommuneFormMixin, snippets.CreateView):
    pass


class CommuneEditView(CommuneObjectMixin, CommuneFormMixin, snippets.EditView):
    pass


class CommuneDeleteView(CommuneObjectMixin, snippets.DeleteView):
    pass


class CommuneUsageView(CommuneObjectMixin, snippets.UsageView):
    pass


class CommuneHistoryView(CommuneObjectMixin, snippets.HistoryView):
    pass


class CommuneChooserFormMixin:
    def get_creation_form(self):
        form = super().get_creation_form()
        if form is not None and "site" in form.fields:
            form.fields["site"].queryset = communes_for_user(self.request.user)
        return form


class CommuneChooseView(CommuneChooserFormMixin, chooser.ChooseView):
    def get_object_list(self):
        return scope_queryset(self.request.user, super().get_object_list())


class CommuneChooseResultsView(CommuneChooserFormMixin, chooser.ChooseResultsView):
    def get_object_list(self):
        return scope_queryset(self.request.user, super().get_object_list())


class CommuneChosenView(chooser.SnippetChosenView):
    def get_object(self, pk):
        return scope_queryset(self.request.user, self.model_class.objects.all()).get(pk=pk)


class CommuneChosenMultipleView(chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return scope_queryset(self.request.user, super().get_objects(pks))


class CommuneChooserCreateView(CommuneChooserFormMixin, chooser.SnippetCreateView):
    pass


class CommuneChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = CommuneChooseView
    choose_results_view_class = CommuneChooseResultsView
    chosen_view_class = CommuneChosenView
    chosen_multiple_view_class = CommuneChosenMultipleView
    create_view_class = CommuneChooserCreateView


class CommuneSnippetViewSet(SnippetViewSet):
    chooser_viewset_class = CommuneChooserViewSet
    index_view_class = CommuneIndexView
    add_view_class = CommuneCreateView
    edit_view_class = CommuneEditView
    delete_view_class = CommuneDeleteView
    usage_view_class = CommuneUsageView
    history_view_class = CommuneHistoryView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_filter = ["site"]
    search_fields = ["name"]


class CategoryViewSet(CommuneSnippetViewSet):
    model = Category
    icon = "tag"
    menu_label = _("Categories")
    list_display = ["name", "site", "locale"]


class DistrictViewSet(CommuneSnippetViewSet):
    model = District
    icon = "site"
    menu_label = _("Districts")
    list_display = ["name", "site"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    items = (CategoryViewSet, DistrictViewSet)
    menu_icon = "tag"
    menu_label = _("Themes and districts")
    menu_name = "taxonomy"
