"""Sub-routes of a budget page, on top of the participation ones (DESIGN.md URL contract)."""

from wagtail.contrib.routable_page.models import path, re_path

from core.routing import RouteViews

ROUTE_VIEWS = RouteViews("budget")


class BudgetRoutesMixin:
    @path("vote/", name="vote")
    def vote_route(self, request):
        return ROUTE_VIEWS["vote"](request, self)

    @path("results/", name="results")
    def results_route(self, request):
        return ROUTE_VIEWS["results"](request, self)

    # Wagtail hands routes their path with a trailing slash; files are linked without.
    @re_path(r"^results\.json/?$", name="results_json")
    def results_json_route(self, request):
        return ROUTE_VIEWS["results_json"](request, self)

    @re_path(r"^ballots\.pb/?$", name="ballots_pb")
    def ballots_pb_route(self, request):
        return ROUTE_VIEWS["ballots_pb"](request, self)
