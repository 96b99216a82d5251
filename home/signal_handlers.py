"""Signals that make cached pages stale. Each handler only calls a service."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import services


def _page_changed(sender, instance, **kwargs):
    services.page_changed(page=instance)


def _site_changed(sender, instance, **kwargs):
    services.commune_changed(site=instance)


def _commune_row_changed(sender, instance, **kwargs):
    # Commune settings, and the rows apps register (themes, districts), belong to a site.
    services.commune_changed(site=getattr(instance, "site", None))


def _home_page_saved(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw:
        services.home_page_added(page=instance)


def watch_commune_rows(*models) -> None:
    """Rows of these models belong to a commune (their `site`): a change to one makes
    the commune's cached pages stale. Apps with such models call this when ready."""
    for signal in (post_save, post_delete):
        for model in models:
            signal.connect(
                _commune_row_changed,
                sender=model,
                dispatch_uid=f"agora-cache-{model._meta.label}-{id(signal)}",
            )


def connect() -> None:
    from wagtail.models import Site

    from .models import CommuneSettings, HomePage

    page_published.connect(_page_changed, dispatch_uid="agora-cache-page-published")
    page_unpublished.connect(_page_changed, dispatch_uid="agora-cache-page-unpublished")
    post_page_move.connect(_page_changed, dispatch_uid="agora-cache-page-moved")
    for signal in (post_save, post_delete):
        signal.connect(_site_changed, sender=Site, dispatch_uid=f"agora-cache-site-{signal}")
    watch_commune_rows(CommuneSettings)
    post_save.connect(_home_page_saved, sender=HomePage, dispatch_uid="agora-home-page-added")
