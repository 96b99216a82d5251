"""Sub-routes of project pages (the follow routes are in `notifications.routes`).

    <project index>feed/                 Atom feed of the updates of the commune's projects
    <project>feed/                       Atom feed of one project's updates

Routes stay thin: each hands over to a view function in `projects.views`.
"""

from importlib import import_module

from wagtail.contrib.routable_page.models import path


def _view(name: str):
    # Imported on use: the views import the models, which import these mixins.
    return getattr(import_module("projects.views"), name)


class ProjectRoutesMixin:
    @path("feed/", name="feed")
    def feed_route(self, request):
        return _view("project_feed")(request, self)


class ProjectIndexRoutesMixin:
    @path("feed/", name="feed")
    def feed_route(self, request):
        return _view("index_feed")(request, self)
