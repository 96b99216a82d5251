"""Background tasks of the projects app (Django tasks; JSON-serialisable arguments)."""

from django_tasks import task


@task()
def send_follow_notifications(*, event_ids: list[int]) -> int:
    """E-mail the followers of the given project events; returns the e-mails sent."""
    from .services.notifications import deliver_notifications

    return deliver_notifications(event_ids=event_ids)
