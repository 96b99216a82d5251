"""Paper ballots in the Wagtail admin: staff type in ballots collected on paper.

Who: the commune's editors and moderators, i.e. whoever may publish the budget
page (`services.paper.can_enter_paper_ballots`); the listing of budget pages is
narrowed the same way with Wagtail's page permission policy, and to the
communes of `scope_for(user)`. Another commune's page is not found (404).
The voter's reference goes straight to the service, which stores only its hash;
no screen ever shows a reference or a hash.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permission_policies.pages import PagePermissionPolicy

from core.money import format_money
from core.text import CitizenCharField

from .admin_base import (
    BudgetAdminView,
    commune_of,
    paginate,
    scoped_budget_pages,
    source_pk,
)
from .models import Ballot, BallotChannel, BallotMethod, BudgetPage
from .queries import ballot_projects
from .services.ballots import BallotRejected
from .services.paper import (
    REASON_MAX_LENGTH,
    REFERENCE_MAX_LENGTH,
    enter_paper_ballot,
    withdraw_paper_ballot,
)

PAPER_NAMESPACE = "budget_paper"


# Scope ---------------------------------------------------------------------------


def paper_policy() -> PagePermissionPolicy:
    return PagePermissionPolicy(BudgetPage)


def may_enter_any(user) -> bool:
    return paper_policy().user_has_permission(user, "change")


def paper_pages(user):
    """Budget pages (originals) the user may enter paper ballots on."""
    editable = paper_policy().instances_user_has_permission_for(user, "change")
    return scoped_budget_pages(user).filter(pk__in=editable.values("pk"))


class PaperPageMixin:
    """Resolves the budget page of the URL within the user's scope, or 404."""

    def dispatch(self, request, *args, **kwargs):
        if not may_enter_any(request.user):
            raise PermissionDenied
        page = paper_pages(request.user).filter(pk=kwargs["page_id"]).first()
        if page is None:
            raise Http404
        self.budget = page
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.budget.title


# Listing of budget pages --------------------------------------------------------------


