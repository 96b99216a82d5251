"""Admin registrations of the participation core: moderation screens, themes and districts."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .admin_views import HideBulkAction, UnhideBulkAction
from .models import Category, Comment, District, Proposal
from .permissions import ContributionPermissionPolicy
from .snippets import CommunePermissionPolicy, TaxonomyViewSetGroup
from .viewsets import ParticipationViewSetGroup

# Registered first, before anything asks the registry for these models' policy.
register_permission_policy(Proposal, ContributionPermissionPolicy(Proposal))
register_permission_policy(Comment, ContributionPermissionPolicy(Comment))
register_permission_policy(Category, CommunePermissionPolicy(Category))
register_permission_policy(District, CommunePermissionPolicy(District))


@hooks.register("register_admin_viewset")
def register_participation_viewsets():
    return ParticipationViewSetGroup()


hooks.register("register_bulk_action", HideBulkAction)
hooks.register("register_bulk_action", UnhideBulkAction)

register_snippet(TaxonomyViewSetGroup)
