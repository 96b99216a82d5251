"""Templated e-mails, rendered in the recipient's language and sent in the background.

    send_templated_email(
        to="anne@example.org",
        subject_template="accounts/emails/confirm_email_subject.txt",
        text_template="accounts/emails/confirm_email.txt",
        html_template="accounts/emails/confirm_email.html",  # optional
        context={"user": user, "confirm_url": url},
        language=user.language,
    )

The templates are rendered *now*, inside `translation.override(language)` (so
`{% translate %}` and `{% url %}` follow the recipient's language, whatever the
request's); the context may therefore hold model instances. Only the rendered
strings go to the `accounts.tasks.send_email` task, whose arguments are
JSON-serialisable as a database-backed task queue requires.

Plain-text templates (subject and body) should wrap their content in
`{% autoescape off %}` so that "Anne & Paul" is not sent as "Anne &amp; Paul";
the subject is collapsed to one line.

Transactions: when the task backend's settings say `"ENQUEUE_ON_COMMIT": True`
(as `config/settings/base.py` does), the task is enqueued when the current
database transaction commits, and not at all if it rolls back — so no e-mail
announces an account that was never saved. django-tasks 0.12 no longer
implements that option itself, hence this helper honours it. Outside a
transaction, or without the option (the test settings), it is enqueued at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS

from .tasks import send_email

__all__ = ["RenderedEmail", "render_templated_email", "send_templated_email"]


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body: str
    html_body: str | None


def _language(language: str | None) -> str:
    known = {code for code, _name in settings.LANGUAGES}
    return language if language in known else settings.LANGUAGE_CODE


def render_templated_email(
    *,
    subject_template: str,
    text_template: str,
    html_template: str | None = None,
    context: dict,
    language: str | None,
) -> RenderedEmail:
    """Render subject, text and optional HTML bodies in `language` (default: French)."""
    with translation.override(_language(language)):
        subject = render_to_string(subject_template, context)
        body = render_to_string(text_template, context)
        html_body = render_to_string(html_template, context) if html_template else None
    return RenderedEmail(
        subject=" ".join(subject.split()), body=body.strip() + "\n", html_body=html_body
    )


def _enqueue_on_commit() -> bool:
    backend = getattr(settings, "TASKS", {}).get(DEFAULT_TASK_BACKEND_ALIAS, {})
    return bool(backend.get("ENQUEUE_ON_COMMIT", False))


def send_templated_email(
    *,
    to: str | Iterable[str],
    subject_template: str,
    text_template: str,
    html_template: str | None = None,
    context: dict,
    language: str | None,
    from_email: str | None = None,
    reply_to: Iterable[str] | None = None,
) -> None:
    """Render an e-mail in the recipient's language and enqueue its sending."""
    rendered = render_templated_email(
        subject_template=subject_template,
        text_template=text_template,
        html_template=html_template,
        context=context,
        language=language,
    )
    recipients = [to] if isinstance(to, str) else list(to)
    enqueue = partial(
        send_email.enqueue,
        to=recipients,
        subject=rendered.subject,
        body=rendered.body,
        html_body=rendered.html_body,
        from_email=from_email,
        reply_to=list(reply_to) if reply_to else None,
    )
    if _enqueue_on_commit():
        transaction.on_commit(enqueue)
    else:
        enqueue()
