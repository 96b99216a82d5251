"""Citizen forms of the projects app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.models import Category, District

from .models import ProjectStatus


class LocalizedChoiceField(forms.ModelChoiceField):
    """Shows each object under the name given in `names` (e.g. in the visitor's language)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.names: dict[int, str] = {}

    def label_from_instance(self, obj):
        return self.names.get(obj.pk, str(obj))


class ProjectFilterForm(forms.Form):
    """The index's filters; invalid values are ignored, never an error page."""

    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *ProjectStatus.choices], required=False
    )
    category = LocalizedChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("All categories"),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("All districts"),
    )
    year = forms.TypedChoiceField(
        label=_("Year"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Projects with a milestone that year."),
    )

    def __init__(self, *args, categories, category_names, districts, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["category"].names = category_names
        self.fields["district"].queryset = districts
        self.fields["year"].choices = [("", _("All years")), *((year, str(year)) for year in years)]
