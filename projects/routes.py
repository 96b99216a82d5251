"""Sub-routes of project pages, and the follow routes shared with participation pages.

    <project index>feed/                 Atom feed of the updates of the commune's projects
    <project>feed/                       Atom feed of one project's updates
    <project, consultation or budget>follow/              POST: follow or stop following
    <project, consultation or budget>unsubscribe/?token=…  GET: confirm, POST: stop following

(The signed token goes in the query string: Wagtail's page paths take only
letters, digits, "-" and "_".)

Routes stay thin: each hands over to a view function in `projects.views`.
"""

from importlib import import_module

from wagtail.contrib.routable_page.models import path


def _view(name: str):
    # Imported on use: the views import the models, which import these mixins.
    return getattr(import_module("projects.views"), name)


class FollowRoutesMixin:
    followable = True  # see notifications.rules.is_followable

    @path("follow/", name="follow")
    def follow_route(self, request):
        return _view("follow")(request, self)

    @path("unsubscribe/", name="unsubscribe")
    def unsubscribe_route(self, request):
        return _view("unsubscribe")(request, self)


class ProjectRoutesMixin:
    @path("feed/", name="feed")
    def feed_route(self, request):
        return _view("project_feed")(request, self)


class ProjectIndexRoutesMixin:
    @path("feed/", name="feed")
    def feed_route(self, request):
        return _view("index_feed")(request, self)
