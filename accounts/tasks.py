"""Background tasks of the accounts app (Django tasks, as Wagtail 8 ships them).

Task arguments must be JSON-serialisable: a database-backed queue stores them.

Sending is retried when the mail server fails for a reason that may pass (server
down or unreachable, connection dropped, a 4xx answer): django-tasks 0.12 has no
retries of its own, so `send_email` reschedules itself, a bounded number of times
with growing delays (`EMAIL_RETRY_DELAYS`, in seconds). On a backend that can defer
tasks (a queue), the retry is enqueued to run after the delay; on one that cannot
(the immediate backend, which runs the task in the web request, after the
database transaction has committed), it waits the delay and tries again in place,
so keep the delays short there. A refusal for good (5xx, every recipient refused)
is not retried. When the last attempt fails the task fails (its result holds the
error) and the failure is logged; what triggered the e-mail is already saved.
"""

import logging
import smtplib
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

# What a mail server or the network may raise; OSError covers refused connections,
# unreachable hosts and time-outs.
SENDING_ERRORS = (smtplib.SMTPException, OSError)


def is_permanent(error: BaseException) -> bool:
    """The server refused the message for good: trying again cannot help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return True
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


def retry_delays() -> list[float]:
    return [float(delay) for delay in getattr(settings, "EMAIL_RETRY_DELAYS", [])]


@task()
def send_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str | None = None,
    from_email: str | None = None,
    reply_to: list[str] | None = None,
    attempt: int = 1,
) -> int:
    """Send one already-rendered e-mail; returns the number of messages sent (0 or 1).

    `attempt` counts the tries of this message (1 for the first); callers leave it.
    """
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
    try:
        return message.send()
    except SENDING_ERRORS as error:
        delays = retry_delays()
        if is_permanent(error) or attempt > len(delays):
            # No addresses in the log: the subject says which e-mail it was.
            logger.error("E-mail %r not sent after %d attempt(s): %r", subject, attempt, error)
            raise
        delay = delays[attempt - 1]
        logger.warning(
            "E-mail %r not sent (attempt %d), retrying in %s s: %r", subject, attempt, delay, error
        )
    arguments = {
        "to": list(to),
        "subject": subject,
        "body": body,
        "html_body": html_body,
        "from_email": from_email,
        "reply_to": reply_to,
        "attempt": attempt + 1,
    }
    if send_email.get_backend().supports_defer:
        send_email.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(**arguments)
        return 0
    time.sleep(delay)
    return send_email.call(**arguments)
