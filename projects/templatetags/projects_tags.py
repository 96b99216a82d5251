"""Template tags placing projects on other pages: back-links to the projects born there."""

from django import template

from ..queries import projects_from_page, projects_from_proposal

register = template.Library()


@register.inclusion_tag("projects/includes/built_projects.html", takes_context=True)
def built_projects(context, page=None, proposal=None):
    """ "This idea is being built": links to the projects born from a page or a proposal."""
    if proposal is not None:
        projects = projects_from_proposal(proposal)
    elif page is not None:
        projects = projects_from_page(page)
    else:
        projects = []
    # `pageurl` needs the request to link relative to the visitor's address.
    return {
        "request": context.get("request"),
        "projects": projects,
        "for_proposal": proposal is not None,
    }
