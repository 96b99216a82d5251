"""Template tags of follows: the follow button of any followable page."""

from django import template

from core.navigation import subpage_url

from .. import rules
from ..queries import is_following

register = template.Library()


@register.inclusion_tag("notifications/includes/follow.html", takes_context=True)
def follow_panel(context, page):
    """The follow / stop following button, worded by the page's type (`follow_texts`)."""
    request = context["request"]
    user = request.user
    return {
        "request": request,
        "page": page,
        "following": is_following(user, page),
        "decision": rules.can_follow(page, user),
        "action": subpage_url(page, "follow", request=request),
        "texts": page.follow_texts,
        "csrf_token": context.get("csrf_token"),
    }
