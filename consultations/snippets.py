"""Categories and districts in the admin, each commune's staff seeing only their own.

Wagtail's generic object views load objects by primary key from the model, so
the scope is applied twice: listings are filtered, and every object view
refuses (404) an object of a commune the user does not cover.
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views import snippets
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.tenancy import communes_for_user

from .models import Category, District


class CommuneIndexView(snippets.IndexView):
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


class CommuneSnippetViewSet(SnippetViewSet):
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
