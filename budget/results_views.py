"""Public results of a participatory budget: the page, results.json and ballots.pb.

Thin: who may see what is `results.results_visibility`, the figures come from
`results.compute_results` (stored ones once frozen); this module only explains
them in plain words and sets the HTTP details.
"""

import hashlib
import time
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import caches
from django.db.models import Count, Max
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from core import pagecache
from core.money import format_money
from core.navigation import page_url

from .models import Ballot
from .results import (
    BudgetResults,
    ProjectResult,
    ResultsVisibility,
    ballots_as_pabulib,
    compute_results,
    results_as_dict,
    results_as_json,
    results_from_dict,
    results_visibility,
)
from .routes import ROUTE_VIEWS
from .tally import Reason

# Live results are recounted at most this often (and whenever a ballot changes, unless
# counting takes at least SLOW_COUNT_SECONDS); once the vote has closed, a count is
# kept until a ballot, a project or a rule changes (or for CLOSED_RESULTS_SECONDS).
LIVE_RESULTS_SECONDS = 60
SLOW_COUNT_SECONDS = 0.5
CLOSED_RESULTS_SECONDS = 24 * 3600
FINAL_RESULTS_SECONDS = 3600
PENDING_SECONDS = 300


# Plain words ------------------------------------------------------------------------


def explain(project: ProjectResult, results: BudgetResults) -> str:
    """Why the project was or was not funded, in one sentence."""

    def money(amount):
        return format_money(amount, results.currency)

    amounts = {"cost": money(project.cost)}
    if project.money_left_at_turn is not None:
        amounts["left"] = money(project.money_left_at_turn)
    reason = project.reason
    if reason == Reason.FUNDED:
        if "left" in amounts:
            return _("Funded: %(cost)s of the %(left)s left.") % amounts
        return _("Funded: its supporters' equal shares paid for it.")
    if reason == Reason.FUNDED_GREEDY_COMPLETION:
        if "left" in amounts:
            return (
                _("Funded with the money left after equal shares: %(cost)s of the %(left)s left.")
                % amounts
            )
        return _("Funded with the money left after equal shares.")
    if reason == Reason.NOT_ENOUGH_MONEY_LEFT and "left" in amounts:
        return _("Not funded: it cost %(cost)s and only %(left)s were left.") % amounts
    if reason == Reason.BELOW_THRESHOLD:
        return _("Not funded: below the minimum score of %(score)s.") % {"score": results.min_score}
    if reason == Reason.MES_NOT_AFFORDABLE:
        return _("Not funded: its supporters' equal shares could not pay for it.")
    if reason == Reason.NO_SUPPORT:
        return _("Not funded: nobody voted for it.")
    return _("Not funded.")


@dataclass(frozen=True)
class ResultRow:
    """A project's line in the results table, ready to show."""

    project: ProjectResult
    url: str
    cost: str
    bar: str  # width of the decorative bar, in percent of the top score (CSS syntax)
    why: str


def result_rows(request, page, results: BudgetResults) -> list[ResultRow]:
    top = results.top_score
    base = page_url(page, request)
    return [
        ResultRow(
            project=project,
            url=base + page.reverse_subpage("proposal", args=[project.id]),
            cost=format_money(project.cost, results.currency),
            bar=f"{project.score * 100 / top:.1f}" if top else "0",
            why=explain(project, results),
        )
        for project in results.projects
    ]


# Reading, with a short cache for live results -----------------------------------------


