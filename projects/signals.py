"""Wagtail signals the projects app listens to. Each receiver only calls a service.

``page_published`` (not the ``after_publish_page`` admin hook) is used because it is
also sent when a scheduled revision goes live (``publish_scheduled``), when
wagtail-localize publishes a translation, and when code publishes a revision; the
admin hook runs only for the admin's own publish button.
"""

from wagtail.signals import page_published


def project_published(sender, instance, **kwargs):
    from .services.notifications import record_publication

    record_publication(page=instance)


def connect():
    from .models import ProjectPage

    page_published.connect(
        project_published, sender=ProjectPage, dispatch_uid="projects.project_published"
    )
