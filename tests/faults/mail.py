"""Mail and task back-ends that misbehave on purpose, for the e-mail failure tests."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import TaskResult, TaskResultStatus


class FlakyEmailBackend(EmailBackend):
    """Django's test outbox, behind a server that fails `failures` times first."""

    failures = 0
    error: Exception = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    attempts = 0

    @classmethod
    def reset(cls, *, failures: int, error: Exception | None = None) -> None:
        cls.failures = failures
        cls.attempts = 0
        if error is not None:
            cls.error = error

    def send_messages(self, messages):
        type(self).attempts += 1
        if type(self).failures:
            type(self).failures -= 1
            raise type(self).error
        return super().send_messages(messages)


class DeferringBackend(ImmediateBackend):
    """Runs tasks at once, except those to run later, which it keeps (like a queue)."""

    supports_defer = True
    deferred: list = []

    def enqueue(self, task, args, kwargs):
        if task.run_after is None:
            return super().enqueue(task, args, kwargs)
        type(self).deferred.append((task, kwargs))
        return TaskResult(
            task=task,
            id=f"deferred-{len(type(self).deferred)}",
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