def published_results(page, visibility: ResultsVisibility | None = None) -> BudgetResults:
    """The results to publish: stored ones once frozen; else counted once for a given
    state of the ballots, the projects (the page's contribution generation) and the
    rules, and kept in the shared cache: while the vote is open for a minute, once it
    has closed until something changes.

    While the vote is open, a count that took long (a big vote) is reused for up to a
    minute even if ballots came in meanwhile, so that a busy vote is not recounted at
    every view; small votes are recounted as soon as a ballot is cast or replaced.
    """
    source = page.source_page
    if source.results_frozen_at and source.frozen_results:
        return compute_results(source)
    visibility = visibility or results_visibility(source)
    store = caches[pagecache.CACHE_ALIAS]
    latest_key = f"budget:results:{source.pk}:latest"
    if visibility.live:
        latest = store.get(latest_key)
        if latest is not None and latest["seconds"] >= SLOW_COUNT_SECONDS:
            return results_from_dict(latest["results"])
    stamp = Ballot.objects.filter(page_id=source.pk).aggregate(
        count=Count("pk"), top=Max("pk"), last=Max("updated_at")
    )
    generation = pagecache.generations([pagecache.page_key(source.pk)])
    settings = (
        source.envelope,
        source.currency,
        source.ballot_method,
        source.points_per_rank,
        source.result_rule,
        source.min_score,
        stamp["count"],
        stamp["top"],
        stamp["last"].isoformat() if stamp["last"] else "",
        generation,
    )
    digest = hashlib.sha256(repr(settings).encode()).hexdigest()[:32]
    key = f"budget:results:{source.pk}:{digest}"
    stored = store.get(key)
    if stored is not None:
        return results_from_dict(stored)
    started = time.monotonic()
    results = compute_results(source)
    data = results_as_dict(results)
    store.set(key, data, LIVE_RESULTS_SECONDS if visibility.live else CLOSED_RESULTS_SECONDS)
    store.set(
        latest_key,
        {"results": data, "seconds": time.monotonic() - started},
        LIVE_RESULTS_SECONDS,
    )
    return results


def _max_age(visibility: ResultsVisibility) -> int:
    if visibility.final:
        return FINAL_RESULTS_SECONDS
    if visibility.public:
        return LIVE_RESULTS_SECONDS
    return PENDING_SECONDS


def _reading_only(request):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return None


# Views ------------------------------------------------------------------------------


@ROUTE_VIEWS.register
def results(request, page):
    refused = _reading_only(request)
    if refused:
        return refused
    source = page.source_page
    visibility = results_visibility(source)
    context = {"visibility": visibility, "results": None}
    if visibility.public:
        if not visibility.final:
            pagecache.depend_on(request, pagecache.ballots_key(source.pk))
        counted = published_results(source, visibility)
        rows = result_rows(request, page, counted)
        by_id = {row.project.id: row for row in rows}
        context.update(
            results=counted,
            rows=rows,
            winners=[by_id[project_id] for project_id in counted.winners],
            money={
                "budget": format_money(counted.budget, counted.currency),
                "spent": format_money(counted.spent, counted.currency),
                "left": format_money(counted.left, counted.currency),
                "unit": format_money(Decimal(1), counted.currency),
                "spent_share": (
                    f"{min(counted.spent * 100 / counted.budget, 100):.1f}"
                    if counted.budget
                    else "0"
                ),
            },
        )
    response = page.render(request, template="budget/results.html", context_overrides=context)
    # Private: the page shows who is logged in.
    patch_cache_control(response, private=True, max_age=_max_age(visibility))
    return response


def _public_source(page):
    source = page.source_page
    visibility = results_visibility(source)
    if not visibility.public:
        raise Http404
    return source, visibility


@ROUTE_VIEWS.register
def results_json(request, page):
    refused = _reading_only(request)
    if refused:
        return refused
    source, visibility = _public_source(page)
    if not visibility.final:
        pagecache.depend_on(request, pagecache.ballots_key(source.pk))
    response = JsonResponse(
        results_as_json(published_results(source, visibility)),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
        content_type="application/json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"  # open data
    patch_cache_control(response, public=True, max_age=_max_age(visibility))
    return response


@ROUTE_VIEWS.register
def ballots_pb(request, page):
    refused = _reading_only(request)
    if refused:
        return refused
    source, visibility = _public_source(page)
    if not visibility.final:
        pagecache.depend_on(request, pagecache.ballots_key(source.pk))
    response = HttpResponse(ballots_as_pabulib(source), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{source.slug}-ballots.pb"
    )
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=_max_age(visibility))
    return response
