"""The admin form of project pages: choices narrowed to the page's commune.

Categories, districts and origin proposals are listed for the commune the page
belongs to (its parent's, for a new page), and the origin page must be a
consultation or budget of that same commune: nothing of another commune can be
chosen, even by a superuser working on several.
"""

from django.utils.translation import gettext as _
from wagtail.models import Page

from consultations.models import Category, District, ParticipationPage, Proposal
from core.admin_forms import CommunePageForm
from core.tenancy import commune_pages_q, site_for_page


class ProjectPageForm(CommunePageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.commune = self._commune()
        site = self.commune
        if "category" in self.fields:
            self.fields["category"].queryset = (
                Category.objects.filter(site=site, locale_id=site.root_page.locale_id)
                if site
                else Category.objects.none()
            )
        if "district" in self.fields:
            self.fields["district"].queryset = (
                District.objects.filter(site=site) if site else District.objects.none()
            )
        origins = self.formsets.get("origins")
        if origins is not None:
            origins.form = _scoped_origin_form(origins.form, self._commune_proposals())

    def _commune(self):
        if self.instance.pk and self.instance.path:
            return site_for_page(self.instance)
        if self.parent_page is not None:
            return site_for_page(self.parent_page)
        return None

    def _commune_proposals(self):
        if self.commune is None:
            return Proposal.objects.none()
        return (
            Proposal.objects.visible()
            .filter(page__in=_participation_pages(self.commune))
            .select_related("page")
            .order_by("page__title", "title", "pk")
        )

    def clean(self):
        cleaned = super().clean()
        origin = cleaned.get("origin_page")
        if origin is not None:
            specific = origin.specific
            if (
                not isinstance(specific, ParticipationPage)
                or self.commune is None
                or site_for_page(origin) != self.commune
            ):
                self.add_error(
                    "origin_page",
                    _("Choose a consultation or a participatory budget of this commune."),
                )
        return cleaned


def _participation_pages(site):
    return Page.objects.filter(commune_pages_q(site)).values("pk")


def _scoped_origin_form(base, proposals):
    class OriginForm(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            field = self.fields["proposal"]
            field.queryset = proposals
            field.label_from_instance = lambda proposal: (
                _("%(page)s — %(title)s (no. %(id)s)")
                % {
                    "page": proposal.page.title,
                    "title": proposal.title,
                    "id": proposal.pk,
                }
            )

    return OriginForm
