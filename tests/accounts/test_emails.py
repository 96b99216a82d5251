import json

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from accounts import emails, services
from accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_helper_renders_in_the_recipients_language_and_sends_through_a_task(belval):
    user = UserFactory(display_name="Anne & Paul", language="de")
    language_before = translation.get_language()
    emails.send_templated_email(
        to=user.email,
        subject_template="accounts/emails/confirm_email_subject.txt",
        text_template="accounts/emails/confirm_email.txt",
        html_template="accounts/emails/confirm_email.html",
        context={"user": user, "confirm_url": "http://x/", "base_url": "http://x", "valid_days": 3},
        language="de",
    )
    (message,) = mail.outbox
    with translation.override("de"):
        assert message.subject == gettext("Confirm your e-mail address")
    assert "Anne & Paul" in message.body  # plain text is not HTML-escaped
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Anne &amp; Paul" in html
    assert '<html lang="de">' in html
    # The caller's language is left as it was.
    assert translation.get_language() == language_before


def test_unknown_language_falls_back_to_french(belval):
    rendered = emails.render_templated_email(
        subject_template="accounts/emails/confirm_email_subject.txt",
        text_template="accounts/emails/confirm_email.txt",
        context={"user": UserFactory(), "confirm_url": "u", "base_url": "b", "valid_days": 3},
        language="xx",
    )
    with translation.override("fr"):
        assert rendered.subject == gettext("Confirm your e-mail address")


def test_task_arguments_are_json_serialisable(belval, monkeypatch):
    calls = []

    class FakeTask:
        def enqueue(self, **kwargs):
            calls.append(kwargs)

    monkeypatch.setattr(emails, "send_email", FakeTask())
    services.send_email_confirmation(user=UserFactory(), base_url="https://belval.example")
    (kwargs,) = calls
    assert json.loads(json.dumps(kwargs)) == kwargs
    assert "https://belval.example/fr/accounts/confirm/" in kwargs["body"]


def test_with_enqueue_on_commit_nothing_is_sent_before_the_commit(
    belval, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "ENQUEUE_ON_COMMIT": True,
        }
    }
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.register_citizen(
            email="anne@example.org",
            password="Velo-cargo-sous-la-pluie-42",
            display_name="Anne",
            residence=None,
            birth_year=1990,
            language="fr",
        )
        assert not mail.outbox
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    # Without a base URL, links point to WAGTAILADMIN_BASE_URL.
    assert "http://testserver/fr/accounts/confirm/" in mail.outbox[0].body
