"""System checks of the platform: every admin form refuses other communes' objects."""

from django.core import checks


@checks.register(checks.Tags.admin)
def check_admin_forms_refuse_other_communes(app_configs=None, **kwargs):
    """A page type, snippet or setting whose admin form is not built on
    `core.admin_forms` would let its editors name another commune's images, documents,
    pages or themes: the site does not start."""
    from .admin_forms import CommuneReferencesMixin, admin_form_classes

    return [
        checks.Error(
            f"The admin form of {model._meta.label} ({form_class.__name__}) does not refuse "
            "objects of other communes.",
            hint=(
                "Set the model's base_form_class to core.admin_forms.CommunePageForm "
                "(pages) or CommuneModelForm (snippets, settings), or to a subclass."
            ),
            obj=model,
            id="core.E001",
        )
        for model, form_class in admin_form_classes()
        if not issubclass(form_class, CommuneReferencesMixin)
    ]
