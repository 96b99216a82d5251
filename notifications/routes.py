"""The follow routes of followable pages.

    <page>follow/                 POST: follow or stop following
    <page>unsubscribe/?token=…    GET: confirm, POST: stop following, without logging in

(The signed token goes in the query string: Wagtail's page paths take only
letters, digits, "-" and "_".) E-mails carry these addresses: keep them stable.

A page type becomes followable by taking `FollowRoutesMixin` (before
RoutablePageMixin) and saying in `follow_texts` what its followers hear about. Its
pages know their source-language instance (`source_page`): follows belong to it.

Routes stay thin: each hands over to a view function in `notifications.views`.
"""

from dataclasses import dataclass

from wagtail.contrib.routable_page.models import path

from . import views


@dataclass(frozen=True)
class FollowTexts:
    """What the follow button says on a type of page (lazy translations)."""

    following: str  # to a follower, above "Stop following"
    invitation: str  # the button, or the log-in link for visitors
    promise: str  # under the button: what the e-mails will be about


class FollowRoutesMixin:
    followable = True  # see notifications.rules.is_followable
    follow_texts: FollowTexts

    @path("follow/", name="follow")
    def follow_route(self, request):
        return views.follow(request, self)

    @path("unsubscribe/", name="unsubscribe")
    def unsubscribe_route(self, request):
        return views.unsubscribe(request, self)
