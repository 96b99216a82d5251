"""Followers hear about each milestone reached and each update once, and only once."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task_backends

from accounts.tasks import send_email
from budget.factories import make_budget
from consultations.factories import CitizenFactory, ProposalFactory, make_consultation
from notifications.services import follow_page
from projects import services
from projects.factories import make_project, milestones, updates
from projects.models import FollowNotification, ProjectEvent, ProjectPage
from projects.tasks import send_follow_notifications

from .helpers import translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def followers(orchard, citizen):
    paul = CitizenFactory(email="paul@example.org", display_name="Paul", language="en")
    for person in (citizen, paul):
        follow_page(page=orchard, user=person)
    return citizen, paul


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Edit a project's milestones or updates, publish it, run what waits for the commit."""

    def run(project, *, done=(), new_updates=(), page=None):
        page = page or ProjectPage.objects.get(pk=project.pk)
        marked = list(page.milestones.all())
        for milestone in marked:
            if milestone.title in done:
                milestone.done = True
        page.milestones = marked
        page.updates = [*page.updates.all(), *new_updates]
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        return ProjectPage.objects.get(pk=page.pk)

    return run


def _recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_each_follower_gets_one_email_when_a_milestone_is_reached(followers, orchard, publish):
    publish(orchard, done=["Études du terrain"])
    assert _recipients() == ["lea@example.org", "paul@example.org"]
    french = next(message for message in mail.outbox if message.to == ["lea@example.org"])
    assert french.subject == "Nouvelles du projet « Un verger partagé »"
    assert "Étape franchie : Études du terrain" in french.body
    assert "Vote des habitants" not in french.body  # known before: not news
    assert "/fr/projets/verger/unsubscribe/" in french.body
    english = next(message for message in mail.outbox if message.to == ["paul@example.org"])
    assert english.subject == "News of the project “Un verger partagé”"
    assert "Milestone reached: Études du terrain" in english.body


def test_publishing_twice_sends_nothing_more(followers, orchard, publish):
    publish(orchard, done=["Études du terrain"])
    publish(orchard)
    publish(orchard)
    assert _recipients() == ["lea@example.org", "paul@example.org"]
    assert FollowNotification.objects.count() == 2


def test_publishing_a_translation_sends_nothing_more(followers, orchard, belval_index, publish):
    publish(orchard, done=["Études du terrain"])
    translate(belval_index)
    english = translate(orchard)
    publish(english, page=ProjectPage.objects.get(pk=english.pk))
    assert len(mail.outbox) == 2


def test_the_email_is_in_the_followers_language_when_the_project_is_translated(
    followers, orchard, belval_index, publish
):
    translate(belval_index)
    translate(orchard)
    mail.outbox.clear()
    publish(orchard, done=["Études du terrain"])
    english = next(message for message in mail.outbox if message.to == ["paul@example.org"])
    assert "Milestone reached: Études du terrain [en]" in english.body
    assert "http://belval.localhost/en/" in english.body


def test_a_new_update_is_news_once(followers, orchard, publish):
    publish(orchard, new_updates=updates((0, "La plantation approche", "Rendez-vous samedi.")))
    publish(orchard)
    assert len(mail.outbox) == 2
    message = next(message for message in mail.outbox if message.to == ["lea@example.org"])
    assert "La plantation approche" in message.body
    assert "Rendez-vous samedi." in message.body


def test_several_news_in_one_publication_make_one_email(followers, orchard, publish):
    publish(
        orchard,
        done=["Études du terrain", "Plantation"],
        new_updates=updates((0, "Fin du chantier", "Tout est planté.")),
    )
    assert _recipients() == ["lea@example.org", "paul@example.org"]
    message = next(message for message in mail.outbox if message.to == ["lea@example.org"])
    assert "Études du terrain" in message.body
    assert "Plantation" in message.body
    assert "Fin du chantier" in message.body
    assert FollowNotification.objects.filter(user__email="lea@example.org").count() == 3


def test_a_milestone_undone_and_done_again_is_not_news_again(followers, orchard, publish):
    publish(orchard, done=["Études du terrain"])
    page = ProjectPage.objects.get(pk=orchard.pk)
    reopened = list(page.milestones.all())
    for milestone in reopened:
        milestone.done = False
    page.milestones = reopened
    publish(orchard, page=page)
    publish(orchard, done=["Études du terrain"])
    assert len(mail.outbox) == 2


def test_who_follows_later_does_not_get_old_news(orchard, citizen, publish):
    publish(orchard, done=["Études du terrain"])
    follow_page(page=orchard, user=citizen)
    publish(orchard)
    assert mail.outbox == []


def test_unconfirmed_and_inactive_followers_get_nothing(orchard, citizen, publish):
    follow_page(page=orchard, user=citizen)
    gone = CitizenFactory(email="gone@example.org")
    follow_page(page=orchard, user=gone)
    gone.is_active = False
    gone.save()
    changed = CitizenFactory(email="changed@example.org")
    follow_page(page=orchard, user=changed)
    changed.email_confirmed_at = None
    changed.save()
    publish(orchard, done=["Études du terrain"])
    assert _recipients() == ["lea@example.org"]


def test_the_ledger_forbids_a_second_notification(orchard, citizen):
    event = ProjectEvent.objects.get(project=orchard, kind="started")
    FollowNotification.objects.create(user=citizen, event=event)
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowNotification.objects.create(user=citizen, event=event)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectEvent.objects.create(project=orchard, kind="started", key=event.key)


