"""Sub-routes of a budget page, on top of the participation ones (DESIGN.md URL contract)."""

from importlib import import_module

from wagtail.contrib.routable_page.models import path, re_path


def _view(module: str, name: str):
    # Imported on use: the views import the models, which import this mixin.
    return getattr(import_module(f"budget.{module}"), name)


class BudgetRoutesMixin:
    @path("vote/", name="vote")
    def vote_route(self, request):
        return _view("views", "vote")(request, self)

    @path("results/", name="results")
    def results_route(self, request):
        return _view("results_views", "results")(request, self)

    # Wagtail hands routes their path with a trailing slash; files are linked without.
    @re_path(r"^results\.json/?$", name="results_json")
    def results_json_route(self, request):
        return _view("results_views", "results_json")(request, self)

    @re_path(r"^ballots\.pb/?$", name="ballots_pb")
    def ballots_pb_route(self, request):
        return _view("results_views", "ballots_pb")(request, self)
