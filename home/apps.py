from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _media_commune(media):
    """The commune of an image or a document: the one whose media collection holds it."""
    from .queries import site_for_collection

    return site_for_collection(media.collection) if media.collection_id else None


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Communes and pages")

    def ready(self):
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        from core.admin_scope import register_site_model
        from core.owners import register_owner

        from . import signal_handlers

        register_site_model("home.CommuneSettings")
        for model in (get_image_model(), get_document_model()):
            register_owner(model._meta.label, _media_commune)
        signal_handlers.connect()