def jobs_of(queue, task):
    """The jobs of one task in a dummy task backend (Wagtail enqueues its own too)."""
    return [job for job in queue.results if job.task.func is task.func]


def test_news_is_sent_by_a_background_task_once_the_publication_commits(
    followers, orchard, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    queue = task_backends["default"]
    page = ProjectPage.objects.get(pk=orchard.pk)
    marked = list(page.milestones.all())
    for milestone in marked:
        milestone.done = milestone.done or milestone.title == "Études du terrain"
    page.milestones = marked
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page.save_revision().publish()
    # Until the publication commits, nothing is queued: a rollback would send nothing.
    assert not jobs_of(queue, send_follow_notifications)
    for callback in callbacks:
        callback()
    # Publishing only enqueues the task: nothing is sent in the editor's request.
    assert mail.outbox == []
    [job] = jobs_of(queue, send_follow_notifications)
    pending = FollowNotification.objects.filter(sent_at__isnull=True)
    assert pending.count() == 2
    assert job.kwargs == {"event_ids": list(pending.values_list("event_id", flat=True).distinct())}

    queue.clear()
    assert send_follow_notifications.call(**job.kwargs) == 2
    # Each e-mail is its own task in turn, one per follower.
    sent = jobs_of(queue, send_email)
    assert sorted(address for job in sent for address in job.kwargs["to"]) == [
        "lea@example.org",
        "paul@example.org",
    ]
    assert not FollowNotification.objects.filter(sent_at__isnull=True).exists()


def test_sending_twice_sends_once(followers, orchard, publish):
    publish(orchard, done=["Études du terrain"])
    events = list(ProjectEvent.objects.filter(kind="milestone").values_list("pk", flat=True))
    assert services.deliver_notifications(event_ids=events) == 0
    assert len(mail.outbox) == 2


# Followers of the consultation or budget a project comes from -----------------------


@pytest.fixture
def origin(belval):
    consultation = make_consultation(parent=belval.home, title="Plan vélo", slug="plan-velo")
    return consultation, ProposalFactory(page=consultation, title="Une piste vers le lycée")


def test_followers_of_the_origin_hear_that_a_project_is_born(
    origin, belval_index, citizen, django_capture_on_commit_callbacks
):
    consultation, proposal = origin
    follow_page(page=consultation, user=citizen)
    with django_capture_on_commit_callbacks(execute=True):
        make_project(
            index=belval_index,
            title="Piste cyclable du lycée",
            origin_page=consultation,
            proposals=[proposal],
            milestones=milestones((-10, "Vote", True)),
            updates=updates((-1, "Lancement", "C'est parti.")),
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Nouveau projet : Piste cyclable du lycée"
    assert "Un projet né de « Plan vélo », que vous suivez, est publié" in message.body
    assert "/fr/plan-velo/unsubscribe/" in message.body


def test_following_the_project_and_its_origin_still_makes_one_email(
    origin, belval_index, citizen, publish, django_capture_on_commit_callbacks
):
    consultation, proposal = origin
    with django_capture_on_commit_callbacks(execute=True):
        project = make_project(
            index=belval_index,
            title="Piste cyclable du lycée",
            origin_page=consultation,
            proposals=[proposal],
            milestones=milestones((-10, "Études", False)),
        )
    follow_page(page=consultation, user=citizen)
    follow_page(page=project, user=citizen)
    publish(project, done=["Études"])
    assert len(mail.outbox) == 1
    # Both follows can be stopped from the e-mail.
    assert "/fr/plan-velo/unsubscribe/" in mail.outbox[0].body
    assert f"{project.url}unsubscribe/" in mail.outbox[0].body


def test_budget_followers_hear_of_the_winners_projects(
    belval, belval_index, citizen, django_capture_on_commit_callbacks
):
    budget = make_budget(parent=belval.home, title="Budget 2025", slug="budget-2025")
    follow_page(page=budget, user=citizen)
    with django_capture_on_commit_callbacks(execute=True):
        make_project(index=belval_index, title="Des bancs", origin_page=budget)
    assert [message.subject for message in mail.outbox] == ["Nouveau projet : Des bancs"]


# Scheduled publishing ------------------------------------------------------------------


def test_news_published_later_by_the_scheduler_is_sent_then(
    followers, orchard, django_capture_on_commit_callbacks
):
    page = ProjectPage.objects.get(pk=orchard.pk)
    marked = list(page.milestones.all())
    marked[1].done = True
    page.milestones = marked
    page.go_live_at = timezone.now() + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert mail.outbox == []

    later = timezone.now() + timedelta(hours=2)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("publish_scheduled", verbosity=0)
    assert _recipients() == ["lea@example.org", "paul@example.org"]


def test_a_new_project_scheduled_for_later_is_announced_when_it_goes_live(
    origin, belval_index, citizen, django_capture_on_commit_callbacks
):
    consultation, _proposal = origin
    follow_page(page=consultation, user=citizen)
    with django_capture_on_commit_callbacks(execute=True):
        project = make_project(
            index=belval_index,
            title="Piste",
            origin_page=consultation,
            go_live_at=timezone.now() + timedelta(hours=1),
        )
    assert not ProjectPage.objects.get(pk=project.pk).live
    assert mail.outbox == []
    later = timezone.now() + timedelta(hours=2)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("publish_scheduled", verbosity=0)
    assert [message.subject for message in mail.outbox] == ["Nouveau projet : Piste"]
