"""Factories for project pages, shared by the tests and the demo."""

from datetime import date, timedelta

import factory
import wagtail_factories
from django.utils import timezone

from .models import (
    ProjectIndexPage,
    ProjectMilestone,
    ProjectOrigin,
    ProjectPage,
    ProjectUpdate,
)


class ProjectIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProjectIndexPage

    title = "Projets"
    intro = "Ce que la commune réalise avec vous, étape par étape."
    live = True


class ProjectPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProjectPage

    title = factory.Sequence(lambda n: f"Projet {n}")
    summary = "Un projet de la commune, suivi étape par étape."
    live = True


def day(value) -> date:
    """A date, or a number of days from today (negative: in the past)."""
    if isinstance(value, date):
        return value
    return timezone.localdate() + timedelta(days=value)


def milestones(*specs) -> list[ProjectMilestone]:
    """Milestones from (date or day offset, title, done[, description]) tuples."""
    return [
        ProjectMilestone(
            date=day(spec[0]),
            title=spec[1],
            done=spec[2],
            description=spec[3] if len(spec) > 3 else "",
        )
        for spec in specs
    ]


def updates(*specs) -> list[ProjectUpdate]:
    """Updates from (date or day offset, title, text) tuples; the text becomes a paragraph."""
    return [
        ProjectUpdate(date=day(when), title=title, body=f"<p>{text}</p>")
        for when, title, text in specs
    ]


def make_project_index(*, parent, **fields) -> ProjectIndexPage:
    """A published projects index under a commune's home page."""
    fields.setdefault("slug", "projets")
    page = ProjectIndexPageFactory.build(**fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return ProjectIndexPage.objects.get(pk=page.pk)


def make_project(
    *,
    index,
    milestones=(),
    updates=(),
    proposals=(),
    publish=True,
    **fields,
) -> ProjectPage:
    """A project under `index`, published unless told otherwise.

    `milestones` and `updates` are model instances (see `milestones()` and
    `updates()`); `proposals` become its origin proposals.
    """
    page = ProjectPageFactory.build(**fields)
    page.milestones = list(milestones)
    page.updates = list(updates)
    page.origins = [ProjectOrigin(proposal=proposal) for proposal in proposals]
    if not publish:
        page.live = False
    index.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return ProjectPage.objects.get(pk=page.pk)
