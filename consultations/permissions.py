"""Who may see and moderate which contributions: the staff of their communes.

Scope, written once: a staff member covers the communes of
`core.tenancy.communes_for_user`; `scope_for(user)` is that set as a
`core.tenancy.CommuneScope` (a filter on the path of a contribution's page), and
`ContributionPermissionPolicy`, registered for Proposal and Comment, applies it.
Every listing, object view, bulk action, filter choice and export takes its
queryset from that policy, so another commune's contribution is simply not found.
"""

from django.contrib.auth import get_user_model
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry

from core.tenancy import CommuneScope
from home.queries import commitment_days


def scope_for(user) -> CommuneScope:
    """The communes the user covers, each root with its answer commitment in days
    (`root.extra["answer_commitment_days"]`), computed once per user object (as Django
    caches permissions)."""
    scope = getattr(user, "_agora_staff_scope", None)
    if scope is None:
        scope = user._agora_staff_scope = CommuneScope.of_user(
            user, answer_commitment_days=commitment_days()
        )
    return scope


class ContributionPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed to the contributions of the communes a user covers.

    Contributions come from citizens: nobody adds or deletes them in the admin.
    """

    actions = ("view", "change")

    def user_has_permission(self, user, action):
        return action in self.actions and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action in self.actions]
        if not allowed:
            return get_user_model().objects.none()
        return super().users_with_any_permission(allowed)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return scope_for(user).filter(self.model._default_manager.all())

    def user_has_permission_for_instance(self, user, action, instance):
        return self.instances_user_has_permission_for(user, action).filter(pk=instance.pk).exists()


def visible_to(user, model, actions=("view", "change")):
    """The contributions of `model` the user may see (or act on, with actions=["change"])."""
    return policy_registry.get_by_type(model).instances_user_has_any_permission_for(user, actions)
