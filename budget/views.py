"""The ballot page: GET shows the projects and the citizen's ballot, POST casts it."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations.queries import category_names, page_categories
from consultations.services import ParticipationRefused
from core.folding import fold
from core.images import CARD_RENDITION
from core.navigation import subpage_url
from core.ratelimit import per_account_and_ip

from . import rules, services
from .forms import BallotForm
from .models import Ballot, BallotMethod, voter_hash
from .queries import ballot_projects
from .routes import ROUTE_VIEWS


def _stored_ballot(page, user):
    if not user.is_authenticated:
        return None
    return (
        Ballot.objects.filter(page_id=page.pk, voter_hash=voter_hash(user.email))
        .prefetch_related("choices__proposal")
        .first()
    )


def _rank_slots(page, chosen: list[int]) -> list[dict]:
    """For ranking ballots: one slot per rank, with its points and the chosen project."""
    if page.ballot_method != BallotMethod.RANKED:
        return []
    return [
        {
            "number": number,
            "points": points,
            "selected": chosen[number - 1] if number <= len(chosen) else None,
        }
        for number, points in enumerate(page.ranking_points, start=1)
    ]


def _basket_texts() -> dict[str, dict[str, str]]:
    """The counts ballot.js writes in the basket, in the singular and plural forms of
    the language, with their placeholders left for the script. The script picks one
    with Intl.PluralRules, whose "one" is gettext's singular in French ("0 projet
    choisi"), German, Dutch and English; every other category takes the plural."""

    def forms(plural) -> dict[str, str]:
        return {"one": plural(1), "other": plural(2)}

    return {
        "count": forms(
            lambda n: ngettext("%(count)s project chosen.", "%(count)s projects chosen.", n)
        ),
        "points": forms(
            lambda n: ngettext("%(left)s point left to give.", "%(left)s points left to give.", n)
        ),
        "ranked": forms(
            lambda n: ngettext(
                "You have ranked %(count)s of %(max)s projects.",
                "You have ranked %(count)s of %(max)s projects.",
                n,
            )
        ),
    }


def _project_districts(projects) -> dict[int, str]:
    """The districts of the projects on the ballot, by name: the choices of its
    district filter (the projects come with their district, no query here)."""
    names = {
        project.district_id: project.district.name for project in projects if project.district_id
    }
    return dict(sorted(names.items(), key=lambda item: fold(item[1])))


@ROUTE_VIEWS.register
@per_account_and_ip("vote")
def vote(request, page):
    source = page.source_page
    decision = None  # a ballot is checked when it is cast; the page asks only to show it
    form = None
    chosen, points = [], {}
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        form = BallotForm(request.POST, page=source)
        if form.is_valid():
            try:
                services.cast_ballot(
                    page=page,
                    voter=request.user,
                    projects=form.cleaned_data["projects"],
                    points=form.cleaned_data["points"],
                )
            except ParticipationRefused as refusal:
                decision = refusal.decision
            except services.BallotRejected as rejection:
                form.add_error(None, rejection)
            else:
                messages.success(
                    request, _("Your ballot is recorded. You can change it until the vote closes.")
                )
                return HttpResponseRedirect(subpage_url(page, "vote", request=request))
        chosen, points = form.as_sent()

    if decision is None:
        decision = rules.can_vote(source, request.user)
    # The vote's rules come first, as when a ballot is cast: a voter who may not vote
    # is told why, not what else is wrong with the ballot.
    error = " ".join(form.error_texts()) if form is not None and decision else ""
    ballot = _stored_ballot(source, request.user)
    if ballot is not None and not rules.can_replace_ballot(ballot):
        # The ballot of a deleted account: counted, but no longer anyone's to see.
        decision, ballot = rules.can_replace_ballot(ballot), None
    if ballot is not None and request.method != "POST":
        chosen = [choice.proposal_id for choice in ballot.choices.all()]
        points = {choice.proposal_id: choice.points for choice in ballot.choices.all()}
    projects = ballot_projects(source, image_renditions=(CARD_RENDITION,))
    response = page.render(
        request,
        template="budget/vote.html",
        context_overrides={
            "can_vote": decision,
            "ballot": ballot,
            "projects": projects,
            "chosen": chosen,
            "chosen_points": points,
            "rank_slots": _rank_slots(source, chosen),
            "ballot_error": error,
            "category_names": category_names(page_categories(page)),
            "district_names": _project_districts(projects),
            "basket_texts": _basket_texts(),
        },
    )
    if error or (request.method == "POST" and not decision):
        response.status_code = 400 if error else 403
    return response