class PaperIndexView(BudgetAdminView, TemplateView):
    template_name = "budget/admin/paper_index.html"
    page_title = _("Paper ballots")
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if not may_enter_any(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        pages = paper_pages(user).annotate(
            paper_count=Count("ballots", filter=Q(ballots__channel=BallotChannel.PAPER)),
            online_count=Count("ballots", filter=Q(ballots__channel=BallotChannel.ONLINE)),
        )
        page_obj = paginate(self.request, pages.order_by("title", "pk"))
        for page in page_obj:
            page.commune_name = commune_of(user, page)
        context.update(page_obj=page_obj, budgets=page_obj.object_list)
        return context


# Paper ballots of one page ------------------------------------------------------------


class PaperListView(PaperPageMixin, BudgetAdminView, TemplateView):
    template_name = "budget/admin/paper_list.html"
    page_title = _("Paper ballots")
    header_icon = "doc-full"
    index_url_name = f"{PAPER_NAMESPACE}:index"
    index_label = _("Paper ballots")

    def get_page_title(self):
        return self.budget.title

    def get_page_subtitle(self):
        return ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Date, who typed it in and how many choices: never the voter's reference.
        ballots = (
            Ballot.objects.filter(page=self.budget, channel=BallotChannel.PAPER)
            .select_related("entered_by")
            .annotate(choice_count=Count("choices"))
            .only("pk", "created_at", "entered_by__display_name", "entered_by__email")
            .order_by("-created_at", "-pk")
        )
        page_obj = paginate(self.request, ballots)
        context.update(
            budget=self.budget,
            page_obj=page_obj,
            ballots=page_obj.object_list,
            add_url=reverse(f"{PAPER_NAMESPACE}:add", args=[self.budget.pk]),
            frozen=bool(self.budget.results_frozen_at),
        )
        return context


# Entering a paper ballot ---------------------------------------------------------------


class PaperBallotForm(forms.Form):
    """The voter's reference, then the choices as the page's ballot method asks for them."""

    voter_reference = forms.CharField(
        label=_("Voter reference"),
        max_length=REFERENCE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "The voter's e-mail address when they have an account on this site; otherwise the "
            "identity reference your commune uses for paper ballots, written the same way every "
            "time (for example surname, first names and date of birth). It is stored only as a "
            "keyed hash, which nobody can read back: it only prevents the same person from "
            "voting twice, on paper or online."
        ),
    )

    def __init__(self, *args, page: BudgetPage, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.projects = projects
        self.method = page.ballot_method
        labels = [
            (
                str(project.pk),
                _("%(title)s — %(cost)s")
                % {"title": project.title, "cost": format_money(project.cost, page.currency)},
            )
            for project in projects
        ]
        if self.method in (BallotMethod.APPROVAL, BallotMethod.KNAPSACK):
            self.fields["projects"] = forms.MultipleChoiceField(
                label=_("Projects ticked on the ballot"),
                choices=labels,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        elif self.method == BallotMethod.RANKED:
            for rank, points in enumerate(page.ranking_points, start=1):
                self.fields[f"rank_{rank}"] = forms.ChoiceField(
                    label=ngettext(
                        "Choice no. %(rank)s (%(points)s point)",
                        "Choice no. %(rank)s (%(points)s points)",
                        points,
                    )
                    % {"rank": rank, "points": points},
                    choices=[("", "—"), *labels],
                    required=False,
                )
        else:
            for project_id, label in labels:
                self.fields[f"points_{project_id}"] = forms.IntegerField(
                    label=label, min_value=0, required=False
                )

    @property
    def choice_fields(self):
        return [field for field in self if field.name != "voter_reference"]

    def clean(self):
        cleaned = super().clean()
        if self.method in (BallotMethod.APPROVAL, BallotMethod.KNAPSACK):
            projects = [int(value) for value in cleaned.get("projects") or []]
            points = None
        elif self.method == BallotMethod.RANKED:
            ranks = [
                cleaned.get(f"rank_{rank}") or ""
                for rank in range(1, len(self.page.ranking_points) + 1)
            ]
            filled = [value for value in ranks if value]
            if ranks[: len(filled)] != filled:
                raise forms.ValidationError(_("Fill the choices in order, without gaps."))
            projects = [int(value) for value in filled]
            points = None
        else:
            points = {}
            for project in self.projects:
                value = cleaned.get(f"points_{project.pk}")
                if value:
                    points[project.pk] = value
            projects = list(points)
        cleaned["ballot_projects"] = projects
        cleaned["ballot_points"] = points
        return cleaned


class PaperBallotSubView(PaperPageMixin, BudgetAdminView):
    """A screen under one budget's list of paper ballots."""

    index_url_name = f"{PAPER_NAMESPACE}:index"
    index_label = _("Paper ballots")

    def extra_breadcrumbs(self):
        return [{"url": self.list_url, "label": self.budget.title}]

    @cached_property
    def list_url(self):
        return reverse(f"{PAPER_NAMESPACE}:list", args=[self.budget.pk])


class PaperEntryView(PaperBallotSubView, FormView):
    template_name = "budget/admin/paper_form.html"
    form_class = PaperBallotForm
    page_title = _("Enter a paper ballot")
    header_icon = "doc-full"

    @cached_property
    def projects(self):
        return ballot_projects(self.budget)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "page": self.budget, "projects": self.projects}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            enter_paper_ballot(
                page=self.budget,
                staff=self.request.user,
                voter_reference=data["voter_reference"],
                projects=data["ballot_projects"],
                points=data["ballot_points"],
            )
        except BallotRejected as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The paper ballot is recorded."))
        # Straight on to the next ballot of the pile.
        return redirect(reverse(f"{PAPER_NAMESPACE}:add", args=[self.budget.pk]))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            budget=self.budget,
            method=self.budget.get_ballot_method_display(),
            rules=self.rules_summary(),
            cancel_url=self.list_url,
            frozen=bool(self.budget.results_frozen_at),
            has_projects=bool(self.projects),
        )
        return context

    def rules_summary(self) -> str:
        page = self.budget
        if page.ballot_method in (BallotMethod.APPROVAL, BallotMethod.KNAPSACK):
            if page.max_choices:
                text = _("Between %(min)s and %(max)s projects.") % {
                    "min": page.min_choices,
                    "max": page.max_choices,
                }
            else:
                text = ngettext(
                    "At least %(min)s project.", "At least %(min)s projects.", page.min_choices
                ) % {"min": page.min_choices}
            if page.ballot_method == BallotMethod.KNAPSACK:
                text += " " + _("Their total cost must fit the budget of %(envelope)s.") % {
                    "envelope": format_money(page.envelope, page.currency)
                }
            return text
        if page.ballot_method == BallotMethod.RANKED:
            return _("Up to %(count)s projects, in the voter's order.") % {
                "count": len(page.ranking_points)
            }
        return _("%(total)s points to spread between projects.") % {"total": page.total_points}


