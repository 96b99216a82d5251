"""Template tags placing projects on other pages: follow buttons and back-links."""

from django import template

from core.navigation import subpage_url
from notifications import rules
from notifications.queries import is_following

from ..models import ProjectPage
from ..queries import projects_from_page, projects_from_proposal

register = template.Library()


@register.inclusion_tag("projects/includes/follow.html", takes_context=True)
def follow_panel(context, page):
    """The follow / stop following button of a project, consultation or budget."""
    request = context["request"]
    user = request.user
    following = is_following(user, page)
    return {
        "request": request,
        "page": page,
        "following": following,
        "decision": rules.can_follow(page, user),
        "action": subpage_url(page, "follow"),
        "is_project": isinstance(page, ProjectPage),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("projects/includes/built_projects.html")
def built_projects(page=None, proposal=None):
    """ "This idea is being built": links to the projects born from a page or a proposal."""
    if proposal is not None:
        projects = projects_from_proposal(proposal)
    elif page is not None:
        projects = projects_from_page(page)
    else:
        projects = []
    return {"projects": projects, "for_proposal": proposal is not None}
