"""Accountability in the Wagtail admin: a dashboard panel and a report with exports.

Both show `accountability.figures.commune_figures` for the communes the staff
member covers (`core.tenancy.communes_for_user`); asking for another commune's
figures is answered with 404, and a user who covers no commune gets 403. The hooks
are registered in wagtail_hooks.py.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from core.spreadsheets import csv_response, xlsx_response
from core.tenancy import communes_for_user

from .figures import ACTIVE_DAYS, commune_figures

URL_NAME = "accountability_report"


def export_columns():
    """(heading, value of a CommuneFigures) of the spreadsheet exports."""
    return [
        (_("Commune"), lambda f: f.name),
        (_("Proposals received"), lambda f: f.proposals_received),
        (_("Registered residents"), lambda f: f.residents),
        (_("People who took part"), lambda f: f.contributors),
        (
            _("Active participants (last %(days)s days)") % {"days": ACTIVE_DAYS},
            lambda f: f.active_participants,
        ),
        (_("Ballots cast"), lambda f: f.ballots),
        (_("Answer commitment (days)"), lambda f: f.answer_commitment_days),
        (_("Answered within the commitment"), lambda f: f.answered_on_time),
        (_("Answered late"), lambda f: f.answered_late),
        (_("Overdue proposals"), lambda f: f.overdue_count),
        (
            _("Share answered within the commitment (%)"),
            lambda f: "" if f.answered_on_time_percent is None else f.answered_on_time_percent,
        ),
        (_("Projects planned"), lambda f: f.projects_planned),
        (_("Projects in progress"), lambda f: f.projects_in_progress),
        (_("Projects done"), lambda f: f.projects_done),
        (_("Money allocated"), lambda f: _money(f, "allocated")),
        (_("Money spent"), lambda f: _money(f, "spent")),
    ]


def _money(figures, attribute) -> str:
    return "; ".join(f"{getattr(m, attribute)} {m.currency}" for m in figures.money)


def covered_sites(user, site_id=None):
    """The user's communes, or the one asked for (404 if not covered, 403 if none)."""
    sites = communes_for_user(user)
    if site_id is not None:
        sites = sites.filter(pk=site_id)
        if not sites.exists():
            raise Http404
    elif not sites.exists():
        raise PermissionDenied
    return sites


class AccountabilityReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "accountability/admin/report.html"
    page_title = _("Accountability")
    header_icon = "doc-full-inverse"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        site_id = request.GET.get("commune") or None
        if site_id is not None and not site_id.isdigit():
            raise Http404
        self.sites = covered_sites(request.user, site_id and int(site_id))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.figures = commune_figures(self.sites)
        export = request.GET.get("export")
        if export == "csv":
            return self.csv_response()
        if export == "xlsx":
            return self.xlsx_response()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = f"commune={self.request.GET['commune']}&" if self.request.GET.get("commune") else ""
        context.update(
            figures=self.figures,
            active_days=ACTIVE_DAYS,
            csv_url=f"?{query}export=csv",
            xlsx_url=f"?{query}export=xlsx",
        )
        return context

    def rows(self):
        columns = export_columns()
        yield [str(heading) for heading, _value in columns]
        for figures in self.figures:
            yield [value(figures) for _heading, value in columns]

    def filename(self, extension):
        return f"accountability-{timezone.localdate().isoformat()}.{extension}"

    def csv_response(self):
        return csv_response(self.rows(), filename=self.filename("csv"), bom=False)

    def xlsx_response(self):
        return xlsx_response(
            self.rows(), filename=self.filename("xlsx"), sheet_title=str(_("Accountability"))
        )


class AccountabilityPanel(Component):
    name = "accountability"
    order = 150
    template_name = "accountability/admin/panel.html"

    def __init__(self, sites):
        self.sites = sites

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["figures"] = commune_figures(self.sites)
        context["report_url"] = reverse(URL_NAME)
        context["active_days"] = ACTIVE_DAYS
        return context


class CoveredCommunesMenuItem(MenuItem):
    def is_shown(self, request):
        return communes_for_user(request.user).exists()


def register_admin_urls():
    return [path("accountability/", AccountabilityReportView.as_view(), name=URL_NAME)]


def register_report_menu_item():
    return CoveredCommunesMenuItem(
        _("Accountability"),
        reverse(URL_NAME),
        name="accountability",
        icon_name="doc-full-inverse",
        order=900,
    )


def add_accountability_panel(request, panels):
    sites = communes_for_user(request.user)
    if sites.exists():
        panels.append(AccountabilityPanel(sites))