# Withdrawing a ballot typed in by mistake ----------------------------------------------


class WithdrawForm(forms.Form):
    reason = CitizenCharField(
        multiline=True,
        label=_("Why is this ballot withdrawn?"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: typed in twice, wrong choices. The reason is kept in the page's "
            "history; the correct ballot can then be entered again."
        ),
    )


class PaperWithdrawView(PaperBallotSubView, FormView):
    template_name = "budget/admin/paper_withdraw.html"
    form_class = WithdrawForm
    page_title = _("Withdraw a paper ballot")
    header_icon = "bin"

    @cached_property
    def ballot(self):
        ballot = (
            Ballot.objects.filter(
                page=self.budget, channel=BallotChannel.PAPER, pk=self.kwargs["ballot_id"]
            )
            .select_related("entered_by")
            .first()
        )
        if ballot is None:
            raise Http404
        return ballot

    def form_valid(self, form):
        try:
            withdraw_paper_ballot(
                page=self.budget,
                staff=self.request.user,
                ballot_id=self.ballot.pk,
                reason=form.cleaned_data["reason"],
            )
        except BallotRejected as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Paper ballot no. %(number)s is withdrawn.") % {"number": self.ballot.pk},
        )
        return redirect(self.list_url)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        choices = self.ballot.choices.select_related("proposal").order_by("position")
        context.update(
            budget=self.budget,
            ballot=self.ballot,
            choices=choices,
            show_points=self.budget.ballot_method in (BallotMethod.RANKED, BallotMethod.CUMULATIVE),
            cancel_url=self.list_url,
            frozen=bool(self.budget.results_frozen_at),
        )
        return context


# Registration ------------------------------------------------------------------------


class PaperMenuItem(MenuItem):
    def is_shown(self, request):
        return may_enter_any(request.user)


class PaperBallotViewSet(ViewSet):
    name = PAPER_NAMESPACE
    url_prefix = "budget/paper-ballots"
    icon = "doc-full"
    menu_label = _("Paper ballots")
    menu_item_class = PaperMenuItem

    def get_urlpatterns(self):
        return [
            path("", PaperIndexView.as_view(), name="index"),
            path("<int:page_id>/", PaperListView.as_view(), name="list"),
            path("<int:page_id>/new/", PaperEntryView.as_view(), name="add"),
            path(
                "<int:page_id>/<int:ballot_id>/withdraw/",
                PaperWithdrawView.as_view(),
                name="withdraw",
            ),
        ]


class PaperBallotsPageButton(PageMenuItem):
    """The "Paper ballots" button of a budget page in the page explorer."""

    label = _("Paper ballots")
    icon_name = "doc-full"
    priority = 81

    @cached_property
    def url(self):
        return reverse(f"{PAPER_NAMESPACE}:list", args=[source_pk(self.page)])

    def is_shown(self, user):
        return paper_pages(user).filter(pk=source_pk(self.page)).exists()
