"""Background tasks of the accounts app (Django tasks, as Wagtail 8 ships them).

Task arguments must be JSON-serialisable: a database-backed queue stores them.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str | None = None,
    from_email: str | None = None,
    reply_to: list[str] | None = None,
) -> int:
    """Send one already-rendered e-mail; returns the number of messages sent (0 or 1)."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        reply_to=list(reply_to) if reply_to else None,
        # RFC 3834: tell mail servers and out-of-office robots not to reply.
        headers={"Auto-Submitted": "auto-generated"},
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()
