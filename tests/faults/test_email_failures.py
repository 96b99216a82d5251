"""A mail server failure never loses a contribution, and sending is retried, bounded."""

import logging
import smtplib
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone
from django_tasks.base import TaskResultStatus

from accounts import tasks
from consultations.models import Proposal
from tests.consultations.helpers import CAPTCHA_OK, HOST, sub

from .mail import DeferringBackend, FlakyEmailBackend
from .test_outage import dead_port

MESSAGE = {"to": ["anne@example.org"], "subject": "Bonjour", "body": "Texte.\n"}


@pytest.fixture
def flaky_mail(settings):
    settings.EMAIL_BACKEND = "tests.faults.mail.FlakyEmailBackend"
    FlakyEmailBackend.reset(failures=0, error=smtplib.SMTPServerDisconnected("gone"))
    return FlakyEmailBackend


@pytest.fixture
def sleeps(monkeypatch):
    """The waits between attempts, recorded instead of slept."""
    waited = []
    monkeypatch.setattr(tasks.time, "sleep", waited.append)
    return waited


def test_a_failed_sending_is_retried_after_growing_delays_then_delivered(
    flaky_mail, settings, sleeps
):
    settings.EMAIL_RETRY_DELAYS = [1, 5]
    flaky_mail.reset(failures=2)

    result = tasks.send_email.enqueue(**MESSAGE)

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1
    assert flaky_mail.attempts == 3
    assert sleeps == [1.0, 5.0]
    (message,) = mail.outbox
    assert message.subject == "Bonjour"


def test_retries_are_bounded_then_the_task_fails_and_says_so(flaky_mail, sleeps, caplog):
    flaky_mail.reset(failures=100, error=ConnectionRefusedError(111, "Connection refused"))

    with caplog.at_level(logging.WARNING, logger="accounts.tasks"):
        result = tasks.send_email.enqueue(**MESSAGE)

    assert result.status == TaskResultStatus.FAILED
    assert flaky_mail.attempts == 3  # the first try and the two retries of the test settings
    assert mail.outbox == []
    assert "not sent after 3 attempt(s)" in caplog.text
    assert "anne@example.org" not in caplog.text  # no address in the logs


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPRecipientsRefused({"anne@example.org": (550, b"No such user")}),
        smtplib.SMTPDataError(554, b"Message refused"),
    ],
)
def test_a_refusal_for_good_is_not_retried(flaky_mail, sleeps, error):
    flaky_mail.reset(failures=100, error=error)

    result = tasks.send_email.enqueue(**MESSAGE)

    assert result.status == TaskResultStatus.FAILED
    assert flaky_mail.attempts == 1
    assert sleeps == []


def test_a_queue_runs_the_retry_later_instead_of_waiting(flaky_mail, settings, sleeps):
    settings.TASKS = {"default": {"BACKEND": "tests.faults.mail.DeferringBackend"}}
    settings.EMAIL_RETRY_DELAYS = [60, 600]
    DeferringBackend.deferred = []
    flaky_mail.reset(failures=1)

    before = timezone.now()
    first = tasks.send_email.enqueue(**MESSAGE)

    assert first.status == TaskResultStatus.SUCCESSFUL
    assert first.return_value == 0  # not sent yet
    assert sleeps == []
    ((task, kwargs),) = DeferringBackend.deferred
    assert kwargs == {
        **MESSAGE,
        "html_body": None,
        "from_email": None,
        "reply_to": None,
        "attempt": 2,
    }
    assert (
        before + timedelta(seconds=60) <= task.run_after <= timezone.now() + timedelta(seconds=60)
    )

    # The queue's worker runs it when it is due: this time the server answers.
    assert task.call(**kwargs) == 1
    assert len(mail.outbox) == 1


# With the real SMTP back-end and nobody listening: the contribution stays saved.


@pytest.fixture
def smtp_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = dead_port()
    settings.EMAIL_TIMEOUT = 5
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "ENQUEUE_ON_COMMIT": True,
        }
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_proposal_is_saved_and_shown_although_the_mail_server_is_down(
    client, consultation, citizen, smtp_down, caplog
):
    client.force_login(citizen)

    with caplog.at_level(logging.WARNING, logger="accounts.tasks"):
        response = client.post(
            sub(consultation, "proposal_new"),
            {"title": "Un abri vélo", "body": "Près de la gare, couvert.", **CAPTCHA_OK},
            **HOST,
        )

    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == sub(consultation, "proposal", proposal.pk)
    # The acknowledgement was tried after the commit, three times, and given up.
    assert "Votre proposition a bien été reçue" in caplog.text
    assert "not sent after 3 attempt(s)" in caplog.text
    page = client.get(response["Location"], **HOST)
    assert page.status_code == 200
    assert "Un abri vélo" in page.text
    assert "Merci ! Votre proposition est publiée." in page.text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_account_is_saved_although_the_confirmation_cannot_be_sent(
    client, belval, smtp_down, caplog
):
    data = {
        "email": "anne@example.org",
        "display_name": "Anne du quartier",
        "password1": "Velo-cargo-sous-la-pluie-42",
        "password2": "Velo-cargo-sous-la-pluie-42",
        "residence": str(belval.site.pk),
        "birth_year": "1985",
        "accept_terms": "on",
        "website": "",
        **CAPTCHA_OK,
    }
    with caplog.at_level(logging.WARNING, logger="accounts.tasks"):
        response = client.post("/fr/accounts/signup/", data)

    assert response.status_code == 302
    assert get_user_model().objects.filter(email="anne@example.org").exists()
    assert "not sent after 3 attempt(s)" in caplog.text
    assert client.get(response["Location"]).status_code == 200
